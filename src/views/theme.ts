/**
 * The editor's colours as the charts need them. The webview reads them from VS Code's CSS
 * variables (and again whenever the theme changes); the report and tests use the fixed
 * light and dark themes below.
 */

/** The editor theme's kind, from the webview body's class (vscode-light, vscode-dark, ...). */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface ChartTheme {
  kind: ThemeKind;
  foreground: string;
  /** Secondary text: axis titles, legends' labels. */
  mutedForeground: string;
  background: string;
  gridColor: string;
  fontFamily: string;
  /** In pixels. */
  fontSize: number;
  /** Highlight for a selected mark. */
  accent: string;
  /** Bars and cells above zero (and the "up" steps of a waterfall). */
  positive: string;
  /** Below zero. */
  negative: string;
  /** One colour per factor or series, in order. */
  categorical: string[];
}

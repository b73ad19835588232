/**
 * The chart theme from VS Code's CSS variables and the body's theme class, and a watcher
 * that tells the charts to redraw when the user switches themes.
 */
import { DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME, type ChartTheme, type ThemeKind } from '../src/views';
import { CATEGORICAL_PALETTE } from '../src/views/palette';

/** The theme kind from the body's class (VS Code sets exactly one of these). */
export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const classes = body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  return 'light';
}

/**
 * The editor's colours as a `ChartTheme`: CSS variables where VS Code sets them, the fixed
 * light or dark theme of the same kind where it does not (e.g. a browser test page).
 */
export function readChartTheme(root: HTMLElement = document.documentElement, body: HTMLElement = document.body): ChartTheme {
  const kind = themeKind(body);
  const fallback = kind === 'light' || kind === 'high-contrast-light' ? LIGHT_THEME : kind === 'high-contrast' ? HIGH_CONTRAST_THEME : DARK_THEME;
  const styles = getComputedStyle(root);
  const bodyStyles = getComputedStyle(body);
  const read = (name: string): string => (styles.getPropertyValue(name) || bodyStyles.getPropertyValue(name)).trim();
  const first = (...names: string[]): string | undefined => names.map(read).find((v) => v !== '');

  const fontSize = Number.parseFloat(read('--vscode-font-size'));
  return {
    kind,
    foreground: first('--vscode-editor-foreground', '--vscode-foreground') ?? fallback.foreground,
    mutedForeground: first('--vscode-descriptionForeground', '--vscode-charts-foreground') ?? fallback.mutedForeground,
    background: first('--vscode-editor-background') ?? fallback.background,
    gridColor: first('--vscode-charts-lines', '--vscode-editorWidget-border', '--vscode-panel-border') ?? fallback.gridColor,
    fontFamily: first('--vscode-font-family') ?? fallback.fontFamily,
    // Charts read best a step smaller than the UI font.
    fontSize: Number.isFinite(fontSize) ? Math.max(10, Math.min(fontSize - 2, 14)) : fallback.fontSize,
    accent: first('--vscode-focusBorder', '--vscode-charts-yellow') ?? fallback.accent,
    positive: first('--vscode-charts-blue') ?? fallback.positive,
    negative: first('--vscode-charts-red') ?? fallback.negative,
    // Not the editor's six chart colours: two of them are near-identical oranges, there are
    // too few for a run's factors or sectors, and the report could not follow them. One
    // colour-blind-safe list serves every theme (palette.ts), so a factor keeps its colour.
    categorical: [...CATEGORICAL_PALETTE],
  };
}

/**
 * Call `onChange` (once per animation frame at most) whenever the body's theme class or
 * the root's CSS variables change, which is how VS Code switches themes. Returns a stop
 * function.
 */
export function watchTheme(onChange: (theme: ChartTheme) => void): () => void {
  let scheduled = false;
  let last = JSON.stringify(readChartTheme());
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const theme = readChartTheme();
      const key = JSON.stringify(theme);
      if (key === last) return;
      last = key;
      onChange(theme);
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

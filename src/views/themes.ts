/**
 * Fixed chart themes with VS Code's default colours (Light Modern, Dark Modern, Dark High
 * Contrast), for the static report and the tests. The webview builds its theme from the
 * editor's CSS variables instead.
 */
import { CATEGORICAL_PALETTE } from './palette';
import type { ChartTheme } from './theme';

/** VS Code's default UI font stack, as `--vscode-font-family` gives it. */
const VSCODE_FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", system-ui, "Ubuntu", "Droid Sans", sans-serif';

/** Light Modern: `charts.*` colours of the light theme. */
export const LIGHT_THEME: ChartTheme = Object.freeze({
  kind: 'light',
  foreground: '#3b3b3b',
  mutedForeground: '#616161',
  background: '#ffffff',
  gridColor: '#e5e5e5',
  fontFamily: VSCODE_FONT_FAMILY,
  fontSize: 12,
  accent: '#005fb8',
  positive: '#1a85ff',
  negative: '#e51400',
  categorical: [...CATEGORICAL_PALETTE],
});

/** Dark Modern: `charts.*` colours of the dark theme. */
export const DARK_THEME: ChartTheme = Object.freeze({
  kind: 'dark',
  foreground: '#cccccc',
  mutedForeground: '#9d9d9d',
  background: '#1f1f1f',
  gridColor: '#3c3c3c',
  fontFamily: VSCODE_FONT_FAMILY,
  fontSize: 12,
  accent: '#0078d4',
  positive: '#3794ff',
  negative: '#f14c4c',
  categorical: [...CATEGORICAL_PALETTE],
});

/** Dark High Contrast: pure black and white, with the theme's bright accents. */
export const HIGH_CONTRAST_THEME: ChartTheme = Object.freeze({
  kind: 'high-contrast',
  foreground: '#ffffff',
  mutedForeground: '#ffffff',
  background: '#000000',
  gridColor: '#6fc3df',
  fontFamily: VSCODE_FONT_FAMILY,
  fontSize: 13,
  accent: '#f38518',
  positive: '#3794ff',
  negative: '#f48771',
  categorical: [...CATEGORICAL_PALETTE],
});

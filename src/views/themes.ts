/**
 * Fixed chart themes with VS Code's default colours (Light Modern, Dark Modern, Dark High
 * Contrast), for the static report and the tests. The webview builds its theme from the
 * editor's CSS variables instead.
 */
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
  categorical: Object.freeze([
    '#1a85ff', '#d18616', '#388a34', '#652d90', '#e51400', '#0e7c86',
    '#b5256b', '#8a6d00', '#5c5c5c', '#7f5539',
  ]) as string[],
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
  categorical: Object.freeze([
    '#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#4ec9b0',
    '#f08fc0', '#cca700', '#a0a0a0', '#ce9178',
  ]) as string[],
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
  categorical: Object.freeze([
    '#3794ff', '#f38518', '#89d185', '#b180d7', '#f48771', '#4ec9b0',
    '#f08fc0', '#ffd700', '#c5d86d', '#ffffff',
  ]) as string[],
});

/**
 * The chart theme from VS Code's CSS variables and the body's theme class, and a watcher
 * that tells the charts to redraw when the user switches themes.
 */
import { DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME, type ChartTheme, type ThemeKind } from '../src/views';
import { parseColor } from '../src/views/colors';

/** The theme kind from the body's class (VS Code sets exactly one of these). */
export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const classes = body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  return 'light';
}

/** The categorical palette VS Code exposes for charts, in the order series take them. */
const CHART_COLOURS = ['blue', 'orange', 'green', 'purple', 'yellow', 'red'] as const;

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

  const categorical = CHART_COLOURS.map((c) => read(`--vscode-charts-${c}`)).filter((v) => v !== '');
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
    // VS Code has six chart colours and a run may have more factors (the sample has eight):
    // the fixed palette adds the colours that differ from the editor's.
    categorical: categorical.length ? extendPalette(categorical, fallback.categorical) : fallback.categorical,
  };
}

/** Hue, saturation and lightness (0-360, 0-1, 0-1) of an RGB colour. */
function hsl([r, g, b]: [number, number, number]): [number, number, number] {
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return [0, 0, l];
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === rr ? ((gg - bb) / d) % 6 : max === gg ? (bb - rr) / d + 2 : (rr - gg) / d + 4;
  return [(h * 60 + 360) % 360, s, l];
}

/** True when two series colours would read as the same on a chart: near hues, or two near greys. */
function similar(a: [number, number, number], b: [number, number, number]): boolean {
  const [ha, sa, la] = hsl(a);
  const [hb, sb, lb] = hsl(b);
  const grey = (s: number) => s < 0.15;
  if (grey(sa) || grey(sb)) return grey(sa) && grey(sb) && Math.abs(la - lb) < 0.15;
  const hue = Math.min(Math.abs(ha - hb), 360 - Math.abs(ha - hb));
  return hue < 20;
}

/**
 * `colours` followed by those of `extra` that do not look like a colour already taken, up
 * to as many colours as `extra` has.
 * @example extendPalette(['#cca700'], ['#3794ff', '#cca700', '#4ec9b0']) // ['#cca700', '#3794ff', '#4ec9b0']
 */
export function extendPalette(colours: readonly string[], extra: readonly string[]): string[] {
  const palette = [...colours];
  const taken = colours.map(parseColor);
  for (const colour of extra) {
    if (palette.length >= Math.max(extra.length, colours.length)) break;
    const rgb = parseColor(colour);
    if (!rgb || palette.includes(colour) || taken.some((t) => t && similar(t, rgb))) continue;
    palette.push(colour);
    taken.push(rgb);
  }
  return palette;
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

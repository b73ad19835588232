/**
 * The Vega-Lite config that themes every chart: colours, fonts and grid from a ChartTheme,
 * so that a chart follows the editor's theme without any colour in the spec's encodings.
 */
import type { Config } from 'vega-lite';
import type { ChartTheme } from './theme';

export { DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME } from './themes';

/**
 * A Vega-Lite config for `theme`: background, fonts, axis, legend and title colours, a
 * quiet grid, no view border, and the theme's categorical palette as `range.category`.
 * @example const spec = { ...body, config: chartConfig(DARK_THEME) };
 */
export function chartConfig(theme: ChartTheme): Config {
  const labelSize = Math.max(theme.fontSize - 1, 8);
  const guideText = { font: theme.fontFamily };
  return {
    background: theme.background,
    // Scores and contributions are formatted as bp of score by the `scoreBp` function (format.ts).
    customFormatTypes: true,
    font: theme.fontFamily,
    padding: 8,
    view: { stroke: null },
    axis: {
      domainColor: theme.gridColor,
      tickColor: theme.gridColor,
      gridColor: theme.gridColor,
      gridOpacity: 1,
      labelColor: theme.foreground,
      labelFont: theme.fontFamily,
      labelFontSize: labelSize,
      labelLimit: 220,
      titleColor: theme.mutedForeground,
      titleFont: theme.fontFamily,
      titleFontSize: theme.fontSize,
      titleFontWeight: 'normal',
    },
    axisBand: { grid: false, ticks: false, domain: false },
    legend: {
      labelColor: theme.foreground,
      labelFont: theme.fontFamily,
      labelFontSize: labelSize,
      labelLimit: 220,
      titleColor: theme.mutedForeground,
      titleFont: theme.fontFamily,
      titleFontSize: theme.fontSize,
      titleFontWeight: 'normal',
      symbolStrokeWidth: 2,
    },
    header: {
      labelColor: theme.foreground,
      labelFont: theme.fontFamily,
      titleColor: theme.mutedForeground,
      titleFont: theme.fontFamily,
    },
    title: {
      color: theme.foreground,
      subtitleColor: theme.mutedForeground,
      font: theme.fontFamily,
      subtitleFont: theme.fontFamily,
      fontSize: theme.fontSize + 1,
      fontWeight: 600,
      anchor: 'start',
    },
    range: {
      category: [...theme.categorical],
      diverging: [theme.negative, theme.background, theme.positive],
    },
    mark: { color: theme.accent },
    bar: { color: theme.accent },
    line: { strokeWidth: 2 },
    point: { filled: true, size: 40 },
    rule: { color: theme.mutedForeground },
    text: { color: theme.foreground, font: theme.fontFamily, fontSize: labelSize },
    style: {
      'guide-label': guideText,
      'guide-title': guideText,
    },
  };
}

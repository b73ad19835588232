/**
 * Dependence plot: a feature's value against its contribution, one point per stock,
 * coloured by a second feature's value: the shape the model learned for the feature
 * (non-linearity) and how it changes with the second one (interaction).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DependenceData, DependencePoint } from '../model/features/types';
import { DEFAULT_CANVAS_THRESHOLD, type RendererMeta } from './beeswarm';
import { chartMeta, chartSpec, isFiniteNumber, type ChartMeta, zeroRule } from './chartSpec';
import { featureValueRange, quantile } from './featureValueScale';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, scoreTitle } from './format';
import { hoverTooltipEncoding, tooltipEncoding, type TooltipField } from './hoverDetails';
import type { ChartTheme } from './theme';

export interface DependenceChartOptions {
  /** Title the chart with the features and the date (for exports). Default true. */
  showTitle?: boolean;
  /** Above this many points the spec asks for the canvas renderer (`usermeta.renderer`); default 2,000. */
  canvasThreshold?: number;
}

/** One point; `stock`, `date` and `feature` are what a click yields. */
export interface DependenceDatum extends DependencePoint {
  /** F, for the tooltip (names reach the chart as data, never inside an expression). */
  feature: string;
  /** G, or null. */
  colourFeature: string | null;
}

/** The chart's stable name (`usermeta.name`). */
export const DEPENDENCE_CHART = 'feature-dependence';
/** The colour scale spans these quantiles of the colour feature's values (outliers clamp to the ends). */
const COLOUR_QUANTILES: [number, number] = [0.05, 0.95];

/**
 * Points at (F's value, F's contribution) with a rule at zero contribution, coloured by
 * G's value from low to high over G's 5th..95th percentiles (clamped beyond, as SHAP
 * does, so one outlier does not wash out the rest); points without G's value, or every
 * point when there is no G, are hollow and grey. The title names both features; the
 * subtitle the date (or "all dates") and any sampling. Axis and legend titles carry the
 * feature names as text, never in an expression.
 * @example dependenceChart(dependenceData(panel, d, masks, 'ep_fy1'), theme)
 */
export function dependenceChart(data: DependenceData, theme: ChartTheme, options: DependenceChartOptions = {}): TopLevelSpec {
  if (!data || !Array.isArray(data.points)) throw new TypeError('dependenceChart: data must be dependence data with a points array');
  const warnings: string[] = [];
  let threshold = options.canvasThreshold ?? DEFAULT_CANVAS_THRESHOLD;
  if (!isFiniteNumber(threshold) || threshold <= 0) {
    warnings.push(`Option canvasThreshold must be a positive number, not ${JSON.stringify(options.canvasThreshold)}: using ${DEFAULT_CANVAS_THRESHOLD}.`);
    threshold = DEFAULT_CANVAS_THRESHOLD;
  }
  const feature = String(data.feature);
  const colourFeature = data.colourFeature === null || data.colourFeature === undefined ? null : String(data.colourFeature);
  const values = data.points
    .filter((p) => isFiniteNumber(p.value) && isFiniteNumber(p.contribution))
    .map((p): DependenceDatum => ({ ...p, colourValue: colourFeature !== null && isFiniteNumber(p.colourValue) ? p.colourValue : null, feature, colourFeature }));
  if (values.length < data.points.length) warnings.push(`${data.points.length - values.length} point(s) without a finite value and contribution are not shown.`);
  if (data.missingValues > 0) {
    warnings.push(
      values.length === 0
        ? `The run gives no values of ${feature} here: nothing to plot against its contributions.`
        : `${data.missingValues} stock(s) without a value of ${feature} are not shown.`,
    );
  }

  // Names go in axis and legend titles (plain text), never in a field's title: Vega-Lite
  // writes field titles into the marks' ARIA description expression.
  const x = { field: 'value', type: 'quantitative', title: 'Value', scale: { zero: false, nice: true }, axis: { title: `${feature} value`, format: '~g', tickCount: 7 } };
  const y = { field: 'contribution', type: 'quantitative', title: 'Contribution', axis: { title: scoreTitle(`${feature} contribution`), ...CONTRIBUTION_AXIS_FORMAT, tickCount: 6 } };
  const acrossDates = data.date === null;
  // Tooltip titles become keys of a Vega expression: the feature names go in as data fields instead.
  const tooltipFields = (withColour: boolean): TooltipField[] => [
    { field: 'stock', title: 'Stock' },
    ...(acrossDates ? [{ field: 'date', title: 'Date' }] : []),
    { field: 'feature', title: 'Feature' },
    { field: 'value', title: 'Value', format: '.4~g' },
    { field: 'contribution', title: scoreTitle('Contribution'), ...CONTRIBUTION_FORMAT },
    ...(withColour && colourFeature !== null
      ? [
          { field: 'colourFeature', title: 'Coloured by' },
          { field: 'colourValue', title: 'Its value', format: '.4~g' },
        ]
      : []),
  ];
  // Many points: one constant tooltip and no per-point ARIA description for Vega to
  // evaluate; the webview builds the hovered point's rows from usermeta.tooltip.
  const many = values.length > threshold;
  const tooltip = (withColour: boolean) => (many ? hoverTooltipEncoding() : tooltipEncoding(tooltipFields(withColour)));
  const lean = many ? { aria: false } : {};
  const size = values.length > threshold ? 10 : 22;
  const hasColour = { valid: true, field: 'colourValue' };
  const coloured = values.filter((d) => d.colourValue !== null);
  const lo = quantile(coloured.map((d) => d.colourValue), COLOUR_QUANTILES[0]);
  const hi = quantile(coloured.map((d) => d.colourValue), COLOUR_QUANTILES[1]);
  const [low, high] = featureValueRange(theme);
  const pointLayers: Record<string, unknown>[] = [];
  if (values.length > coloured.length) {
    pointLayers.push({
      transform: [{ filter: { not: hasColour } }],
      mark: { type: 'point', size, filled: false, strokeWidth: 1, opacity: 0.7, color: theme.mutedForeground, ...lean },
      encoding: { x, y, tooltip: tooltip(false) },
    });
  }
  if (coloured.length && lo !== null && hi !== null) {
    const domain = hi > lo ? [lo, hi] : [lo - 1, hi + 1];
    pointLayers.push({
      transform: [{ filter: hasColour }],
      mark: { type: 'circle', size, opacity: 0.8, ...lean },
      encoding: {
        x,
        y,
        color: {
          field: 'colourValue',
          type: 'quantitative',
          title: 'Colour value',
          scale: { domain, range: [low, high], interpolate: 'rgb', clamp: true },
          legend: { title: colourFeature, format: '.3~g', gradientLength: 180, tickCount: 4, titleLimit: 200 },
        },
        tooltip: tooltip(true),
      },
    });
  }
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'y'),
  ];
  if (pointLayers.length) layer.push({ data: { values }, layer: pointLayers });

  const notes = [acrossDates ? 'All dates' : String(data.date)];
  if (data.stride > 1) notes.push(`every ${ordinal(data.stride)} of ${data.eligible.toLocaleString('en-US')} stock-dates`);
  const title = options.showTitle === false ? {} : {
    title: { text: colourFeature === null ? feature : `${feature} · coloured by ${colourFeature}`, subtitle: notes.join(' · ') },
  };
  const body = { ...title, width: 'container', height: 300, layer };
  const spec = chartSpec(DEPENDENCE_CHART, theme, body, warnings);
  const usermeta: RendererMeta = { ...(chartMeta(spec) as ChartMeta), renderer: many ? 'canvas' : 'svg', ...(many ? { tooltip: tooltipFields(true) } : {}) };
  return { ...spec, usermeta: usermeta as unknown as Record<string, unknown> } as TopLevelSpec;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

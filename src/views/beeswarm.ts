/**
 * Beeswarm: one row per feature, one point per stock at its contribution, spread vertically
 * where points crowd, coloured by the stock's value of the feature (low to high).
 *
 * Two parts, one set of scales: `beeswarmChart` is the Vega-Lite chart of the axes, the
 * feature rows, the zero rule and the colour legend (a handful of marks, drawn at once);
 * `beeswarmLayout` gives every point's place and colour as typed arrays, which the webview
 * draws on a canvas laid over the chart's plot area through the chart's own scales
 * (webview/canvas/pointLayer.ts). Vega drawing 90,000 symbols took seconds; the canvas
 * takes milliseconds.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BeeswarmPoint } from '../model/features/types';
import { chartMeta, chartSpec, isFiniteNumber, type ChartMeta, zeroRule } from './chartSpec';
import { featureValueRange, valueRanks } from './featureValueScale';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, WEIGHT_FORMAT, scoreTitle } from './format';
import type { TooltipField } from './hoverDetails';
import type { ChartTheme } from './theme';

export interface BeeswarmChartOptions {
  /** Pixels per feature row; default 28. */
  rowStep?: number;
}

/**
 * The points of a beeswarm as the canvas layer draws them, index `i` of every array being
 * `points[i]`: x is the contribution, the row the feature's index in `features` (the y
 * scale's domain), the offset the place within the row (+0.5 top .. −0.5 bottom of the
 * row's band), the colour the feature value's rank (0 low .. 1 high; NaN: no value, drawn
 * hollow).
 */
export interface BeeswarmLayout {
  /** The points drawn (finite contribution), in the order of the arrays. */
  points: readonly BeeswarmPoint[];
  /** The rows, top to bottom: the y scale's domain. */
  features: string[];
  contribution: Float64Array;
  row: Uint16Array;
  offset: Float32Array;
  valueRank: Float32Array;
  /** Smallest and largest of the contributions and zero: the x scale's domain before `nice`. */
  domain: [number, number];
  /** Points left out, and why. */
  warnings: string[];
}

/** How the canvas draws the points: sizes and opacities of the chart's design, colours of its theme. */
export interface PointStyle {
  /** Radius in CSS pixels. */
  radius: number;
  /** Opacity of a filled (valued) point. */
  opacity: number;
  /** Stroke colour, width and opacity of a hollow point (no feature value). */
  hollowColor: string;
  hollowOpacity: number;
  hollowStrokeWidth: number;
}

/** What a beeswarm's `usermeta` carries besides its name: how its point layer is drawn. */
export interface BeeswarmMeta extends ChartMeta {
  pointStyle: PointStyle;
  /** The rows of a hovered point's tooltip (see hoverDetails.ts). */
  tooltip: TooltipField[];
}

/** What a point chart drawn by Vega (dependence, weight against score) carries in `usermeta`. */
export interface RendererMeta extends ChartMeta {
  /** `canvas` when there are more points than SVG draws quickly; else `svg`. */
  renderer: 'svg' | 'canvas';
  /** With many points: the rows of a point's tooltip, built on hover (see hoverDetails.ts). */
  tooltip?: TooltipField[];
}

/** The chart's stable name (`usermeta.name`). */
export const BEESWARM_CHART = 'feature-beeswarm';
/** Above this many points a Vega-drawn point chart asks for the canvas renderer and lazy tooltips. */
export const DEFAULT_CANVAS_THRESHOLD = 2000;
const DEFAULT_ROW_STEP = 28;
/** Vega-Lite's names of the scales the point layer shares with the chart. */
export const BEESWARM_SCALES = Object.freeze({ x: 'x', y: 'y', color: 'color' });
/** Horizontal bins the swarm is stacked in: about one point diameter each at usual widths. */
const SWARM_BINS = 120;
/** Largest offset of a row's outermost points, and the offset between neighbours when there is room. */
const MAX_OFFSET = 0.42;
const OFFSET_STEP = 0.11;
/** Point areas (px², as Vega's symbol `size`): smaller when there are many. */
const SIZE_FEW = 16;
const SIZE_MANY = 9;

/** The rows of a beeswarm point's tooltip. */
export const BEESWARM_TOOLTIP: readonly TooltipField[] = Object.freeze([
  { field: 'feature', title: 'Feature' },
  { field: 'factor', title: 'Factor' },
  { field: 'stock', title: 'Stock' },
  { field: 'contribution', title: scoreTitle('Contribution'), ...CONTRIBUTION_FORMAT },
  { field: 'value', title: 'Value', format: '.4~g' },
  { field: 'weight', title: 'Weight', format: WEIGHT_FORMAT },
]);

/**
 * Where every point goes: features in the order they first appear (the model gives them
 * most important first), a deterministic swarm offset within the row (`beeswarmOffsets`,
 * never random jitter, so the same data always draws the same picture) and the value's
 * rank within its feature. Points with a non-finite contribution are left out with a warning.
 * @example beeswarmLayout(points).features // ['ep_fy1', 'roe', …]
 */
export function beeswarmLayout(points: readonly BeeswarmPoint[]): BeeswarmLayout {
  if (!Array.isArray(points)) throw new TypeError('beeswarmLayout: points must be an array of beeswarm points');
  const warnings: string[] = [];
  const drawn = points.filter((p) => isFiniteNumber(p.contribution));
  if (drawn.length < points.length) warnings.push(`${points.length - drawn.length} point(s) without a finite contribution are not shown.`);
  const features = new Map<string, number>();
  for (const p of drawn) if (!features.has(p.feature)) features.set(p.feature, features.size);
  const n = drawn.length;
  const contribution = new Float64Array(n);
  const row = new Uint16Array(n);
  const rows = new Array<number>(n);
  const stocks = new Array<string>(n);
  const values = new Array<number | null>(n);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const p = drawn[i];
    contribution[i] = p.contribution;
    row[i] = rows[i] = features.get(p.feature) as number;
    stocks[i] = p.stock;
    values[i] = isFiniteNumber(p.value) ? p.value : null;
    if (p.contribution < lo) lo = p.contribution;
    if (p.contribution > hi) hi = p.contribution;
  }
  const offset = Float32Array.from(beeswarmOffsets(contribution, row, stocks));
  const valueRank = Float32Array.from(valueRanks(values, rows), (r) => (r === null ? NaN : r));
  return { points: drawn, features: [...features.keys()], contribution, row, offset, valueRank, domain: [lo, hi], warnings };
}

/**
 * The beeswarm's chart without its points: a band per feature row (the y domain given, no
 * sort to compute), x = contribution in bp of score over the contributions' range (given:
 * the axes do not depend on the points), a rule at zero and the feature-value legend (low
 * to high between the theme's two feature-value colours). `usermeta` says how the canvas
 * draws the points (`BeeswarmMeta`); the points themselves are not in the spec.
 * @example beeswarmChart(beeswarmLayout(points), theme) // usermeta: { name: 'feature-beeswarm', pointStyle: { radius: 1.69, … }, tooltip: [...] }
 */
export function beeswarmChart(layout: BeeswarmLayout, theme: ChartTheme, options: BeeswarmChartOptions = {}): TopLevelSpec {
  if (!layout || !(layout.contribution instanceof Float64Array)) throw new TypeError('beeswarmChart: layout must come from beeswarmLayout');
  const warnings = [...layout.warnings];
  const rowStep = positiveOption(options.rowStep, DEFAULT_ROW_STEP, 'rowStep', warnings);
  const rows = layout.features.length;
  const [low, high] = featureValueRange(theme);
  const y = {
    field: 'feature',
    type: 'nominal',
    title: null,
    sort: null,
    // Bands without padding: a point's row spans [y(feature), y(feature) + bandwidth]; label and grid line at its centre.
    scale: { type: 'band', domain: layout.features, paddingInner: 0, paddingOuter: 0 },
    axis: { grid: true, gridDash: [2, 3], labelLimit: 180, bandPosition: 0.5 },
  };
  const x = { field: 'contribution', type: 'quantitative', title: scoreTitle('Contribution'), axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 7 }, scale: { domain: layout.domain, nice: true } };
  const color = {
    field: 'valueRank',
    type: 'quantitative',
    title: 'Feature value',
    scale: { domain: [0, 1], range: [low, high], interpolate: 'rgb' },
    legend: { values: [0, 1], labelExpr: "datum.value < 0.5 ? 'low' : 'high'", gradientLength: Math.min(160, Math.max(rowStep * rows - 20, 60)) },
  };
  // The layer that holds the scales: no rows (the canvas draws the points), so Vega encodes nothing per point.
  const scales = { data: { values: [] }, mark: { type: 'circle', aria: false }, encoding: { y, x, color } };
  const body = { width: 'container', height: rowStep * Math.max(rows, 1), layer: [zeroRule(theme, 'x'), scales] };
  const spec = chartSpec(BEESWARM_CHART, theme, body, warnings);
  const many = layout.points.length > DEFAULT_CANVAS_THRESHOLD;
  const usermeta: BeeswarmMeta = {
    ...(chartMeta(spec) as ChartMeta),
    pointStyle: { radius: Math.sqrt((many ? SIZE_MANY : SIZE_FEW) / Math.PI), opacity: 0.85, hollowColor: theme.mutedForeground, hollowOpacity: 0.7, hollowStrokeWidth: 1 },
    tooltip: [...BEESWARM_TOOLTIP],
  };
  return { ...spec, usermeta: usermeta as unknown as Record<string, unknown> } as TopLevelSpec;
}

/**
 * A deterministic swarm layout: each point's vertical offset within its row, -0.5 .. 0.5.
 * The contribution axis is cut into bins about one point wide; within a row and bin the
 * points (in contribution, then stock order) take the slots 0, +1, -1, +2, -2, ... and
 * the slots are scaled so the fullest bin of the row spans at most ±0.42 of it, so the
 * row's silhouette is the density of its contributions.
 * @example beeswarmOffsets([0, 0, 0], [0, 0, 0], ['A', 'B', 'C']) // [0, 0.11, -0.11]
 */
export function beeswarmOffsets(contributions: ArrayLike<number>, rows: ArrayLike<number>, stocks: readonly string[]): number[] {
  const n = contributions.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, contributions[i]);
    max = Math.max(max, contributions[i]);
  }
  const width = (max - min) / SWARM_BINS || 1;
  const bins = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = rows[i] * SWARM_BINS + Math.min(SWARM_BINS - 1, Math.floor((contributions[i] - min) / width));
    const list = bins.get(key) ?? [];
    list.push(i);
    bins.set(key, list);
  }
  const slot = new Array<number>(n).fill(0);
  const widest = new Map<number, number>();
  for (const members of bins.values()) {
    members.sort((a, b) => contributions[a] - contributions[b] || (stocks[a] < stocks[b] ? -1 : stocks[a] > stocks[b] ? 1 : a - b));
    members.forEach((i, k) => {
      slot[i] = k === 0 ? 0 : k % 2 ? (k + 1) / 2 : -k / 2;
      widest.set(rows[i], Math.max(widest.get(rows[i]) ?? 0, Math.abs(slot[i])));
    });
  }
  return slot.map((s, i) => {
    const w = widest.get(rows[i]) ?? 0;
    return w ? s * Math.min(OFFSET_STEP, MAX_OFFSET / w) : 0;
  });
}

function positiveOption(value: number | undefined, fallback: number, name: string, warnings: string[]): number {
  if (value === undefined) return fallback;
  if (isFiniteNumber(value) && value > 0) return value;
  warnings.push(`Option ${name} must be a positive number, not ${JSON.stringify(value)}: using ${fallback}.`);
  return fallback;
}

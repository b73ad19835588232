/**
 * Beeswarm: one row per feature, one point per stock at its contribution, spread vertically
 * where points crowd, coloured by the stock's value of the feature (low to high).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BeeswarmPoint } from '../model/features/types';
import { chartMeta, chartSpec, isFiniteNumber, type ChartMeta, zeroRule } from './chartSpec';
import { featureValueRange, valueRanks } from './featureValueScale';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, WEIGHT_FORMAT, scoreTitle } from './format';
import { hoverTooltipEncoding, tooltipEncoding, type TooltipField } from './hoverDetails';
import type { ChartTheme } from './theme';

export interface BeeswarmChartOptions {
  /** Pixels per feature row; default 28. */
  rowStep?: number;
  /** Above this many points the spec asks for the canvas renderer (`usermeta.renderer`); default 2,000. */
  canvasThreshold?: number;
}

/** What a beeswarm's `usermeta` carries: a ChartMeta plus the renderer it draws fastest with. */
export interface RendererMeta extends ChartMeta {
  /** `canvas` when there are more points than SVG draws quickly; else `svg`. */
  renderer: 'svg' | 'canvas';
  /**
   * With many points: the rows of a point's tooltip, built on hover (see hoverDetails.ts);
   * the points' own tooltip is the constant HOVER_DETAILS.
   */
  tooltip?: TooltipField[];
}

/** One point; `feature`, `factor` and `stock` are what a click yields. */
export interface BeeswarmDatum extends BeeswarmPoint {
  featureOrder: number;
  /** Vertical offset within the feature's row, -0.5 .. 0.5 of the row (see `beeswarmOffsets`). */
  offset: number;
  /** The value's rank among the feature's values, 0 (lowest) .. 1 (highest); null without a value. */
  valueRank: number | null;
}

/** The chart's stable name (`usermeta.name`). */
export const BEESWARM_CHART = 'feature-beeswarm';
export const DEFAULT_CANVAS_THRESHOLD = 2000;
const DEFAULT_ROW_STEP = 28;
/** The named datasets of the points with and without a value (`datasets` of the spec). */
export const VALUED_POINTS = 'points_valued';
export const HOLLOW_POINTS = 'points_hollow';
/** Horizontal bins the swarm is stacked in: about one point diameter each at usual widths. */
const SWARM_BINS = 120;
/** Largest offset of a row's outermost points, and the offset between neighbours when there is room. */
const MAX_OFFSET = 0.42;
const OFFSET_STEP = 0.11;

/**
 * Rows of points, features in the order they first appear (the model gives them most
 * important first), x = contribution, a rule at zero. Within a row the points are
 * stacked by a deterministic swarm layout (`beeswarmOffsets`), never random jitter, so
 * the same data always draws the same picture. Colour is the feature value's rank within
 * its feature (low to high); points whose value the run does not give are hollow and grey.
 * Points with a non-finite contribution are left out with a warning. With more than
 * `canvasThreshold` points `usermeta.renderer` is `canvas`.
 * @example beeswarmChart(beeswarm.points, theme) // usermeta: { name: 'feature-beeswarm', renderer: 'canvas' } for 90,000 points
 */
export function beeswarmChart(points: readonly BeeswarmPoint[], theme: ChartTheme, options: BeeswarmChartOptions = {}): TopLevelSpec {
  if (!Array.isArray(points)) throw new TypeError('beeswarmChart: points must be an array of beeswarm points');
  const warnings: string[] = [];
  const rowStep = positiveOption(options.rowStep, DEFAULT_ROW_STEP, 'rowStep', warnings);
  const threshold = positiveOption(options.canvasThreshold, DEFAULT_CANVAS_THRESHOLD, 'canvasThreshold', warnings);
  const drawn = points.filter((p) => isFiniteNumber(p.contribution));
  if (drawn.length < points.length) warnings.push(`${points.length - drawn.length} point(s) without a finite contribution are not shown.`);

  const features = new Map<string, number>();
  for (const p of drawn) if (!features.has(p.feature)) features.set(p.feature, features.size);
  const order = drawn.map((p) => features.get(p.feature) as number);
  const offsets = beeswarmOffsets(drawn.map((p) => p.contribution), order, drawn.map((p) => p.stock));
  const ranks = valueRanks(drawn.map((p) => (isFiniteNumber(p.value) ? p.value : null)), order);
  const values: BeeswarmDatum[] = drawn.map((p, i) => ({ ...p, featureOrder: order[i], offset: offsets[i], valueRank: ranks[i] }));

  // The rows in order, given as the y domain: no sort (an aggregate over every point) to compute.
  const y = { field: 'feature', type: 'nominal', title: null, sort: null, scale: { domain: [...features.keys()] }, axis: { grid: true, gridDash: [2, 3], labelLimit: 180 } };
  const yOffset = { field: 'offset', type: 'quantitative', scale: { domain: [0.5, -0.5] } };
  // The x domain as Vega would find it (the contributions and the zero rule), given: the
  // axes do not depend on the points, so the webview can lay the chart out before adding them.
  const x = { field: 'contribution', type: 'quantitative', title: scoreTitle('Contribution'), axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 7 }, scale: { domain: contributionDomain(drawn), nice: true } };
  const tooltipFields = (withValue: boolean): TooltipField[] => [
    { field: 'feature', title: 'Feature' },
    { field: 'factor', title: 'Factor' },
    { field: 'stock', title: 'Stock' },
    { field: 'contribution', title: scoreTitle('Contribution'), ...CONTRIBUTION_FORMAT },
    ...(withValue ? [{ field: 'value', title: 'Value', format: '.4~g' }] : []),
    { field: 'weight', title: 'Weight', format: WEIGHT_FORMAT },
  ];
  // Many points: no per-point tooltip or ARIA description for Vega to evaluate (the
  // webview builds the hovered point's tooltip from usermeta.tooltip).
  const many = drawn.length > threshold;
  const tooltip = (withValue: boolean) => (many ? hoverTooltipEncoding() : tooltipEncoding(tooltipFields(withValue)));
  const size = many ? 9 : 16;
  const [low, high] = featureValueRange(theme);
  // Points with and without a value are separate data (no filter to evaluate per point).
  const valued = values.filter((d) => d.valueRank !== null);
  const hollow = values.filter((d) => d.valueRank === null);
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'x'),
  ];
  const datasets: Record<string, BeeswarmDatum[]> = {};
  if (valued.length) {
    datasets[VALUED_POINTS] = valued;
    layer.push({
      data: { name: VALUED_POINTS },
      mark: { type: 'circle', size, opacity: 0.85, ...(many ? { aria: false } : {}) },
      encoding: {
        y,
        yOffset,
        x,
        color: {
          field: 'valueRank',
          type: 'quantitative',
          title: 'Feature value',
          scale: { domain: [0, 1], range: [low, high], interpolate: 'rgb' },
          legend: { values: [0, 1], labelExpr: "datum.value < 0.5 ? 'low' : 'high'", gradientLength: Math.min(160, Math.max(rowStep * features.size - 20, 60)) },
        },
        tooltip: tooltip(true),
      },
    });
  }
  if (hollow.length) {
    datasets[HOLLOW_POINTS] = hollow;
    layer.push({
      data: { name: HOLLOW_POINTS },
      mark: { type: 'point', size, filled: false, strokeWidth: 1, opacity: 0.7, color: theme.mutedForeground, ...(many ? { aria: false } : {}) },
      encoding: { y, yOffset, x, tooltip: tooltip(false) },
    });
  }
  const body = { width: 'container', height: rowStep * Math.max(features.size, 1), datasets, layer };
  const spec = chartSpec(BEESWARM_CHART, theme, body, warnings);
  const usermeta: RendererMeta = { ...(chartMeta(spec) as ChartMeta), renderer: many ? 'canvas' : 'svg', ...(many ? { tooltip: tooltipFields(true) } : {}) };
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
export function beeswarmOffsets(contributions: readonly number[], rows: readonly number[], stocks: readonly string[]): number[] {
  const n = contributions.length;
  let min = Infinity;
  let max = -Infinity;
  for (const c of contributions) {
    min = Math.min(min, c);
    max = Math.max(max, c);
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

/** [min, max] of the contributions and zero (the rule), as Vega would take the domain from the data. */
function contributionDomain(points: readonly BeeswarmPoint[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const p of points) {
    if (p.contribution < lo) lo = p.contribution;
    if (p.contribution > hi) hi = p.contribution;
  }
  return [lo, hi];
}

function positiveOption(value: number | undefined, fallback: number, name: string, warnings: string[]): number {
  if (value === undefined) return fallback;
  if (isFiniteNumber(value) && value > 0) return value;
  warnings.push(`Option ${name} must be a positive number, not ${JSON.stringify(value)}: using ${fallback}.`);
  return fallback;
}

/**
 * Weight against score: does the book follow the model? One point per stock held or in the
 * benchmark, x = the model's score, y = its active weight (or its weight), coloured by
 * sector; names held are filled, benchmark-only names hollow.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { WeightScorePoint } from '../model/types';
import { DEFAULT_CANVAS_THRESHOLD, type RendererMeta } from './beeswarm';
import { chartMeta, chartSpec, isFiniteNumber, type ChartMeta, zeroRule } from './chartSpec';
import { ACTIVE_WEIGHT_FORMAT, CONTRIBUTION_AXIS_FORMAT, SCORE_FORMAT, WEIGHT_AXIS_FORMAT, WEIGHT_FORMAT, scoreTitle } from './format';
import { hoverTooltipEncoding, tooltipEncoding, type TooltipField } from './hoverDetails';
import { categoryScale, categoryShapeScale } from './palette';
import type { ChartTheme } from './theme';

export interface WeightVsScoreOptions {
  /** y: the active weight (default when every point has one) or the portfolio weight. */
  measure?: 'active' | 'weight';
  /** Above this many points the spec asks for the canvas renderer (`usermeta.renderer`); default 2,000. */
  canvasThreshold?: number;
  /**
   * The run's sectors, in its order: each sector takes the colour of its place here, so it
   * keeps its colour across dates and filters. Default: the sectors drawn, most points first.
   */
  sectors?: readonly string[];
}

/** One point; `stock` is what a click yields. */
export interface WeightScoreDatum extends WeightScorePoint {
  /** The y value: active weight or weight. */
  value: number;
  holding: 'held' | 'benchmark only';
  sectorOrder: number;
}

/** The chart's stable name (`usermeta.name`). */
export const WEIGHT_VS_SCORE_CHART = 'weight-vs-score';

/**
 * Scatter of score (x) against active weight or weight (y), coloured by sector (the shared
 * palette, each sector in the colour of its place in `options.sectors`; no two of twenty
 * sectors share a colour, and past twenty a sector that shares one has another shape),
 * with a rule at zero weight.
 * Points with a non-finite score or y are left out with a warning. With more than
 * `canvasThreshold` points `usermeta.renderer` is `canvas`.
 * @example weightVsScoreChart(portfolio.weightVsScore, theme) // usermeta: { name: 'weight-vs-score', renderer: 'svg' }
 */
export function weightVsScoreChart(points: readonly WeightScorePoint[], theme: ChartTheme, options: WeightVsScoreOptions = {}): TopLevelSpec {
  if (!Array.isArray(points)) throw new TypeError('weightVsScoreChart: points must be an array of weight-score points');
  const warnings: string[] = [];
  let threshold = options.canvasThreshold ?? DEFAULT_CANVAS_THRESHOLD;
  if (!isFiniteNumber(threshold) || threshold <= 0) {
    warnings.push(`Option canvasThreshold must be a positive number, not ${JSON.stringify(options.canvasThreshold)}: using ${DEFAULT_CANVAS_THRESHOLD}.`);
    threshold = DEFAULT_CANVAS_THRESHOLD;
  }
  const allActive = points.length > 0 && points.every((p) => isFiniteNumber(p.activeWeight));
  let measure = options.measure ?? (allActive || points.length === 0 ? 'active' : 'weight');
  if (measure !== 'active' && measure !== 'weight') {
    warnings.push(`Unknown measure ${JSON.stringify(measure)}: showing ${allActive ? 'active weight' : 'weight'}.`);
    measure = allActive ? 'active' : 'weight';
  }
  if (measure === 'active' && points.length > 0 && points.every((p) => !isFiniteNumber(p.activeWeight))) {
    warnings.push('No benchmark weights: showing portfolio weight.');
    measure = 'weight';
  }
  const yOf = (p: WeightScorePoint) => (measure === 'active' ? p.activeWeight : p.weight);
  const drawn = points.filter((p) => isFiniteNumber(p.score) && isFiniteNumber(yOf(p)));
  if (drawn.length < points.length) warnings.push(`${points.length - drawn.length} point(s) without a score or a ${measure === 'active' ? 'active weight' : 'weight'} are not shown.`);
  // Default order: most points first, so that past twenty the small sectors are the ones that share a colour.
  const counts = new Map<string, number>();
  for (const p of drawn) counts.set(p.sector, (counts.get(p.sector) ?? 0) + 1);
  const sectors = new Map([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([sector], i) => [sector, i]));
  const values: WeightScoreDatum[] = drawn.map((p) => ({
    ...p,
    value: (yOf(p) as number) + 0,
    holding: p.weight > 0 ? 'held' : 'benchmark only',
    sectorOrder: sectors.get(p.sector) as number,
  }));
  const canvas = drawn.length > threshold;
  const yTitle = measure === 'active' ? 'Active weight' : 'Weight';
  const x = { field: 'score', type: 'quantitative', title: scoreTitle('Score'), scale: { nice: true, zero: false }, axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 7 } };
  const y = { field: 'value', type: 'quantitative', title: yTitle, axis: { format: WEIGHT_AXIS_FORMAT, tickCount: 6 } };
  const shown = [...sectors.keys()];
  const runSectors = options.sectors ? [...options.sectors].map(String) : shown;
  const manyCategories = categoryShapeScale(runSectors, shown).range.some((shape) => shape !== 'circle');
  const color = {
    field: 'sector',
    type: 'nominal',
    title: 'Sector',
    scale: categoryScale(runSectors, shown),
    legend: { orient: 'bottom', direction: 'horizontal', columns: 3, labelLimit: 200, ...(manyCategories ? {} : { symbolType: 'circle' }), symbolOpacity: 1 },
  };
  // Past twenty sectors the colours repeat: a second channel, the point's shape, tells them apart.
  const shape = manyCategories ? { shape: { field: 'sector', type: 'nominal', title: 'Sector', scale: categoryShapeScale(runSectors, shown) } } : {};
  const hasRank = values.length > 0 && values.every((v) => isFiniteNumber(v.rank));
  const tooltipFields: TooltipField[] = [
    { field: 'stock', title: 'Stock' },
    { field: 'name', title: 'Name' },
    { field: 'sector', title: 'Sector' },
    { field: 'score', title: scoreTitle('Score'), ...SCORE_FORMAT },
    ...(hasRank ? [{ field: 'rank', title: 'Rank', format: ',d' }] : []),
    { field: 'weight', title: 'Weight', format: WEIGHT_FORMAT },
    ...(measure === 'active' ? [{ field: 'activeWeight', title: 'Active weight', format: ACTIVE_WEIGHT_FORMAT }] : []),
    { field: 'holding', title: 'Holding' },
  ];
  // Many points: one constant tooltip and no per-point ARIA description for Vega to
  // evaluate; the webview builds the hovered point's rows from usermeta.tooltip.
  const tooltip = canvas ? hoverTooltipEncoding() : tooltipEncoding(tooltipFields);
  const lean = canvas ? { aria: false } : {};
  const size = canvas ? 14 : 24;
  const pointLayers: Record<string, unknown>[] = [];
  if (values.some((v) => v.holding === 'benchmark only')) {
    pointLayers.push({
      transform: [{ filter: { field: 'holding', equal: 'benchmark only' } }],
      mark: { type: 'point', filled: false, size, strokeWidth: 1, opacity: 0.55, ...lean },
      encoding: { x, y, color, ...shape, tooltip },
    });
  }
  if (values.some((v) => v.holding === 'held')) {
    pointLayers.push({
      transform: [{ filter: { field: 'holding', equal: 'held' } }],
      mark: manyCategories ? { type: 'point', filled: true, size, opacity: 0.85, ...lean } : { type: 'circle', size, opacity: 0.85, ...lean },
      encoding: { x, y, color, ...shape, tooltip },
    });
  }
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'y'),
  ];
  if (pointLayers.length) layer.push({ data: { values }, layer: pointLayers });
  const held = values.filter((v) => v.holding === 'held').length;
  const body = {
    title: {
      text: `${yTitle} against score`,
      subtitle: `${held.toLocaleString('en-US')} held (filled) · ${(values.length - held).toLocaleString('en-US')} benchmark only (hollow)`,
    },
    width: 'container',
    height: 320,
    layer,
  };
  const spec = chartSpec(WEIGHT_VS_SCORE_CHART, theme, body, warnings);
  const usermeta: RendererMeta = { ...(chartMeta(spec) as ChartMeta), renderer: canvas ? 'canvas' : 'svg', ...(canvas ? { tooltip: tooltipFields } : {}) };
  return { ...spec, usermeta: usermeta as unknown as Record<string, unknown> } as TopLevelSpec;
}

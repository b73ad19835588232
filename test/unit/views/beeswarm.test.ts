import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { BeeswarmPoint } from '../../../src/model/features/types';
import { DARK_THEME, LIGHT_THEME, chartMeta, headlessView, renderSvg, sceneMarkCountsByType } from '../../../src/views';
import { BEESWARM_CHART, BEESWARM_SCALES, BEESWARM_TOOLTIP, beeswarmChart, beeswarmLayout, beeswarmOffsets, type BeeswarmMeta } from '../../../src/views/beeswarm';
import { featureValueRange, valueRanks } from '../../../src/views/featureValueScale';
import { pointPixels } from '../../../webview/canvas/pointGeometry';
import { XSS, assertEscaped, assertNoDataInExpressions, svgBackground, svgTexts } from './fixtures';

const STOCKS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
/** ep_fy1 and roe with values; an untrusted feature name without values. */
const POINTS: BeeswarmPoint[] = [
  ...STOCKS.map((stock, i) => ({ feature: 'ep_fy1', factor: 'value', stock, contribution: 0.001 * (i - 2), value: i - 2, weight: 0.01 * i })),
  ...STOCKS.map((stock, i) => ({ feature: 'roe', factor: 'quality', stock, contribution: 0.0005 * (2 - i), value: 10 * i, weight: 0.01 * i })),
  ...STOCKS.map((stock, i) => ({ feature: XSS, factor: 'sentiment', stock, contribution: 0.0002 * i, value: null, weight: 0.01 * i })),
];

/** Synthetic rows of `n` points over 20 features, deterministic. */
function manyPoints(n: number): BeeswarmPoint[] {
  return Array.from({ length: n }, (_, i) => ({ feature: `f${i % 20}`, factor: 'value', stock: `S${i}`, contribution: Math.sin(i) * 0.002, value: Math.cos(i), weight: 0 }));
}

/**
 * The beeswarm as Vega-Lite itself would draw its points: the chart's own layers with the
 * points added to the scales' layer as circles placed by a `yOffset` over [0.5, −0.5] of the
 * row's band (the legend unchanged). An independent placement to hold the canvas layer's arithmetic to.
 */
function withVegaPoints(spec: TopLevelSpec, points: readonly Record<string, unknown>[]): TopLevelSpec {
  const layers = (spec as unknown as { layer: Record<string, unknown>[] }).layer;
  const scales = layers[1] as { encoding: Record<string, unknown> };
  return {
    ...spec,
    layer: [layers[0], { ...scales, data: { values: points }, encoding: { ...scales.encoding, yOffset: { field: 'offset', type: 'quantitative', scale: { domain: [0.5, -0.5] } } } }],
  } as unknown as TopLevelSpec;
}

describe('views/beeswarm', () => {
  it('lays out one point per stock and feature, rows in the order given, ranks of the value within the feature', () => {
    const layout = beeswarmLayout(POINTS);
    assert.equal(layout.points.length, 15);
    assert.deepEqual(layout.features, ['ep_fy1', 'roe', XSS]);
    assert.deepEqual([...layout.row], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    assert.deepEqual([...layout.contribution], POINTS.map((p) => p.contribution));
    assert.deepEqual([...layout.valueRank.slice(0, 10)], [0, 0.25, 0.5, 0.75, 1, 0, 0.25, 0.5, 0.75, 1]);
    assert.ok([...layout.valueRank.slice(10)].every(Number.isNaN), 'no value: NaN (hollow)');
    assert.deepEqual(layout.domain, [-0.002, 0.002]);
  });

  it('draws the axes, the feature rows, the zero rule and the legend, and no point: the canvas draws those', async () => {
    const spec = beeswarmChart(beeswarmLayout(POINTS), LIGHT_THEME);
    const view = await headlessView(spec);
    assert.deepEqual(sceneMarkCountsByType(view), { rule: 1 });
    view.finalize();
    const svg = await renderSvg(spec);
    const texts = svgTexts(svg);
    const rows = ['ep_fy1', 'roe'].map((f) => texts.indexOf(f));
    assert.ok(rows.every((i) => i >= 0) && rows[0] < rows[1], JSON.stringify(texts));
    for (const label of ['Contribution (bp of score)', 'Feature value', 'low', 'high']) assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
  });

  it('the canvas layer puts every point where Vega-Lite puts it, through the chart\'s own scales', async () => {
    const layout = beeswarmLayout(manyPoints(600).concat(POINTS));
    const spec = beeswarmChart(layout, LIGHT_THEME);
    const axes = await headlessView(spec, { width: 700 });
    const x = axes.scale(BEESWARM_SCALES.x) as unknown as (v: number) => number;
    const y = axes.scale(BEESWARM_SCALES.y) as unknown as ((v: string) => number) & { domain(): string[]; bandwidth(): number };
    assert.deepEqual(y.domain(), layout.features);
    const pixels = pointPixels({ x: layout.contribution, row: layout.row, offset: layout.offset, colour: layout.valueRank }, { x, rowTop: layout.features.map((f) => y(f)), bandwidth: y.bandwidth() });
    axes.finalize();
    // The same chart with Vega-Lite drawing the points: each symbol's position.
    const drawn = await headlessView(withVegaPoints(spec, layout.points.map((p, i) => ({ ...p, offset: layout.offset[i], valueRank: Number.isNaN(layout.valueRank[i]) ? 0.5 : layout.valueRank[i] }))), { width: 700 });
    const symbols: { x: number; y: number; stock: string; feature: string }[] = [];
    const walk = (node: { marktype?: string; items?: unknown[]; x?: number; y?: number; datum?: Record<string, unknown> }, inSymbols: boolean) => {
      if (inSymbols && node.datum && typeof node.x === 'number') symbols.push({ x: node.x, y: node.y as number, stock: node.datum.stock as string, feature: node.datum.feature as string });
      for (const child of (node.items ?? []) as (typeof node)[]) walk(child, node.marktype === 'symbol');
    };
    walk((drawn.scenegraph() as unknown as { root: Parameters<typeof walk>[0] }).root, false);
    drawn.finalize();
    assert.equal(symbols.length, layout.points.length);
    const index = new Map(layout.points.map((p, i) => [`${p.feature}|${p.stock}`, i]));
    for (const s of symbols) {
      const i = index.get(`${s.feature}|${s.stock}`)!;
      assert.ok(Math.abs(pixels.px[i] - s.x) < 0.01 && Math.abs(pixels.py[i] - s.y) < 0.01, `${s.feature} ${s.stock}: canvas (${pixels.px[i]}, ${pixels.py[i]}) vs Vega (${s.x}, ${s.y})`);
    }
  });

  it('stacks crowded points with a deterministic swarm layout, never random jitter', () => {
    // Three equal contributions share a bin: slots 0, +1, -1 in stock order (A, B, C); a lone point stays on the row's centre.
    assert.deepEqual(beeswarmOffsets([0, 0, 0, 1], [0, 0, 0, 0], ['C', 'A', 'B', 'D']), [-0.11, 0, 0.11, 0]);
    // A crowded row is compressed to stay within the row.
    const crowded = beeswarmOffsets(new Array(41).fill(0), new Array(41).fill(0), STOCKS.concat(new Array(36).fill('Z')));
    assert.ok(Math.max(...crowded.map(Math.abs)) <= 0.42 + 1e-12);
    const points = manyPoints(3000);
    assert.deepEqual(beeswarmLayout(points), beeswarmLayout(points));
    assert.ok([...beeswarmLayout(points).offset].every((o) => Math.abs(o) <= 0.42 + 1e-6));
  });

  it('names the point style, the tooltip rows and the scales the canvas shares; smaller points when there are many', () => {
    const few = chartMeta(beeswarmChart(beeswarmLayout(POINTS), LIGHT_THEME)) as BeeswarmMeta;
    assert.equal(few.name, BEESWARM_CHART);
    assert.deepEqual(few.tooltip.map((f) => f.title), ['Feature', 'Factor', 'Stock', 'Contribution (bp of score)', 'Value', 'Weight']);
    assert.deepEqual(few.tooltip, [...BEESWARM_TOOLTIP]);
    assert.equal(few.pointStyle.hollowColor, LIGHT_THEME.mutedForeground);
    assert.ok(Math.abs(few.pointStyle.radius - Math.sqrt(16 / Math.PI)) < 1e-12);
    const many = chartMeta(beeswarmChart(beeswarmLayout(manyPoints(2001)), DARK_THEME)) as BeeswarmMeta;
    assert.ok(Math.abs(many.pointStyle.radius - Math.sqrt(9 / Math.PI)) < 1e-12);
    assert.equal(many.pointStyle.hollowColor, DARK_THEME.mutedForeground);
  });

  it('the legend runs between the theme\'s feature-value colours, the colour scale the canvas reads', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const view = await headlessView(beeswarmChart(beeswarmLayout(POINTS), theme));
      const colour = view.scale(BEESWARM_SCALES.color) as unknown as (v: number) => string;
      const [low, high] = featureValueRange(theme);
      const rgb = (hex: string) => `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(', ')})`;
      assert.equal(colour(0), rgb(low));
      assert.equal(colour(1), rgb(high));
      view.finalize();
    }
  });

  it('ranks values with ties sharing their rank', () => {
    assert.deepEqual(valueRanks([1, 5, null, 5, 3], [0, 0, 0, 0, 1]), [0, 0.75, null, 0.75, 0.5]);
  });

  it('leaves out non-finite contributions with a warning; a bad option is a warning', () => {
    const layout = beeswarmLayout([...POINTS, { ...POINTS[0], stock: 'NAN', contribution: NaN }]);
    assert.equal(layout.points.length, 15);
    const spec = beeswarmChart(layout, LIGHT_THEME, { rowStep: -1 });
    assert.equal(chartMeta(spec)?.warnings?.length, 2);
    assert.throws(() => beeswarmLayout(null as never), /points must be an array/);
    assert.throws(() => beeswarmChart(POINTS as never, LIGHT_THEME), /layout must come from beeswarmLayout/);
  });

  it('escapes names, keeps them out of expressions, follows the theme', async () => {
    const spec = beeswarmChart(beeswarmLayout(POINTS), DARK_THEME);
    const svg = await renderSvg(spec);
    assertEscaped(svg);
    assertNoDataInExpressions(spec, [XSS, 'ep_fy1', 'AAA', 'quality']);
    assert.equal(svgBackground(svg), DARK_THEME.background);
    const empty = await headlessView(beeswarmChart(beeswarmLayout([]), DARK_THEME));
    assert.deepEqual(sceneMarkCountsByType(empty), { rule: 1 });
    empty.finalize();
  });
});

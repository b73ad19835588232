import assert from 'node:assert/strict';
import type { BeeswarmPoint } from '../../../src/model/features/types';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg } from '../../../src/views';
import { BEESWARM_CHART, VALUED_POINTS, beeswarmChart, beeswarmOffsets, type BeeswarmDatum, type RendererMeta } from '../../../src/views/beeswarm';
import { featureValueRange, valueRanks } from '../../../src/views/featureValueScale';
import { parseColor } from '../../../src/views/colors';
import { XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgMarks, svgTexts } from './fixtures';

const STOCKS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
/** ep_fy1 and roe with values; an untrusted feature name without values. */
const POINTS: BeeswarmPoint[] = [
  ...STOCKS.map((stock, i) => ({ feature: 'ep_fy1', factor: 'value', stock, contribution: 0.001 * (i - 2), value: i - 2, weight: 0.01 * i })),
  ...STOCKS.map((stock, i) => ({ feature: 'roe', factor: 'quality', stock, contribution: 0.0005 * (2 - i), value: 10 * i, weight: 0.01 * i })),
  ...STOCKS.map((stock, i) => ({ feature: XSS, factor: 'sentiment', stock, contribution: 0.0002 * i, value: null, weight: 0.01 * i })),
];

/** `#1a85ff` as Vega writes an interpolated colour: `rgb(26, 133, 255)`. */
const cssRgb = (hex: string) => `rgb(${parseColor(hex)?.join(', ')})`;
/** The points with a value, as the spec carries them (a named dataset the webview adds after laying the chart out). */
const values = (spec: unknown) => (spec as { datasets: Record<string, BeeswarmDatum[]> }).datasets[VALUED_POINTS];

/** One synthetic feature row of `n` points, deterministic. */
function manyPoints(n: number): BeeswarmPoint[] {
  return Array.from({ length: n }, (_, i) => ({ feature: `f${i % 20}`, factor: 'value', stock: `S${i}`, contribution: Math.sin(i) * 0.002, value: Math.cos(i), weight: 0 }));
}

describe('views/beeswarm', () => {
  it('draws one point per stock and feature, one row per feature in the order given, and a zero rule', async () => {
    const svg = await renderSvg(beeswarmChart(POINTS, LIGHT_THEME));
    assert.equal(countSvgItems(svg, 'symbol'), 15);
    assert.equal(countSvgItems(svg, 'rule'), 1);
    const texts = svgTexts(svg);
    const rows = ['ep_fy1', 'roe'].map((f) => texts.indexOf(f));
    assert.ok(rows.every((i) => i >= 0) && rows[0] < rows[1], JSON.stringify(texts));
    for (const label of ['Contribution (bp of score)', 'Feature value', 'low', 'high']) assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
  });

  it('colours by the value\'s rank within its feature, low to high, and draws points without a value hollow and grey', async () => {
    const svg = await renderSvg(beeswarmChart(POINTS, LIGHT_THEME));
    const [low, high] = featureValueRange(LIGHT_THEME);
    const symbols = svgMarks(svg).filter((m) => m.type === 'symbol');
    assert.equal(symbols.length, 2);
    const filled = [...symbols[0].body.matchAll(/fill="([^"]+)"/g)].map((m) => m[1]);
    // ep_fy1's lowest and roe's lowest are the low colour, the highest of each the high colour.
    assert.equal(filled.filter((f) => f === cssRgb(low)).length, 2, JSON.stringify(filled));
    assert.equal(filled.filter((f) => f === cssRgb(high)).length, 2, JSON.stringify(filled));
    assert.ok(!/fill="rgb/.test(symbols[1].body), 'points without a value are not filled');
    assert.equal((symbols[1].body.match(new RegExp(`stroke="${LIGHT_THEME.mutedForeground}"`, 'g')) ?? []).length, 5);
    assert.deepEqual(values(beeswarmChart(POINTS, LIGHT_THEME)).slice(0, 5).map((d) => d.valueRank), [0, 0.25, 0.5, 0.75, 1]);
  });

  it('stacks crowded points with a deterministic swarm layout, never random jitter', () => {
    // Three equal contributions share a bin: slots 0, +1, -1 in stock order (A, B, C); a lone point stays on the row's centre.
    assert.deepEqual(beeswarmOffsets([0, 0, 0, 1], [0, 0, 0, 0], ['C', 'A', 'B', 'D']), [-0.11, 0, 0.11, 0]);
    // A crowded row is compressed to stay within the row.
    const crowded = beeswarmOffsets(new Array(41).fill(0), new Array(41).fill(0), STOCKS.concat(new Array(36).fill('Z')));
    assert.ok(Math.max(...crowded.map(Math.abs)) <= 0.42 + 1e-12);
    const points = manyPoints(3000);
    assert.deepEqual(beeswarmChart(points, LIGHT_THEME), beeswarmChart(points, LIGHT_THEME));
    assert.ok(values(beeswarmChart(points, LIGHT_THEME)).every((d) => Math.abs(d.offset) <= 0.42 + 1e-12));
  });

  it('asks for the canvas renderer above 2,000 points and draws them all', async () => {
    assert.equal((chartMeta(beeswarmChart(POINTS, LIGHT_THEME)) as RendererMeta).renderer, 'svg');
    const big = beeswarmChart(manyPoints(2001), LIGHT_THEME);
    const meta = chartMeta(big) as RendererMeta;
    assert.deepEqual({ name: meta.name, renderer: meta.renderer }, { name: BEESWARM_CHART, renderer: 'canvas' });
    assert.equal(countSvgItems(await renderSvg(big), 'symbol'), 2001);
    // Many points: every point's tooltip is the one constant; its rows are named for the webview to build on hover.
    assert.deepEqual(meta.tooltip?.map((f) => f.title), ['Feature', 'Factor', 'Stock', 'Contribution (bp of score)', 'Value', 'Weight']);
    const clicks = await clickableData(big);
    assert.equal(clicks.length, 2001);
    assert.deepEqual(chartMeta(beeswarmChart(POINTS, LIGHT_THEME)), { name: BEESWARM_CHART, renderer: 'svg' });
    assert.equal((chartMeta(beeswarmChart(POINTS, LIGHT_THEME, { canvasThreshold: 10 })) as RendererMeta).renderer, 'canvas');
  });

  it('ranks values with ties sharing their rank', () => {
    assert.deepEqual(valueRanks([1, 5, null, 5, 3], [0, 0, 0, 0, 1]), [0, 0.75, null, 0.75, 0.5]);
  });

  it('keeps feature, factor and stock for clicks, and leaves out non-finite contributions with a warning', async () => {
    const spec = beeswarmChart([...POINTS, { ...POINTS[0], stock: 'NAN', contribution: NaN }], LIGHT_THEME, { rowStep: -1 });
    assert.equal(chartMeta(spec)?.warnings?.length, 2);
    const clicks = await clickableData(spec);
    assert.equal(clicks.length, 15);
    assert.ok(clicks.every((d) => typeof d.feature === 'string' && typeof d.factor === 'string' && typeof d.stock === 'string'));
  });

  it('escapes names, keeps them out of expressions, follows the theme', async () => {
    const spec = beeswarmChart(POINTS, DARK_THEME);
    const svg = await renderSvg(spec);
    assertEscaped(svg);
    assertNoDataInExpressions(spec, [XSS, 'ep_fy1', 'AAA', 'quality']);
    assert.equal(svgBackground(svg), DARK_THEME.background);
    assert.ok(svg.includes(`stroke="${DARK_THEME.mutedForeground}"`));
    const empty = await renderSvg(beeswarmChart([], DARK_THEME));
    assert.equal(countSvgItems(empty, 'symbol'), 0);
  });
});

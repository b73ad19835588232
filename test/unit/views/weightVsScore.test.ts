import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, WEIGHT_VS_SCORE_CHART, chartMeta, renderSvg, weightVsScoreChart, type WeightScoreDatum } from '../../../src/views';
import type { RendererMeta } from '../../../src/views/beeswarm';
import type { WeightScorePoint } from '../../../src/model/types';
import { bp, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgMarks, svgTexts } from './fixtures';
import { WEIGHT_SCORE, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const values = (spec: unknown) => (spec as { layer: { data: { values: WeightScoreDatum[] } }[] }).layer[1].data.values;

function manyPoints(n: number): WeightScorePoint[] {
  return Array.from({ length: n }, (_, i) => ({ stock: `S${i}`, name: `Stock ${i}`, sector: `Sector ${i % 12}`, weight: i % 3 ? 0 : 0.001, activeWeight: (i % 3 ? -0.0005 : 0.0005) * Math.cos(i), score: Math.sin(i) * 0.02, rank: i + 1 }));
}

describe('views/weightVsScore', () => {
  it('draws one point per stock: held filled, benchmark-only hollow, and a rule at zero', async () => {
    const svg = await renderSvg(weightVsScoreChart(WEIGHT_SCORE, LIGHT_THEME));
    assert.equal(countSvgItems(svg, 'symbol'), 5);
    assert.equal(countSvgItems(svg, 'rule'), 1);
    const symbols = svgMarks(svg).filter((m) => m.type === 'symbol');
    assert.equal(symbols.length, 2);
    // Benchmark-only first (drawn under the held names), stroked only; then the held ones, filled.
    assert.equal((symbols[0].body.match(/<path/g) ?? []).length, 2);
    assert.ok(!/fill="#/.test(symbols[0].body), 'benchmark-only points are hollow');
    assert.equal((symbols[1].body.match(/fill="#/g) ?? []).length, 3);
    const texts = svgTexts(svg);
    for (const label of ['Score (bp of score)', 'Active weight', 'Sector', 'Energy', 'Financials', 'Active weight against score', '3 held (filled) · 2 benchmark only (hollow)']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('colours by sector in the theme palette, the sectors with most points first', async () => {
    const spec = weightVsScoreChart(WEIGHT_SCORE, DARK_THEME);
    assert.deepEqual([...new Set(values(spec).map((d) => `${d.sectorOrder}:${d.sector}`))].sort(), ['0:Energy', '1:Financials', `2:${XSS}`]);
    const svg = await renderSvg(spec);
    const held = svgMarks(svg).filter((m) => m.type === 'symbol')[1].body;
    assert.ok(held.includes(`fill="${DARK_THEME.categorical[0]}"`) && held.includes(`fill="${DARK_THEME.categorical[2]}"`), held);
    assert.equal(svgBackground(svg), DARK_THEME.background);
  });

  it('falls back to portfolio weight without a benchmark, and can be asked for it', async () => {
    const noBenchmark = WEIGHT_SCORE.map((p) => ({ ...p, activeWeight: null }));
    const spec = weightVsScoreChart(noBenchmark, LIGHT_THEME, { measure: 'active' });
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /No benchmark/);
    assert.deepEqual(values(spec).map((d) => d.value), noBenchmark.map((p) => p.weight));
    assert.ok(svgTexts(await renderSvg(weightVsScoreChart(WEIGHT_SCORE, LIGHT_THEME, { measure: 'weight' }))).includes('Weight against score'));
  });

  it('asks for the canvas renderer above 2,000 points', async () => {
    assert.equal((chartMeta(weightVsScoreChart(WEIGHT_SCORE, LIGHT_THEME)) as RendererMeta).renderer, 'svg');
    const big = weightVsScoreChart(manyPoints(2001), LIGHT_THEME);
    const meta = chartMeta(big) as RendererMeta;
    assert.deepEqual({ name: meta.name, renderer: meta.renderer }, { name: WEIGHT_VS_SCORE_CHART, renderer: 'canvas' });
    // Many points: the tooltip's rows are named for the webview to build on hover.
    assert.deepEqual(meta.tooltip?.map((f) => f.title), ['Stock', 'Name', 'Sector', 'Score (bp of score)', 'Rank', 'Weight', 'Active weight', 'Holding']);
    assert.equal(countSvgItems(await renderSvg(big), 'symbol'), 2001);
    assert.equal((chartMeta(weightVsScoreChart(WEIGHT_SCORE, LIGHT_THEME, { canvasThreshold: 4 })) as RendererMeta).renderer, 'canvas');
  });

  it('hands clicks the stock, with complete tooltips, and leaves out points without a score', async () => {
    const spec = weightVsScoreChart([...WEIGHT_SCORE, { ...WEIGHT_SCORE[0], stock: 'NAN', score: Number.NaN }], LIGHT_THEME);
    assert.equal(chartMeta(spec)?.warnings?.length, 1);
    const clicks = await clickableData(spec);
    assert.deepEqual(clicks.map((d) => d.stock).sort(), WEIGHT_SCORE.map((p) => p.stock).sort());
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Stock === 'AAA'), { Stock: 'AAA', Name: 'Alpha Inc', Sector: 'Energy', 'Score (bp of score)': bp(0.021, false), Rank: '3', Weight: '1.20%', 'Active weight': '+0.80%', Holding: 'held' });
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = weightVsScoreChart(WEIGHT_SCORE, DARK_THEME);
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'Energy', 'AAA', 'Alpha Inc']);
  });
});

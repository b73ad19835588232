import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, factorDeltaChart, renderSvg, type FactorDeltaDatum } from '../../../src/views';
import { bp, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { assertTooltipsComplete, explanation, tooltipsOf } from './tabFixtures';

const values = (spec: unknown) => (spec as { layer: { data: { values: FactorDeltaDatum[] } }[] }).layer[1].data.values;

describe('views/factorDelta', () => {
  it('chains base change + factor changes + residual from 0 and ends at the score change', async () => {
    const spec = factorDeltaChart(explanation(), LIGHT_THEME);
    const steps = values(spec);
    assert.deepEqual(steps.map((d) => [d.label, d.start, d.end]), [
      ['base value', 0, 0.125],
      ['value', 0.125, 0.375],
      ['momentum', 0.375, 0.3125],
      [XSS, 0.3125, 0.34375],
      ['quality', 0.34375, 0.34375],
      ['residual', 0.34375, 0.359375],
      ['score change', 0, 0.359375],
    ]);
    // Each step starts where the last ended, and the last step and the total bar end at the score change.
    steps.slice(1, -1).forEach((d, i) => assert.equal(d.start, steps[i].end));
    assert.equal(steps.at(-2)?.end, 0.359375);
    assert.equal(steps.at(-1)?.end, explanation().scoreChange);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rect'), 7);
    const texts = svgTexts(svg);
    for (const label of ['ACME · Acme Corp', 'Score change = base change + factor changes + residual', bp(0.125), bp(0.25), bp(-0.0625), '0', bp(0.359375), 'score change']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
    assert.ok(!texts.includes('+0'), 'a zero change is written unsigned');
  });

  it('colours steps by sign and the total in the muted colour, by theme', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(factorDeltaChart(explanation(), theme));
      const fills = svgFills(svg, 'rect');
      assert.equal(fills.filter((f) => f === theme.positive).length, 5, JSON.stringify(fills));
      assert.equal(fills.filter((f) => f === theme.negative).length, 1);
      assert.equal(fills.at(-1), theme.mutedForeground);
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('draws a gap between the steps and the score change as "unexplained", with a warning', () => {
    const spec = factorDeltaChart(explanation({ scoreChange: 0.5 }), LIGHT_THEME);
    const steps = values(spec);
    assert.equal(steps.at(-2)?.label, 'unexplained');
    assert.equal(steps.at(-2)?.end, 0.5);
    assert.equal(steps.at(-1)?.end, 0.5);
    assert.equal(chartMeta(spec)?.warnings?.length, 1);
  });

  it('says so when the stock is scored on one side only: its factor levels, from 0 to their sum', async () => {
    const spec = factorDeltaChart(explanation({ basis: 'after-only', scoreChange: null, baseChange: null, residualChange: null }), LIGHT_THEME);
    const steps = values(spec);
    assert.deepEqual(steps.map((d) => d.label), ['value', 'momentum', XSS, 'quality', 'sum after']);
    assert.equal(steps.at(-1)?.end, 0.25 - 0.0625 + 0.03125);
    const texts = svgTexts(await renderSvg(spec));
    assert.ok(texts.includes('Scored after only: factor contributions after, not a change'), JSON.stringify(texts));
    assert.ok(texts.includes('Contribution (bp of score)'));
    const untitled = svgTexts(await renderSvg(factorDeltaChart(explanation({ basis: 'before-only', scoreChange: null }), LIGHT_THEME, { showTitle: false })));
    assert.ok(untitled.includes('Scored before only: factor contributions before, not a change') && !untitled.includes('ACME · Acme Corp'), JSON.stringify(untitled));
    const none = factorDeltaChart(explanation({ basis: 'none', drivers: [] }), LIGHT_THEME);
    assert.equal(chartMeta(none)?.warnings?.length, 1);
  });

  it('hands clicks the factor on factor bars, with formatted tooltips', async () => {
    const spec = factorDeltaChart(explanation(), LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'factor-delta');
    const clicks = await clickableData(spec);
    assert.deepEqual(clicks.filter((d) => d.kind === 'factor').map((d) => d.factor), ['value', 'momentum', XSS, 'quality']);
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Step === 'momentum'), { Step: 'momentum', 'Amount (bp of score)': bp(-0.0625), 'Running total (bp of score)': bp(0.3125) });
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = factorDeltaChart(explanation({ stock: XSS, name: 'Acme' }), DARK_THEME);
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'momentum', 'quality', 'Acme']);
  });
});

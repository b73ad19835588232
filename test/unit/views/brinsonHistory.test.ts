import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, brinsonHistoryChart, chartMeta, countMarks, renderSvg, type BrinsonTermDatum } from '../../../src/views';
import { DATES, MINUS, assertNoDataInExpressions, clickableData, svgBackground, svgFills, svgTexts } from './fixtures';
import { BRINSON, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const segments = (spec: unknown) => (spec as { layer: { data: { values: BrinsonTermDatum[] } }[] }).layer[0].data.values;

describe('views/brinsonHistory', () => {
  it('stacks the terms of each date away from zero, and draws the active return as a line', async () => {
    const spec = brinsonHistoryChart(BRINSON, LIGHT_THEME, { selectedDate: DATES[1] });
    assert.deepEqual(segments(spec).map((d) => [d.date, d.term, d.y0, d.y1]), [
      [DATES[0], 'Allocation', 0, 0.002],
      [DATES[0], 'Selection', 0.002, 0.011],
      [DATES[0], 'Interaction', 0, -0.001],
      [DATES[1], 'Allocation', 0, -0.004],
      [DATES[1], 'Selection', -0.004, -0.012],
      [DATES[1], 'Interaction', 0, 0.002],
    ]);
    assert.deepEqual(await countMarks(spec), { rect: 6, line: 1, symbol: 2, rule: 2 });
    const texts = svgTexts(await renderSvg(spec));
    for (const label of ['Allocation', 'Selection', 'Interaction', 'Active return', 'Brinson attribution over time']) assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
  });

  it('colours the terms in the categorical palette and the active return in the foreground', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(brinsonHistoryChart(BRINSON, theme));
      const fills = svgFills(svg, 'rect');
      for (const k of [0, 1, 2]) assert.equal(fills.filter((f) => f === theme.categorical[k]).length, 2);
      assert.deepEqual(svgFills(svg, 'symbol'), [theme.foreground, theme.foreground]);
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the date, with formatted tooltips, and warns about an unknown date', async () => {
    const spec = brinsonHistoryChart(BRINSON, LIGHT_THEME, { selectedDate: '1999-12-31' });
    assert.equal(chartMeta(spec)?.name, 'brinson-history');
    assert.equal(chartMeta(spec)?.warnings?.length, 1);
    const clicks = await clickableData(spec);
    assert.equal(clicks.length, 8);
    assert.ok(clicks.every((d) => d.date === DATES[0] || d.date === DATES[1]));
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Term === 'Selection' && t.Date === DATES[1]), { Date: DATES[1], Term: 'Selection', Amount: `${MINUS}0.80%`, 'Active return': `${MINUS}1.00%` });
    assert.deepEqual(tips.find((t) => !('Term' in t) && t.Date === DATES[0]), { Date: DATES[0], 'Active return': '+1.00%', 'Portfolio return': '+3.00%', 'Benchmark return': '+2.00%' });
  });

  it('keeps dates out of expressions', () => {
    assertNoDataInExpressions(brinsonHistoryChart(BRINSON, LIGHT_THEME, { selectedDate: DATES[1] }), [DATES[1]]);
  });
});

import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg, turnoverChart } from '../../../src/views';
import { DATES, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { TURNOVER, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

describe('views/turnover', () => {
  it('draws a line and a point per date, the limit and the selected date', async () => {
    const svg = await renderSvg(turnoverChart(TURNOVER, LIGHT_THEME, { limit: 0.25, selectedDate: DATES[2] }));
    assert.equal(countSvgItems(svg, 'symbol'), 3);
    assert.equal(countSvgItems(svg, 'line'), 1);
    // The limit and the selected date.
    assert.equal(countSvgItems(svg, 'rule'), 2);
    const texts = svgTexts(svg);
    for (const label of ['Turnover', 'One-way turnover', 'limit', 'Limit 25% · 1 date above it']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('colours dates above the limit in the negative colour, by theme', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(turnoverChart(TURNOVER, theme, { limit: 0.25 }));
      assert.deepEqual(svgFills(svg, 'symbol'), [theme.positive, theme.negative, theme.positive]);
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the date, formats the tooltip, and warns about an unknown date or a bad limit', async () => {
    const spec = turnoverChart(TURNOVER, LIGHT_THEME, { limit: 0.25, selectedDate: DATES[0] });
    assert.equal(chartMeta(spec)?.name, 'turnover');
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /no turnover/);
    assert.deepEqual((await clickableData(spec)).map((d) => d.date), DATES.slice(1));
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips[1], { Date: DATES[2], Turnover: '30.0%', 'Against the limit': 'breach' });
    const bad = turnoverChart(TURNOVER, LIGHT_THEME, { limit: Number.NaN });
    assert.equal(chartMeta(bad)?.warnings?.length, 1);
    assert.ok(svgTexts(await renderSvg(bad)).includes('No turnover limit set'));
  });

  it('keeps dates out of expressions', () => {
    assertNoDataInExpressions(turnoverChart(TURNOVER, LIGHT_THEME, { limit: 0.25, selectedDate: DATES[2] }), [DATES[2]]);
  });
});

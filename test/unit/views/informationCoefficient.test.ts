import assert from 'node:assert/strict';
import { DARK_THEME, DEFAULT_IC_WINDOW, LIGHT_THEME, chartMeta, countMarks, icChart, renderSvg, type IcDatum } from '../../../src/views';
import { MINUS, XSS, assertEscaped, assertNoDataInExpressions, clickableData, svgBackground, svgFills, svgTexts } from './fixtures';
import { IC, IC_DATES, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const values = (spec: unknown) => (spec as { layer: { data: { values: IcDatum[] } }[] }).layer[0].data.values;

describe('views/informationCoefficient', () => {
  it('draws a rank IC bar per date with an IC, and the trailing mean from the window-th date', async () => {
    const spec = icChart(IC, LIGHT_THEME);
    const data = values(spec);
    assert.equal(data.length, 13, 'the date without an IC is left out');
    assert.equal(DEFAULT_IC_WINDOW, 12);
    assert.deepEqual(data.map((d) => d.rollingMean === undefined), [...new Array(11).fill(true), false, false]);
    const first = data.slice(0, 12).reduce((a, d) => a + d.rankIc, 0) / 12;
    assert.equal(data[11].rollingMean, first);
    assert.deepEqual(await countMarks(spec), { rect: 13, line: 1, rule: 1 });
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /1 date/);
    const texts = svgTexts(await renderSvg(spec));
    assert.ok(texts.includes('Rank IC of the score'));
    assert.ok(texts.some((t) => t.includes('line: 12-date trailing mean')), JSON.stringify(texts));
  });

  it('colours bars by sign in the theme colours, the mean line in the foreground', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(icChart(IC, theme, { window: 3 }));
      const fills = svgFills(svg, 'rect');
      assert.equal(fills.filter((f) => f === theme.negative).length, 3, JSON.stringify(fills));
      assert.equal(fills.filter((f) => f === theme.positive).length, 10);
      assert.ok(svg.includes(`stroke="${theme.foreground}" stroke-width="2"`), 'the trailing mean');
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('shows one factor on request, and the score for an unknown signal or a bad window, with warnings', () => {
    const factor = icChart(IC, LIGHT_THEME, { signal: XSS, window: 2 });
    assert.deepEqual(values(factor).slice(0, 3).map((d) => [d.rankIc, d.rollingMean]), [[-0.01, undefined], [0.01, 0], [-0.01, 0]]);
    assert.deepEqual(chartMeta(factor)?.warnings ?? [], []);
    const unknown = icChart(IC, LIGHT_THEME, { signal: 'nope', window: 0 });
    assert.equal(chartMeta(unknown)?.warnings?.length, 3);
    assert.equal(values(unknown).length, 13);
  });

  it('hands clicks the date, with rank IC, IC and stocks in the tooltip', async () => {
    const spec = icChart(IC, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'rank-ic');
    assert.deepEqual((await clickableData(spec)).map((d) => d.date).sort(), IC_DATES.filter((_, i) => i !== 3));
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Date === IC_DATES[0]), { Date: IC_DATES[0], 'Rank IC': `${MINUS}0.020`, 'IC (Pearson)': '+0.050', Stocks: '1,800' });
    const factorTips = await tooltipsOf(icChart(IC, LIGHT_THEME, { signal: XSS }));
    assertTooltipsComplete(factorTips);
    assert.ok(factorTips.every((t) => !('IC (Pearson)' in t)), 'no Pearson IC where the factor has none');
  });

  it('escapes the factor name in the title and keeps it out of expressions', async () => {
    const spec = icChart(IC, DARK_THEME, { signal: XSS });
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, IC_DATES[1]]);
  });
});

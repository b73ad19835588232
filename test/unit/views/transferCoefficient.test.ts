import assert from 'node:assert/strict';
import type { TransferCoefficientPoint } from '../../../src/model/performance/transferCoefficient';
import { LIGHT_THEME, chartMeta, renderSvg, transferCoefficientChart } from '../../../src/views';
import { DATES, assertNoDataInExpressions, clickableData, countSvgItems, svgTexts } from './fixtures';
import { assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const POINTS: TransferCoefficientPoint[] = [
  { date: DATES[0], stocks: 1873, tc: 0.42 },
  { date: DATES[1], stocks: 1870, tc: 0.38 },
  { date: DATES[2], stocks: 2, tc: null },
  { date: DATES[3], stocks: 1880, tc: 0.46 },
];

describe('views/transferCoefficient', () => {
  it('draws a point per date with a coefficient, the line, the mean and the selected date', async () => {
    const svg = await renderSvg(transferCoefficientChart(POINTS, LIGHT_THEME, { selectedDate: DATES[1] }));
    assert.equal(countSvgItems(svg, 'symbol'), 3);
    assert.equal(countSvgItems(svg, 'line'), 1);
    assert.equal(countSvgItems(svg, 'rule'), 2);
    const texts = svgTexts(svg);
    // Mean of .42, .38 and .46.
    for (const label of ['Transfer coefficient', 'mean 0.42', 'corr(active weight, score)']) assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
  });

  it('hands clicks the date, formats the tooltip, and warns about the dates left out', async () => {
    const spec = transferCoefficientChart(POINTS, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'transfer-coefficient');
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /1 date\(s\) without a transfer coefficient/);
    assert.deepEqual((await clickableData(spec)).map((d) => d.date), [DATES[0], DATES[1], DATES[3]]);
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips[0], { Date: DATES[0], 'Transfer coefficient': '0.420', 'Scored stocks': '1,873' });
    assertNoDataInExpressions(transferCoefficientChart(POINTS, LIGHT_THEME, { selectedDate: DATES[1] }), [DATES[1]]);
  });
});

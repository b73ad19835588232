import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, quantileChart, renderSvg } from '../../../src/views';
import { MINUS, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { QUANTILES, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

describe('views/quantileReturns', () => {
  it('draws a labelled bar per quintile, lowest scores left, with the spread in the subtitle', async () => {
    const svg = await renderSvg(quantileChart(QUANTILES, LIGHT_THEME));
    assert.equal(countSvgItems(svg, 'rect'), 5);
    const texts = svgTexts(svg);
    const order = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'].map((q) => texts.indexOf(q));
    assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), JSON.stringify(texts));
    for (const label of [`${MINUS}1.00%`, '+0.20%', '+1.20%', 'Mean forward return by score quintile', 'Top − bottom spread +2.20% per period, averaged over 2 dates', 'Score quintile, lowest to highest']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('colours bars by sign, by theme', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(quantileChart(QUANTILES, theme));
      assert.deepEqual(svgFills(svg, 'rect'), [theme.negative, theme.positive, theme.positive, theme.positive, theme.positive]);
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the bucket, with the mean and the average count in the tooltip', async () => {
    const spec = quantileChart(QUANTILES, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'quantile-returns');
    assert.deepEqual((await clickableData(spec)).map((d) => d.bucket), [0, 1, 2, 3, 4]);
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips[2], { Bucket: 'Q3', 'Mean forward return': '+0.50%', 'Stocks (average)': '101', Dates: '2' });
  });

  it('names deciles, leaves out empty buckets with a warning, and says when there is no spread', async () => {
    const deciles = { ...QUANTILES, buckets: 10, averageMeans: [...QUANTILES.averageMeans, null, 0.01, 0.01, 0.01, 0.01], averageSpread: null };
    const spec = quantileChart(deciles, LIGHT_THEME);
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /1 bucket/);
    const texts = svgTexts(await renderSvg(spec));
    assert.ok(texts.includes('Mean forward return by score decile'));
    assert.ok(texts.includes('No spread: the top or bottom bucket is empty'));
  });

  it('keeps data out of expressions', () => {
    assertNoDataInExpressions(quantileChart(QUANTILES, LIGHT_THEME), ['Q1', 'Q3']);
  });
});

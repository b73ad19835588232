import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, countMarks, renderSvg, stockHistoryChart } from '../../../src/views';
import { DATES, STOCK_HISTORY, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgTexts } from './fixtures';

describe('views/stockHistory', () => {
  it('stacks the score over portfolio and benchmark weights, with the selected date in both', async () => {
    const spec = stockHistoryChart(STOCK_HISTORY, LIGHT_THEME, { selectedDate: '2024-03-29' });
    assert.ok('vconcat' in spec);
    const svg = await renderSvg(spec);
    // score line + portfolio line + benchmark line
    assert.equal(countSvgItems(svg, 'line'), 3);
    assert.equal(countSvgItems(svg, 'rule'), 2);
    const texts = svgTexts(svg);
    for (const label of ['Score (bp of score)', 'Weight', 'Portfolio', 'Benchmark', '0.6%']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
    assert.deepEqual(await countMarks(spec), { rule: 2, line: 3 });
    assert.equal(chartMeta(spec)?.name, 'stock-history');
  });

  it('draws the benchmark dashed in the muted colour and follows the theme', async () => {
    const svg = await renderSvg(stockHistoryChart(STOCK_HISTORY, DARK_THEME, {}));
    assert.ok(new RegExp(`<path[^>]*stroke="${DARK_THEME.mutedForeground}"[^>]*stroke-dasharray="5,3"`).test(svg));
    assert.equal(svgBackground(svg), DARK_THEME.background);
  });

  it('shows only the portfolio without benchmark weights', async () => {
    const history = STOCK_HISTORY.map((p) => ({ ...p, benchmarkWeight: null }));
    const svg = await renderSvg(stockHistoryChart(history, LIGHT_THEME, {}));
    assert.equal(countSvgItems(svg, 'line'), 2);
    assert.ok(!svgTexts(svg).includes('Benchmark'));
  });

  it('draws a single date as points', async () => {
    const spec = stockHistoryChart([{ ...STOCK_HISTORY[0], date: 'snapshot' }], LIGHT_THEME, { selectedDate: 'snapshot' });
    assert.deepEqual(await countMarks(spec), { symbol: 3 });
  });

  it('hands clicks the ISO date string', async () => {
    const data = await clickableData(stockHistoryChart(STOCK_HISTORY, LIGHT_THEME, {}));
    assert.deepEqual([...new Set(data.map((d) => d.date))].sort(), DATES);
  });

  it('keeps dates out of expressions', () => {
    assertNoDataInExpressions(stockHistoryChart(STOCK_HISTORY, LIGHT_THEME, { selectedDate: '2024-03-29' }), ['2024-03-29']);
  });
});

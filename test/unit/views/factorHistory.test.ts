import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, countMarks, factorHistoryChart, renderSvg } from '../../../src/views';
import { DATES, FACTOR_HISTORY, XSS, clickableData, assertEscaped, assertNoDataInExpressions, countSvgItems, svgBackground, svgTexts } from './fixtures';

describe('views/factorHistory', () => {
  it('draws one line per factor on a time axis, with a rule at the selected date', async () => {
    const spec = factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'portfolio', selectedDate: '2024-02-29' });
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'line'), 3);
    // The zero rule and the selected date's rule.
    assert.equal(countSvgItems(svg, 'rule'), 2);
    const texts = svgTexts(svg);
    for (const label of ['value', 'momentum', 'Portfolio attribution (bp of score)', 'March']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
    assert.deepEqual(await countMarks(spec), { rule: 2, line: 3 });
  });

  it('colours lines from the theme palette, in factor order', async () => {
    const svg = await renderSvg(factorHistoryChart(FACTOR_HISTORY, DARK_THEME, { measure: 'portfolio' }));
    const strokes = [...svg.matchAll(/class="mark-line role-mark[^"]*"[^>]*><path[^>]*stroke="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(strokes.sort(), DARK_THEME.categorical.slice(0, 3).sort());
    assert.equal(svgBackground(svg), DARK_THEME.background);
  });

  it('leaves out null active points with a warning', async () => {
    const spec = factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'active' });
    assert.equal(countSvgItems(await renderSvg(spec), 'line'), 2);
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /4 point/);
  });

  it('draws a snapshot without dates as points', async () => {
    const snapshot = FACTOR_HISTORY.filter((p) => p.date === '2024-01-31').map((p) => ({ ...p, date: 'snapshot' }));
    const spec = factorHistoryChart(snapshot, LIGHT_THEME, { measure: 'portfolio', selectedDate: 'snapshot' });
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'symbol'), 3);
    assert.ok(svgTexts(svg).includes('snapshot'));
    assert.equal(chartMeta(spec)?.warnings, undefined);
  });

  it('hands clicks the factor and the ISO date string', async () => {
    const data = await clickableData(factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'portfolio' }));
    assert.equal(data.length, 12);
    assert.deepEqual([...new Set(data.map((d) => d.date))].sort(), DATES);
    assert.deepEqual([...new Set(data.map((d) => d.factor))].sort(), ['momentum', 'value', XSS].sort());
  });

  it('warns about a selected date not in the data', () => {
    const spec = factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'portfolio', selectedDate: '1999-12-31' });
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /not in the history/);
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'portfolio', selectedDate: '2024-03-29' });
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'momentum', '2024-03-29']);
  });
});

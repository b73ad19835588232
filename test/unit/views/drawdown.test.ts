import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, countMarks, drawdownChart, renderSvg } from '../../../src/views';
import { DATES, MINUS, assertNoDataInExpressions, clickableData, svgBackground, svgMarks, svgTexts } from './fixtures';
import { PERFORMANCE_POINTS, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

describe('views/drawdown', () => {
  it('draws the active drawdown as an area under zero and names the deepest point', async () => {
    const deepest = Math.min(...PERFORMANCE_POINTS.map((p) => p.activeDrawdown as number));
    assert.ok(deepest < 0);
    const spec = drawdownChart(PERFORMANCE_POINTS, LIGHT_THEME);
    assert.deepEqual(await countMarks(spec), { area: 1, line: 1, rule: 1 });
    const svg = await renderSvg(spec);
    const texts = svgTexts(svg);
    assert.ok(texts.includes('Active drawdown'));
    assert.ok(texts.some((t) => t.startsWith(`Deepest ${MINUS}${(-deepest * 100).toFixed(1)}% through ${DATES[3]}`)), JSON.stringify(texts));
  });

  it('fills the area in the theme\'s negative colour', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(drawdownChart(PERFORMANCE_POINTS, theme));
      const area = svgMarks(svg).find((m) => m.type === 'area')?.body ?? '';
      assert.ok(area.includes(`fill="${theme.negative}"`), area);
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the date, with formatted tooltips', async () => {
    const spec = drawdownChart(PERFORMANCE_POINTS, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'active-drawdown');
    assert.deepEqual((await clickableData(spec)).map((d) => d.date), DATES);
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(Object.keys(tips[0]), ['Through', 'Active drawdown', 'Cumulative active']);
    assert.equal(tips[0]['Active drawdown'], '0.00%');
  });

  it('warns without a benchmark and draws no area', async () => {
    const spec = drawdownChart(PERFORMANCE_POINTS.map((p) => ({ ...p, activeDrawdown: null, cumulativeActive: null })), LIGHT_THEME);
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /No benchmark/);
    assert.deepEqual(await countMarks(spec), { rule: 1 });
  });

  it('keeps dates out of expressions', () => {
    assertNoDataInExpressions(drawdownChart(PERFORMANCE_POINTS, LIGHT_THEME), [DATES[1]]);
  });
});

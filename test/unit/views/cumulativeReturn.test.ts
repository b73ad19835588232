import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, countMarks, cumulativeReturnChart, renderSvg, type CumulativeReturnDatum } from '../../../src/views';
import { DATES, MINUS, assertNoDataInExpressions, clickableData, svgBackground, svgMarks, svgTexts } from './fixtures';
import { PERFORMANCE_POINTS, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const values = (spec: unknown) => (spec as { layer: { data: { values: CumulativeReturnDatum[] } }[] }).layer[1].data.values;

describe('views/cumulativeReturn', () => {
  it('draws portfolio, benchmark and active lines from 0, each value at its period\'s end', async () => {
    const spec = cumulativeReturnChart(PERFORMANCE_POINTS, LIGHT_THEME);
    const active = values(spec).filter((d) => d.series === 'Active');
    assert.equal(active.length, 5, 'the origin and four periods');
    assert.equal(active[0].value, 0);
    assert.equal(active[0].time, Date.parse(DATES[0]));
    assert.equal(active[1].timeEnd, Date.parse(DATES[1]));
    assert.equal(active.at(-1)?.value, PERFORMANCE_POINTS.at(-1)?.cumulativeActive);
    assert.equal((await countMarks(spec)).line, 3);
    const svg = await renderSvg(spec);
    const texts = svgTexts(svg);
    for (const label of ['Portfolio', 'Benchmark', 'Active', 'Cumulative return']) assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    const last = PERFORMANCE_POINTS.at(-1);
    assert.ok(texts.some((t) => t.includes(`portfolio +${((last?.cumulativePortfolio ?? 0) * 100).toFixed(1)}%`)), JSON.stringify(texts));
  });

  it('colours the lines by theme: portfolio and active in the palette, benchmark dashed and muted', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(cumulativeReturnChart(PERFORMANCE_POINTS, theme));
      const lines = svgMarks(svg).filter((m) => m.type === 'line').map((m) => m.body).join('');
      assert.ok(lines.includes(`stroke="${theme.categorical[0]}"`), 'portfolio');
      assert.ok(lines.includes(`stroke="${theme.categorical[1]}"`), 'active');
      assert.match(lines, new RegExp(`stroke="${theme.mutedForeground}"[^>]*stroke-dasharray="5,3"`), 'benchmark');
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the date, one hover point per series and period, with formatted tooltips', async () => {
    const spec = cumulativeReturnChart(PERFORMANCE_POINTS, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'cumulative-return');
    const clicks = await clickableData(spec);
    assert.equal(clicks.length, 12);
    assert.deepEqual([...new Set(clicks.map((d) => d.date))].sort(), DATES);
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Series === 'Portfolio' && t['Period from'] === DATES[1]), {
      Series: 'Portfolio', Through: DATES[2], 'Cumulative return': `${MINUS}1.06%`, 'Period from': DATES[1], 'Period return': `${MINUS}3.00%`,
    });
  });

  it('draws the portfolio alone without a benchmark', async () => {
    const alone = PERFORMANCE_POINTS.map((p) => ({ ...p, benchmark: null, active: null, cumulativeBenchmark: null, cumulativeActive: null, activeDrawdown: null }));
    assert.equal((await countMarks(cumulativeReturnChart(alone, LIGHT_THEME))).line, 1);
    const svg = await renderSvg(cumulativeReturnChart(alone, LIGHT_THEME));
    assert.ok(!svgTexts(svg).includes('Benchmark'));
  });

  it('keeps dates out of expressions', () => {
    assertNoDataInExpressions(cumulativeReturnChart(PERFORMANCE_POINTS, LIGHT_THEME), [DATES[1], 'Portfolio return']);
  });
});

import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, brinsonChart, chartMeta, renderSvg } from '../../../src/views';
import { DATES, MINUS, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { BRINSON, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

describe('views/brinson', () => {
  it('draws the three terms per sector summed over the run, with a tick at each total', async () => {
    const spec = brinsonChart(BRINSON, LIGHT_THEME);
    const svg = await renderSvg(spec);
    // Energy: 3 terms; the untrusted sector: 2 (selection is 0); 2 total ticks.
    assert.equal(countSvgItems(svg, 'rect'), 7);
    const texts = svgTexts(svg);
    for (const label of ['Energy', 'Allocation', 'Selection', 'Interaction', '+0.20%', `${MINUS}0.20%`, 'Brinson attribution, sum over the run', `2 dates: allocation ${MINUS}0.20% · selection +0.10% · interaction +0.10%`]) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('draws one date\'s terms when asked, and the totals with a warning for an unknown date', async () => {
    const spec = brinsonChart(BRINSON, LIGHT_THEME, { date: DATES[1] });
    const texts = svgTexts(await renderSvg(spec));
    assert.ok(texts.includes(`Brinson attribution, ${DATES[1]}`));
    assert.ok(texts.includes(`Active ${MINUS}1.00% = allocation ${MINUS}0.40% · selection ${MINUS}0.80% · interaction +0.20%`), JSON.stringify(texts));
    assert.equal(countSvgItems(await renderSvg(spec), 'rect'), 8);
    const unknown = brinsonChart(BRINSON, LIGHT_THEME, { date: '1999-12-31' });
    assert.match(chartMeta(unknown)?.warnings?.[0] ?? '', /totals over the run/);
  });

  it('colours the terms in the theme\'s first three categorical colours', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(brinsonChart(BRINSON, theme, { date: DATES[0] }));
      const fills = svgFills(svg, 'rect');
      for (const k of [0, 1, 2]) assert.equal(fills.filter((f) => f === theme.categorical[k]).length, 2, `term ${k}: ${JSON.stringify(fills)}`);
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the sector, with formatted tooltips', async () => {
    const spec = brinsonChart(BRINSON, LIGHT_THEME, { date: DATES[0] });
    assert.equal(chartMeta(spec)?.name, 'brinson-attribution');
    const clicks = await clickableData(spec);
    assert.deepEqual([...new Set(clicks.map((d) => d.sector))].sort(), ['Energy', XSS].sort());
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Sector === 'Energy' && t.Term === 'Selection'), { Sector: 'Energy', Term: 'Selection', Amount: '+0.50%', 'Active return contribution': '+0.70%' });
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = brinsonChart(BRINSON, DARK_THEME, { date: DATES[0] });
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'Energy', DATES[0]]);
  });
});

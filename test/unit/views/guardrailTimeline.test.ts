import assert from 'node:assert/strict';
import { DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME, chartMeta, countMarks, guardrailTimeline, renderSvg, type GuardrailCellDatum } from '../../../src/views';
import { passColor } from '../../../src/views/guardrailTimeline';
import { DATES, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { GUARDRAILS, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

describe('views/guardrailTimeline', () => {
  it('draws one cell per guardrail and date, guardrails in the manifest order', async () => {
    const svg = await renderSvg(guardrailTimeline(GUARDRAILS, LIGHT_THEME));
    assert.equal(countSvgItems(svg, 'rect'), 13);
    const texts = svgTexts(svg);
    const rows = ['Sector active weight', 'Single-name weight', 'Turnover', 'Tracking error'].map((r) => texts.indexOf(r));
    assert.ok(rows.every((i) => i >= 0) && rows.every((r, i) => i === 0 || r > rows[i - 1]), JSON.stringify(texts));
    for (const label of ['pass', 'breach', 'not checked', 'Guardrails', 'Breached on 1 date']) assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
  });

  it('colours pass, breach and not checked by theme, and outlines breaches', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME, HIGH_CONTRAST_THEME]) {
      const svg = await renderSvg(guardrailTimeline(GUARDRAILS, theme));
      const fills = svgFills(svg, 'rect');
      assert.equal(fills.filter((f) => f === passColor(theme)).length, 11, JSON.stringify(fills));
      assert.equal(fills.filter((f) => f === theme.negative).length, 1);
      assert.equal(fills.filter((f) => f === theme.gridColor).length, 1);
      assert.equal((svg.match(new RegExp(`stroke="${theme.foreground}" stroke-width="1.5"`, 'g')) ?? []).length, 1);
      assert.equal(svgBackground(svg), theme.background);
    }
    assert.equal(passColor(LIGHT_THEME), '#81bcff', 'the light theme\'s positive colour, 45% towards white');
  });

  it('hands clicks the date and guardrail, with the worst value and limit in the tooltip', async () => {
    const spec = guardrailTimeline(GUARDRAILS, LIGHT_THEME, { selectedDate: DATES[2] });
    assert.equal(chartMeta(spec)?.name, 'guardrail-timeline');
    const clicks = (await clickableData(spec)) as unknown as GuardrailCellDatum[];
    assert.equal(clicks.length, 13);
    assert.ok(clicks.every((d) => DATES.includes(d.date) && typeof d.guardrail === 'string'));
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Status === 'breach'), { Date: DATES[2], Guardrail: 'Sector active weight', Status: 'breach', Worst: XSS, 'Worst active weight': '+5.60%', Limit: '5.00%', Breaches: '1' });
    assert.deepEqual(tips.find((t) => String(t.Status).startsWith('not checked')), { Date: DATES[0], Guardrail: 'Turnover', Status: 'not checked: first date', Limit: '25.00%' });
    assert.deepEqual(tips.find((t) => t.Guardrail === 'Tracking error'), { Date: DATES[3], Guardrail: 'Tracking error', Status: 'pass', Worst: 'portfolio', 'Worst value': '3.10%', Limit: '4.00%', Breaches: '0' });
    // The selected date's rule.
    assert.equal(countSvgItems(await renderSvg(spec), 'rule'), 1);
  });

  it('warns about an unknown selected date and says when no guardrail is set', async () => {
    const spec = guardrailTimeline(GUARDRAILS, LIGHT_THEME, { selectedDate: '1999-01-01' });
    assert.equal(chartMeta(spec)?.warnings?.length, 1);
    const none = guardrailTimeline({ checks: [], summary: [], pass: null }, LIGHT_THEME);
    assert.deepEqual(await countMarks(none), {});
    const empty = await renderSvg(none);
    assert.ok(svgTexts(empty).includes('No guardrail set in the manifest'));
  });

  it('escapes names and keeps them and dates out of expressions', async () => {
    const spec = guardrailTimeline(GUARDRAILS, DARK_THEME, { selectedDate: DATES[2] });
    // The worst name is only in tooltips: check the datum, not the SVG text.
    assertNoDataInExpressions(spec, [XSS, DATES[2], 'Energy', 'BIG']);
    assertEscaped((await renderSvg(spec)).replace('</svg>', `<text>${XSS.replace('<', '&lt;')}</text></svg>`));
  });
});

import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, activeWeightLimitsChart, chartMeta, renderSvg, type ActiveLimitDatum } from '../../../src/views';
import { MINUS, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { GROUP_ACTIVE, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const bars = (spec: unknown) => (spec as { layer: { data?: { values: ActiveLimitDatum[] } }[] }).layer.find((l) => l.data?.values?.[0] && 'group' in l.data.values[0])?.data?.values ?? [];

describe('views/activeWeightLimits', () => {
  it('draws one bar per group with an active weight, largest overweight first, over the ±limit band', async () => {
    const spec = activeWeightLimitsChart(GROUP_ACTIVE, LIGHT_THEME, { groupTitle: 'Sector' });
    assert.deepEqual(bars(spec).map((d) => [d.group, d.status]), [
      ['Consumer Staples', 'breach'],
      [XSS, 'within'],
      ['Industrials', 'within'],
      ['Energy', 'breach'],
    ]);
    const svg = await renderSvg(spec);
    // 4 bars + the band; the zero rule and the two limit edges.
    assert.equal(countSvgItems(svg, 'rect'), 5);
    assert.equal(countSvgItems(svg, 'rule'), 3);
    const texts = svgTexts(svg);
    for (const label of ['Consumer Staples', 'Energy', '+5.60%', `${MINUS}6.00%`, '+1.00%', 'Sector active weights', 'Limit ±5.0% · 2 breaches']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('colours breaches in the negative colour, outlined, and the rest in the positive colour', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(activeWeightLimitsChart(GROUP_ACTIVE, theme, { groupTitle: 'Sector' }));
      const fills = svgFills(svg, 'rect');
      assert.equal(fills.filter((f) => f === theme.negative).length, 2, JSON.stringify(fills));
      assert.equal(fills.filter((f) => f === theme.positive).length, 2, JSON.stringify(fills));
      assert.equal(fills.filter((f) => f === theme.gridColor).length, 1, 'the band');
      assert.equal((svg.match(new RegExp(`stroke="${theme.foreground}" stroke-width="1.5"`, 'g')) ?? []).length, 2, 'breaches outlined');
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the group, formats tooltips, and warns about groups without a benchmark', async () => {
    const spec = activeWeightLimitsChart(GROUP_ACTIVE, LIGHT_THEME, { groupTitle: 'Country' });
    assert.equal(chartMeta(spec)?.name, 'country-active-limits');
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /1 country row/);
    const clicks = await clickableData(spec);
    assert.deepEqual(clicks.map((d) => d.group).sort(), ['Consumer Staples', 'Energy', 'Industrials', XSS].sort());
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Country === 'Energy'), {
      Country: 'Energy', 'Active weight': `${MINUS}6.00%`, 'Portfolio weight': '2.00%', 'Benchmark weight': '8.00%', 'Limit (±)': '5.00%', Status: 'breach', Holdings: '5',
    });
  });

  it('draws bars only without a limit, and nothing but the zero line without a benchmark', async () => {
    const noLimit = GROUP_ACTIVE.map((g) => ({ ...g, limit: null, breach: false }));
    const svg = await renderSvg(activeWeightLimitsChart(noLimit, LIGHT_THEME, { groupTitle: 'Region' }));
    assert.equal(countSvgItems(svg, 'rect'), 4);
    assert.equal(countSvgItems(svg, 'rule'), 1);
    assert.ok(svgTexts(svg).includes('No limit set for this grouping'));
    const none = activeWeightLimitsChart(GROUP_ACTIVE.map((g) => ({ ...g, active: null, benchmark: null })), LIGHT_THEME, { groupTitle: 'Sector' });
    assert.match(chartMeta(none)?.warnings?.[0] ?? '', /No benchmark/);
    assert.equal(countSvgItems(await renderSvg(none), 'rect'), 0);
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = activeWeightLimitsChart(GROUP_ACTIVE, DARK_THEME, { groupTitle: 'Sector' });
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'Consumer Staples', 'Energy']);
  });
});

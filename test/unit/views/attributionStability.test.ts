import assert from 'node:assert/strict';
import type { StabilityPoint } from '../../../src/model/stability/attributionStability';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg, stabilityChart } from '../../../src/views';
import { DATES, XSS, assertNoDataInExpressions, clickableData, countSvgItems, svgFills, svgTexts } from './fixtures';
import { assertTooltipsComplete, tooltipsOf } from './tabFixtures';

/** Four dates: the first has no previous date; the third falls to 0.55 against the previous one. */
const POINTS: StabilityPoint[] = [
  { date: DATES[0], previous: null, baseline: 0.91, baselineDate: DATES[0], effectiveFeatures: 12.5, movers: [] },
  { date: DATES[1], previous: 0.97, baseline: 0.9, baselineDate: DATES[1], effectiveFeatures: 12.1, movers: [{ feature: 'mom_3_1', rankBefore: 9, rankAfter: 4 }] },
  { date: DATES[2], previous: 0.55, baseline: 0.8, baselineDate: DATES[1], effectiveFeatures: 8.4, movers: [{ feature: XSS, rankBefore: 20, rankAfter: 2 }, { feature: 'bp', rankBefore: 1, rankAfter: 6 }] },
  { date: DATES[3], previous: 0.95, baseline: 0.88, baselineDate: DATES[3], effectiveFeatures: 11.9, movers: [] },
];

describe('views/attributionStability', () => {
  it('draws a point per date and comparison, a line each, the minimum and the selected date', async () => {
    const svg = await renderSvg(stabilityChart(POINTS, LIGHT_THEME, { limit: 0.7, baselineName: 'v6', selectedDate: DATES[2] }));
    assert.equal(countSvgItems(svg, 'symbol'), 3 + 4, 'three previous-date points, four baseline points');
    assert.equal(countSvgItems(svg, 'line'), 2);
    assert.equal(countSvgItems(svg, 'rule'), 2);
    const texts = svgTexts(svg);
    for (const label of ['Attribution stability', 'Minimum 0.7 · 1 point below it', 'minimum', 'previous date', 'baseline v6', 'Rank correlation of importance']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('colours the points below the minimum in the negative colour, by theme', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(stabilityChart(POINTS, theme, { limit: 0.7 }));
      const fills = svgFills(svg, 'symbol');
      assert.equal(fills.filter((f) => f === theme.negative).length, 1, JSON.stringify(fills));
    }
  });

  it('hands clicks the date and names the compared date, the concentration and the rank moves in the tooltip', async () => {
    const spec = stabilityChart(POINTS, LIGHT_THEME, { limit: 0.7, baselineName: 'v6' });
    assert.equal(chartMeta(spec)?.name, 'attribution-stability');
    assert.deepEqual([...new Set((await clickableData(spec)).map((d) => d.date))].sort(), DATES);
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    const fall = tips.find((t) => t.Date === DATES[2] && t.Against === 'previous date');
    assert.deepEqual(fall, {
      Date: DATES[2],
      Against: 'previous date',
      'Compared with': DATES[1],
      'Rank correlation': '0.550',
      'Effective features': '8.4',
      'Largest rank moves': `${XSS} 20→2, bp 1→6`,
    });
    assert.equal(tips.find((t) => t.Date === DATES[2] && t.Against === 'baseline v6')?.['Compared with'], DATES[1]);
  });

  it('warns about a bad minimum and an unknown date, and keeps names and dates out of expressions', async () => {
    const bad = stabilityChart(POINTS, LIGHT_THEME, { limit: 3, selectedDate: '1999-01-01' });
    assert.equal(chartMeta(bad)?.warnings?.length, 2);
    assert.ok(svgTexts(await renderSvg(bad)).some((t) => t.includes('no minimum set')));
    assert.ok(!(await renderSvg(stabilityChart(POINTS, LIGHT_THEME))).includes('<img'));
    assertNoDataInExpressions(stabilityChart(POINTS, LIGHT_THEME, { limit: 0.7, selectedDate: DATES[1] }), [DATES[1], XSS]);
  });
});

import assert from 'node:assert/strict';
import type { IcDecay } from '../../../src/model/signals/icDecay';
import { LIGHT_THEME, chartMeta, icDecayChart, renderSvg } from '../../../src/views';
import { assertNoDataInExpressions, clickableData, countSvgItems, svgTexts, XSS } from './fixtures';
import { assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const h = (horizon: string, periods: number, icMean: number | null, tstat: number | null) => ({ horizon, periods, icMean, tstat, dates: 59, lags: Math.max(3, periods - 1) });

/** Half of 0.06 is 0.03, between 0.04 at 3 and 0.02 at 6: a half-life of 4.5 months. */
const DECAY: IcDecay = {
  frequency: 'monthly',
  horizons: [h('1m', 1, 0.06, 3), h('3m', 3, 0.04, 2), h('6m', 6, 0.02, 1), h('12m', 12, null, null)],
  halfLife: 4.5,
  factors: [{ signal: XSS, horizons: [h('1m', 1, 0.01, 1), h('3m', 3, 0.012, 1), h('6m', 6, 0.011, 1), h('12m', 12, 0.009, 0.5)], halfLife: 'not reached' }],
};

describe('views/icDecay', () => {
  it('draws a point per horizon with an IC, the line, whiskers and the half-life marked', async () => {
    const svg = await renderSvg(icDecayChart(DECAY, LIGHT_THEME));
    assert.equal(countSvgItems(svg, 'symbol'), 4, 'three horizons and the half-life diamond');
    assert.equal(countSvgItems(svg, 'line'), 1);
    // Zero, half of the first IC, the half-life, and three whiskers.
    assert.equal(countSvgItems(svg, 'rule'), 6);
    const texts = svgTexts(svg);
    for (const label of ['IC decay', 'half-life 4.5 months', 'Return horizon (months)', 'Mean rank IC']) assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
  });

  it('labels the horizon axis with each horizon\'s length, never rounded to a tick step', async () => {
    // A tick format without a precision is rounded to the step of the ticks (12 printed as 10).
    const wide: IcDecay = { ...DECAY, horizons: [h('5d', 5 / 21, 0.05, 2), h('1m', 1, 0.04, 2), h('6m', 6, 0.03, 1), h('12m', 12, 0.02, 1)], halfLife: 3.5 };
    // Labels that would overlap are dropped (vega's overlap rule), but none is misprinted.
    for (const width of [200, 560, 900]) {
      const texts = svgTexts(await renderSvg(icDecayChart(wide, LIGHT_THEME), { width }));
      assert.ok(texts.includes('12') && texts.includes('0.238') && !texts.includes('10'), `width ${width}: ${JSON.stringify(texts)}`);
    }
  });

  it('says when a factor\'s IC never halves, hands clicks the horizon, and formats the tooltip', async () => {
    const spec = icDecayChart(DECAY, LIGHT_THEME, { signal: XSS });
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'symbol'), 4);
    assert.ok(svgTexts(svg).some((t) => t.includes('half-life not reached by 12m')));
    assert.deepEqual((await clickableData(icDecayChart(DECAY, LIGHT_THEME))).map((d) => d.horizon), ['1m', '3m', '6m']);
    const tips = await tooltipsOf(icDecayChart(DECAY, LIGHT_THEME));
    assertTooltipsComplete(tips);
    // se = 0.06 / 3 = 0.02 (the whisker), t shown as given.
    assert.deepEqual(tips[0], { Horizon: '1m', 'Mean rank IC': '+0.060', 't (Newey-West)': '3.00', Lags: '3', Dates: '59' });
    assert.match(chartMeta(icDecayChart(DECAY, LIGHT_THEME))?.warnings?.[0] ?? '', /1 horizon\(s\) without a rank IC/);
    assert.match(chartMeta(icDecayChart(DECAY, LIGHT_THEME, { signal: 'nope' }))?.warnings?.[0] ?? '', /Unknown signal "nope"/);
    assertNoDataInExpressions(spec, [XSS, '12m']);
  });
});

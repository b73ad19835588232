import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { compareDates } from '../../../../src/model/compare/compareDates';
import { commonDates, compareRuns } from '../../../../src/model/compare/compareRuns';
import { explainChange, explainEntriesAndExits } from '../../../../src/model/compare/explainChange';
import { InputError } from '../../../../src/model/errors';
import { filterMasks } from '../../../../src/model/engine/filters';
import { oneWayTurnover } from '../../../../src/model/engine/overview';
import { NO_FILTERS } from '../../../../src/model/types';
import { DATES, HAND } from '../fixtures';
import { close, panelFrom } from '../performance/panelFixture';
import { assertScoreIdentity } from './scoreIdentity';

const FACTORS = { value: ['v1', 'v2'], momentum: ['m1'] };
const hand = () => panelFrom({ contributions: HAND.contributions(), weights: HAND.weights(), securities: HAND.securities(), factors: FACTORS });

describe('compareDates', () => {
  it('finds the names that entered and left', () => {
    // Date 1: A .4, B .3, C .3, D 0; date 2: A .5, B .2, C 0, D .3
    const c = compareDates(hand(), DATES.D2);
    assert.deepEqual(c.before, { label: DATES.D1, date: DATES.D1 });
    assert.deepEqual(c.after, { label: DATES.D2, date: DATES.D2 });
    assert.deepEqual(c.entered, ['D']);
    assert.deepEqual(c.left, ['C']);
    const status = Object.fromEntries(c.stocks.map((s) => [s.stock, s.status]));
    assert.deepEqual(status, { A: 'held', B: 'held', C: 'left', D: 'entered' });
  });

  it('orders weight changes largest first, ties by the larger score change', () => {
    const c = compareDates(hand(), DATES.D2);
    // C and D both move .3; C's score falls .02, D's .015
    assert.deepEqual(c.stocks.map((s) => s.stock).slice(0, 2), ['C', 'D']);
    assert.deepEqual(new Set(c.stocks.map((s) => s.stock).slice(2)), new Set(['A', 'B']));
    close(c.stocks[0].weightChange, -0.3);
    close(c.turnover, 0.4, 'turnover');
  });

  it('splits a score change by factor, base value and residual, exactly', () => {
    const c = compareDates(hand(), DATES.D2);
    assert.deepEqual(c.factors, ['value', 'momentum']);
    const d = c.stocks.find((s) => s.stock === 'D');
    // D: date 1 value .03 - .01 = .02, momentum 0, score .03 (off by -.005); date 2 value .01, score .015
    close(d?.scoreChange, -0.015, 'score change');
    close(d?.baseChange, 0, 'base change');
    close(d?.factorChanges?.[0], -0.01, 'value change');
    close(d?.factorChanges?.[1], 0, 'momentum change');
    close(d?.residualChange, -0.005, 'residual change: date 1 failed the integrity check by .005');
    const a = c.stocks.find((s) => s.stock === 'A');
    // A: value .03 -> .01, momentum -.01 -> 0, score .025 -> .015
    close(a?.factorChanges?.[0], -0.02);
    close(a?.factorChanges?.[1], 0.01);
    close(a?.residualChange, 0);
    assert.equal(assertScoreIdentity(c), 4);
  });

  it('gives ranks and rank changes (positive = climbed)', () => {
    const c = compareDates(hand(), DATES.D2);
    const d = c.stocks.find((s) => s.stock === 'D');
    // date 1 scores A .025, B .015, C .025, D .03: D first; date 2 A .015, B .005, C .005, D .015: D second
    assert.equal(d?.rankBefore, 1);
    assert.equal(d?.rankAfter, 2);
    assert.equal(d?.rankChange, -1);
  });

  it('splits the change in factor exposure into trading and signal drift', () => {
    const c = compareDates(hand(), DATES.D2);
    const value = c.exposure.find((e) => e.factor === 'value');
    // before .4*.03 + .3*(-.02) + .3*.01 = .009; after .5*.01 + .2*(-.01) + .3*.01 = .006
    close(value?.before, 0.009);
    close(value?.after, 0.006);
    // trading: .1*.01 + (-.1)(-.01) + (-.3)*0 + .3*.01 = .005; drift: .4*(-.02) + .3*.01 + .3*(-.01) = -.008
    close(value?.fromWeights, 0.005);
    close(value?.fromSignals, -0.008);
    for (const e of c.exposure) close(e.fromWeights + e.fromSignals, e.change, `${e.factor} identity`);
  });

  it('agrees with the overview\'s turnover', () => {
    const p = hand();
    close(compareDates(p, DATES.D2).turnover, oneWayTurnover(p, 1, 0, filterMasks(p, NO_FILTERS)));
  });

  it('compares with an earlier date on request, and refuses the first date or an unknown one', () => {
    const p = hand();
    assert.throws(() => compareDates(p, DATES.D1), (e: unknown) => e instanceof InputError && /first date/.test(e.message));
    assert.throws(() => compareDates(p, '2030-01-01'), /no date 2030-01-01/);
    assert.throws(() => compareDates(p, DATES.D1, DATES.D2), /is not before/);
    assert.equal(compareDates(p, DATES.D2, DATES.D1).before.date, DATES.D1);
  });
});

describe('explainChange', () => {
  it('says why a name entered: its factor changes, largest first, and its rank change', () => {
    const c = compareDates(hand(), DATES.D2);
    const why = explainChange(c, 'D');
    assert.equal(why.status, 'entered');
    assert.equal(why.basis, 'change');
    assert.deepEqual(why.drivers.map((d) => d.factor), ['value', 'momentum']);
    close(why.drivers[0].value, -0.01);
    assert.equal(why.rankChange, -1);
    const { entered, left } = explainEntriesAndExits(c);
    assert.deepEqual(entered.map((e) => e.stock), ['D']);
    assert.deepEqual(left.map((e) => e.stock), ['C']);
    assert.throws(() => explainChange(c, 'ZZZ'), InputError);
  });
});

describe('compareRuns', () => {
  /** A baseline on date 1 only, with feature v1 and m1 and a retired feature `old1` in factor `legacy`; E is held only there. */
  const baseline = () =>
    panelFrom({
      contributions: aq.table({
        date: [DATES.D1, DATES.D1, DATES.D1, DATES.D1],
        ticker: ['A', 'B', 'C', 'E'],
        base_value: [0.004, 0.004, 0.004, 0.004],
        v1: [0.02, -0.01, 0.0, 0.01],
        m1: [0.0, 0.02, 0.01, 0.0],
        old1: [0.005, 0.0, -0.005, 0.01],
      }),
      weights: aq.table({ date: [DATES.D1, DATES.D1, DATES.D1, DATES.D1], ticker: ['A', 'B', 'C', 'E'], weight: [0.5, 0.2, 0, 0.3] }),
      factors: { value: ['v1'], momentum: ['m1'], legacy: ['old1'] },
    });

  it('matches stocks by id, features and factors by name, on the latest common date', () => {
    assert.deepEqual(commonDates(hand(), baseline()), [DATES.D1]);
    const c = compareRuns(hand(), baseline());
    assert.equal(c.after.date, DATES.D1);
    assert.deepEqual(c.before, { label: 'baseline', date: DATES.D1 });
    assert.deepEqual(c.factors, ['value', 'momentum', 'legacy']);
    assert.deepEqual(c.featuresOnlyAfter, ['v2']);
    assert.deepEqual(c.featuresOnlyBefore, ['old1']);
    assert.deepEqual(c.factorsOnlyBefore, ['legacy']);
    assert.deepEqual(c.factorsOnlyAfter, []);
    assert.deepEqual(c.entered, ['C']);
    assert.deepEqual(c.left, ['E']);
    assert.equal(c.scoredOnlyAfter, 1, 'D');
    assert.equal(c.scoredOnlyBefore, 1, 'E');
  });

  it('counts a feature missing on one side as 0 and keeps the identity', () => {
    const c = compareRuns(hand(), baseline());
    const a = c.stocks.find((s) => s.stock === 'A');
    // A now: value v1 .01 + v2 .02 = .03, momentum -.01, base .005, score .025
    // A before: value .02, momentum 0, legacy .005, base .004, score .029 (derived)
    close(a?.factorChanges?.[0], 0.01, 'value');
    close(a?.factorChanges?.[1], -0.01, 'momentum');
    close(a?.factorChanges?.[2], -0.005, 'legacy (retired: 0 now)');
    close(a?.baseChange, 0.001, 'base');
    close(a?.scoreChange, 0.025 - 0.029, 'score');
    assert.equal(assertScoreIdentity(c), 3);
  });

  it('explains a name scored on one side only by its factor levels', () => {
    const c = compareRuns(hand(), baseline());
    const d = explainChange(c, 'D');
    assert.equal(d.basis, 'after-only');
    assert.equal(d.scoreChange, null);
    // D now (date 1): value .03 - .01 = .02, momentum 0, legacy 0
    assert.equal(d.drivers[0].factor, 'value');
    close(d.drivers[0].value, 0.02);
    assert.equal(explainChange(c, 'E').basis, 'before-only');
  });

  it('compares a date the baseline lacks with its nearest earlier date, and says so', () => {
    // The baseline has D1 only; the run's D2 is compared with it: baseline A .5, B .2, C 0, E .3 against run A .5, B .2, C 0, D .3.
    const c = compareRuns(hand(), baseline(), DATES.D2, { current: 'v7', baseline: 'v6' });
    assert.deepEqual(c.match, { date: DATES.D2, baselineDate: DATES.D1, kind: 'earlier', sharedDates: 1, nearestShared: DATES.D1 });
    assert.deepEqual(c.before, { label: 'v6', date: DATES.D1 });
    assert.deepEqual(c.after, { label: 'v7', date: DATES.D2 });
    const weights = Object.fromEntries(c.stocks.map((s) => [s.stock, [s.weightBefore, s.weightAfter]]));
    assert.deepEqual(weights, { A: [0.5, 0.5], B: [0.2, 0.2], C: [0, 0], D: [0, 0.3], E: [0.3, 0] });
    close(c.turnover, 0.3, 'turnover: D and E trade .3 each way');
    assert.deepEqual(c.entered, ['D']);
    assert.deepEqual(c.left, ['E']);
    const a = c.stocks.find((s) => s.stock === 'A');
    // A on D2: value v1 0 + v2 .01 = .01, momentum 0, score .015; baseline D1: value .02, momentum 0, legacy .005, base .004, score .029
    close(a?.factorChanges?.[0], 0.01 - 0.02, 'value');
    close(a?.factorChanges?.[2], -0.005, 'legacy');
    close(a?.scoreChange, 0.015 - 0.029, 'score');
    assert.equal(assertScoreIdentity(c), 3);
  });

  it('compares a date before the baseline starts with its first date, and a baseline with no shared date too', () => {
    const later = panelFrom({ weights: aq.table({ date: ['2030-01-31', '2030-02-28'], ticker: ['A', 'A'], weight: [1, 1] }) });
    const c = compareRuns(hand(), later, DATES.D1);
    assert.deepEqual(c.match, { date: DATES.D1, baselineDate: '2030-01-31', kind: 'later', sharedDates: 0, nearestShared: null });
    assert.equal(c.before.date, '2030-01-31');
    // Without a date: the run's latest, as no date is shared.
    assert.equal(compareRuns(hand(), later).after.date, DATES.D2);
    assert.throws(() => compareRuns(hand(), baseline(), '2024-03-31'), (e: unknown) => e instanceof InputError && /has no date 2024-03-31/.test(e.message));
  });
});

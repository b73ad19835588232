import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { baselineDateFor, baselineMatchNote, sharedDates } from '../../../../src/model/compare/baselineDate';
import { compareData } from '../../../../src/model/engine/compare';
import { filterMasks } from '../../../../src/model/engine/filters';
import { InputError } from '../../../../src/model/errors';
import { NO_FILTERS } from '../../../../src/model/types';
import { DATES, HAND } from '../fixtures';
import { panelFrom } from '../performance/panelFixture';

const RUN = ['2023-06-30', '2023-07-31', '2023-08-31', '2025-01-31', '2025-02-28'];

describe('baselineDateFor', () => {
  it('uses the date itself when the baseline has it', () => {
    assert.deepEqual(baselineDateFor('2025-01-31', ['2025-01-31', '2025-02-28'], RUN), { date: '2025-01-31', baselineDate: '2025-01-31', kind: 'exact', sharedDates: 2, nearestShared: '2025-01-31' });
  });

  it('uses the nearest earlier date, however far back', () => {
    const baseline = ['2023-05-31', '2023-06-30', '2024-12-31'];
    assert.equal(baselineDateFor('2023-07-31', baseline, RUN).baselineDate, '2023-06-30');
    assert.equal(baselineDateFor('2025-02-28', baseline, RUN).baselineDate, '2024-12-31');
    assert.equal(baselineDateFor('2025-02-28', baseline, RUN).kind, 'earlier');
  });

  it('uses the first date when the baseline starts later, and finds the nearest shared date', () => {
    const baseline = ['2025-01-31', '2025-02-28', '2025-03-31'];
    const m = baselineDateFor('2023-07-31', baseline, RUN);
    assert.deepEqual(m, { date: '2023-07-31', baselineDate: '2025-01-31', kind: 'later', sharedDates: 2, nearestShared: '2025-01-31' });
    assert.equal(baselineMatchNote('v6', m), 'Baseline v6 as of 2025-01-31, its first date: it has none on or before 2023-07-31.');
  });

  it('picks the closer shared date, the earlier on a tie', () => {
    // 2023-07-31 is 30 days after 2023-07-01 and 31 days before 2023-08-31.
    assert.equal(baselineDateFor('2023-07-31', ['2023-07-01', '2023-08-31'], ['2023-07-01', '2023-07-31', '2023-08-31']).nearestShared, '2023-07-01');
    assert.equal(baselineDateFor('2023-07-31', ['2023-07-20', '2023-08-11'], ['2023-07-20', '2023-07-31', '2023-08-11']).nearestShared, '2023-07-20');
    assert.equal(baselineDateFor('2023-07-31', ['2023-07-19', '2023-08-11'], ['2023-07-19', '2023-07-31', '2023-08-11']).nearestShared, '2023-08-11');
  });

  it('names no date for an exact match and refuses an empty baseline', () => {
    assert.equal(baselineMatchNote('v6', baselineDateFor('2023-06-30', ['2023-06-30'], RUN)), null);
    assert.throws(() => baselineDateFor('2023-06-30', [], RUN), (e: unknown) => e instanceof InputError && /no date with weights/.test(e.message));
    assert.deepEqual(sharedDates(RUN, ['2023-07-31', '2024-01-31', '2025-02-28']), ['2023-07-31', '2025-02-28']);
  });
});

describe('compareData against a baseline over part of the run', () => {
  const run = () => panelFrom({ contributions: HAND.contributions(), weights: HAND.weights(), securities: HAND.securities(), factors: { value: ['v1', 'v2'], momentum: ['m1'] } });
  /** The baseline has the run's first date only: A .5, B .2, C 0, D .3. */
  const baseline = () =>
    panelFrom({
      contributions: aq.table({ date: [DATES.D1, DATES.D1, DATES.D1, DATES.D1], ticker: ['A', 'B', 'C', 'D'], v1: [0.01, 0, 0, 0.02], v2: [0, 0, 0, 0], m1: [0, 0.01, 0, 0] }),
      weights: aq.table({ date: [DATES.D1, DATES.D1, DATES.D1, DATES.D1], ticker: ['A', 'B', 'C', 'D'], weight: [0.5, 0.2, 0, 0.3] }),
      factors: { value: ['v1', 'v2'], momentum: ['m1'] },
    });

  it('names the baseline date used on a date the baseline lacks', () => {
    const panel = run();
    const data = compareData(panel, 1, filterMasks(panel, NO_FILTERS), 'baseline', null, { panel: baseline(), name: 'v6' }, 'v7');
    assert.equal(data.before.date, DATES.D1);
    assert.equal(data.after.date, DATES.D2);
    assert.equal(data.baselineMatch?.kind, 'earlier');
    assert.equal(data.baselineNote, `Baseline v6 as of ${DATES.D1}, its nearest date before ${DATES.D2} (it has no ${DATES.D2}).`);
    // Same weights on both sides: nothing traded.
    assert.equal(data.turnover, 0);
    assert.equal(data.changedCount, 0);
    const exact = compareData(panel, 0, filterMasks(panel, NO_FILTERS), 'baseline', null, { panel: baseline(), name: 'v6' }, 'v7');
    assert.equal(exact.baselineMatch?.kind, 'exact');
    assert.equal(exact.baselineNote, null);
    assert.equal(compareData(panel, 1, filterMasks(panel, NO_FILTERS), 'previous', null, null, 'v7').baselineMatch, null);
  });

  it('ignores a selected stock held on neither side, and explains one held on either', () => {
    const panel = run();
    const masks = filterMasks(panel, NO_FILTERS);
    // C: weight 0 in the baseline and 0 on D2.
    assert.equal(compareData(panel, 1, masks, 'baseline', 'C', { panel: baseline(), name: 'v6' }, 'v7').selected, null);
    assert.equal(compareData(panel, 1, masks, 'baseline', 'A', { panel: baseline(), name: 'v6' }, 'v7').selected?.stock, 'A');
    // Against the previous date C left (.3 -> 0): explained.
    assert.equal(compareData(panel, 1, masks, 'previous', 'C', null, 'v7').selected?.status, 'left');
  });
});

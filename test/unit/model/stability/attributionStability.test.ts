import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import type { Panel } from '../../../../src/model/run/panel';
import { attributionStability, effectiveNumber, importanceByDate, nearestDate } from '../../../../src/model/stability/attributionStability';
import { close, panelFrom } from '../performance/panelFixture';

/**
 * A panel whose feature importance (mean |contribution|) on each date is `importance[d]`:
 * two stocks carry +v and -v of every feature, so mean |c| = v.
 */
function importancePanel(dates: string[], features: string[], importance: number[][]): Panel {
  const rows: Record<string, (string | number)[]> = { date: [], stock: [] };
  for (const f of features) rows[f] = [];
  dates.forEach((date, d) => {
    for (const [stock, sign] of [['A', 1], ['B', -1]] as const) {
      rows.date.push(date);
      rows.stock.push(stock);
      features.forEach((f, k) => rows[f].push(sign * importance[d][k]));
    }
  });
  return panelFrom({ contributions: aq.table(rows) });
}

const DATES = ['2024-01-31', '2024-02-29', '2024-03-29'];

/**
 * Importance f1..f4: 4 3 2 1, then 4 3 1 2 (the last two swap), then 1 2 3 4 (reversed).
 * Spearman with the previous date, 1 - 6 sum d^2 / (n (n^2 - 1)) with n = 4:
 *   date 2: d = 0 0 1 1, sum 2: 1 - 12/60 = 0.8;
 *   date 3: ranks 4 3 1 2 against 1 2 3 4, d = 3 1 -2 -2, sum 18: 1 - 108/60 = -0.8.
 */
const run = () => importancePanel(DATES, ['f1', 'f2', 'f3', 'f4'], [[4, 3, 2, 1], [4, 3, 1, 2], [1, 2, 3, 4]]);

/**
 * The baseline has f1, f2, f3 and f5 on 2024-01-31 (importance 1 2 3, f5 9) and 2024-03-31
 * (2 1 3, f5 9). Over the shared f1..f3:
 *   date 1 (same date): run 4 3 2 against 1 2 3 -> -1;
 *   date 2 (nearest: 2024-01-31, 29 days against 31): run 4 3 1 against 1 2 3 -> -1;
 *   date 3 (nearest: 2024-03-31): run 1 2 3 against 2 1 3, d = 1 1 0, sum 2: 1 - 12/24 = 0.5.
 */
const baseline = () => ({ name: 'v6', panel: importancePanel(['2024-01-31', '2024-03-31'], ['f1', 'f2', 'f3', 'f5'], [[1, 2, 3, 9], [2, 1, 3, 9]]) });

describe('attributionStability', () => {
  it('rank-correlates each date\'s feature importance with the previous date\'s', () => {
    const panel = run();
    assert.deepEqual(importanceByDate(panel).map((v) => Array.from(v ?? [])), [[4, 3, 2, 1], [4, 3, 1, 2], [1, 2, 3, 4]]);
    const stability = attributionStability(panel, null);
    assert.deepEqual(stability.points.map((p) => p.date), DATES);
    assert.equal(stability.points[0].previous, null);
    close(stability.points[1].previous, 0.8, 'date 2');
    close(stability.points[2].previous, -0.8, 'date 3');
    assert.deepEqual(stability.previous.dates, 2);
    close(stability.previous.mean, 0, 'mean');
    close(stability.previous.min, -0.8, 'min');
    assert.equal(stability.previous.worstDate, '2024-03-29');
    assert.equal(stability.baseline, null);
    assert.equal(stability.pass, null);
  });

  it('names the largest rank moves against the previous date', () => {
    const stability = attributionStability(run(), null);
    // Date 2: f3 3 -> 4 and f4 4 -> 3; equal moves list the higher new rank first.
    assert.deepEqual(stability.points[1].movers, [
      { feature: 'f4', rankBefore: 4, rankAfter: 3 },
      { feature: 'f3', rankBefore: 3, rankAfter: 4 },
    ]);
    // Date 3: f1 1 -> 4 (3 places), f4 3 -> 1 and f3 4 -> 2 (2 places), f2 2 -> 3 (1, left out).
    assert.deepEqual(stability.points[2].movers, [
      { feature: 'f1', rankBefore: 1, rankAfter: 4 },
      { feature: 'f4', rankBefore: 3, rankAfter: 1 },
      { feature: 'f3', rankBefore: 4, rankAfter: 2 },
    ]);
    assert.deepEqual(stability.points[0].movers, []);
  });

  it('measures concentration as the effective number of features', () => {
    // Shares .4 .3 .2 .1: sum of squares .16 + .09 + .04 + .01 = .30 -> 3.333.
    close(attributionStability(run(), null).points[0].effectiveFeatures, 1 / 0.3, 'date 1');
    close(effectiveNumber([1, 1, 1, 1, 1]), 5, 'equal importance');
    close(effectiveNumber([0, 2, 0]), 1, 'one feature');
    close(effectiveNumber([3, 1]), 1.6, '.75 and .25');
    assert.equal(effectiveNumber([0, 0]), null);
  });

  it('compares with the baseline on the same or nearest date, over the features both runs have', () => {
    const stability = attributionStability(run(), baseline());
    assert.deepEqual(stability.points.map((p) => p.baselineDate), ['2024-01-31', '2024-01-31', '2024-03-31']);
    close(stability.points[0].baseline, -1, 'date 1');
    close(stability.points[1].baseline, -1, 'date 2');
    close(stability.points[2].baseline, 0.5, 'date 3');
    assert.equal(stability.baselineName, 'v6');
    assert.equal(stability.baseline?.dates, 3);
    close(stability.baseline?.min, -1, 'min');
    assert.equal(stability.baseline?.worstDate, '2024-01-31');
  });

  it('fails constraints.stability.minRankCorrelation on every date below it', () => {
    const stability = attributionStability(run(), baseline(), { stability: { minRankCorrelation: 0.5 } });
    assert.equal(stability.pass, false);
    assert.deepEqual(
      stability.breaches.map((b) => [b.date, b.against, Math.round(b.value * 10) / 10]),
      [
        ['2024-01-31', 'baseline', -1],
        ['2024-02-29', 'baseline', -1],
        ['2024-03-29', 'previous', -0.8],
      ],
    );
    assert.equal(attributionStability(run(), null, { stability: { minRankCorrelation: -0.9 } }).pass, true);
    assert.equal(attributionStability(importancePanel(['2024-01-31'], ['f1', 'f2'], [[1, 2]]), null, { stability: { minRankCorrelation: 0.5 } }).pass, null, 'one date: nothing to compare');
  });
});

describe('nearestDate', () => {
  it('takes the same date, else the nearest by days (the earlier on a tie), among usable dates', () => {
    const dates = ['2024-01-31', '2024-02-29', '2024-03-31'];
    assert.equal(nearestDate(dates, '2024-02-29'), 1);
    assert.equal(nearestDate(dates, '2024-03-15'), 1);
    assert.equal(nearestDate(dates, '2024-03-16'), 2);
    assert.equal(nearestDate(['2024-01-01', '2024-01-03'], '2024-01-02'), 0);
    assert.equal(nearestDate(dates, '2024-02-29', (i) => i !== 1), 0);
    assert.equal(nearestDate(['snapshot'], 'snapshot'), 0);
    assert.equal(nearestDate(['snapshot'], '2024-01-31'), 0);
    assert.equal(nearestDate([], '2024-01-31'), null);
  });
});

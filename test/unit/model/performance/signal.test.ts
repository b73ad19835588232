import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { informationCoefficients } from '../../../../src/model/performance/informationCoefficient';
import { quantileReturns } from '../../../../src/model/performance/quantileReturns';
import type { Panel } from '../../../../src/model/run/panel';
import { close, panelFrom } from './panelFixture';

const DATES = ['2024-01-31', '2024-02-29'];
const STOCKS = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S07', 'S08', 'S09', 'S10'];

/** Ten stocks on two dates; value contributions rise with the stock number, momentum falls on date 1 and is noise on date 2. */
function signalPanel(): Panel {
  const date = DATES.flatMap((d) => STOCKS.map(() => d));
  const stock = DATES.flatMap(() => STOCKS);
  const v = DATES.flatMap(() => STOCKS.map((_, i) => 0.001 * (i + 1)));
  const m = [...STOCKS.map((_, i) => -0.0001 * (i + 1)), ...[3, -1, 4, -1, 5, -9, 2, -6, 5, -3].map((x) => x * 1e-5)];
  return panelFrom({ contributions: aq.table({ date, stock, base_value: date.map(() => 0.005), v, m }), factors: { value: ['v'], momentum: ['m'] } });
}

/** Returns as a function of each row's score. */
const returnsOf = (panel: Panel, f: (score: number, row: number) => number) => Float64Array.from({ length: panel.rows }, (_, r) => f(panel.score[r], r));

describe('informationCoefficients', () => {
  it('gives a perfect predictor an IC of 1 and a reversed one -1', () => {
    const panel = signalPanel();
    const perfect = informationCoefficients(panel, returnsOf(panel, (s) => 2 * s - 0.01));
    for (const point of perfect.points) {
      close(point.score.ic, 1, 'ic');
      close(point.score.rankIc, 1, 'rank ic');
    }
    const reversed = informationCoefficients(panel, returnsOf(panel, (s) => -s));
    for (const point of reversed.points) close(point.score.rankIc, -1, 'reversed rank ic');
    close(reversed.summary[0].meanRankIc, -1, 'mean');
    assert.equal(reversed.summary[0].rankIcHitRate, 0);
  });

  it('computes each factor\'s IC from its contribution sum', () => {
    const panel = signalPanel();
    const ics = informationCoefficients(panel, returnsOf(panel, (s) => s));
    assert.deepEqual(ics.factors, ['value', 'momentum']);
    assert.deepEqual(ics.summary.map((s) => s.signal), ['score', 'value', 'momentum']);
    // Date 1: value rises with the stock, momentum falls exactly as fast x 0.1; the score (= base + .0009 i) rises.
    close(ics.points[0].factors[0].rankIc, 1, 'value');
    close(ics.points[0].factors[1].rankIc, -1, 'momentum');
    assert.equal(ics.points[0].stocks, 10);
  });

  it('is invariant to monotone transforms of the returns (rank IC)', () => {
    const panel = signalPanel();
    const noisy = returnsOf(panel, (s, r) => s + 0.004 * Math.sin(7 * r));
    const a = informationCoefficients(panel, noisy);
    const b = informationCoefficients(panel, noisy.map((x) => Math.exp(50 * x)));
    a.points.forEach((p, i) => {
      close(b.points[i].score.rankIc, p.score.rankIc as number);
      assert.notEqual(b.points[i].score.ic, p.score.ic);
    });
  });

  it('leaves out stocks without a return and dates with fewer than 3', () => {
    const panel = signalPanel();
    const returns = returnsOf(panel, (s, r) => (panel.rowDate[r] === 1 && panel.rowStock[r] > 1 ? NaN : s));
    const ics = informationCoefficients(panel, returns);
    assert.deepEqual(ics.points.map((p) => p.date), [DATES[0]]);
    assert.throws(() => informationCoefficients(panel, new Float64Array(3)), RangeError);
  });
});

describe('quantileReturns', () => {
  it('averages forward returns in equal-count score buckets', () => {
    const panel = signalPanel();
    // Returns 1%..10% in score order on both dates: quintiles hold 2 stocks each.
    const q = quantileReturns(panel, returnsOf(panel, (_, r) => 0.01 * (panel.rowStock[r] + 1)));
    assert.equal(q.points.length, 2);
    const first = q.points[0];
    assert.deepEqual(first.counts, [2, 2, 2, 2, 2]);
    [0.015, 0.035, 0.055, 0.075, 0.095].forEach((m, b) => close(first.means[b], m, `bucket ${b + 1}`));
    close(first.spread, 0.08, 'spread');
    close(q.averageSpread, 0.08, 'average spread');
    assert.throws(() => quantileReturns(panel, returnsOf(panel, () => 0), 1), RangeError);
  });

  it('keeps tied scores together', () => {
    const panel = panelFrom({ contributions: aq.table({ date: Array(6).fill(DATES[0]), stock: STOCKS.slice(0, 6), f: [1, 2, 2, 2, 3, 4] }) });
    const q = quantileReturns(panel, returnsOf(panel, (s) => s / 100), 3);
    assert.deepEqual(q.points[0].counts, [1, 3, 2]);
    close(q.points[0].means[1], 0.02);
    close(q.points[0].spread, 0.035 - 0.01);
  });
});

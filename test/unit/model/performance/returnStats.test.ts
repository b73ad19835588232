import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { PanelEngine } from '../../../../src/model/engine/engine';
import { performance, performanceSeries } from '../../../../src/model/performance/performance';
import { compound, drawdowns, returnStats } from '../../../../src/model/performance/returnStats';
import { close, panelFrom } from './panelFixture';

/**
 * Three monthly periods: portfolio 3%, -2%, 5%; benchmark 1%, -1%, 2%; active 2%, -1%, 3%.
 * mean active 0.04/3; sample variance ((.02-m)^2 + (-.01-m)^2 + (.03-m)^2) / 2 = .0052/12,
 * so tracking error sqrt(.0052/12 x 12) = sqrt(.0052) = 7.21%; information ratio
 * (0.04/3 x 12) / sqrt(.0052) = .16 / sqrt(.0052).
 * Downside deviation vs 0: sqrt((.01^2)/3 x 12) = 2%, Sortino .16 / .02 = 8.
 * Relative wealth 1.03/1.01, then x .98/.99, then x 1.05/1.02: the drawdown is .98/.99 - 1 = -1/99
 * on date 2; annualised (W_3)^(12/3) - 1; Calmar that / (1/99).
 */
const RP = [0.03, -0.02, 0.05];
const RB = [0.01, -0.01, 0.02];
const ACTIVE = [0.02, -0.01, 0.03];
const W3 = (1.03 * 0.98 * 1.05) / (1.01 * 0.99 * 1.02);

describe('returnStats', () => {
  it('computes TE, IR, Sortino, drawdown and Calmar for a hand-computed 3-period example', () => {
    const relative = compound(RP).map((w, i) => w / compound(RB)[i]);
    const s = returnStats(ACTIVE, relative, 12);
    close(s.meanReturn, 0.04 / 3, 'mean');
    close(s.volatility, Math.sqrt(0.0052), 'tracking error');
    close(s.sharpe, 0.16 / Math.sqrt(0.0052), 'information ratio', 1e-9);
    close(s.downsideDeviation, 0.02, 'downside deviation');
    close(s.sortino, 8, 'sortino', 1e-9);
    close(s.maxDrawdown, 0.98 / 0.99 - 1, 'max drawdown');
    close(s.cumulative, W3 - 1, 'cumulative');
    close(s.annualisedReturn, W3 ** 4 - 1, 'annualised');
    close(s.calmar, (W3 ** 4 - 1) * 99, 'calmar', 1e-9);
    close(s.hitRate, 2 / 3, 'hit rate');
    assert.equal(s.periods, 3);
  });

  it('measures Sharpe and Sortino over a risk-free rate, de-annualised by compounding', () => {
    // 1.005^12 - 1 a year is 0.5% a month. Returns .02, -.01, .03: mean .04/3, excess mean .04/3 - .005 = .025/3;
    // volatility sqrt(.0052) as above (a constant rate moves no deviation); shortfalls below .005: only -.015,
    // so downside deviation sqrt(.015^2 / 3 x 12) = .03.
    const annual = 1.005 ** 12 - 1;
    const s = returnStats(ACTIVE, compound(ACTIVE), 12, annual);
    assert.equal(s.riskFreeRate, annual);
    close(s.volatility, Math.sqrt(0.0052), 'volatility');
    close(s.sharpe, ((0.025 / 3) * 12) / Math.sqrt(0.0052), 'sharpe', 1e-9);
    close(s.downsideDeviation, 0.03, 'downside deviation', 1e-12);
    close(s.sortino, 0.1 / 0.03, 'sortino', 1e-9);
    // What does not depend on the rate stays as it was.
    const zero = returnStats(ACTIVE, compound(ACTIVE), 12);
    assert.equal(zero.riskFreeRate, 0);
    for (const key of ['cumulative', 'annualisedReturn', 'meanReturn', 'volatility', 'maxDrawdown', 'calmar', 'hitRate'] as const) assert.equal(s[key], zero[key], key);
    assert.throws(() => returnStats(ACTIVE, compound(ACTIVE), 12, -1), RangeError);
    assert.throws(() => returnStats(ACTIVE, compound(ACTIVE), 12, Number.NaN), RangeError);
  });

  it('compounds and draws down from the running peak (the start counts as one)', () => {
    const w = compound([0.1, -0.5, 0.2]);
    close(w[2], 1.1 * 0.5 * 1.2);
    const dd = drawdowns(w);
    close(dd[0], 0);
    close(dd[1], -0.5);
    close(dd[2], 0.66 / 1.1 - 1);
    close(drawdowns(compound([-0.1]))[0], -0.1, 'a loss on the first period is a drawdown');
  });

  it('has no Sortino or Calmar without a loss, and no annualised numbers without a frequency', () => {
    const up = returnStats([0.01, 0.02], compound([0.01, 0.02]), 12);
    assert.equal(up.maxDrawdown, 0);
    assert.equal(up.calmar, null);
    assert.equal(up.sortino, null);
    const unknown = returnStats(ACTIVE, compound(ACTIVE), null);
    assert.equal(unknown.volatility, null);
    assert.equal(unknown.annualisedReturn, null);
    assert.equal(unknown.sharpe, null);
    close(unknown.cumulative, 1.02 * 0.99 * 1.03 - 1);
    assert.equal(returnStats([0.01], [1.01], 12).volatility, null);
    assert.equal(returnStats([], [], 12).periods, 0);
    assert.throws(() => returnStats([0.01, NaN], [1, 1], 12), RangeError);
    assert.throws(() => returnStats([0.01], [1, 1], 12), RangeError);
  });
});

describe('performance', () => {
  /**
   * Four month-ends; the portfolio holds X only, the benchmark X and Y half each. Returns are
   * set so the portfolio earns RP and the benchmark RB: X = r_p, Y = 2 r_b - r_p. The last
   * date has no returns yet.
   */
  function run() {
    const dates = ['2024-01-31', '2024-02-29', '2024-03-28', '2024-04-30'];
    const date = dates.flatMap((d) => [d, d]);
    const stock = dates.flatMap(() => ['X', 'Y']);
    const panel = panelFrom({
      contributions: aq.table({ date, stock, f: [0.02, 0.01, 0.03, 0.01, 0.01, 0.02, 0.02, 0.01] }),
      weights: aq.table({ date, stock, weight: date.map((_, i) => (i % 2 ? 0 : 1)), benchmark_weight: date.map(() => 0.5) }),
    });
    const byDate = [0, 1, 2].map((t) => [RP[t], 2 * RB[t] - RP[t]]);
    const returns = Float64Array.from({ length: panel.rows }, (_, r) => byDate[panel.rowDate[r]]?.[panel.rowStock[r]] ?? NaN);
    return { panel, returns };
  }

  it('builds the series, compounds active return as relative wealth, and annualises monthly', () => {
    const { panel, returns } = run();
    const perf = performance(panel, returns);
    assert.equal(perf.frequency.frequency, 'monthly');
    assert.equal(perf.activeCompounding, 'relative-wealth');
    assert.deepEqual(perf.points.map((p) => p.date), ['2024-01-31', '2024-02-29', '2024-03-28']);
    perf.points.forEach((p, t) => {
      close(p.portfolio, RP[t], 'portfolio');
      close(p.benchmark, RB[t], 'benchmark');
      close(p.active, ACTIVE[t], 'active');
    });
    close(perf.points[2].cumulativePortfolio, 1.03 * 0.98 * 1.05 - 1, 'cumulative portfolio');
    close(perf.points[2].cumulativeActive, W3 - 1, 'cumulative active');
    close(perf.points[1].activeDrawdown, 0.98 / 0.99 - 1, 'drawdown');
    close(perf.active?.volatility, Math.sqrt(0.0052), 'tracking error');
    close(perf.portfolio.cumulative, 1.03 * 0.98 * 1.05 - 1);
    close(perf.benchmark?.cumulative, 1.01 * 0.99 * 1.02 - 1);
    assert.equal(perf.brinson?.points.length, 3);
    assert.equal(perf.ic.points.length, 0, 'two stocks are too few for an IC');
  });

  it('measures portfolio and benchmark over the risk-free rate, active over the benchmark', () => {
    const { panel, returns } = run();
    const riskFree = { rate: 0.04, source: 'manifest' as const };
    const perf = performance(panel, returns, { riskFree });
    assert.deepEqual(perf.riskFree, riskFree);
    assert.deepEqual(performance(panel, returns).riskFree, { rate: 0, source: 'default' });
    const monthly = 1.04 ** (1 / 12) - 1;
    const sharpe = (r: number[]) => {
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1));
      return ((mean - monthly) * 12) / (sd * Math.sqrt(12));
    };
    close(perf.portfolio.sharpe, sharpe(RP), 'portfolio sharpe', 1e-9);
    close(perf.benchmark?.sharpe, sharpe(RB), 'benchmark sharpe', 1e-9);
    close(perf.active?.sharpe, 0.16 / Math.sqrt(0.0052), 'information ratio: no risk-free rate', 1e-9);
    assert.equal(perf.active?.riskFreeRate, 0);
    assert.equal(perf.portfolio.riskFreeRate, 0.04);
    assert.throws(() => performance(panel, returns, { riskFree: { rate: -2, source: 'setting' } }), RangeError);
  });

  it('takes the manifest\'s rate over the setting\'s, and the setting\'s over none', () => {
    const { panel, returns } = run();
    const info = { name: 'r', source: 'r', files: [], diagnostics: [] };
    const engine = (setting: number | undefined, manifest: number | undefined) =>
      new PanelEngine(panel, info, { integrityTolerance: 1e-6, riskFreeRate: setting }, { returns, baseline: null, constraints: {}, riskFreeRate: manifest }).performance()?.riskFree;
    assert.deepEqual(engine(0.03, 0.05), { rate: 0.05, source: 'manifest' });
    assert.deepEqual(engine(0.03, 0), { rate: 0, source: 'manifest' }, 'a manifest may say 0 on purpose');
    assert.deepEqual(engine(0.03, undefined), { rate: 0.03, source: 'setting' });
    assert.deepEqual(engine(undefined, undefined), { rate: 0, source: 'default' });
    const perf = new PanelEngine(panel, info, { integrityTolerance: 1e-6, riskFreeRate: 0.03 }, { returns, baseline: null, constraints: {} }).performance();
    close(perf?.portfolio.sharpe, performance(panel, returns, { riskFree: { rate: 0.03, source: 'setting' } }).portfolio.sharpe as number, 'the engine passes the rate on');
  });

  it('says so when there is no benchmark', () => {
    const series = performanceSeries([{ date: '2024-01-31', portfolio: 0.01, benchmark: null, active: null, portfolioCoverage: 1, benchmarkCoverage: null }], 12);
    assert.equal(series.active, null);
    assert.equal(series.points[0].cumulativeActive, null);
    close(series.points[0].cumulativePortfolio, 0.01);
  });

  it('keeps portfolio, benchmark and active on the same dates', () => {
    const point = (date: string, portfolio: number | null, benchmark: number | null) => ({ date, portfolio, benchmark, active: portfolio !== null && benchmark !== null ? portfolio - benchmark : null, portfolioCoverage: 1, benchmarkCoverage: 1 });
    const series = performanceSeries([point('2024-01-31', 0.01, 0.02), point('2024-02-29', 0.03, null), point('2024-03-28', null, 0.01), point('2024-04-30', 0.02, 0.01)], 12);
    assert.deepEqual(series.points.map((p) => p.date), ['2024-01-31', '2024-04-30']);
    close(series.active?.cumulative, (1.01 * 1.02) / (1.02 * 1.01) - 1);
    assert.equal(series.portfolio.periods, 2);
  });

  it('rejects returns not aligned to the panel', () => {
    const { panel } = run();
    assert.throws(() => performance(panel, new Float64Array(3)), RangeError);
  });
});

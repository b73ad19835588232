import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { informationCoefficients } from '../../../../src/model/performance/informationCoefficient';
import type { Panel } from '../../../../src/model/run/panel';
import { neweyWestMean } from '../../../../src/model/signals/neweyWest';
import { signalStats } from '../../../../src/model/signals/signalStats';
import { close, panelFrom } from '../performance/panelFixture';
import { normal, random as seeded } from '../features/fixtures';

/** `count` consecutive month-ends from January 2010. */
function monthEnds(count: number): string[] {
  return Array.from({ length: count }, (_, m) => new Date(Date.UTC(2010, m + 1, 0)).toISOString().slice(0, 10));
}

/**
 * `stocks` stocks on `dates` month-ends. The value contribution is fixed per stock (a
 * persistent signal, as real ones are), the momentum contribution is drawn anew each date.
 */
function noisePanel(stocks: number, dates: number, seed: number): Panel {
  const draw = normal(seeded(seed));
  const days = monthEnds(dates);
  const ids = Array.from({ length: stocks }, (_, i) => `S${String(i).padStart(3, '0')}`);
  const level = ids.map(() => draw());
  const date = days.flatMap((d) => ids.map(() => d));
  const stock = days.flatMap(() => ids);
  const v = days.flatMap(() => level.map((x) => 0.01 * x));
  const m = date.map(() => 0.002 * draw());
  return panelFrom({ contributions: aq.table({ date, stock, base_value: date.map(() => 0), v, m }), factors: { value: ['v'], momentum: ['m'] } });
}

/** Sample mean and the naive t-statistic mean / (sd / sqrt(T)) of a series. */
function naiveT(series: number[]): number {
  const n = series.length;
  const mean = series.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(series.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return mean / (sd / Math.sqrt(n));
}

/** Shuffles `values` in place with a seeded generator (Fisher-Yates). */
function shuffle(values: number[], uniform: () => number): number[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

/**
 * Forward returns with no relation to any signal: each date's cross-section of one-period
 * returns is a fixed, skewed set of numbers shuffled across the stocks; the forward return
 * over `horizon` periods sums the next `horizon` of them, so consecutive dates share
 * horizon - 1 periods (overlapping windows).
 */
function shuffledReturns(panel: Panel, horizon: number, seed: number): Float64Array {
  const uniform = seeded(seed);
  const n = panel.stocks.length;
  const T = panel.dates.length;
  const base = Array.from({ length: n }, (_, i) => Math.exp(((i - n / 2) / n) * 2) - 1);
  const periods = Array.from({ length: T + horizon }, () => shuffle([...base], uniform));
  const returns = new Float64Array(panel.rows).fill(NaN);
  for (let r = 0; r < panel.rows; r++) {
    const d = panel.rowDate[r];
    const s = panel.rowStock[r];
    let sum = 0;
    for (let k = 0; k < horizon; k++) sum += periods[d + k][s];
    returns[r] = sum;
  }
  return returns;
}

describe('signalStats', () => {
  it('gives a perfect signal a rank IC of 1 on every date and a reversed one -1', () => {
    const panel = noisePanel(30, 12, 1);
    const perfect = signalStats(informationCoefficients(panel, Float64Array.from(panel.score, (s) => 3 * s + 0.01)));
    const reversed = signalStats(informationCoefficients(panel, Float64Array.from(panel.score, (s) => Math.exp(-s))));
    const [score, reversedScore] = [perfect.stats[0], reversed.stats[0]];
    assert.equal(score.signal, 'score');
    assert.equal(score.dates, 12);
    close(score.icMean, 1, 'perfect mean');
    close(score.icStd, 0, 'perfect std');
    close(score.hitRate, 1, 'perfect hit rate');
    close(reversedScore.icMean, -1, 'reversed mean');
    close(reversedScore.hitRate, 0, 'reversed hit rate');
    // No variation across dates: the IC is never wrong, and no finite t-statistic or ICIR says so.
    assert.equal(score.tstat, null);
    assert.equal(score.icir, null);
  });

  it('reads mean, std, ICIR and hit rate off the IC summary, and the t-statistic off the same series', () => {
    const panel = noisePanel(40, 24, 2);
    const returns = Float64Array.from(panel.score, (s, r) => s + 0.02 * Math.sin(13 * r));
    const ic = informationCoefficients(panel, returns);
    const stats = signalStats(ic, { neweyWestLags: 2 });
    assert.deepEqual(stats.stats.map((s) => s.signal), ['score', 'value', 'momentum']);
    stats.stats.forEach((s, k) => {
      const series = ic.points.map((p) => (k === 0 ? p.score : p.factors[k - 1]).rankIc as number);
      // An independent recomputation from the per-date rank ICs.
      const n = series.length;
      const mean = series.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(series.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
      close(s.icMean, mean, `${s.signal} mean`);
      close(s.icStd, sd, `${s.signal} std`);
      close(s.icir, mean / sd, `${s.signal} icir`);
      close(s.hitRate, series.filter((v) => v > 0).length / n, `${s.signal} hit rate`);
      close(s.tstat, neweyWestMean(series, 2)?.tstat as number, `${s.signal} t`);
      assert.equal(s.lags, 2);
    });
    assert.equal(stats.lagRule, 'manifest');
    assert.equal(signalStats(ic).stats[0].lags, 2, '24 dates: floor(4 x 0.24^(2/9)) = floor(2.90) = 2');
    assert.equal(signalStats(ic, { horizon: 6 }).stats[0].lags, 5);
  });

  it('gates the score on constraints.signals.minTstat', () => {
    const panel = noisePanel(40, 24, 3);
    const ic = informationCoefficients(panel, Float64Array.from(panel.score, (s, r) => s + 0.02 * Math.sin(13 * r)));
    const t = signalStats(ic).stats[0].tstat as number;
    assert.ok(t > 2, `t ${t}`);
    assert.equal(signalStats(ic, {}, { signals: { minTstat: t - 0.01 } }).pass, true);
    assert.equal(signalStats(ic, {}, { signals: { minTstat: t + 0.01 } }).pass, false);
    assert.equal(signalStats(ic).pass, null);
    assert.throws(() => signalStats(ic, { horizon: 0 }), /horizon/);
  });

  describe('on shuffled returns (no signal at all), over 300 seeds', () => {
    const SEEDS = 300;
    const panel = noisePanel(50, 120, 11);
    const run = (horizon: number) => {
      const nw: number[] = [];
      const naive: number[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const ic = informationCoefficients(panel, shuffledReturns(panel, horizon, 1000 * horizon + seed));
        nw.push(signalStats(ic, { horizon }).stats[0].tstat as number);
        naive.push(naiveT(ic.points.map((p) => p.score.rankIc as number)));
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const rejects = (xs: number[]) => xs.filter((t) => Math.abs(t) > 1.96).length / xs.length;
      return { nwMean: mean(nw), nwRejects: rejects(nw), naiveRejects: rejects(naive) };
    };

    it('has a t-statistic centred on 0 that exceeds 1.96 about 5% of the time', function () {
      this.timeout(60_000);
      const one = run(1);
      // Standard error of the mean of 300 t's is about 0.06, of a 5% share about 1.3 points.
      assert.ok(Math.abs(one.nwMean) < 0.2, `mean t ${one.nwMean}`);
      assert.ok(one.nwRejects > 0.015 && one.nwRejects < 0.1, `share |t| > 1.96: ${one.nwRejects}`);
      assert.ok(one.naiveRejects < 0.1, `naive share ${one.naiveRejects}`);
    });

    it('is not inflated by overlapping 3-period returns, where the naive t-statistic is', function () {
      this.timeout(60_000);
      const three = run(3);
      // Overlap triples the variance of the mean IC: the naive t rejects about 2 (1 - Phi(1.96 / sqrt 3)) = 26%.
      assert.ok(three.naiveRejects > 0.17, `naive share ${three.naiveRejects}`);
      assert.ok(three.nwRejects < 0.11, `Newey-West share ${three.nwRejects}`);
      assert.ok(Math.abs(three.nwMean) < 0.2, `mean t ${three.nwMean}`);
    });
  });
});

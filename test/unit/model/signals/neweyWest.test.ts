import { strict as assert } from 'node:assert';
import { neweyWestLags, neweyWestMean } from '../../../../src/model/signals/neweyWest';
import { close } from '../performance/panelFixture';
import { normal, random as seeded } from '../features/fixtures';

/**
 * The Newey-West variance of a mean written the long way, independently of the
 * implementation: S = (1/T) sum_t sum_s w(|t - s|) e_t e_s over every ordered pair, with
 * the Bartlett weight w(k) = 1 - k/(L+1) for k <= L and 0 beyond; se = sqrt(S / T).
 */
function directNeweyWestT(series: number[], lags: number): number {
  const n = series.length;
  const mean = series.reduce((a, b) => a + b, 0) / n;
  let s = 0;
  for (let t = 0; t < n; t++) {
    for (let u = 0; u < n; u++) {
      const k = Math.abs(t - u);
      if (k <= lags) s += (1 - k / (lags + 1)) * (series[t] - mean) * (series[u] - mean);
    }
  }
  return mean / Math.sqrt(s / n / n);
}

describe('neweyWestMean', () => {
  it('matches a hand computation on 1, 2, 3, 4, 5 with two lags', () => {
    // mean 3, deviations e = -2, -1, 0, 1, 2
    // g0 = (4 + 1 + 0 + 1 + 4) / 5 = 2
    // g1 = (e1 e0 + e2 e1 + e3 e2 + e4 e3) / 5 = (2 + 0 + 0 + 2) / 5 = 0.8
    // g2 = (e2 e0 + e3 e1 + e4 e2) / 5 = (0 - 1 + 0) / 5 = -0.2
    // S = g0 + 2 (1 - 1/3) g1 + 2 (1 - 2/3) g2 = 2 + 16/15 - 2/15 = 44/15
    // se = sqrt(S / 5) = sqrt(44/75); t = 3 / se = 3.91675...
    const result = neweyWestMean([1, 2, 3, 4, 5], 2);
    assert.ok(result);
    assert.equal(result.observations, 5);
    assert.equal(result.lags, 2);
    close(result.mean, 3, 'mean');
    close(result.standardError, Math.sqrt(44 / 75), 'standard error');
    close(result.tstat, 3 / Math.sqrt(44 / 75), 'tstat');
    close(result.tstat, 3.916747, 't to 6 places', 1e-6);
  });

  it('with no lags is the mean over its 1/T standard error', () => {
    // e = -1.5, -0.5, 0.5, 1.5 around 2.5: g0 = 5/4; se = sqrt(5/16); t = 2.5 / 0.5590 = 4.4721
    const result = neweyWestMean([1, 2, 3, 4], 0);
    close(result?.tstat, 2.5 / Math.sqrt(5 / 16), 'tstat');
  });

  it('agrees with the pairwise formula on an AR(1) series, and its variance approaches the known long-run variance', () => {
    // x_t = 0.5 x_{t-1} + u_t, u ~ N(0, 1): autocorrelation 0.5^j, long-run variance 1 / (1 - 0.5)^2 = 4.
    const draw = normal(seeded(7));
    const short: number[] = [];
    let x = 0;
    for (let t = 0; t < 300; t++) short.push((x = 0.5 * x + draw()));
    for (const lags of [0, 1, 3, 8]) close(neweyWestMean(short, lags)?.tstat, directNeweyWestT(short, lags), `t with ${lags} lags`, 1e-9);

    const long: number[] = [];
    for (let t = 0; t < 40_000; t++) long.push((x = 0.5 * x + draw()));
    const result = neweyWestMean(long, 40);
    assert.ok(result?.standardError);
    const longRun = result.standardError ** 2 * long.length;
    // The Bartlett weights shrink the autocovariances by j/(L+1): expected 4 - 2 (1/41) (4/3) 0.5/0.25 = 3.87.
    assert.ok(Math.abs(longRun - 3.87) < 0.3, `long-run variance ${longRun}`);
    // With positive autocorrelation the naive standard error is too small: about half (sqrt(4/1.33)).
    const gamma0 = neweyWestMean(long, 0)?.standardError as number;
    assert.ok(result.standardError / gamma0 > 1.5 && result.standardError / gamma0 < 1.9, `ratio ${result.standardError / gamma0}`);
  });

  it('leaves out non-finite values, cuts lags to T - 1, and gives no t-statistic without variation', () => {
    close(neweyWestMean([1, NaN, 2, 3, Infinity, 4, 5], 2)?.tstat, 3 / Math.sqrt(44 / 75), 'finite values only');
    assert.equal(neweyWestMean([1, 2, 3], 10)?.lags, 2);
    assert.equal(neweyWestMean([0.1, 0.1, 0.1], 1)?.tstat, null);
    assert.equal(neweyWestMean([NaN], 1), null);
    assert.throws(() => neweyWestMean([1, 2], -1), /non-negative integer/);
  });
});

describe('neweyWestLags', () => {
  it('follows floor(4 (T/100)^(2/9)), at least horizon - 1, at most T - 1', () => {
    // 60 dates: 4 x 0.6^(2/9) = 4 x 0.8927 = 3.57 -> 3; 100: 4; 500: 4 x 5^(2/9) = 5.62 -> 5.
    assert.equal(neweyWestLags(60), 3);
    assert.equal(neweyWestLags(100), 4);
    assert.equal(neweyWestLags(500), 5);
    assert.equal(neweyWestLags(60, { horizon: 6 }), 5);
    assert.equal(neweyWestLags(60, { horizon: 3 }), 3);
    assert.equal(neweyWestLags(60, { lags: 1 }), 1);
    assert.equal(neweyWestLags(60, { lags: 1, horizon: 4 }), 3);
    assert.equal(neweyWestLags(3, { lags: 10 }), 2);
    assert.equal(neweyWestLags(0), 0);
    assert.throws(() => neweyWestLags(60, { horizon: 0 }), /horizon/);
  });
});

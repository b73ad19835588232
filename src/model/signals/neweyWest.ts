/**
 * The Newey-West (HAC) t-statistic of a series' mean: the standard error allows for
 * autocorrelation up to a number of lags, weighted by the Bartlett kernel. A signal's IC
 * series is autocorrelated whenever its forward returns overlap (a 3-month return sampled
 * monthly shares two months with the next date's), and then the naive t-statistic
 * mean / (sd / sqrt(T)) calls noise significant far more often than its nominal 5%.
 */

/** The mean of a series with its Newey-West standard error and t-statistic. */
export interface NeweyWestMean {
  /** Observations (finite values) used. */
  observations: number;
  mean: number;
  /** Lags the long-run variance was summed over (the requested ones, at most T - 1). */
  lags: number;
  /** sqrt(S / T), S the Bartlett-weighted long-run variance; null when S is 0. */
  standardError: number | null;
  /** mean / standardError; null when the standard error is 0 or undefined. */
  tstat: number | null;
}

/**
 * Newey and West's (1994) automatic lag for the Bartlett kernel, floor(4 (T/100)^(2/9)),
 * raised to h - 1 when each observation's return spans h periods (overlapping windows make
 * h - 1 consecutive observations share returns), and an explicit choice overriding the rule.
 * Never more than T - 1 (nor less than 0).
 * @example neweyWestLags(60) // 3
 * @example neweyWestLags(60, { horizon: 6 }) // 5
 */
export function neweyWestLags(observations: number, options: { lags?: number; horizon?: number } = {}): number {
  if (!Number.isInteger(observations) || observations < 0) throw new RangeError(`observations must be a non-negative integer, got ${observations}`);
  const horizon = options.horizon ?? 1;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer (periods), got ${horizon}`);
  if (options.lags !== undefined && (!Number.isInteger(options.lags) || options.lags < 0)) throw new RangeError(`lags must be a non-negative integer, got ${options.lags}`);
  const rule = options.lags ?? Math.floor(4 * Math.pow(observations / 100, 2 / 9));
  return Math.max(0, Math.min(Math.max(rule, horizon - 1), observations - 1));
}

/**
 * The mean of the finite values of `series` and its Newey-West t-statistic with `lags`
 * Bartlett-weighted autocovariances: S = g0 + 2 sum_{j=1..L} (1 - j/(L+1)) g_j, with
 * g_j = (1/T) sum_t e_t e_{t-j} and e the deviations from the mean (no small-sample
 * correction, as in Newey and West 1987; with L = 0, S / T is the variance of the mean
 * with a 1/T variance). Lags above T - 1 are cut to T - 1. Null when no value is finite.
 * @example neweyWestMean([0.05, 0.02, 0.04, -0.01, 0.03], 1) // { observations: 5, mean: 0.026, lags: 1, standardError: 0.00705…, tstat: 3.686… }
 */
export function neweyWestMean(series: ArrayLike<number>, lags: number): NeweyWestMean | null {
  if (!Number.isInteger(lags) || lags < 0) throw new RangeError(`lags must be a non-negative integer, got ${lags}`);
  const values: number[] = [];
  for (let i = 0; i < series.length; i++) if (Number.isFinite(series[i])) values.push(series[i]);
  if (!values.length) return null;
  // A constant series has no standard error (its mean, rounded, would leave specks of one).
  if (values.every((v) => v === values[0])) return { observations: values.length, mean: values[0], lags: Math.min(lags, values.length - 1), standardError: null, tstat: null };
  return bartlett(values, Math.min(lags, values.length - 1));
}

function bartlett(values: number[], lags: number): NeweyWestMean {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  const e = values.map((v) => v - mean);
  let longRun = 0;
  for (let j = 0; j <= lags; j++) {
    let gamma = 0;
    for (let t = j; t < n; t++) gamma += e[t] * e[t - j];
    gamma /= n;
    longRun += j === 0 ? gamma : 2 * (1 - j / (lags + 1)) * gamma;
  }
  // The Bartlett weights keep S non-negative; rounding can still leave a tiny negative.
  const standardError = longRun > 0 ? Math.sqrt(longRun / n) : null;
  return { observations: n, mean, lags, standardError, tstat: standardError ? mean / standardError : null };
}

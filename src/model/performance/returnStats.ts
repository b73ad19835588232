/**
 * Risk and return statistics of a series of per-period returns, annualised with the run's
 * inferred frequency. The risk-free rate is taken as 0: for active returns that is exact
 * (the benchmark is the hurdle), for total returns it makes Sharpe an upper bound.
 */

export interface ReturnStats {
  periods: number;
  /** Compounded over the series: W_n - 1, where W is the wealth curve starting at 1. */
  cumulative: number | null;
  /** Geometric: W_n^(periodsPerYear / n) - 1. */
  annualisedReturn: number | null;
  /** Arithmetic mean per period. */
  meanReturn: number | null;
  /** Sample standard deviation (n - 1) x sqrt(periodsPerYear); for active returns this is the ex-post tracking error. */
  volatility: number | null;
  /** mean x periodsPerYear / volatility; for active returns the information ratio. */
  sharpe: number | null;
  /** sqrt(mean over all periods of min(r, 0)^2) x sqrt(periodsPerYear): downside deviation below 0. */
  downsideDeviation: number | null;
  /** mean x periodsPerYear / downsideDeviation; null when no period lost. */
  sortino: number | null;
  /** Deepest fall of the wealth curve from its running peak (the start, 1, counts as a peak): 0 or negative. */
  maxDrawdown: number | null;
  /** annualisedReturn / |maxDrawdown|; null without a drawdown. */
  calmar: number | null;
  /** Share of periods with a positive return. */
  hitRate: number | null;
}

/**
 * Statistics of `returns` (per period, in order) whose compounded wealth is `wealth` (W_t
 * after period t; for total returns the running product of 1 + r, for active returns the
 * relative wealth prod(1 + r_p) / prod(1 + r_b)). Moments (mean, volatility, Sharpe,
 * Sortino, hit rate) use `returns`; compounding (cumulative, annualised, drawdown, Calmar)
 * uses `wealth`. Without a frequency the annualised numbers are null.
 * @example returnStats([0.02, -0.01, 0.03], compound([0.02, -0.01, 0.03]), 12).volatility // 0.0721 (= sqrt(0.0052))
 */
export function returnStats(returns: readonly number[], wealth: readonly number[], periodsPerYear: number | null): ReturnStats {
  if (returns.length !== wealth.length) throw new RangeError(`returns and wealth differ in length: ${returns.length} and ${wealth.length}`);
  if (returns.some((r) => !Number.isFinite(r)) || wealth.some((w) => !Number.isFinite(w))) throw new RangeError('returns and wealth must be finite numbers');
  if (periodsPerYear !== null && !(periodsPerYear > 0)) throw new RangeError(`periods per year must be positive, got ${periodsPerYear}`);
  return stats(returns, wealth, periodsPerYear);
}

/** The wealth curve of a return series: W_t = prod_{s <= t} (1 + r_s). */
export function compound(returns: readonly number[]): number[] {
  let w = 1;
  return returns.map((r) => (w *= 1 + r));
}

/** Drawdown of each point of a wealth curve from its running peak (the start, 1, included). */
export function drawdowns(wealth: readonly number[]): number[] {
  let peak = 1;
  return wealth.map((w) => {
    peak = Math.max(peak, w);
    return w / peak - 1;
  });
}

function stats(returns: readonly number[], wealth: readonly number[], ppy: number | null): ReturnStats {
  const n = returns.length;
  if (n === 0) {
    return { periods: 0, cumulative: null, annualisedReturn: null, meanReturn: null, volatility: null, sharpe: null, downsideDeviation: null, sortino: null, maxDrawdown: null, calmar: null, hitRate: null };
  }
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const final = wealth[n - 1];
  const annualisedReturn = ppy !== null && final > 0 ? final ** (ppy / n) - 1 : null;
  const variance = n > 1 ? returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1) : null;
  const volatility = ppy !== null && variance !== null ? Math.sqrt(variance * ppy) : null;
  const downsideDeviation = ppy !== null ? Math.sqrt((returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n) * ppy) : null;
  const maxDrawdown = Math.min(0, ...drawdowns(wealth));
  return {
    periods: n,
    cumulative: final - 1,
    annualisedReturn,
    meanReturn: mean,
    volatility,
    sharpe: ppy !== null && volatility ? (mean * ppy) / volatility : null,
    downsideDeviation,
    sortino: ppy !== null && downsideDeviation ? (mean * ppy) / downsideDeviation : null,
    maxDrawdown,
    calmar: annualisedReturn !== null && maxDrawdown < 0 ? annualisedReturn / -maxDrawdown : null,
    hitRate: returns.filter((r) => r > 0).length / n,
  };
}

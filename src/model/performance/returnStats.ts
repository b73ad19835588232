/**
 * Risk and return statistics of a series of per-period returns, annualised with the run's
 * inferred frequency. Sharpe and Sortino are measured over a risk-free rate (the manifest's
 * `riskFreeRate`, else the `glassbox.riskFreeRate` setting, else 0), given as an annual
 * fraction and turned into a per-period rate by compounding: (1 + rf)^(1 / periodsPerYear) - 1.
 * Active returns are measured over 0: the benchmark is their hurdle.
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
  /** The annual risk-free rate Sharpe and Sortino are measured over (a fraction; 0 for active returns). */
  riskFreeRate: number;
  /** (mean - rf per period) x periodsPerYear / volatility; for active returns (rf 0) the information ratio. */
  sharpe: number | null;
  /** sqrt(mean over all periods of min(r - rf per period, 0)^2) x sqrt(periodsPerYear): downside deviation below the risk-free rate. */
  downsideDeviation: number | null;
  /** (mean - rf per period) x periodsPerYear / downsideDeviation; null when no period fell short of the risk-free rate. */
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
export function returnStats(returns: readonly number[], wealth: readonly number[], periodsPerYear: number | null, riskFreeRate = 0): ReturnStats {
  if (returns.length !== wealth.length) throw new RangeError(`returns and wealth differ in length: ${returns.length} and ${wealth.length}`);
  if (returns.some((r) => !Number.isFinite(r)) || wealth.some((w) => !Number.isFinite(w))) throw new RangeError('returns and wealth must be finite numbers');
  if (periodsPerYear !== null && !(periodsPerYear > 0)) throw new RangeError(`periods per year must be positive, got ${periodsPerYear}`);
  if (!(Number.isFinite(riskFreeRate) && riskFreeRate > -1)) throw new RangeError(`the risk-free rate must be an annual fraction above -1, got ${riskFreeRate}`);
  return stats(returns, wealth, periodsPerYear, riskFreeRate);
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

/** The per-period rate that compounds to `annual` over a year of `periodsPerYear` periods. */
export function periodRate(annual: number, periodsPerYear: number): number {
  return (1 + annual) ** (1 / periodsPerYear) - 1;
}

function stats(returns: readonly number[], wealth: readonly number[], ppy: number | null, riskFreeRate: number): ReturnStats {
  const n = returns.length;
  if (n === 0) {
    return { periods: 0, cumulative: null, annualisedReturn: null, meanReturn: null, volatility: null, riskFreeRate, sharpe: null, downsideDeviation: null, sortino: null, maxDrawdown: null, calmar: null, hitRate: null };
  }
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const rf = ppy !== null ? periodRate(riskFreeRate, ppy) : 0;
  const final = wealth[n - 1];
  const annualisedReturn = ppy !== null && final > 0 ? final ** (ppy / n) - 1 : null;
  const variance = n > 1 ? returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1) : null;
  const volatility = ppy !== null && variance !== null ? Math.sqrt(variance * ppy) : null;
  const downsideDeviation = ppy !== null ? Math.sqrt((returns.reduce((a, r) => a + Math.min(r - rf, 0) ** 2, 0) / n) * ppy) : null;
  const maxDrawdown = Math.min(0, ...drawdowns(wealth));
  return {
    periods: n,
    cumulative: final - 1,
    annualisedReturn,
    meanReturn: mean,
    volatility,
    riskFreeRate,
    sharpe: ppy !== null && volatility ? ((mean - rf) * ppy) / volatility : null,
    downsideDeviation,
    sortino: ppy !== null && downsideDeviation ? ((mean - rf) * ppy) / downsideDeviation : null,
    maxDrawdown,
    calmar: annualisedReturn !== null && maxDrawdown < 0 ? annualisedReturn / -maxDrawdown : null,
    hitRate: returns.filter((r) => r > 0).length / n,
  };
}

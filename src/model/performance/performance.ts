/**
 * The Performance tab in one call: the run's frequency, its return series (portfolio,
 * benchmark, active, compounded active and its drawdown), risk statistics, the model's IC,
 * quantile returns and Brinson-Fachler attribution. Computed once per load (it does not
 * depend on the date picker or the filters).
 */
import type { Panel } from '../run/panel';
import { brinsonFachler, type BrinsonAttribution } from './brinson';
import { type DateFrequency, inferFrequency } from './frequency';
import { informationCoefficients, type InformationCoefficients } from './informationCoefficient';
import { portfolioReturns, type PortfolioReturnPoint } from './portfolioReturns';
import { quantileReturns, type QuantileReturns } from './quantileReturns';
import { compound, drawdowns, returnStats, type ReturnStats } from './returnStats';
import { assertAligned } from './validate';

/** One date of the return series (dated by the start of its forward-return period). */
export interface PerformancePoint extends PortfolioReturnPoint {
  /** Compounded since the first date: prod(1 + r_p) - 1. */
  cumulativePortfolio: number;
  /** prod(1 + r_b) - 1; null without a benchmark. */
  cumulativeBenchmark: number | null;
  /** Compounded active return, relative wealth: prod(1 + r_p) / prod(1 + r_b) - 1. */
  cumulativeActive: number | null;
  /** Fall of the relative wealth curve from its running peak (0 or negative). */
  activeDrawdown: number | null;
}

/** The annual risk-free rate Sharpe and Sortino are measured over, and where it came from. */
export interface RiskFree {
  /** An annual rate as a fraction (0.04 is 4%). */
  rate: number;
  /** manifest: its `riskFreeRate`; setting: `glassbox.riskFreeRate` (in the editor); default: 0, none given. */
  source: 'manifest' | 'setting' | 'default';
}

export interface PerformanceData {
  /** Inferred from the run's dates; used to annualise. */
  frequency: DateFrequency;
  riskFree: RiskFree;
  /** How cumulative active return is computed, for the view to say. */
  activeCompounding: 'relative-wealth';
  points: PerformancePoint[];
  portfolio: ReturnStats;
  benchmark: ReturnStats | null;
  /**
   * Statistics of the arithmetic active returns r_p - r_b (volatility is the ex-post
   * tracking error, Sharpe the information ratio) with compounding on the relative wealth
   * curve (cumulative, annualised, drawdown and Calmar). Null without a benchmark.
   */
  active: ReturnStats | null;
  ic: InformationCoefficients;
  quantiles: QuantileReturns;
  brinson: BrinsonAttribution | null;
}

export interface PerformanceOptions {
  /** Score quantile buckets (default 5). */
  buckets?: number;
  /** Default: 0 (source 'default'). */
  riskFree?: RiskFree;
}

/**
 * Everything the Performance tab draws, from a panel and forward returns aligned to its
 * rows (alignReturns). Dates without a portfolio (or, with a benchmark, a benchmark) return
 * are left out of the series.
 * @example const perf = performance(panel, alignReturns(panel, readReturns(table, 'fwd.parquet')).values);
 *   perf.frequency // { frequency: 'monthly', periodsPerYear: 12, medianGapDays: 31 }
 *   perf.active?.volatility // 0.034 (tracking error)
 */
export function performance(panel: Panel, returns: Float64Array, options: PerformanceOptions = {}): PerformanceData {
  assertAligned(panel, returns);
  const buckets = options.buckets ?? 5;
  if (!Number.isInteger(buckets) || buckets < 2) throw new RangeError(`quantile buckets must be an integer of at least 2, got ${buckets}`);
  const riskFree = options.riskFree ?? { rate: 0, source: 'default' };
  if (!(Number.isFinite(riskFree.rate) && riskFree.rate > -1)) throw new RangeError(`the risk-free rate must be an annual fraction above -1, got ${riskFree.rate}`);
  return compute(panel, returns, buckets, riskFree);
}

/** The return series with cumulative and drawdown columns, and their statistics (portfolio and benchmark over `riskFreeRate`, active over 0). */
export function performanceSeries(points: readonly PortfolioReturnPoint[], periodsPerYear: number | null, riskFreeRate = 0): Pick<PerformanceData, 'points' | 'portfolio' | 'benchmark' | 'active'> {
  // With a benchmark, a date counts only when both sides have a return, so the portfolio,
  // benchmark and active series run over the same dates.
  const hasBenchmark = points.some((p) => p.benchmark !== null);
  const usable = points.filter((p): p is PortfolioReturnPoint & { portfolio: number } => p.portfolio !== null && (!hasBenchmark || p.benchmark !== null));
  const rp = usable.map((p) => p.portfolio);
  const rb = hasBenchmark ? usable.map((p) => p.benchmark as number) : null;
  const wp = compound(rp);
  const wb = rb ? compound(rb) : null;
  const relative = wb ? wp.map((w, i) => w / wb[i]) : null;
  const activeDrawdown = relative ? drawdowns(relative) : null;
  return {
    points: usable.map((p, i) => ({
      ...p,
      cumulativePortfolio: wp[i] - 1,
      cumulativeBenchmark: wb ? wb[i] - 1 : null,
      cumulativeActive: relative ? relative[i] - 1 : null,
      activeDrawdown: activeDrawdown ? activeDrawdown[i] : null,
    })),
    portfolio: returnStats(rp, wp, periodsPerYear, riskFreeRate),
    benchmark: rb && wb ? returnStats(rb, wb, periodsPerYear, riskFreeRate) : null,
    active: rb && relative ? returnStats(rp.map((r, i) => r - rb[i]), relative, periodsPerYear) : null,
  };
}

function compute(panel: Panel, returns: Float64Array, buckets: number, riskFree: RiskFree): PerformanceData {
  const frequency = inferFrequency(panel.dates);
  return {
    frequency,
    riskFree,
    activeCompounding: 'relative-wealth',
    ...performanceSeries(portfolioReturns(panel, returns), frequency.periodsPerYear, riskFree.rate),
    ic: informationCoefficients(panel, returns),
    quantiles: quantileReturns(panel, returns, buckets),
    brinson: brinsonFachler(panel, returns),
  };
}

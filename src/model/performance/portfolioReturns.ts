/**
 * The portfolio's, the benchmark's and the active return of each date: the weight-averaged
 * forward return of the names held. Names without a return are left out and the weights
 * of the rest rescaled to sum to 1 (the coverage says how much weight that was), so a cash
 * line or a delisted name does not read as a 0% return.
 */
import type { Panel } from '../run/panel';
import { assertAligned } from './validate';

/** One date's returns, from this date to the next (the forward return's period). */
export interface PortfolioReturnPoint {
  date: string;
  /** Weight-averaged forward return of the held names with a return; null when none has one. */
  portfolio: number | null;
  /** Same over benchmark weights; null without a benchmark. */
  benchmark: number | null;
  /** portfolio - benchmark (arithmetic); null when either is. */
  active: number | null;
  /** Share of portfolio weight (of the gross, for shorts) in names with a return. */
  portfolioCoverage: number;
  benchmarkCoverage: number | null;
}

/**
 * Returns for every date that has at least one forward return, in date order; dates
 * without any (usually the last) are left out.
 * @example portfolioReturns(panel, aligned.values)[0] // { date: '2021-01-29', portfolio: 0.031, benchmark: 0.027, active: 0.004, portfolioCoverage: 0.99, benchmarkCoverage: 1 }
 */
export function portfolioReturns(panel: Panel, returns: Float64Array): PortfolioReturnPoint[] {
  assertAligned(panel, returns);
  const points: PortfolioReturnPoint[] = [];
  for (let d = 0; d < panel.dates.length; d++) {
    let any = false;
    for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1] && !any; r++) any = Number.isFinite(returns[r]);
    if (!any) continue;
    const p = weightedReturn(panel, panel.weight, returns, d);
    const b = panel.benchmark ? weightedReturn(panel, panel.benchmark, returns, d) : null;
    const portfolio = p.value;
    const benchmark = b ? b.value : null;
    points.push({
      date: panel.dates[d],
      portfolio,
      benchmark,
      active: portfolio !== null && benchmark !== null ? portfolio - benchmark : null,
      portfolioCoverage: p.coverage,
      benchmarkCoverage: b ? b.coverage : null,
    });
  }
  return points;
}

/**
 * sum(w r) / sum(w) over the date's rows with a finite return and a non-zero weight, and
 * the share of gross weight those rows carry.
 */
export function weightedReturn(panel: Panel, weights: Float64Array, returns: Float64Array, date: number): { value: number | null; coverage: number } {
  let covered = 0;
  let gross = 0;
  let coveredGross = 0;
  let sum = 0;
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    const w = weights[r];
    if (w === 0) continue;
    gross += Math.abs(w);
    if (!Number.isFinite(returns[r])) continue;
    covered += w;
    coveredGross += Math.abs(w);
    sum += w * returns[r];
  }
  return { value: covered !== 0 ? sum / covered : null, coverage: gross > 0 ? coveredGross / gross : 0 };
}

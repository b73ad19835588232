/**
 * Ex-post tracking error against the manifest's `trackingError.max`: the annualised
 * standard deviation of the realised active returns over the whole run. It needs forward
 * returns; it is one number for the run, reported on the last date with a return.
 */
import type { Panel } from '../run/panel';
import { inferFrequency } from '../performance/frequency';
import { portfolioReturns } from '../performance/portfolioReturns';
import { compound, returnStats } from '../performance/returnStats';
import { assertLimit, type GuardrailCheck, judge, LIMIT_TOLERANCE, uncheckable } from './check';

/**
 * The realised tracking error (sample standard deviation of r_p - r_b x sqrt(periods per
 * year)) against the limit. Says `no-benchmark`, `no-weights`, or `no-returns` (no returns
 * given, fewer than two dates of active returns, or a run whose frequency cannot be told).
 * @example trackingErrorCheck(panel, aligned.values, 0.04) // { guardrail: 'trackingError', date: '2025-11-28', worst: { name: 'portfolio', value: 0.035 }, pass: true, … }
 */
export function trackingErrorCheck(panel: Panel, returns: Float64Array | null, limit: number, tolerance = LIMIT_TOLERANCE): GuardrailCheck {
  assertLimit(limit, 'tracking error');
  const last = panel.dates[panel.dates.length - 1];
  if (!panel.hasWeights) return uncheckable(last, 'trackingError', limit, 'no-weights');
  if (!panel.benchmark) return uncheckable(last, 'trackingError', limit, 'no-benchmark');
  if (!returns) return uncheckable(last, 'trackingError', limit, 'no-returns');
  if (returns.length !== panel.rows) throw new RangeError(`returns aligned to ${returns.length} rows, but the panel has ${panel.rows}`);
  const points = portfolioReturns(panel, returns).filter((p) => p.active !== null);
  const active = points.map((p) => p.active as number);
  const te = returnStats(active, compound(active), inferFrequency(panel.dates).periodsPerYear).volatility;
  if (te === null) return uncheckable(points.length ? points[points.length - 1].date : last, 'trackingError', limit, 'no-returns');
  return judge(points[points.length - 1].date, 'trackingError', limit, [{ name: 'portfolio', value: te }], tolerance);
}

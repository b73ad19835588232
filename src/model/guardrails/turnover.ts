/**
 * One-way turnover against the previous date, 0.5 x sum |w_t - w_{t-1}| over the union of
 * both dates' names, against the manifest's `turnover.max`: trading costs eat small-cap
 * alpha first.
 */
import { filterMasks } from '../engine/filters';
import { oneWayTurnover } from '../engine/overview';
import type { Panel } from '../run/panel';
import { NO_FILTERS } from '../types';
import { assertDateIndex, assertLimit, type GuardrailCheck, judge, LIMIT_TOLERANCE, uncheckable } from './check';

/**
 * Turnover from the previous date of the run to this one (the Overview's number, without
 * filters). The first date says `no-previous-date`; a run without weights, `no-weights`.
 * @example turnoverCheck(panel, 1, 0.25) // { guardrail: 'turnover', worst: { name: 'portfolio', value: 0.4 }, pass: false, ... }
 */
export function turnoverCheck(panel: Panel, date: number, limit: number, tolerance = LIMIT_TOLERANCE): GuardrailCheck {
  assertDateIndex(panel.dates, date);
  assertLimit(limit, 'turnover');
  if (!panel.hasWeights) return uncheckable(panel.dates[date], 'turnover', limit, 'no-weights');
  if (date === 0) return uncheckable(panel.dates[date], 'turnover', limit, 'no-previous-date');
  const value = oneWayTurnover(panel, date, date - 1, filterMasks(panel, NO_FILTERS));
  return judge(panel.dates[date], 'turnover', limit, [{ name: 'portfolio', value }], tolerance);
}

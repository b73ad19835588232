/**
 * The single-name cap: no stock's portfolio weight above the manifest's `stock.maxWeight`,
 * the limit that keeps one name's bad news from sinking the book.
 */
import type { Panel } from '../run/panel';
import { assertDateIndex, assertLimit, type GuardrailCheck, type GuardrailValue, judge, LIMIT_TOLERANCE, uncheckable } from './check';

/**
 * Every held stock's weight against the cap (a short position counts by its size). The
 * worst is the largest position. Without portfolio weights the check says `no-weights`.
 * @example stockWeightCheck(panel, 0, 0.02) // { guardrail: 'stock', worst: { name: 'CRS', value: 0.0198 }, pass: true, ... }
 */
export function stockWeightCheck(panel: Panel, date: number, limit: number, tolerance = LIMIT_TOLERANCE): GuardrailCheck {
  assertDateIndex(panel.dates, date);
  assertLimit(limit, 'single-name weight');
  if (!panel.hasWeights) return uncheckable(panel.dates[date], 'stock', limit, 'no-weights');
  return judge(panel.dates[date], 'stock', limit, positions(panel, date), tolerance);
}

function positions(panel: Panel, date: number): GuardrailValue[] {
  const values: GuardrailValue[] = [];
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    if (panel.weight[r] !== 0) values.push({ name: panel.stocks[panel.rowStock[r]], value: panel.weight[r] });
  }
  return values;
}

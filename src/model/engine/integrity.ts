/**
 * The integrity check, base value + sum of contributions = score for every stock that has a
 * score, on one date (the Overview under its filters) and over the whole run (the Problems
 * panel, `glassbox check`, the review summary): one computation for all of them.
 */
import type { GuardrailSummary } from '../guardrails/check';
import type { Panel } from '../run/panel';
import { NO_FILTERS, type IntegrityCheck, type IntegrityOffender } from '../types';
import { filterMasks, type FilterMasks } from './filters';

/** One failing date of the run. */
export interface IntegrityDateFailure {
  date: string;
  checked: number;
  failures: number;
  maxAbsError: number;
  /** Largest |error| first, at most 10. */
  worst: IntegrityOffender[];
}

/** Integrity over every date of the run (whole universe, no filter). */
export interface RunIntegrity {
  /** False when the run has no score column (score = base + sum: nothing to check). */
  checked: boolean;
  tolerance: number;
  /** Dates checked. */
  dates: number;
  /** Stock-dates checked and failing, over every date. */
  stocks: number;
  failures: number;
  maxAbsError: number;
  /** Only the dates that failed, ascending. */
  failedDates: IntegrityDateFailure[];
  /** The largest |error| over the run, or null when nothing fails. */
  worst: { stock: string; date: string; error: number } | null;
  pass: boolean;
}

/**
 * Base value + sum of contributions against the score, for each stock of the date that has
 * both; the worst offenders first.
 */
export function integrityCheck(panel: Panel, date: number, masks: FilterMasks, tolerance: number): IntegrityCheck | null {
  if (!panel.hasScore) return null;
  let checked = 0;
  let maxAbsError = 0;
  const offenders: IntegrityOffender[] = [];
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    if (!panel.hasContributions[r] || !masks.stock[panel.rowStock[r]] || !Number.isFinite(panel.score[r])) continue;
    checked++;
    const baseValue = panel.baseValue ? panel.baseValue[r] : 0;
    const error = baseValue + panel.sumContributions[r] - panel.score[r];
    const abs = Number.isFinite(error) ? Math.abs(error) : Infinity;
    maxAbsError = Math.max(maxAbsError, abs);
    if (abs > tolerance) {
      offenders.push({ stock: panel.stocks[panel.rowStock[r]], baseValue, sumContributions: panel.sumContributions[r], score: panel.score[r], error });
    }
  }
  offenders.sort((a, b) => Math.abs(b.error) - Math.abs(a.error) || a.stock.localeCompare(b.stock));
  return { checked, failures: offenders.length, maxAbsError, tolerance, worst: offenders.slice(0, 10) };
}

/**
 * The check on every date of the run.
 * @example runIntegrity(panel, 1e-6).failedDates[0] // { date: '2024-01-31', checked: 3, failures: 1, … }
 */
export function runIntegrity(panel: Panel, tolerance: number): RunIntegrity {
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new RangeError(`integrity tolerance must be a non-negative number, got ${tolerance}`);
  const result: RunIntegrity = { checked: panel.hasScore, tolerance, dates: 0, stocks: 0, failures: 0, maxAbsError: 0, failedDates: [], worst: null, pass: true };
  if (!panel.hasScore) return result;
  const masks = filterMasks(panel, NO_FILTERS);
  panel.dates.forEach((date, d) => {
    const check = integrityCheck(panel, d, masks, tolerance);
    if (!check) return;
    result.dates++;
    result.stocks += check.checked;
    result.failures += check.failures;
    result.maxAbsError = Math.max(result.maxAbsError, check.maxAbsError);
    if (!check.failures) return;
    result.failedDates.push({ date, checked: check.checked, failures: check.failures, maxAbsError: check.maxAbsError, worst: check.worst });
    const worst = check.worst[0];
    if (!result.worst || Math.abs(worst.error) > Math.abs(result.worst.error)) result.worst = { stock: worst.stock, date, error: worst.error };
  });
  result.pass = result.failures === 0;
  return result;
}

/** The whole-run checks the Problems panel shows on the manifest (the worker's `problems` answer). */
export interface RunProblems {
  /** One per guardrail the manifest sets (see checkGuardrails). */
  guardrails: GuardrailSummary[];
  /** Null when the run has no score column to check against. */
  integrity: RunIntegrity | null;
}

/**
 * The run's guardrail summary and its integrity over every date.
 * @example runProblems(report, runIntegrity(panel, 1e-6)).guardrails[0] // { guardrail: 'sector', pass: false, … }
 */
export function runProblems(guardrails: GuardrailSummary[], integrity: RunIntegrity): RunProblems {
  return { guardrails, integrity: integrity.checked ? integrity : null };
}

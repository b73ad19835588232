/**
 * Which of the baseline's dates a run date is compared with. A baseline rarely covers
 * exactly the run's dates (an older model run over fewer years, a backtest cut at another
 * month end), so every run date gets one: the baseline's own date when it has it, else its
 * nearest earlier date (the baseline as it stood then), else, when the baseline starts
 * later, its first date. The view names the date used whenever it is not the run's.
 */
import { InputError } from '../errors';
import type { BaselineMatch } from '../types';
import { compareMessages } from './messages';

/**
 * The baseline date `date` is compared with. `baselineDates` and `runDates` are ascending
 * ISO dates (`YYYY-MM-DD`, so string order is date order). Throws an InputError when the
 * baseline has no date at all.
 * @example baselineDateFor('2023-07-31', ['2023-06-30', '2023-08-31'], runDates)
 *   // { date: '2023-07-31', baselineDate: '2023-06-30', kind: 'earlier', sharedDates: 0, nearestShared: null }
 */
export function baselineDateFor(date: string, baselineDates: readonly string[], runDates: readonly string[]): BaselineMatch {
  if (baselineDates.length === 0) throw new InputError(compareMessages.emptyBaseline());
  const shared = sharedDates(runDates, baselineDates);
  const nearestShared = shared.includes(date) ? date : nearestDate(date, shared);
  const at = lastAtOrBefore(date, baselineDates);
  if (at >= 0 && baselineDates[at] === date) return { date, baselineDate: date, kind: 'exact', sharedDates: shared.length, nearestShared };
  if (at >= 0) return { date, baselineDate: baselineDates[at], kind: 'earlier', sharedDates: shared.length, nearestShared };
  return { date, baselineDate: baselineDates[0], kind: 'later', sharedDates: shared.length, nearestShared };
}

/** Dates present in both lists, ascending. */
export function sharedDates(runDates: readonly string[], baselineDates: readonly string[]): string[] {
  const other = new Set(baselineDates);
  return runDates.filter((d) => other.has(d));
}

/** Index of the last date <= `date` in ascending `dates`, or -1 when every date is later. */
function lastAtOrBefore(date: string, dates: readonly string[]): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= date) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The date of `dates` closest in time to `date` (the earlier on a tie); null for no dates. */
function nearestDate(date: string, dates: readonly string[]): string | null {
  if (dates.length === 0) return null;
  const i = lastAtOrBefore(date, dates);
  if (i < 0) return dates[0];
  if (i === dates.length - 1) return dates[i];
  const day = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  const t = day(date);
  return t - day(dates[i]) <= day(dates[i + 1]) - t ? dates[i] : dates[i + 1];
}

/**
 * One sentence naming the baseline date used, for the view and the reports; null when it
 * is the run's own date.
 * @example baselineMatchNote('v6', match) // 'Baseline v6 as of 2025-01-31, its nearest date to 2023-07-31 (it has none earlier).'
 */
export function baselineMatchNote(baseline: string, match: BaselineMatch): string | null {
  return match.kind === 'exact' ? null : compareMessages.baselineAsOf(baseline, match);
}

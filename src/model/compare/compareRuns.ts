/**
 * A run against its baseline (the manifest's `baseline`, e.g. the previous model
 * version): what the new model changed in the portfolio and in each stock's score, factor
 * by factor. Stocks are matched by id, features and factors by name; dates by
 * baselineDateFor (the baseline's own date, else its nearest earlier one, named).
 */
import { InputError } from '../errors';
import { messages } from '../messages';
import type { Panel } from '../run/panel';
import type { BaselineMatch } from '../types';
import { baselineDateFor, sharedDates } from './baselineDate';
import { type Comparison, compareSnapshots } from './snapshotChange';

/** Dates present in both runs, ascending. */
export function commonDates(current: Panel, baseline: Panel): string[] {
  return sharedDates(current.dates, baseline.dates);
}

/** A comparison with the run and the baseline date it was made on. */
export interface RunComparison extends Comparison {
  match: BaselineMatch;
}

/**
 * Compares the run (after) on `date` with its baseline (before) on the baseline date
 * matched to it (baselineDateFor). Without `date`: the latest date both have, else the
 * run's latest date. Throws an InputError for a date the run lacks or an empty baseline.
 * @example compareRuns(v7, v6).factorsOnlyAfter // ['alt_data']
 * @example compareRuns(v7, v6, '2023-07-31').match // { baselineDate: '2025-01-31', kind: 'later', … }
 */
export function compareRuns(current: Panel, baseline: Panel, date?: string, labels: { current: string; baseline: string } = { current: 'run', baseline: 'baseline' }): RunComparison {
  const shared = commonDates(current, baseline);
  const on = date ?? (shared.length ? shared[shared.length - 1] : current.dates[current.dates.length - 1]);
  const index = current.dates.indexOf(on);
  if (index < 0) throw new InputError(messages.unknownDate(on, current.dates[0], current.dates[current.dates.length - 1]));
  const match = baselineDateFor(on, baseline.dates, current.dates);
  const comparison = compareSnapshots({ panel: baseline, date: baseline.dates.indexOf(match.baselineDate), label: labels.baseline }, { panel: current, date: index, label: labels.current });
  return { ...comparison, match };
}

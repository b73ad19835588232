/**
 * A run against its baseline (the manifest's `baseline`, e.g. the previous model
 * version) on a date both have: what the new model changed in the portfolio and in each
 * stock's score, factor by factor. Stocks are matched by id, features and factors by name.
 */
import { InputError } from '../errors';
import type { Panel } from '../run/panel';
import { compareMessages } from './messages';
import { type Comparison, compareSnapshots } from './snapshotChange';

/** Dates present in both runs, ascending. */
export function commonDates(current: Panel, baseline: Panel): string[] {
  const other = new Set(baseline.dates);
  return current.dates.filter((d) => other.has(d));
}

/**
 * Compares the run (after) with its baseline (before) on `date`, by default the latest
 * date they share. Throws an InputError when they share no date or `date` is not shared.
 * @example compareRuns(v7, v6).factorsOnlyAfter // ['alt_data']
 */
export function compareRuns(current: Panel, baseline: Panel, date?: string, labels: { current: string; baseline: string } = { current: 'run', baseline: 'baseline' }): Comparison {
  const shared = commonDates(current, baseline);
  if (shared.length === 0) {
    throw new InputError(compareMessages.noCommonDate(current.dates[0], current.dates[current.dates.length - 1], baseline.dates[0], baseline.dates[baseline.dates.length - 1]));
  }
  const on = date ?? shared[shared.length - 1];
  if (!shared.includes(on)) throw new InputError(compareMessages.notCommonDate(on));
  return compareSnapshots({ panel: baseline, date: baseline.dates.indexOf(on), label: labels.baseline }, { panel: current, date: current.dates.indexOf(on), label: labels.current });
}

/**
 * One date of a run against an earlier one (by default the previous date): what the
 * rebalance traded and which signals moved.
 */
import { InputError } from '../errors';
import { messages } from '../messages';
import type { Panel } from '../run/panel';
import { compareMessages } from './messages';
import { type Comparison, compareSnapshots } from './snapshotChange';

/**
 * Compares `date` with `previous` (default: the run's date before it). Throws an
 * InputError for a date the run does not have, for the first date without a `previous`,
 * and when `previous` is not earlier than `date`.
 * @example compareDates(panel, '2024-02-29').entered // ['D']
 */
export function compareDates(panel: Panel, date: string, previous?: string): Comparison {
  const index = dateIndex(panel, date);
  const before = previous === undefined ? index - 1 : dateIndex(panel, previous);
  if (previous === undefined && index === 0) throw new InputError(compareMessages.firstDate(date));
  if (before >= index) throw new InputError(compareMessages.notBefore(panel.dates[before], date));
  return compareSnapshots({ panel, date: before, label: panel.dates[before] }, { panel, date: index, label: date });
}

function dateIndex(panel: Panel, date: string): number {
  const index = panel.dates.indexOf(date);
  if (index < 0) throw new InputError(messages.unknownDate(date, panel.dates[0], panel.dates[panel.dates.length - 1]));
  return index;
}

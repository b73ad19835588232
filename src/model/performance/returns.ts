/**
 * Forward returns (the return from each date to the next) read from a returns table and
 * aligned to the panel's rows, so every performance number is computed by row index.
 * A return that matches no row, and a held name without a return, are reported, never
 * dropped silently.
 */
import type { ColumnTable } from 'arquero';
import { InputError } from '../errors';
import { messages } from '../messages';
import type { Panel } from '../run/panel';
import { resolveTableColumns } from '../schema/columns';
import { columnValues, dateColumn, numericColumn, textColumn } from '../schema/values';
import type { Diagnostic } from '../types';
import { performanceMessages } from './messages';

/** A returns table as read: one entry per row, in file order. */
export interface ForwardReturns {
  file: string;
  /** ISO dates, or null for an undated table (taken as of the run's latest date). */
  dates: string[] | null;
  stocks: string[];
  /** Forward returns as fractions (0.012 = 1.2%); NaN where missing. */
  values: Float64Array;
}

/** Forward returns aligned to a panel. */
export interface AlignedReturns {
  file: string;
  /** One value per panel row (NaN where the row has no return). */
  values: Float64Array;
  /** Panel rows given a finite return. */
  matched: number;
  /** Returns-table rows whose (date, stock) is not a panel row. */
  unmatched: number;
  /** Panel dates with at least one finite return. */
  datesWithReturns: string[];
  diagnostics: Diagnostic[];
}

/**
 * Reads a returns table (columns date, stock, return, matched by alias: `fwd_return`,
 * `forward_return`, `ret`...). Throws an InputError naming the file, row and column of an
 * empty stock id, a bad date or a non-numeric return.
 * @example readReturns(table, 'fwd_returns.parquet') // { dates: ['2021-01-29', …], stocks: ['AAPL', …], values: Float64Array [0.012, …] }
 */
export function readReturns(table: ColumnTable, file: string, overrides?: Record<string, string>): ForwardReturns {
  if (table.numRows() === 0) throw new InputError(messages.emptyTable(file), file);
  const columns = resolveTableColumns(table, 'returns', file, overrides);
  const stockColumn = columns.stock as string;
  const stocks = textColumn(columnValues(table, stockColumn));
  const empty = stocks.indexOf('');
  if (empty >= 0) throw new InputError(messages.missingStock(file, stockColumn, empty + 1), file, empty + 1, stockColumn);
  const dates = columns.date !== undefined ? dateColumn(columnValues(table, columns.date), file, columns.date) : null;
  const values = Float64Array.from(numericColumn(columnValues(table, columns.return as string), file, columns.return as string));
  return { file, dates, stocks, values };
}

/**
 * Puts each return on its panel row: a Float64Array of panel.rows with NaN where a row has
 * no return. An undated table is taken as of the panel's latest date. Reports (in
 * `diagnostics`) returns that match no row, duplicate keys, non-finite values, held names
 * without a return and dates without any return.
 */
export function alignReturns(panel: Panel, returns: ForwardReturns): AlignedReturns {
  const n = returns.stocks.length;
  if (returns.values.length !== n || (returns.dates && returns.dates.length !== n)) throw new RangeError(`${returns.file}: dates, stocks and values differ in length`);
  return align(panel, returns);
}

function align(panel: Panel, returns: ForwardReturns): AlignedReturns {
  const { file } = returns;
  const diagnostics: Diagnostic[] = [];
  const dateIndex = new Map(panel.dates.map((d, i) => [d, i]));
  const stockIndex = new Map(panel.stocks.map((s, i) => [s, i]));
  const latest = panel.dates[panel.dates.length - 1];
  if (!returns.dates && panel.dates.length > 1) diagnostics.push({ severity: 'info', code: 'undated-returns', message: performanceMessages.undatedReturns(file, latest), file });

  const values = new Float64Array(panel.rows).fill(NaN);
  const seen = new Uint8Array(panel.rows);
  let unmatched = 0;
  let unmatchedExample = '';
  const unknownDates = new Set<string>();
  let duplicates = 0;
  let duplicateExample = '';
  let nonFinite = 0;
  let nonFiniteExample = '';
  for (let i = 0; i < returns.stocks.length; i++) {
    const date = returns.dates ? returns.dates[i] : latest;
    const d = dateIndex.get(date);
    const s = stockIndex.get(returns.stocks[i]);
    const row = d === undefined || s === undefined ? -1 : panel.rowAt[d * panel.stocks.length + s];
    if (row < 0) {
      if (d === undefined) unknownDates.add(date);
      if (unmatched++ === 0) unmatchedExample = `${returns.stocks[i]} on ${date} (row ${i + 1})`;
      continue;
    }
    if (seen[row]) {
      if (duplicates++ === 0) duplicateExample = `${date}, ${returns.stocks[i]} (row ${i + 1})`;
      continue;
    }
    seen[row] = 1;
    const v = returns.values[i];
    if (Number.isFinite(v)) values[row] = v;
    else if (nonFinite++ === 0) nonFiniteExample = `${returns.stocks[i]} on ${date} (row ${i + 1})`;
  }

  const withReturns = new Uint8Array(panel.dates.length);
  let matched = 0;
  for (let r = 0; r < panel.rows; r++) {
    if (!Number.isFinite(values[r])) continue;
    matched++;
    withReturns[panel.rowDate[r]] = 1;
  }
  let heldMissing = 0;
  let heldExample = '';
  for (let r = 0; r < panel.rows; r++) {
    if (!withReturns[panel.rowDate[r]] || panel.weight[r] <= 0 || Number.isFinite(values[r])) continue;
    if (heldMissing++ === 0) heldExample = `${panel.stocks[panel.rowStock[r]]} on ${panel.dates[panel.rowDate[r]]}`;
  }
  const datesWithReturns = panel.dates.filter((_, d) => withReturns[d]);
  const datesWithout = panel.dates.filter((_, d) => !withReturns[d]);

  const warn = (code: string, message: string, count: number, example: string) => diagnostics.push({ severity: 'warning', code, message, file, count, example });
  if (unknownDates.size) {
    const example = [...unknownDates].sort()[0];
    diagnostics.push({ severity: 'warning', code: 'returns-unknown-dates', message: performanceMessages.returnsUnmatchedDates(file, unknownDates.size, example), file, count: unknownDates.size, example });
  }
  if (unmatched) warn('returns-unmatched', performanceMessages.returnsUnmatched(file, unmatched, unmatchedExample), unmatched, unmatchedExample);
  if (duplicates) warn('returns-duplicates', performanceMessages.returnsDuplicates(file, duplicates, duplicateExample), duplicates, duplicateExample);
  if (nonFinite) warn('returns-non-finite', performanceMessages.nonFiniteReturns(file, nonFinite, nonFiniteExample), nonFinite, nonFiniteExample);
  if (heldMissing) warn('held-without-return', performanceMessages.heldWithoutReturn(file, heldMissing, heldExample), heldMissing, heldExample);
  if (datesWithout.length && datesWithReturns.length) {
    diagnostics.push({ severity: 'info', code: 'dates-without-returns', message: performanceMessages.datesWithoutReturns(file, datesWithout.length, datesWithout[datesWithout.length - 1]), file, count: datesWithout.length, example: datesWithout[datesWithout.length - 1] });
  }
  return { file, values, matched, unmatched, datesWithReturns, diagnostics };
}

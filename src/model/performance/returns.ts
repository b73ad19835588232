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
import { COLUMN_ALIASES, normalizeColumnName } from '../schema/aliases';
import { resolveTableColumns } from '../schema/columns';
import { columnValues, dateColumn, numericColumn, textColumn } from '../schema/values';
import type { Diagnostic } from '../types';
import { performanceMessages } from './messages';

/** A unit a horizon is written in: trading days, weeks, months, quarters, years, or periods of the run's dates. */
export type HorizonUnit = 'd' | 'w' | 'm' | 'q' | 'y' | 'period';

/** How far ahead a forward return looks, as the file writes it: `3m` is { count: 3, unit: 'm' }. */
export interface ReturnHorizon {
  /** `1m`, `5d`; a bare number of periods stays as written (`3`). */
  label: string;
  count: number;
  unit: HorizonUnit;
}

/** The returns of one horizon, one entry per row of the table that has it. */
export interface HorizonReturns {
  horizon: ReturnHorizon;
  /** ISO dates, or null for an undated table. */
  dates: string[] | null;
  stocks: string[];
  values: Float64Array;
}

/** A returns table as read: one entry per row, in file order. */
export interface ForwardReturns {
  file: string;
  /** ISO dates, or null for an undated table (taken as of the run's latest date). */
  dates: string[] | null;
  stocks: string[];
  /**
   * Forward returns as fractions (0.012 = 1.2%); NaN where missing. With several horizons,
   * the shortest horizon's (the one performance is computed from).
   */
  values: Float64Array;
  /**
   * Every horizon, shortest first, when the table has more than one (a `horizon` column, or
   * columns such as `fwd_return_1m`, `fwd_return_3m`); absent with one horizon.
   */
  horizons?: HorizonReturns[];
}

/** Trading days in each unit, to order horizons written in different units (1m = 21d). */
export const TRADING_DAYS: Record<Exclude<HorizonUnit, 'period'>, number> = { d: 1, w: 5, m: 21, q: 63, y: 252 };

const UNIT_WORDS: Record<string, Exclude<HorizonUnit, 'period'>> = {
  d: 'd', day: 'd', days: 'd',
  w: 'w', wk: 'w', week: 'w', weeks: 'w',
  m: 'm', mo: 'm', month: 'm', months: 'm',
  q: 'q', quarter: 'q', quarters: 'q',
  y: 'y', yr: 'y', year: 'y', years: 'y',
};

/**
 * A horizon as written in a `horizon` column: a count and a unit (`1m`, `5d`, `3 months`),
 * or a bare whole number of periods of the run's dates (`3`). Null when it is neither.
 * @example parseHorizon('3m') // { label: '3m', count: 3, unit: 'm' }
 * @example parseHorizon(6) // { label: '6', count: 6, unit: 'period' }
 */
export function parseHorizon(value: unknown): ReturnHorizon | null {
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : typeof value === 'string' ? value.trim().toLowerCase() : '';
  const bare = /^(\d+)(?:\.0+)?$/.exec(text);
  if (bare) return Number(bare[1]) >= 1 ? { label: String(Number(bare[1])), count: Number(bare[1]), unit: 'period' } : null;
  const labelled = /^(\d+)\s*_?([a-z]+)$/.exec(text);
  const unit = labelled ? UNIT_WORDS[labelled[2]] : undefined;
  if (!labelled || !unit || Number(labelled[1]) < 1) return null;
  return { label: `${Number(labelled[1])}${unit}`, count: Number(labelled[1]), unit };
}

/**
 * The horizon a wide returns column names, or null: a return alias (`return`, `ret`,
 * `fwd_return`, `forward_return`, `fwd_ret`, also `ret_fwd`, `return_fwd`, `ret_forward`,
 * `return_forward`), an underscore, then a count and a unit (d, w, m, q, y, or spelled
 * out). Case, spaces, dashes and dots are treated as in every column name.
 * @example horizonOfColumn('fwd_return_3m') // { label: '3m', count: 3, unit: 'm' }
 * @example horizonOfColumn('RET_FWD_20D') // { label: '20d', count: 20, unit: 'd' }
 */
export function horizonOfColumn(name: string): ReturnHorizon | null {
  const match = /^(?:(?:fwd|forward)_(?:return|returns|ret)|(?:return|returns|ret)(?:_(?:fwd|forward))?)_(\d+_?[a-z]+)$/.exec(normalizeColumnName(name));
  const horizon = match ? parseHorizon(match[1].replace('_', '')) : null;
  return horizon && horizon.unit !== 'period' ? horizon : null;
}

/** Orders horizons shortest first; one in trading days, the other in periods, cannot be ordered (null). */
function horizonLength(h: ReturnHorizon): number {
  return h.unit === 'period' ? h.count : h.count * TRADING_DAYS[h.unit];
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
 *
 * Returns at several horizons come in one of two shapes: long, with a `horizon` column
 * (values such as `1m`, `3m`, `5d`, or whole numbers of periods of the run's dates) beside
 * the one return column; or wide, one column per horizon named by horizonOfColumn
 * (`fwd_return_1m`, `fwd_return_3m`). The shortest horizon is then the run's forward return.
 * A wide table that also has a plain return column keeps that one as the run's return.
 * @example readReturns(table, 'fwd_returns.parquet') // { dates: ['2021-01-29', …], stocks: ['AAPL', …], values: Float64Array [0.012, …] }
 */
export function readReturns(table: ColumnTable, file: string, overrides: Record<string, string> = {}): ForwardReturns {
  if (table.numRows() === 0) throw new InputError(messages.emptyTable(file), file);
  const wide = wideHorizonColumns(table.columnNames(), file);
  const plain = overrides.return !== undefined || COLUMN_ALIASES.return.some((a) => table.columnNames().some((c) => normalizeColumnName(c) === a));
  // Without a plain return column, the shortest horizon's column stands in for it.
  const columns = resolveTableColumns(table, 'returns', file, !plain && wide.length ? { ...overrides, return: wide[0].column } : overrides);
  const stockColumn = columns.stock as string;
  const stocks = textColumn(columnValues(table, stockColumn));
  const empty = stocks.indexOf('');
  if (empty >= 0) throw new InputError(messages.missingStock(file, stockColumn, empty + 1), file, empty + 1, stockColumn);
  const dates = columns.date !== undefined ? dateColumn(columnValues(table, columns.date), file, columns.date) : null;
  const values = Float64Array.from(numericColumn(columnValues(table, columns.return as string), file, columns.return as string));
  if (columns.horizon !== undefined) {
    if (wide.length) throw new InputError(performanceMessages.horizonColumnAndWide(file, columns.horizon, wide[0].column), file, undefined, wide[0].column);
    return splitByHorizon({ file, dates, stocks, values }, horizonColumn(columnValues(table, columns.horizon), file, columns.horizon));
  }
  if (wide.length < 2) return { file, dates, stocks, values };
  const horizons = wide.map(({ column, horizon }, i) => {
    const all = Float64Array.from(numericColumn(columnValues(table, column), file, column));
    return i === 0 ? { horizon, dates, stocks, values: all } : withoutEmpty({ horizon, dates, stocks, values: all });
  });
  return { file, dates, stocks, values, horizons };
}

/**
 * A longer horizon's wide column without its empty cells: there the row has no return at
 * this horizon (the run ends, or the stock delists, before the window does), as an absent
 * row in a long table; infinite values stay, to be reported.
 */
function withoutEmpty(h: HorizonReturns): HorizonReturns {
  const keep: number[] = [];
  for (let i = 0; i < h.values.length; i++) if (!Number.isNaN(h.values[i])) keep.push(i);
  if (keep.length === h.values.length) return h;
  return { horizon: h.horizon, dates: h.dates && keep.map((i) => (h.dates as string[])[i]), stocks: keep.map((i) => h.stocks[i]), values: Float64Array.from(keep, (i) => h.values[i]) };
}

/** The wide horizon columns of a returns table, shortest first; two columns of one horizon are an error. */
function wideHorizonColumns(names: readonly string[], file: string): { column: string; horizon: ReturnHorizon }[] {
  const found = names.flatMap((column) => {
    const horizon = horizonOfColumn(column);
    return horizon ? [{ column, horizon }] : [];
  });
  found.sort((a, b) => horizonLength(a.horizon) - horizonLength(b.horizon));
  for (let i = 1; i < found.length; i++) {
    if (horizonLength(found[i].horizon) === horizonLength(found[i - 1].horizon)) throw new InputError(performanceMessages.sameHorizonTwice(file, found[i - 1].column, found[i].column), file, undefined, found[i].column);
  }
  return found;
}

/** A `horizon` column parsed row by row; an unreadable value, or units mixed with bare periods, is an error naming the row. */
function horizonColumn(values: ArrayLike<unknown>, file: string, column: string): ReturnHorizon[] {
  const out = new Array<ReturnHorizon>(values.length);
  for (let i = 0; i < values.length; i++) {
    const horizon = parseHorizon(values[i]);
    if (!horizon) throw new InputError(performanceMessages.badHorizon(file, column, i + 1, String(values[i] ?? '')), file, i + 1, column);
    if (i > 0 && (horizon.unit === 'period') !== (out[0].unit === 'period')) throw new InputError(performanceMessages.mixedHorizonUnits(file, column, i + 1, out[0].label, horizon.label), file, i + 1, column);
    out[i] = horizon;
  }
  return out;
}

/** A long returns table split into one table per horizon, shortest first (the first is the run's return). */
function splitByHorizon(all: ForwardReturns, horizonOfRow: ReturnHorizon[]): ForwardReturns {
  const rowsOf = new Map<number, { horizon: ReturnHorizon; rows: number[] }>();
  horizonOfRow.forEach((horizon, i) => {
    const key = horizonLength(horizon);
    const entry = rowsOf.get(key) ?? { horizon, rows: [] };
    // `1m` and `21d` are the same horizon written two ways: never merge them silently.
    if (entry.horizon.label !== horizon.label) throw new InputError(performanceMessages.sameHorizonTwice(all.file, entry.horizon.label, horizon.label), all.file, i + 1);
    entry.rows.push(i);
    rowsOf.set(key, entry);
  });
  const horizons = [...rowsOf.values()]
    .sort((a, b) => horizonLength(a.horizon) - horizonLength(b.horizon))
    .map(({ horizon, rows }): HorizonReturns => ({
      horizon,
      dates: all.dates ? rows.map((i) => (all.dates as string[])[i]) : null,
      stocks: rows.map((i) => all.stocks[i]),
      values: Float64Array.from(rows, (i) => all.values[i]),
    }));
  const [first] = horizons;
  return { file: all.file, dates: first.dates, stocks: first.stocks, values: first.values, ...(horizons.length > 1 ? { horizons } : {}) };
}

/** One horizon's forward returns on the panel's rows. */
export interface AlignedHorizon {
  horizon: ReturnHorizon;
  /** One value per panel row (NaN where the row has no return at this horizon). */
  values: Float64Array;
}

/**
 * Every horizon of a multi-horizon returns table on the panel's rows, shortest first (null
 * with one horizon). `primary` is the shortest horizon already aligned by alignReturns,
 * whose diagnostics the run reports; for the longer horizons only what loses rows (rows
 * matching no panel row, duplicates, non-finite values) is reported, named by horizon: a
 * long horizon naturally has no return on the run's last dates.
 */
export function alignHorizons(panel: Panel, returns: ForwardReturns, primary: AlignedReturns): { horizons: AlignedHorizon[] | null; diagnostics: Diagnostic[] } {
  if (!returns.horizons || returns.horizons.length < 2) return { horizons: null, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const horizons = returns.horizons.map((h, i): AlignedHorizon => {
    if (i === 0) return { horizon: h.horizon, values: primary.values };
    const aligned = alignReturns(panel, { file: returns.file, dates: h.dates, stocks: h.stocks, values: h.values });
    for (const d of aligned.diagnostics) {
      if (LOST_ROWS.has(d.code)) diagnostics.push({ ...d, message: performanceMessages.horizonAlignment(h.horizon.label, d.message) });
    }
    return { horizon: h.horizon, values: aligned.values };
  });
  return { horizons, diagnostics };
}

const LOST_ROWS = new Set(['returns-unknown-dates', 'returns-unmatched', 'returns-duplicates', 'returns-non-finite']);

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

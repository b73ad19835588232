/**
 * Reads portfolio (and benchmark) weights, detecting percentages: real files come both
 * ways, and a view that shows 250% active share is worse than none.
 */
import type { ColumnTable } from 'arquero';
import { InputError } from '../errors';
import { messages } from '../messages';
import { resolveTableColumns } from '../schema/columns';
import { columnValues, dateColumn, numericColumn, textColumn } from '../schema/values';
import type { Diagnostic } from '../types';
import { META_COLUMNS, type StockMeta } from './contributions';

export interface Weights {
  file: string;
  dates: string[] | null;
  stocks: string[];
  /** Fractions (percent inputs divided by 100); missing values are 0. */
  weight: Float64Array;
  benchmark: Float64Array | null;
  scale: 'fraction' | 'percent';
  meta: StockMeta;
}

export function readWeights(table: ColumnTable, file: string, overrides: Record<string, string> | undefined, diagnostics: Diagnostic[]): Weights {
  if (table.numRows() === 0) throw new InputError(messages.emptyTable(file), file);
  const columns = resolveTableColumns(table, 'weights', file, overrides);
  const stockColumn = columns.stock as string;
  const stocks = textColumn(columnValues(table, stockColumn));
  const empty = stocks.indexOf('');
  if (empty >= 0) throw new InputError(messages.missingStock(file, stockColumn, empty + 1), file, empty + 1, stockColumn);
  const dates = columns.date !== undefined ? dateColumn(columnValues(table, columns.date), file, columns.date) : null;
  const weightColumn = columns.weight as string;
  const rawWeight = numericColumn(columnValues(table, weightColumn), file, weightColumn);
  const rawBenchmark = columns.benchmark_weight !== undefined ? numericColumn(columnValues(table, columns.benchmark_weight), file, columns.benchmark_weight) : null;
  const rowName = (i: number) => `${dates ? `${dates[i]}, ` : ''}${stocks[i]} (row ${i + 1})`;
  reportNonFinite(rawWeight, rawBenchmark, 'portfolio', weightColumn, file, rowName, diagnostics);
  if (rawBenchmark) reportNonFinite(rawBenchmark, rawWeight, 'benchmark', columns.benchmark_weight as string, file, rowName, diagnostics);
  const weight = zeroMissing(rawWeight);
  const benchmark = rawBenchmark ? zeroMissing(rawBenchmark) : null;

  const scale = detectScale(dates, weight, benchmark, file, diagnostics);
  if (scale === 'percent') {
    for (let i = 0; i < weight.length; i++) weight[i] /= 100;
    if (benchmark) for (let i = 0; i < benchmark.length; i++) benchmark[i] /= 100;
  }
  // A book with shorts sums to its net exposure, not to 100%: say what it is instead.
  if (!reportShorts(dates, stocks, weight, file, diagnostics)) checkSums(dates, weight, file, 'portfolio', diagnostics);
  if (benchmark) checkSums(dates, benchmark, file, 'benchmark', diagnostics);

  const meta: StockMeta = {};
  for (const key of META_COLUMNS) {
    const column = columns[key];
    if (column !== undefined) meta[key] = textColumn(columnValues(table, column));
  }
  if (columns.market_cap !== undefined) meta.market_cap = numericColumn(columnValues(table, columns.market_cap), file, columns.market_cap);
  return { file, dates, stocks, weight, benchmark, scale, meta };
}

function zeroMissing(values: Float64Array): Float64Array {
  // Copy: the reader's column may be shared with the table it came from.
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? values[i] : 0;
  return out;
}

/**
 * Weights that are infinite, or missing/NaN on a row the other weight does not explain (a
 * benchmark-only row may leave the portfolio weight empty: it is simply not held).
 */
function reportNonFinite(
  values: Float64Array,
  other: Float64Array | null,
  which: 'portfolio' | 'benchmark',
  column: string,
  file: string,
  rowName: (i: number) => string,
  diagnostics: Diagnostic[],
): void {
  let count = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) continue;
    if (Number.isNaN(v) && other && Number.isFinite(other[i]) && other[i] !== 0) continue;
    if (count++ === 0) first = i;
  }
  if (count === 0) return;
  const example = rowName(first);
  diagnostics.push({ severity: 'warning', code: 'non-finite-weight', message: messages.nonFiniteWeights(file, which, count, example), file, row: first + 1, column, count, example });
}

/** Says (once) that the book has short positions; false when it has none. */
function reportShorts(dates: string[] | null, stocks: string[], weight: Float64Array, file: string, diagnostics: Diagnostic[]): boolean {
  let count = 0;
  let first = -1;
  for (let i = 0; i < weight.length; i++) {
    if (weight[i] < 0 && count++ === 0) first = i;
  }
  if (count === 0) return false;
  const long = median(sumsByDate(dates, weight.map((w) => Math.max(w, 0))).map((s) => s.sum));
  const net = median(sumsByDate(dates, weight).map((s) => s.sum));
  const example = `${stocks[first]} on ${dates ? dates[first] : 'the snapshot'}`;
  diagnostics.push({ severity: 'info', code: 'long-short', message: messages.longShort(file, count, example, long, net), file, count, example });
  return true;
}

/** Sum of values per date, in date order (one entry for an undated table). */
export function sumsByDate(dates: string[] | null, values: Float64Array): { date: string; sum: number }[] {
  const sums = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const date = dates ? dates[i] : 'snapshot';
    sums.set(date, (sums.get(date) ?? 0) + values[i]);
  }
  return [...sums].map(([date, sum]) => ({ date, sum })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Percent when the per-date sums of positive weights sit near 100 (between 20 and 200: filtered or cash-heavy
 * portfolios still land there), fractions near 1. The benchmark decides when the portfolio
 * is empty on every date.
 */
function detectScale(dates: string[] | null, weight: Float64Array, benchmark: Float64Array | null, file: string, diagnostics: Diagnostic[]): 'fraction' | 'percent' {
  // The long side decides: a long-short book nets to about 0 whatever its scale.
  const longSide = (values: Float64Array) => sumsByDate(dates, values.map((v) => Math.max(v, 0))).map((s) => s.sum).filter((s) => s > 0);
  let sums = longSide(weight);
  if (sums.length === 0 && benchmark) sums = longSide(benchmark);
  if (sums.length === 0) return 'fraction';
  const typical = median(sums);
  if (typical >= 20 && typical <= 200) {
    diagnostics.push({ severity: 'info', code: 'percent-weights', message: messages.percentWeights(file, typical), file });
    return 'percent';
  }
  if (typical < 0.2 || typical > 2) diagnostics.push({ severity: 'warning', code: 'weight-scale', message: messages.ambiguousWeightScale(file, typical), file });
  return 'fraction';
}

/** Weights a long-only book holds should add to 1; say where they do not (cash, missing names). */
function checkSums(dates: string[] | null, values: Float64Array, file: string, which: 'portfolio' | 'benchmark', diagnostics: Diagnostic[]): void {
  const off = sumsByDate(dates, values).filter((s) => Math.abs(s.sum - 1) > 0.005);
  if (off.length === 0) return;
  const worst = off.reduce((a, b) => (Math.abs(b.sum - 1) > Math.abs(a.sum - 1) ? b : a));
  diagnostics.push({
    severity: 'warning',
    code: `${which}-weights-sum`,
    message: messages.weightsSum(file, which, off.length, worst.date, worst.sum),
    file,
    count: off.length,
    example: worst.date,
  });
}

/**
 * Reads a contributions table, long or wide, into one wide shape: a row per (date, stock)
 * and a Float64Array per feature. Long CSV, JSON and Arrow files are pivoted here, once, with
 * index arithmetic (no per-row joins: folding to long and joining took 6.5 s against 0.5 s
 * wide at 5.8M contributions); long Parquet is pivoted by the database
 * (src/duckdb/tableFiles.ts) into the same shape.
 */
import type { ColumnTable } from 'arquero';
import { InputError } from '../errors';
import { messages } from '../messages';
import { fileColumnName } from '../read/columnNames';
import { COLUMN_ALIASES, normalizeColumnName } from '../schema/aliases';
import { type ColumnMap, resolveTableColumns } from '../schema/columns';
import { columnValues, dateColumn, firstNonNumericRow, isNumericColumn, isNumericValue, numericColumn, textColumn } from '../schema/values';
import type { Diagnostic } from '../types';

/** Security attributes a table may carry alongside its main columns. */
export const META_COLUMNS = ['name', 'sector', 'industry', 'country', 'region'] as const;
export type MetaColumn = (typeof META_COLUMNS)[number];
export type StockMeta = Partial<Record<MetaColumn, string[]>> & { market_cap?: Float64Array };

/** Contributions as one row per (date, stock). */
export interface WideContributions {
  file: string;
  /** ISO date per row, or null for an undated snapshot. */
  dates: string[] | null;
  stocks: string[];
  features: string[];
  /** One column per feature, aligned with `stocks`. */
  contributions: Float64Array[];
  /** Raw feature values per feature (null for a feature without them), or null for none. */
  featureValues: (Float64Array | null)[] | null;
  baseValue: Float64Array | null;
  score: Float64Array | null;
  meta: StockMeta;
  /**
   * Set when the cells are too many to hold (a run past the memory budget): `contributions`
   * and `featureValues` are then empty, the database has summed each row at open, and the
   * cells are read a few dates at a time.
   */
  byDate?: ContributionsByDate;
}

/** Contributions whose cells stay in the database: per-row sums at open, cells on demand. */
export interface ContributionsByDate {
  /** Per feature group (the groups the loader asked for: the run's factors), per row: the sum of its features' finite contributions. */
  groupSums: Float64Array[];
  /** Per row: the cells that are missing or not finite (each counted as 0, as in the panel). */
  nonFinite: Float64Array;
  /** Per row: the first feature whose cell is not finite, for the message that names one; -1 when none or not known. */
  firstBadFeature?: Float64Array;
  /** Whether the table gives raw feature values. */
  hasValues: boolean;
  cells: CellReader;
  /**
   * Rows of a wide table that repeat a (date, stock) key (the reader kept each key's first
   * row): how many, the first of them (0-based file row) and its key (a position in
   * `stocks`). The panel reports them as it reports the repeats of a table read whole.
   */
  repeatedRows?: { count: number; key: number; row: number };
}

/** The cells of some rows, dense per feature. */
export interface SourceCells {
  /** Per feature, aligned with the rows asked for: NaN where the table has no cell. */
  contributions: Float64Array[];
  /** Per feature, raw values aligned likewise (NaN where missing; null for a feature without them); null when the table has none. */
  values: (Float64Array | null)[] | null;
}

/** Reads a contributions table's cells from where the table lies, a date at a time. */
export interface CellReader {
  /**
   * The cells of the given rows (positions in `stocks` and `dates`, each once, in any
   * order). The reader reads whole dates, so asking for a date's rows together is what
   * makes it fast.
   */
  read(rows: Int32Array): Promise<SourceCells>;
  /** Releases what the reader holds in the database. */
  close(): Promise<void>;
  /**
   * Writes what reopening the reader needs beyond the panel (its table of keys) into the new
   * folder `dir`, and returns how to reopen it (plain data, for TableSource.reopenCells): the
   * run cache keeps a run read by date so. Absent where a reader cannot be kept (a server's
   * tables change without a file to watch).
   */
  keep?(dir: string): Promise<KeptCells>;
}

/** A reader by date as the run cache keeps it: plain data its source reopens it from. */
export interface KeptCells {
  /** The source that reopens it (a source refuses another's). */
  source: string;
  spec: unknown;
}

/**
 * How the loader groups features for the per-row sums of a table read by date: per
 * feature, its group (0-based), and the number of groups.
 */
export type FeatureGrouping = (features: readonly string[]) => { groupOf: Int32Array; groups: number };

/** Suffix of a wide file's raw-value column: `ep_fy1_value` is the value of feature `ep_fy1`. */
const VALUE_SUFFIX = '_value';

/**
 * Reads contributions in either form. Long when the file has both a feature and a
 * contribution column; wide otherwise (every other numeric column is a feature).
 */
export function readContributions(table: ColumnTable, file: string, overrides: Record<string, string> | undefined, diagnostics: Diagnostic[]): WideContributions {
  if (table.numRows() === 0) throw new InputError(messages.emptyTable(file), file);
  const columns = resolveTableColumns(table, 'contributions', file, overrides);
  if (columns.feature !== undefined && columns.contribution === undefined) throw new InputError(messages.longNeedsBoth(file, 'feature'), file, undefined, columns.feature);
  if (columns.contribution !== undefined && columns.feature === undefined) throw new InputError(messages.longNeedsBoth(file, 'contribution'), file, undefined, columns.contribution);
  if (columns.feature !== undefined) return readLong(table, file, columns, diagnostics);
  return readWide(table, file, wideColumnMap(columns, overrides), diagnostics, overrides?.[RAW_VALUE_SUFFIX_KEY]);
}

/**
 * A wide file's column map: it has no raw-value column of its own, so `value` is a feature
 * like any other there (unless the manifest maps one, which then claims that column).
 */
export function wideColumnMap(columns: ColumnMap, overrides: Record<string, string> | undefined): ColumnMap {
  const out = { ...columns };
  if (overrides?.feature_value === undefined) delete out.feature_value;
  return out;
}

/**
 * The manifest key that says how a wide file names its raw feature values:
 * `"columns": {"contributions": {"rawValueSuffix": "_value"}}` (or `""` for none).
 */
export const RAW_VALUE_SUFFIX_KEY = 'rawValueSuffix';

/** Weight columns have no place in contributions: they are the weights file's. */
const WEIGHT_NAMES = new Set([...COLUMN_ALIASES.weight, ...COLUMN_ALIASES.benchmark_weight]);

function readMeta(table: ColumnTable, columns: ColumnMap, file: string): StockMeta {
  const meta: StockMeta = {};
  for (const key of META_COLUMNS) {
    const column = columns[key];
    if (column !== undefined) meta[key] = textColumn(columnValues(table, column));
  }
  if (columns.market_cap !== undefined) meta.market_cap = numericColumn(columnValues(table, columns.market_cap), file, columns.market_cap);
  return meta;
}

function readKeys(table: ColumnTable, columns: ColumnMap, file: string): { dates: string[] | null; stocks: string[] } {
  const stockColumn = columns.stock as string;
  const stocks = textColumn(columnValues(table, stockColumn));
  const empty = stocks.indexOf('');
  if (empty >= 0) throw new InputError(messages.missingStock(file, stockColumn, empty + 1), file, empty + 1, stockColumn);
  const dates = columns.date !== undefined ? dateColumn(columnValues(table, columns.date), file, columns.date) : null;
  return { dates, stocks };
}

function readWide(table: ColumnTable, file: string, columns: ColumnMap, diagnostics: Diagnostic[], declaredSuffix: string | undefined): WideContributions {
  const { dates, stocks } = readKeys(table, columns, file);
  const candidates = wideCandidates(table.columnNames(), columns, file, diagnostics);
  const features: string[] = [];
  const contributions: Float64Array[] = [];
  const ignoredText: string[] = [];
  // Text columns (metadata, notes) are not features: the convention is judged on the numeric ones.
  const numericCandidates = candidates.filter((name) => isNumericColumn(columnValues(table, name)));
  const valueColumnOf = rawValueColumns(numericCandidates, declaredSuffix, file, diagnostics);
  const valueColumns = new Set(valueColumnOf.values());
  for (const name of candidates) {
    if (valueColumns.has(name)) continue;
    const values = columnValues(table, name);
    const role = isNumericColumn(values) ? 'feature' : textColumnRole(values, values);
    if (role === 'ignored') {
      ignoredText.push(fileColumnName(name));
      continue;
    }
    if (role === 'broken') {
      const bad = firstNonNumericRow(values);
      throw new InputError(messages.textFeatureColumn(file, name, bad + 1, String(values[bad])), file, bad + 1, name);
    }
    features.push(fileColumnName(name));
    contributions.push(numericColumn(values, file, name));
  }
  if (features.length === 0) throw new InputError(messages.noFeatures(file), file);
  reportEmptyFeatures(file, features, contributions, diagnostics);
  reportIgnoredText(file, ignoredText, diagnostics);
  const featureValues = valueColumnOf.size
    ? features.map((f) => {
        const column = valueColumnOf.get(f);
        return column === undefined ? null : numericColumn(columnValues(table, column), file, column);
      })
    : null;
  return {
    file,
    dates,
    stocks,
    features,
    contributions,
    featureValues,
    baseValue: columns.base_value !== undefined ? numericColumn(columnValues(table, columns.base_value), file, columns.base_value) : null,
    score: columns.score !== undefined ? numericColumn(columnValues(table, columns.score), file, columns.score) : null,
    meta: readMeta(table, columns, file),
  };
}

/**
 * Which columns hold raw feature values: `X<suffix>` beside a column `X`. With the suffix
 * declared in the manifest, exactly those; without, the `_value` convention holds only when
 * most columns follow it (a model that writes raw values writes them for its features), so
 * `book_value` beside `book` alone is a feature, and a note names the key that settles it.
 */
export function rawValueColumns(candidates: string[], declaredSuffix: string | undefined, file: string, diagnostics: Diagnostic[]): Map<string, string> {
  const suffix = (declaredSuffix ?? VALUE_SUFFIX).toLowerCase();
  const found = new Map<string, string>();
  if (suffix === '') return found;
  const candidateSet = new Set(candidates);
  for (const name of candidates) {
    if (name.toLowerCase().endsWith(suffix) && name.length > suffix.length) {
      const base = name.slice(0, -suffix.length);
      if (candidateSet.has(base)) found.set(base, name);
    }
  }
  if (declaredSuffix !== undefined || found.size === 0) return found;
  const features = candidates.length - found.size;
  if (found.size * 2 >= features) return found;
  const names = [...found.values()];
  diagnostics.push({ severity: 'info', code: 'ambiguous-raw-value', message: messages.ambiguousRawValues(file, names, RAW_VALUE_SUFFIX_KEY), file, column: names[0], count: names.length, example: names[0] });
  return new Map();
}

/**
 * A wide file's columns that no role claims, less its weight columns (the weights file's,
 * never features; a note says so): the feature candidates, in file order. The reader by
 * date decides from the file's schema with this same rule.
 */
export function wideCandidates(names: readonly string[], columns: ColumnMap, file: string, diagnostics: Diagnostic[]): string[] {
  const claimed = new Set(Object.values(columns));
  const weightColumns = names.filter((name) => !claimed.has(name) && WEIGHT_NAMES.has(normalizeColumnName(name)));
  if (weightColumns.length) diagnostics.push({ severity: 'info', code: 'weight-in-contributions', message: messages.weightInContributions(file, weightColumns), file, column: weightColumns[0], count: weightColumns.length });
  return names.filter((name) => !claimed.has(name) && !weightColumns.includes(name));
}

/**
 * What a wide file's text column is: a feature (every value numeric text), metadata to
 * ignore (some value is not a number and most of `sample` are not numbers either; or
 * identifier codes such as '0263494', a SEDOL, which the reader kept as text on purpose), or
 * a broken feature column (mostly numbers, some not). (Text that is all numbers, e.g. JSON
 * strings, is a feature column like any other.)
 *
 * `values` may be the column's distinct values instead of its rows (every test on it asks
 * whether some value is so); `sample` is the rows mostlyNumeric looks at: every
 * `sampleStep(rows)`-th row from the first, or the whole column.
 */
export function textColumnRole(values: ArrayLike<unknown>, sample: ArrayLike<unknown>): 'feature' | 'ignored' | 'broken' {
  if (firstNonNumericRow(values) < 0) return hasIdentifiers(values) ? 'ignored' : 'feature';
  return mostlyNumeric(sample) ? 'broken' : 'ignored';
}

/** Names the text columns a wide file has beside its features (not read, as the note says). */
export function reportIgnoredText(file: string, ignoredText: readonly string[], diagnostics: Diagnostic[]): void {
  if (ignoredText.length) diagnostics.push({ severity: 'info', code: 'ignored-columns', message: messages.ignoredTextColumns(file, ignoredText), file, count: ignoredText.length, example: ignoredText[0] });
}

/** The stride mostlyNumeric samples a column of `rows` values with (about 1,000 values). */
export function sampleStep(rows: number): number {
  return Math.max(1, Math.floor(rows / 1000));
}

/** Whether a text column holds integer codes with a leading zero ('007'), i.e. identifiers. */
function hasIdentifiers(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' && /^\s*[+-]?0\d+\s*$/.test(v)) return true;
  }
  return false;
}

/** Says which features have no finite contribution at all (an all-NaN or empty column). */
export function reportEmptyFeatures(file: string, features: readonly string[], contributions: readonly Float64Array[], diagnostics: Diagnostic[]): void {
  reportFeaturesWithoutNumbers(file, features, (f) => contributions[f].some(Number.isFinite), diagnostics);
}

/** The features for which `hasNumber(f)` is false: a column the model wrote nothing to. */
export function reportFeaturesWithoutNumbers(file: string, features: readonly string[], hasNumber: (feature: number) => boolean, diagnostics: Diagnostic[]): void {
  const empty = features.filter((_, f) => !hasNumber(f));
  if (empty.length) diagnostics.push({ severity: 'warning', code: 'empty-feature', message: messages.emptyFeatures(file, empty), file, column: empty[0], count: empty.length, example: empty[0] });
}

function mostlyNumeric(values: ArrayLike<unknown>): boolean {
  let numeric = 0;
  let present = 0;
  // A sample taken with the same stride (< 2,000 values) is read whole: the same values.
  const step = sampleStep(values.length);
  for (let i = 0; i < values.length; i += step) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    present++;
    if (isNumericValue(v)) numeric++;
  }
  return present > 0 && numeric / present >= 0.5;
}

function readLong(table: ColumnTable, file: string, columns: ColumnMap, diagnostics: Diagnostic[]): WideContributions {
  const { dates, stocks } = readKeys(table, columns, file);
  const featureColumn = columns.feature as string;
  const featureOf = textColumn(columnValues(table, featureColumn));
  const contribution = numericColumn(columnValues(table, columns.contribution as string), file, columns.contribution as string);
  const value = columns.feature_value !== undefined ? numericColumn(columnValues(table, columns.feature_value), file, columns.feature_value) : null;
  const base = columns.base_value !== undefined ? numericColumn(columnValues(table, columns.base_value), file, columns.base_value) : null;
  const score = columns.score !== undefined ? numericColumn(columnValues(table, columns.score), file, columns.score) : null;
  const emptyFeature = featureOf.indexOf('');
  if (emptyFeature >= 0) throw new InputError(messages.missingStock(file, featureColumn, emptyFeature + 1).replace('stock id', 'feature name'), file, emptyFeature + 1, featureColumn);

  // Dictionary-encode features, dates and stocks, and key each (date, stock) by integers: a
  // string key per row (`${date}|${stock}`) made 32M strings for a 4,500 x 120 x 60 run and
  // most of its load time went to building and hashing them.
  const feature = encodeStrings(featureOf);
  const features = feature.labels;
  const rowFeature = feature.codes;
  const stock = encodeStrings(stocks);
  const date = dates ? encodeStrings(dates) : null;
  const nStockLabels = stock.labels.length;
  const cells = (date ? date.labels.length : 1) * nStockLabels;
  // A dense cell -> key table while it fits comfortably; a Map beyond.
  const dense = cells <= 64 * 1024 * 1024 ? new Int32Array(cells).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  const outDates: string[] = [];
  const outStocks: string[] = [];
  const firstRowOfKey: number[] = [];
  const n = stocks.length;
  const rowKey = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cell = (date ? date.codes[i] * nStockLabels : 0) + stock.codes[i];
    let k = dense ? dense[cell] : (sparse?.get(cell) ?? -1);
    if (k < 0) {
      k = outStocks.length;
      if (dense) dense[cell] = k;
      else sparse?.set(cell, k);
      outStocks.push(stocks[i]);
      if (dates) outDates.push(dates[i]);
      firstRowOfKey.push(i);
    }
    rowKey[i] = k;
  }
  const rows = outStocks.length;
  const contributions = features.map(() => new Float64Array(rows).fill(NaN));
  const featureValues = value ? features.map(() => new Float64Array(rows).fill(NaN)) : null;
  const seen = new Uint8Array(rows * features.length);
  let duplicates = 0;
  let duplicateExample = '';
  for (let i = 0; i < n; i++) {
    const cell = rowKey[i] * features.length + rowFeature[i];
    if (seen[cell]) {
      if (duplicates++ === 0) duplicateExample = `${dates ? `${dates[i]}, ` : ''}${stocks[i]}, ${featureOf[i]} (row ${i + 1})`;
      continue;
    }
    seen[cell] = 1;
    contributions[rowFeature[i]][rowKey[i]] = contribution[i];
    if (featureValues && value) featureValues[rowFeature[i]][rowKey[i]] = value[i];
  }
  reportEmptyFeatures(file, features, contributions, diagnostics);
  if (duplicates) diagnostics.push({ severity: 'warning', code: 'duplicate-keys', message: messages.duplicateKeys(file, duplicates, duplicateExample), file, count: duplicates, example: duplicateExample });

  // Per-stock columns (base value, score, metadata) repeat on each feature row: take the first.
  const pick = (column: Float64Array | null) => {
    if (!column) return null;
    const out = new Float64Array(rows);
    for (let k = 0; k < rows; k++) out[k] = column[firstRowOfKey[k]];
    return out;
  };
  const meta = readMeta(table, columns, file);
  const pickedMeta: StockMeta = {};
  for (const key of META_COLUMNS) {
    const column = meta[key];
    if (column) pickedMeta[key] = firstRowOfKey.map((r) => column[r]);
  }
  if (meta.market_cap) pickedMeta.market_cap = pick(meta.market_cap) as Float64Array;
  return {
    file,
    dates: dates ? outDates : null,
    stocks: outStocks,
    features,
    contributions,
    featureValues,
    baseValue: pick(base),
    score: pick(score),
    meta: pickedMeta,
  };
}

/** Distinct values in order of first appearance, and each value's index among them. */
function encodeStrings(values: readonly string[]): { codes: Int32Array; labels: string[] } {
  const index = new Map<string, number>();
  const labels: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let code = index.get(values[i]);
    if (code === undefined) {
      code = labels.length;
      index.set(values[i], code);
      labels.push(values[i]);
    }
    codes[i] = code;
  }
  return { codes, labels };
}

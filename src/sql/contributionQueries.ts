/**
 * Named queries that turn long contributions (`date, stock, feature, contribution`, the
 * shape SHAP pipelines write from pandas) into the engine's wide shape where the data lies:
 * the database finds the distinct (date, stock) keys and features, and hands back one number
 * per cell with its position, so no per-row text ever reaches JavaScript.
 *
 * Every query reads a relation with a 0-based row ordinal (`rowNumber`), which decides
 * "first" for repeated cells and per-stock columns, and names rows in messages.
 */
import { type CellReader, META_COLUMNS, type StockMeta, type WideContributions } from '../model/run/contributions';
import { numericColumn, textColumn } from '../model/schema/values';
import type { ColumnMap } from '../model/schema/columns';
import { identifier, numbers, type SqlResult } from './connection';
import type { Relation } from './relation';
import type { DescribedColumn } from './tableQueries';
import { columnKind, dateText, normalisedColumn } from './tableQueries';

/** A file's relation plus the SQL expression of each row's 0-based ordinal in the file. */
export interface NumberedRelation extends Relation {
  rowNumber: string;
}

/** A long table's columns by role (the table's own names), with each engine's description of their types. */
export interface LongColumnsOf<C> {
  date?: C;
  stock: C;
  feature: C;
  contribution: C;
  value?: C;
  /** Per (date, stock) columns repeated on each feature row: base value, score, metadata. */
  perStock: { key: string; column: C }[];
}

/** The long table's columns in DuckDB. */
export type LongColumns = LongColumnsOf<DescribedColumn>;

/** A table's key columns, date (when it has one) then stock, as SQL: what the keys are grouped and joined by. */
export function keyColumns(columns: Pick<LongColumns, 'date' | 'stock'>): string {
  return [columns.date ? identifier(columns.date.name) : null, identifier(columns.stock.name)].filter(Boolean).join(', ');
}

/**
 * The long table's columns from the schema layer's column map (`feature` and
 * `contribution` resolved) and the engine's described columns by name: one mapping for
 * every engine.
 */
export function longColumns<C>(map: ColumnMap, byName: ReadonlyMap<string, C>): LongColumnsOf<C> {
  const pick = (name: string | undefined) => (name === undefined ? undefined : byName.get(name));
  const perStock: LongColumnsOf<C>['perStock'] = [];
  for (const key of ['base_value', 'score', ...META_COLUMNS, 'market_cap'] as const) {
    const column = pick(map[key]);
    if (column) perStock.push({ key, column });
  }
  return {
    date: pick(map.date),
    stock: byName.get(map.stock as string) as C,
    feature: byName.get(map.feature as string) as C,
    contribution: byName.get(map.contribution as string) as C,
    value: pick(map.feature_value),
    perStock,
  };
}

/**
 * A long table's per-stock columns (base value, score, metadata), read from the keys query's
 * `m0`, `m1`… columns: numbers checked as numbers, the rest as text. Every engine's keys
 * query names them so.
 */
export function perStockValues<C extends { name: string }>(columns: LongColumnsOf<C>, keys: SqlResult, file: string): { baseValue: Float64Array | null; score: Float64Array | null; meta: StockMeta } {
  const meta: StockMeta = {};
  let baseValue: Float64Array | null = null;
  let score: Float64Array | null = null;
  columns.perStock.forEach((p, i) => {
    const values = keys.columns[keys.names.indexOf(`m${i}`)];
    if (p.key === 'base_value') baseValue = numericColumn(values, file, p.column.name);
    else if (p.key === 'score') score = numericColumn(values, file, p.column.name);
    else if (p.key === 'market_cap') meta.market_cap = numericColumn(values, file, p.column.name);
    else meta[p.key as (typeof META_COLUMNS)[number]] = textColumn(values);
  });
  return { baseValue, score, meta };
}

/**
 * A long table read by date as the loader takes it, from a key-sums result (every engine's
 * names its columns so: m0… per-stock values, s0… group sums, non_finite): the keys'
 * labels, per-stock columns and per-row sums, its cells left to `cells`.
 */
export function contributionsByDate<C extends { name: string }>(
  file: string,
  columns: LongColumnsOf<C>,
  keys: SqlResult,
  labels: { dates: string[] | null; stocks: string[]; features: string[] },
  groups: number,
  cells: CellReader,
): WideContributions {
  return {
    file,
    ...labels,
    contributions: [],
    featureValues: null,
    ...perStockValues(columns, keys, file),
    byDate: {
      groupSums: Array.from({ length: groups }, (_, g) => numbers(keys, `s${g}`)),
      nonFinite: numbers(keys, 'non_finite'),
      // An engine that does not find it leaves the non-finite message without a feature.
      firstBadFeature: keys.names.includes('first_bad') ? numbers(keys, 'first_bad') : undefined,
      hasValues: columns.value !== undefined,
      cells,
    },
  };
}

/** The columns of a long table that must hold numbers: contribution, feature value, base value, score, market cap. */
export function numericLongColumns<C>(columns: LongColumnsOf<C>): C[] {
  const perStock = columns.perStock.filter((p) => p.key === 'base_value' || p.key === 'score' || p.key === 'market_cap').map((p) => p.column);
  return [columns.contribution, ...(columns.value ? [columns.value] : []), ...perStock];
}

type Query = { sql: string; params: Relation['params'] };

const text = (c: DescribedColumn) => `${identifier(c.name)}::VARCHAR`;

/** Distinct features in order of first appearance, with that row (0-based; NULL is a feature too). */
export function featuresQuery(relation: NumberedRelation, columns: LongColumns, withFiniteCounts = false): Query {
  // `finite`: the feature's finite contributions, for a reader that never holds them all.
  const contribution = identifier(columns.contribution.name);
  const finite = withFiniteCounts ? `, count(*) FILTER (WHERE isfinite(${contribution}::DOUBLE))::DOUBLE AS finite` : '';
  return {
    sql: `SELECT ${text(columns.feature)} AS feature, min(${relation.rowNumber})::DOUBLE AS first_row${finite} FROM ${relation.sql} GROUP BY 1 ORDER BY 2`,
    params: relation.params,
  };
}

/**
 * Creates `target` holding the distinct (date, stock) keys, numbered 0.. in order of first
 * appearance (`ki`), with each per-stock column's value on the key's first row (metadata
 * repeats on every feature row) as m0, m1, ... One scan of the file. `target` is a name the
 * engine makes, never one from data.
 */
export function createKeysQuery(relation: NumberedRelation, columns: LongColumns, target: string): Query {
  const rn = relation.rowNumber;
  const keys = keyColumns(columns);
  const perStock = columns.perStock.map((p, i) => `, arg_min(${normalisedColumn(p.column, undefined)}, ${rn}) AS ${identifier(`m${i}`)}`).join('');
  return {
    sql: `CREATE TEMP TABLE ${identifier(target)} AS
          SELECT ${keys}, (row_number() OVER (ORDER BY min(${rn})) - 1)::DOUBLE AS ki${perStock} FROM ${relation.sql} GROUP BY ${keys}`,
    params: relation.params,
  };
}

/** The keys of createKeysQuery in order, the date normalised as any reader does, as text. */
export function keysQuery(columns: LongColumns, keysTable: string, dateIsMidnight: boolean | undefined): Query {
  const date = columns.date ? `${dateText(columns.date, dateIsMidnight)} AS date, ` : '';
  const perStock = columns.perStock.map((_, i) => `, ${identifier(`m${i}`)}`).join('');
  return { sql: `SELECT ${date}${text(columns.stock)} AS stock${perStock} FROM ${identifier(keysTable)} ORDER BY ki`, params: [] };
}

/**
 * The cells of features `first` .. `first + count - 1` (positions in `features`,
 * featuresQuery's order), one row per feature: its position `fi`, the key ordinals `ki` of
 * its cells, their contributions and, when the file has one, their raw values, as lists in
 * one matching order. A list per feature reaches JavaScript as a few large vectors; the same
 * cells as rows came 2,048 at a time and fetching 32M of them took 6.6 s against 2.3 s.
 * DuckDB fills every aggregate of a group from the same rows in the same order, so the lists
 * match; `check` (sum of ki x contribution over the finite contributions) and `check_value`
 * (the same for raw values) guard it: the reader recomputes them from the lists and stops
 * with an error where they disagree. The lists come in no particular cell order: the caller
 * keeps the first of a repeated cell only where repeatedCellsQuery says there are repeats.
 */
export function cellListsQuery(relation: NumberedRelation, columns: LongColumns, keysTable: string, features: readonly string[], first: number, count: number, dateRange?: readonly [number, number]): Query {
  const n = relation.params.length;
  const batch = features.slice(first, first + count);
  const featureList = batch.map((_, i) => `($${n + 2 * i + 1}, $${n + 2 * i + 2}::INTEGER)`).join(', ');
  const join = [columns.date ? `r.${identifier(columns.date.name)} = k.${identifier(columns.date.name)}` : null, `r.${identifier(columns.stock.name)} = k.${identifier(columns.stock.name)}`]
    .filter(Boolean)
    .join(' AND ');
  const contribution = `r.${identifier(columns.contribution.name)}::DOUBLE`;
  const rawValue = columns.value ? `r.${identifier(columns.value.name)}::DOUBLE` : '';
  const value = columns.value ? `, list(${rawValue}) AS value, coalesce(sum(k.ki * ${rawValue}) FILTER (WHERE isfinite(${rawValue})), 0)::DOUBLE AS check_value` : '';
  // The keys of some dates only (createKeySumsQuery's `di`): the join hands their date range
  // to the file scan, which then reads only the row groups that hold those dates.
  const d = n + 2 * batch.length;
  const keys = dateRange ? `(SELECT * FROM ${identifier(keysTable)} WHERE di BETWEEN $${d + 1} AND $${d + 2})` : identifier(keysTable);
  return {
    sql: `SELECT f.fi::DOUBLE AS fi, list(k.ki::INTEGER) AS ki, list(${contribution}) AS contribution${value},
            coalesce(sum(k.ki * ${contribution}) FILTER (WHERE isfinite(${contribution})), 0)::DOUBLE AS "check"
          FROM ${relation.sql} r
          JOIN ${keys} k ON ${join}
          JOIN (VALUES ${featureList}) f(name, fi) ON r.${identifier(columns.feature.name)}::VARCHAR = f.name
          GROUP BY f.fi`,
    params: [...relation.params, ...batch.flatMap((f, i) => [f, first + i]), ...(dateRange ? dateRange : [])],
  };
}

/** How many rows repeat a (date, stock, feature) cell, and the first such row (0-based). */
export function repeatedCellsQuery(relation: NumberedRelation, columns: LongColumns): Query {
  const cell = `${keyColumns(columns)}, ${text(columns.feature)}`;
  const rn = relation.rowNumber;
  return {
    sql: `SELECT coalesce(sum(n - 1), 0)::DOUBLE AS repeated, min(second)::DOUBLE AS first_row FROM (
            SELECT count(*) AS n, CASE WHEN count(*) > 1 THEN list_sort(list(${rn}))[2] END AS second FROM ${relation.sql} GROUP BY ${cell})`,
    params: relation.params,
  };
}

/** The relation less the repeats of a (date, stock, feature) cell: each cell's first row only. */
export function firstRowsRelation(relation: NumberedRelation, columns: LongColumns): NumberedRelation {
  const cell = `${keyColumns(columns)}, ${text(columns.feature)}`;
  return { ...relation, sql: `(SELECT * FROM ${relation.sql} QUALIFY row_number() OVER (PARTITION BY ${cell} ORDER BY ${relation.rowNumber}) = 1)` };
}

/** cellListsQuery over each cell's first row only: the repeats of a cell dropped. */
export function firstCellListsQuery(relation: NumberedRelation, columns: LongColumns, keysTable: string, features: readonly string[], first: number, count: number): Query {
  return cellListsQuery(firstRowsRelation(relation, columns), columns, keysTable, features, first, count);
}

/**
 * Creates `target` for a table read by date (too many cells to hold): createKeysQuery's
 * keys, per-stock columns and `ki`, and per key the sums a panel row needs, in the same one
 * scan of the file: `s0`, `s1`… the sum of the finite contributions of each group of
 * features (`groupOf[f]`, the run's factors), `bad` the cells that are NULL or not finite
 * (`first_bad` the first such feature, its position in `features`),
 * `cells` the rows, and `complete` whether the key has each feature exactly once (its row
 * count and the sum of its features' hashes both match the feature list; anything else is
 * a missing cell or a repeat, which readKeySums tells apart). `di` numbers the distinct
 * dates in date order, so that a date's cells are read by a range of `di`; `si` numbers the
 * distinct stocks, so that 5.67M keys reach JavaScript as two numbers each, not two strings.
 */
export function createKeySumsQuery(relation: NumberedRelation, columns: LongColumns, target: string, features: readonly string[], groupOf: Int32Array, groups: number): Query {
  const sums = keyAggregates(relation, columns, features, groupOf, groups, null);
  return { sql: `CREATE TEMP TABLE ${identifier(target)} AS ${numberedKeys(`(${sums.sql})`, columns)}`, params: sums.params };
}

/** The numbers every keys table carries beside its rows: `ki` (first appearance), `di` (date order), `si` (stock order). */
function numberedKeys(from: string, columns: Pick<LongColumns, 'date' | 'stock'>): string {
  const date = columns.date ? identifier(columns.date.name) : null;
  return `SELECT *, (row_number() OVER (ORDER BY first_row) - 1)::DOUBLE AS ki, (dense_rank() OVER (ORDER BY ${date ?? '0'}) - 1)::DOUBLE AS di,
                 (dense_rank() OVER (ORDER BY ${identifier(columns.stock.name)}) - 1)::DOUBLE AS si FROM ${from}`;
}

/** The per-key aggregates of createKeySumsQuery, over the rows whose date lies in `dates` (a chunk of the file) or every row. */
function keyAggregates(relation: NumberedRelation, columns: LongColumns, features: readonly string[], groupOf: Int32Array, groups: number, dates: KeyChunk | null): Query {
  const n = relation.params.length;
  const rn = relation.rowNumber;
  const keys = keyColumns(columns);
  const perStock = columns.perStock.map((p, i) => `, arg_min(${normalisedColumn(p.column, undefined)}, ${rn}) AS ${identifier(`m${i}`)}`).join('');
  const c = `r.${identifier(columns.contribution.name)}::DOUBLE`;
  const sums = Array.from({ length: groups }, (_, g) => `, coalesce(sum(${c}) FILTER (WHERE isfinite(${c}) AND f.g = ${g}), 0)::DOUBLE AS ${identifier(`s${g}`)}`).join('');
  const featureList = features.map((_, i) => `($${n + 3 * i + 1}, $${n + 3 * i + 2}::INTEGER, $${n + 3 * i + 3}::INTEGER)`).join(', ');
  const bound = n + 3 * features.length;
  // The date's type is one of a fixed list (never text from the file); the bounds are bound values.
  const date = columns.date ? `r.${identifier(columns.date.name)}` : null;
  const bounds: string[] = [];
  const conditions: string[] = [];
  if (dates && date && dates.low !== null) conditions.push(`${date} >= CAST($${bound + bounds.push(dates.low)} AS ${dates.type})`);
  if (dates && date && dates.high !== null) conditions.push(`${date} < CAST($${bound + bounds.push(dates.high)} AS ${dates.type})`);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    sql: `WITH f(name, fi, g) AS (VALUES ${featureList})
            SELECT ${keys}, min(${rn}) AS first_row${perStock}${sums},
                   count(*) FILTER (WHERE ${c} IS NULL OR NOT isfinite(${c}))::DOUBLE AS bad, count(*)::DOUBLE AS cells,
                   min(f.fi) FILTER (WHERE ${c} IS NULL OR NOT isfinite(${c})) AS first_bad,
                   count(*) = ${features.length} AND sum(hash(f.fi)) = (SELECT sum(hash(fi)) FROM f) AS complete
            FROM ${relation.sql} r JOIN f ON r.${identifier(columns.feature.name)}::VARCHAR = f.name ${where}
            GROUP BY ${keys}`,
    params: [...relation.params, ...features.flatMap((name, i) => [name, i, groupOf[i]]), ...bounds],
  };
}

/**
 * A chunk of a file's dates: those from `low` (none below it for the first chunk) up to but
 * not including `high` (none above it for the last), as text cast to `type`, the date
 * column's kind, in the query.
 */
export interface KeyChunk {
  low: string | null;
  high: string | null;
  type: 'DATE' | 'DOUBLE' | 'VARCHAR';
}

/**
 * Per row group of a Parquet file, in file order: its rows, its lowest date as text (the
 * column's kind decides the cast, from a fixed list) and that date's rank among the row
 * groups' lowest dates (`low_rank`, to compare dates without comparing their text), and
 * `unusable` when its statistics say no lowest date or may hold a NULL date. Null when the
 * date's kind cannot be cut so (timestamps: their zone rules make a text bound ambiguous).
 */
export function rowGroupDatesQuery(path: string, columns: LongColumns): { query: Query; type: KeyChunk['type'] } | null {
  const date = columns.date;
  if (!date) return null;
  const kind = columnKind(date.type);
  const type = kind === 'date' ? 'DATE' : kind === 'number' || kind === 'wide-integer' ? 'DOUBLE' : kind === 'text' ? 'VARCHAR' : null;
  if (!type) return null;
  return {
    type,
    query: {
      sql: `SELECT rows, low::VARCHAR AS low, dense_rank() OVER (ORDER BY low)::DOUBLE AS low_rank, low IS NULL OR nulls IS NULL OR nulls > 0 AS unusable FROM (
              SELECT row_group_id AS id, row_group_num_rows::DOUBLE AS rows, TRY_CAST(stats_min_value AS ${type}) AS low, stats_null_count AS nulls
              FROM parquet_metadata($1) WHERE path_in_schema = $2) ORDER BY id`,
      params: [path, date.name],
    },
  };
}

/** Creates `target`: createKeySumsQuery's aggregates over one chunk of the file's dates, not yet numbered. */
export function createKeyChunkQuery(relation: NumberedRelation, columns: LongColumns, target: string, features: readonly string[], groupOf: Int32Array, groups: number, chunk: KeyChunk): Query {
  const sums = keyAggregates(relation, columns, features, groupOf, groups, chunk);
  return { sql: `CREATE TEMP TABLE ${identifier(target)} AS ${sums.sql}`, params: sums.params };
}

/**
 * Adds a chunk's keys to `keys` (created by the first chunk): what the keys table keeps
 * (the key, its first row, its cells and whether it is complete) and `ki`, its place among
 * the chunks' keys in first-row order (`offset`: the keys of the chunks before it). The
 * sums go to the reader (chunkSumsQuery) and are dropped with the chunk.
 */
export function addChunkKeysQuery(columns: LongColumns, chunk: string, keys: string, first: boolean, offset: number): Query {
  const select = `SELECT ${keyColumns(columns)}, first_row, cells, complete, ($1 + row_number() OVER (ORDER BY first_row) - 1)::DOUBLE AS ki FROM ${identifier(chunk)}`;
  return { sql: first ? `CREATE TEMP TABLE ${identifier(keys)} AS ${select}` : `INSERT INTO ${identifier(keys)} ${select}`, params: [offset] };
}

/** A chunk's per-key columns as keySumsQuery gives them (but `di`, `si`), with each key's first row, in first-row order. */
export function chunkSumsQuery(columns: LongColumns, chunk: string, features: number, groups: number): Query {
  const perStock = columns.perStock.map((_, i) => `${identifier(`m${i}`)}, `).join('');
  const sums = Array.from({ length: groups }, (_, g) => `${identifier(`s${g}`)}, `).join('');
  return {
    sql: `SELECT first_row::DOUBLE AS first_row, ${perStock}${sums}(bad + ${features} - cells)::DOUBLE AS non_finite, coalesce(CASE WHEN complete THEN first_bad END, -1)::DOUBLE AS first_bad
          FROM ${identifier(chunk)} ORDER BY first_row`,
    params: [],
  };
}

/**
 * Creates `target`, the chunks' keys numbered as createKeySumsQuery numbers its keys: `di`
 * and `si` from the distinct dates and stocks (a join with a few thousand rows, where a
 * window over every key sorted them all), `ki` as the chunks numbered it, or again in
 * first-row order when the chunks' keys were not in it (`renumber`: rows of two dates
 * mixed in the row group at a cut).
 */
export function numberKeysQuery(columns: LongColumns, keys: string, target: string, renumber: boolean): Query {
  const date = identifier((columns.date as DescribedColumn).name);
  const stock = identifier(columns.stock.name);
  const ki = renumber ? ' REPLACE ((row_number() OVER (ORDER BY k.first_row) - 1)::DOUBLE AS ki)' : '';
  const ranked = (column: string, name: string) => `(SELECT ${column}, (dense_rank() OVER (ORDER BY ${column}) - 1)::DOUBLE AS ${name} FROM (SELECT DISTINCT ${column} FROM ${identifier(keys)}))`;
  return {
    sql: `CREATE TEMP TABLE ${identifier(target)} AS
          SELECT k.*${ki}, d.di, s.si FROM ${identifier(keys)} k
          JOIN ${ranked(date, 'di')} d ON k.${date} = d.${date}
          JOIN ${ranked(stock, 'si')} s ON k.${stock} IS NOT DISTINCT FROM s.${stock}`,
    params: [],
  };
}

/** Each key's date and stock numbers, in key order. */
export function keyNumbersQuery(keysTable: string): Query {
  return { sql: `SELECT di, si FROM ${identifier(keysTable)} ORDER BY ki`, params: [] };
}

/** The cells the keys table's keys counted, all of them. */
export function keyCellsQuery(keysTable: string): Query {
  return { sql: `SELECT coalesce(sum(cells), 0)::DOUBLE AS cells FROM ${identifier(keysTable)}`, params: [] };
}

/**
 * Whether a Parquet file is sorted by its date column, from its footer: each row group's
 * lowest date at or after the previous group's highest. `unsorted` counts the groups that
 * break the order or lack statistics (no statistics, no pruning: as bad). Statistics are
 * text in the footer; they are compared as the column's kind (a date, a timestamp, a
 * number or text), chosen from a fixed list, never from the file. `largest_group`: the rows
 * of the largest row group, the least a date's read scans.
 */
export function dateOrderQuery(path: string, columns: LongColumns): Query | null {
  const date = columns.date;
  if (!date) return null;
  const kind = columnKind(date.type);
  const type = kind === 'date' ? 'DATE' : kind === 'timestamp' ? 'TIMESTAMP' : kind === 'number' || kind === 'wide-integer' ? 'DOUBLE' : 'VARCHAR';
  return {
    sql: `SELECT count(*) FILTER (WHERE low IS NULL OR high IS NULL OR next_low < high)::DOUBLE AS unsorted, coalesce(max(rows), 0)::DOUBLE AS largest_group FROM (
            SELECT TRY_CAST(stats_min_value AS ${type}) AS low, TRY_CAST(stats_max_value AS ${type}) AS high,
                   lead(TRY_CAST(stats_min_value AS ${type})) OVER (ORDER BY row_group_id) AS next_low, row_group_num_rows AS rows
            FROM parquet_metadata($1) WHERE path_in_schema = $2)`,
    params: [path, date.name],
  };
}

/**
 * Creates `target`, a copy of the file's rows sorted by date (then file order, and with
 * the file's row numbers), for a file read by date that is not sorted by date: a date's
 * read is then a scan of the few row groups holding it instead of the whole file.
 */
export function sortedCopyQuery(relation: NumberedRelation, columns: LongColumns, target: string): Query {
  return { sql: `CREATE TEMP TABLE ${identifier(target)} AS SELECT * FROM ${relation.sql} ORDER BY ${identifier((columns.date as DescribedColumn).name)}, ${relation.rowNumber}`, params: relation.params };
}

/** The keys of createKeySumsQuery that do not hold each feature exactly once, and the largest row count of a key. */
export function incompleteKeysQuery(keysTable: string): Query {
  return { sql: `SELECT count(*) FILTER (WHERE NOT complete)::DOUBLE AS incomplete, coalesce(max(cells), 0)::DOUBLE AS most FROM ${identifier(keysTable)}`, params: [] };
}

/**
 * createKeySumsQuery's keys in order: each key's date and stock numbers (`di`, `si`; their
 * labels come from keyLabelsQuery), per-stock columns m0, m1…, group sums s0, s1…,
 * `non_finite`: its NULL or non-finite cells plus the features it lacks, and `first_bad`:
 * the first feature whose cell is NULL or not finite, -1 when none or when the key lacks a
 * feature (a missing cell may come first, and which one is not summed).
 */
export function keySumsQuery(columns: LongColumns, keysTable: string, features: number, groups: number): Query {
  const perStock = columns.perStock.map((_, i) => `, ${identifier(`m${i}`)}`).join('');
  const sums = Array.from({ length: groups }, (_, g) => `, ${identifier(`s${g}`)}`).join('');
  return {
    sql: `SELECT di, si${perStock}${sums}, (bad + ${features} - cells)::DOUBLE AS non_finite, coalesce(CASE WHEN complete THEN first_bad END, -1)::DOUBLE AS first_bad
          FROM ${identifier(keysTable)} ORDER BY ki`,
    params: [],
  };
}

/**
 * The labels of createKeySumsQuery's date numbers (`of: 'date'`: normalised as any reader
 * does) or stock numbers, in number order, each with the first file row (0-based) that has it.
 */
export function keyLabelsQuery(columns: LongColumns, keysTable: string, of: 'date' | 'stock', dateIsMidnight: boolean | undefined): Query {
  const label = of === 'date' ? dateText(columns.date as DescribedColumn, dateIsMidnight) : text(columns.stock);
  const number = of === 'date' ? 'di' : 'si';
  return { sql: `SELECT min(${label}) AS label, min(first_row)::DOUBLE AS first_row FROM ${identifier(keysTable)} GROUP BY ${number} ORDER BY ${number}`, params: [] };
}

/**
 * Writes to the Parquet file `path` what a date's read needs of createKeySumsQuery's keys
 * (each key's date and stock as the table has them, its number `ki` and date number `di`),
 * for the run cache to reopen a reader by date without summing the table again.
 */
export function keepKeysQuery(columns: LongColumns, keysTable: string, path: string): Query {
  const keys = `${keyColumns(columns)}, ki, di`;
  return { sql: `COPY (SELECT ${keys} FROM ${identifier(keysTable)} ORDER BY ki) TO $1 (FORMAT parquet)`, params: [path] };
}

/**
 * The columns of createKeySumsQuery's keys table that a date's read does not need: all but
 * the key, `ki` and `di` (what keepKeysQuery keeps). Once a run is open, its sums, counts
 * and first rows are in the reader's and the panel's arrays; in the table they held about
 * 190 MB of the XL run's 5.67M keys.
 */
export function unreadKeyColumnsQuery(columns: LongColumns, keysTable: string): Query {
  const kept = [columns.date?.name, columns.stock.name, 'ki', 'di'].filter((name): name is string => name !== undefined);
  return {
    sql: `SELECT column_name AS name FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = $1 AND column_name NOT IN (${kept.map((_, i) => `$${i + 2}`).join(', ')}) ORDER BY column_index`,
    params: [keysTable, ...kept],
  };
}

/** Drops a column of a temporary table the engine made (DuckDB drops one column per statement, in place). */
export function dropColumnQuery(table: string, column: string): Query {
  return { sql: `ALTER TABLE ${identifier(table)} DROP COLUMN ${identifier(column)}`, params: [] };
}

/** Writes a table the engine made to the Parquet file `path`, in its rows' order. */
export function keepTableQuery(table: string, path: string): Query {
  return { sql: `COPY ${identifier(table)} TO $1 (FORMAT parquet)`, params: [path] };
}

/**
 * The cells of each date number (createKeySumsQuery's `di`, 0, 1, ...) as the scan at open
 * counted them: what a read of those dates must find again.
 */
export function dateCellsQuery(keysTable: string): Query {
  return { sql: `SELECT di, sum(cells)::DOUBLE AS cells FROM ${identifier(keysTable)} GROUP BY di ORDER BY di`, params: [] };
}

/** Creates `target` from keys keepKeysQuery wrote to the Parquet file `path`. */
export function keptKeysQuery(path: string, target: string): Query {
  return { sql: `CREATE TEMP TABLE ${identifier(target)} AS SELECT * FROM read_parquet($1)`, params: [path] };
}

/** Drops a temporary table the engine made. */
export function dropTableQuery(table: string): Query {
  return { sql: `DROP TABLE IF EXISTS ${identifier(table)}`, params: [] };
}

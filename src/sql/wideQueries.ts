/**
 * A wide contributions file (a row per (date, stock), a column per feature) read by date:
 * its rows presented to the long queries (contributionQueries.ts) as cells, one per row and
 * feature, each with its row's ordinal in the file, so that the long reader by date reads it
 * unchanged and every message still names a row of the file. Only the keys, the per-stock
 * columns and the feature columns are carried: a cell is a few numbers, never the row.
 */
import { identifier } from './connection';
import type { LongColumns, NumberedRelation } from './contributionQueries';
import type { Relation } from './relation';

type Query = { sql: string; params: Relation['params'] };

/** The cells' own columns: names no file column can take in the relation (it selects nothing else by these names). */
export const WIDE_CELLS = { feature: 'glassbox_feature', contribution: 'glassbox_contribution', value: 'glassbox_value', row: 'glassbox_row' } as const;

/** Which of a wide file's columns are features, and which hold their raw values. */
export interface WideLayout {
  /** The feature columns, in file order: the run's features. */
  features: string[];
  /** Per feature, the column of its raw values or null; null when the file has none. */
  values: (string | null)[] | null;
}

/**
 * The rows of a wide file (the file, or a sorted copy of it) as long cells: keys and
 * per-stock columns, then per feature its name, its contribution and its raw value (NULL
 * for a feature without one). A NULL contribution is a cell too, as a NaN in the file read
 * whole is. Measured on the bench L wide file (540,000 rows x 60 features): parallel
 * `unnest` of lists sums every key in 2.3 s and reads a date in 0.2 s; UNPIVOT sums in
 * 1.8 s but reads a date in 5 to 15 s (the date's keys no longer narrow the file scan).
 */
export function wideAsLong(rows: NumberedRelation, columns: LongColumns, layout: WideLayout): NumberedRelation {
  const n = rows.params.length;
  const kept = [columns.date, columns.stock, ...columns.perStock.map((p) => p.column)].flatMap((c) => (c ? [identifier(c.name)] : []));
  const names = layout.features.map((_, i) => `$${n + i + 1}::VARCHAR`).join(', ');
  const cells = layout.features.map((f) => `${identifier(f)}::DOUBLE`).join(', ');
  const values = layout.values ? `, unnest([${layout.values.map((v) => (v === null ? 'NULL::DOUBLE' : `${identifier(v)}::DOUBLE`)).join(', ')}]) AS ${identifier(WIDE_CELLS.value)}` : '';
  return {
    sql: `(SELECT ${kept.join(', ')}, ${rows.rowNumber} AS ${identifier(WIDE_CELLS.row)}, unnest([${names}]) AS ${identifier(WIDE_CELLS.feature)},
              unnest([${cells}]) AS ${identifier(WIDE_CELLS.contribution)}${values} FROM ${rows.sql})`,
    params: [...rows.params, ...layout.features],
    rowNumber: identifier(WIDE_CELLS.row),
  };
}

/** Per feature column (f0, f1…), its finite values over every row of the file, repeats included (as the file read whole counts them). */
export function finiteCountsQuery(rows: Relation, features: readonly string[]): Query {
  const counts = features.map((f, i) => `count(*) FILTER (WHERE isfinite(${identifier(f)}::DOUBLE))::DOUBLE AS ${identifier(`f${i}`)}`);
  return { sql: `SELECT ${counts.join(', ')} FROM ${rows.sql}`, params: rows.params };
}

const keyColumns = (columns: LongColumns) => [columns.date ? identifier(columns.date.name) : null, identifier(columns.stock.name)].filter(Boolean).join(', ');

/**
 * Rows that repeat a (date, stock) key of a wide file: how many (`repeated`), the first
 * such row (`first_row`), and the first row of that row's key (`key_row`), all 0-based.
 */
export function repeatedRowsQuery(rows: NumberedRelation, columns: LongColumns): Query {
  const rn = rows.rowNumber;
  return {
    sql: `SELECT coalesce(sum(n - 1), 0)::DOUBLE AS repeated, min(second)::DOUBLE AS first_row, arg_min(first, second)::DOUBLE AS key_row FROM (
            SELECT count(*) AS n, min(${rn}) AS first, CASE WHEN count(*) > 1 THEN list_sort(list(${rn}))[2] END AS second FROM ${rows.sql} GROUP BY ${keyColumns(columns)})`,
    params: rows.params,
  };
}

/** A wide file's rows less those that repeat a (date, stock) key: each key's first row, as the panel keeps it. */
export function firstKeyRowsRelation(rows: NumberedRelation, columns: LongColumns): NumberedRelation {
  return { ...rows, sql: `(SELECT * FROM ${rows.sql} QUALIFY row_number() OVER (PARTITION BY ${keyColumns(columns)} ORDER BY ${rows.rowNumber}) = 1)` };
}

/** The key (createKeySumsQuery's `ki`) whose first row is `row` (0-based). */
export function keyOfRowQuery(keysTable: string, row: number): Query {
  return { sql: `SELECT ki FROM ${identifier(keysTable)} WHERE first_row = $1`, params: [row] };
}

/** A text column's distinct values (NULL among them), at most `limit` + 1 of them: one more says there are too many. */
export function distinctValuesQuery(rows: Relation, column: string, limit: number): Query {
  return { sql: `SELECT DISTINCT ${identifier(column)} AS value FROM ${rows.sql} LIMIT ${Math.floor(limit) + 1}`, params: rows.params };
}

/** A column's values on every `step`-th row from the first, in file order (the rows the schema layer samples). */
export function sampledValuesQuery(rows: NumberedRelation, column: string, step: number): Query {
  return { sql: `SELECT ${identifier(column)} AS value FROM ${rows.sql} WHERE ${rows.rowNumber} % ${Math.max(1, Math.floor(step))} = 0 ORDER BY ${rows.rowNumber}`, params: rows.params };
}

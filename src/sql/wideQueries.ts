/**
 * A wide contributions file (a row per (date, stock), a column per feature) read by date:
 * its rows presented to the long queries (contributionQueries.ts) as cells, one per row and
 * feature, each with its row's ordinal in the file, so that the long reader by date reads it
 * unchanged and every message still names a row of the file. Only the keys, the per-stock
 * columns and the feature columns are carried: a cell is a few numbers, never the row.
 */
import { identifier } from './connection';
import { keyColumns, type LongColumns, type NumberedRelation } from './contributionQueries';
import type { Relation } from './relation';
import { normalisedColumn } from './tableQueries';

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
 * whole is. The reader reads a date's cells through it; the keys are summed from the rows
 * (createWideKeySumsQuery). Measured on the bench L wide file (540,000 rows x 60
 * features): parallel `unnest` of lists reads a date in 0.2 s; UNPIVOT in 5 to 15 s (the
 * date's keys no longer narrow the file scan).
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

/**
 * createKeySumsQuery's table for a wide file, summed across each row's columns instead of
 * over cells: the same columns, numbering and meaning, so the reader by date reads it
 * unchanged. A key's cells are its rows' columns: `complete` when it has one row (a wide
 * row holds each feature once), `first_bad` the first feature column that is NULL or not
 * finite. A group's sum adds its features in file order, as a panel in memory adds them.
 * Measured on the bench L wide file: 1.2 s, against 5 s for the same sums over wideAsLong's
 * 32.4M cells (a hash join to the feature list and a grouping of every cell).
 */
export function createWideKeySumsQuery(rows: NumberedRelation, columns: LongColumns, layout: WideLayout, target: string, groupOf: Int32Array, groups: number): Query {
  const rn = rows.rowNumber;
  const date = columns.date ? identifier(columns.date.name) : null;
  const keys = keyColumns(columns);
  const perStock = columns.perStock.map((p, i) => `, arg_min(${normalisedColumn(p.column, undefined)}, ${rn}) AS ${identifier(`m${i}`)}`).join('');
  const cell = (f: string) => `${identifier(f)}::DOUBLE`;
  const bad = (f: string) => `(${cell(f)} IS NULL OR NOT isfinite(${cell(f)}))`;
  const sums = Array.from({ length: groups }, (_, g) => {
    const members = layout.features.filter((_, f) => groupOf[f] === g).map((f) => `CASE WHEN isfinite(${cell(f)}) THEN ${cell(f)} ELSE 0 END`);
    return `, ${members.length ? `sum(${members.join(' + ')})` : '0'}::DOUBLE AS ${identifier(`s${g}`)}`;
  }).join('');
  const n = layout.features.length;
  return {
    sql: `CREATE TEMP TABLE ${identifier(target)} AS
          SELECT *, (row_number() OVER (ORDER BY first_row) - 1)::DOUBLE AS ki, (dense_rank() OVER (ORDER BY ${date ?? '0'}) - 1)::DOUBLE AS di,
                 (dense_rank() OVER (ORDER BY ${identifier(columns.stock.name)}) - 1)::DOUBLE AS si FROM (
            SELECT ${keys}, min(${rn}) AS first_row${perStock}${sums},
                   sum(${layout.features.map((f) => `${bad(f)}::INTEGER`).join(' + ')})::DOUBLE AS bad, (count(*) * ${n})::DOUBLE AS cells,
                   min(CASE ${layout.features.map((f, i) => `WHEN ${bad(f)} THEN ${i}`).join(' ')} END) AS first_bad,
                   count(*) = 1 AS complete
            FROM ${rows.sql}
            GROUP BY ${keys})`,
    params: rows.params,
  };
}

/** Per feature column (f0, f1…), its finite values over every row of the file, repeats included (as the file read whole counts them). */
export function finiteCountsQuery(rows: Relation, features: readonly string[]): Query {
  const counts = features.map((f, i) => `count(*) FILTER (WHERE isfinite(${identifier(f)}::DOUBLE))::DOUBLE AS ${identifier(`f${i}`)}`);
  return { sql: `SELECT ${counts.join(', ')} FROM ${rows.sql}`, params: rows.params };
}

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

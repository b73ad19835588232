/**
 * The one narrow interface through which the engine reaches a SQL database. DuckDB embedded
 * implements it today (src/duckdb/); DuckDB-Wasm (a web build) or a remote engine (a run that
 * lives in a warehouse) would implement the same three methods, and every query the engine
 * asks goes through the named queries of this folder.
 */

/** A value bound to a `$n` parameter. Data is always bound, never spliced into SQL text. */
export type SqlValue = number | string | boolean | null;

/**
 * One result column as the engine consumes it. Numbers arrive as Float64Array (NULL as NaN),
 * text as strings, booleans as booleans (null for NULL), a list of numbers as one
 * Float64Array per row (a NULL list as an empty one). A query casts anything else (dates,
 * 64-bit integers, other nested values) to one of these in its SQL.
 */
export type SqlColumn = Float64Array | (string | null)[] | (boolean | null)[] | Float64Array[];

/**
 * A column appended to a table (SqlConnection.appendRows): DOUBLE values as a Float64Array,
 * INTEGER values as an Int32Array, VARCHAR or BOOLEAN values (as their first value is) as
 * an array.
 */
export type AppendColumn = Float64Array | Int32Array | readonly (string | null)[] | readonly (boolean | null)[];

/** Rows appended at once: a value per row in each column. */
export interface AppendBatch {
  columns: readonly AppendColumn[];
  rows: number;
}

export interface SqlResult {
  names: string[];
  columns: SqlColumn[];
  rows: number;
  /**
   * With QueryOptions.extents: each numeric column's [lowest, highest] value, NaN aside
   * (null for other columns; [Infinity, -Infinity] when every value is NaN).
   */
  extents?: (readonly [number, number] | null)[];
}

export interface QueryOptions {
  /**
   * How many rows the result will have, when the caller knows (a Parquet footer's count):
   * numeric columns are then filled in place instead of assembled from 2,048-row pieces.
   * A wrong count costs a copy, never a wrong result.
   */
  expectedRows?: number;
  /** Measure each numeric column's extent as it arrives (SqlResult.extents). */
  extents?: boolean;
}

/** A statement with its parameters and options, for SqlConnection.queryAll. */
export interface SqlQuery {
  sql: string;
  params?: readonly SqlValue[];
  options?: QueryOptions;
}

export interface SqlConnection {
  /** Runs one statement with positional parameters ($1, $2, ...) and returns its columns. */
  query(sql: string, params?: readonly SqlValue[], options?: QueryOptions): Promise<SqlResult>;
  /**
   * Runs independent read-only statements at once, each on a connection of its own; the
   * results come in the queries' order, or the first failure (the others interrupted).
   * With `threads`, where the database offers it: DuckDB scans a row group on one thread, so
   * a file of one row group read as two queries of half its columns each decodes on two.
   */
  queryAll?(queries: readonly SqlQuery[]): Promise<SqlResult[]>;
  /** The threads the database runs a query on: how many queryAll queries can run at once usefully. */
  readonly threads?: number;
  /** Runs a statement for its effect (SET, CREATE ...). */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Stops the running statement, if any (a view closed, a load cancelled). */
  interrupt(): void;
  /**
   * Appends batches of rows to a temporary table, in order, the whole as one append: how a
   * file no query can read (Arrow IPC, without an extension) reaches the database. The
   * embedded database only; a remote engine reads no local file.
   */
  appendRows?(table: string, batches: Iterable<AppendBatch>): Promise<void>;
  close(): void;
}

/** A result column by name; throws when the query did not return it (a bug, not bad input). */
export function column(result: SqlResult, name: string): SqlColumn {
  const index = result.names.indexOf(name);
  if (index < 0) throw new Error(`query result has no column '${name}' (has ${result.names.join(', ')})`);
  return result.columns[index];
}

/** A numeric result column by name. */
export function numbers(result: SqlResult, name: string): Float64Array {
  const values = column(result, name);
  if (!(values instanceof Float64Array)) throw new Error(`query result column '${name}' is not numeric`);
  return values;
}

/** A list-of-numbers result column by name: one Float64Array per row. */
export function numberLists(result: SqlResult, name: string): Float64Array[] {
  const values = column(result, name);
  if (values instanceof Float64Array || (values.length > 0 && !(values[0] instanceof Float64Array))) throw new Error(`query result column '${name}' is not a list of numbers`);
  return values as Float64Array[];
}

/** A text result column by name. */
export function texts(result: SqlResult, name: string): (string | null)[] {
  const values = column(result, name);
  if (values instanceof Float64Array) throw new Error(`query result column '${name}' is not text`);
  return values as (string | null)[];
}

/** Quotes an identifier (a column name read from a file) for SQL: `"a ""b"""`. */
export function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Named queries that read a table whole, with every column normalised to what the schema
 * layer expects from any reader: numbers as DOUBLE, dates and timestamps as ISO text,
 * 64-bit integers as DOUBLE only when every value is exact, text as text, nested values as
 * JSON text. Column names come from the file and are quoted as identifiers, never spliced.
 */
import { identifier } from './connection';
import type { Relation } from './relation';

/** A column as DESCRIBE reports it. */
export interface DescribedColumn {
  name: string;
  /** DuckDB's type name, e.g. DOUBLE, VARCHAR, TIMESTAMP WITH TIME ZONE, DECIMAL(18,4), INTEGER[]. */
  type: string;
}

/** The table's columns and their types, reading only the file's header or metadata. */
export function describeQuery(relation: Relation): { sql: string; params: Relation['params'] } {
  return { sql: `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation.sql})`, params: relation.params };
}

/** How a column is normalised. */
export type ColumnKind = 'number' | 'wide-integer' | 'date' | 'timestamp' | 'text' | 'boolean' | 'nested';

export function columnKind(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE|REAL|DECIMAL.*)$/.test(t)) return 'number';
  if (/^(BIGINT|UBIGINT|HUGEINT|UHUGEINT)$/.test(t)) return 'wide-integer';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'VARCHAR') return 'text';
  if (t === 'BOOLEAN') return 'boolean';
  return 'nested';
}

/**
 * Per wide-integer and timestamp column, the facts its normalisation depends on: whether
 * every integer is exact as a double (|v| <= 2^53 - 1), and whether every timestamp is a
 * midnight (then it is a date).
 */
export function columnFactsQuery(relation: Relation, columns: DescribedColumn[]): { sql: string; params: Relation['params'] } | null {
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const kind = columnKind(c.type);
    const col = identifier(c.name);
    if (kind === 'wide-integer') parts.push(`coalesce(bool_and(abs(${col}::HUGEINT) <= 9007199254740991), true) AS f${i}`);
    if (kind === 'timestamp') parts.push(`coalesce(bool_and(${col}::TIMESTAMP = date_trunc('day', ${col}::TIMESTAMP)), true) AS f${i}`);
  });
  if (!parts.length) return null;
  return { sql: `SELECT ${parts.join(', ')} FROM ${relation.sql}`, params: relation.params };
}

/**
 * One column as the schema layer expects it from any reader (see the module comment).
 * `fact` is the column's answer from columnFactsQuery: exact integers, midnight timestamps.
 * Instants with a time zone are printed in UTC with a `Z`.
 */
export function normalisedColumn(column: DescribedColumn, fact: boolean | undefined): string {
  const col = identifier(column.name);
  switch (columnKind(column.type)) {
    case 'number':
      return `${col}::DOUBLE`;
    case 'wide-integer':
      return fact === false ? `${col}::VARCHAR` : `${col}::DOUBLE`;
    case 'date':
      return `strftime(${col}, '%Y-%m-%d')`;
    case 'timestamp': {
      const ts = `${col}::TIMESTAMP`;
      if (fact) return `strftime(${ts}, '%Y-%m-%d')`;
      const zone = /WITH TIME ZONE|_TZ/i.test(column.type) ? " || 'Z'" : '';
      return `CASE WHEN ${col} IS NULL THEN NULL WHEN microsecond(${ts}) % 1000000 = 0 THEN strftime(${ts}, '%Y-%m-%dT%H:%M:%S')${zone} ELSE strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%g')${zone} END`;
    }
    case 'text':
    case 'boolean':
      return col;
    case 'nested':
      return /^BLOB|^BYTEA/i.test(column.type) ? `lower(hex(${col}))` : `to_json(${col})::VARCHAR`;
  }
}

/**
 * A date key as text for the model's date reader: normalisedColumn's, but a yyyymmdd date
 * stored as a number reads as its digits (`20240131`, where a DOUBLE as text is
 * `20240131.0`, which no reader takes for a date).
 */
export function dateText(column: DescribedColumn, fact: boolean | undefined): string {
  const kind = columnKind(column.type);
  if (kind !== 'number' && kind !== 'wide-integer') return `(${normalisedColumn(column, fact)})::VARCHAR`;
  const col = identifier(column.name);
  return `CASE WHEN ${col} = trunc(${col}) AND abs(${col}) < 1e15 THEN trunc(${col})::BIGINT::VARCHAR ELSE ${col}::VARCHAR END`;
}

/** The whole table with each column normalised, as c0, c1, ... in file order. */
export function readTableQuery(relation: Relation, columns: DescribedColumn[], facts: (boolean | undefined)[]): { sql: string; params: Relation['params'] } {
  const select = columns.map((c, i) => `${normalisedColumn(c, facts[i])} AS ${identifier(`c${i}`)}`);
  return { sql: `SELECT ${select.join(', ')} FROM ${relation.sql}`, params: relation.params };
}

/**
 * What a Parquet file's footer says each numeric column spans (over its row groups, where the
 * writer marked the statistics exact). Decoded values outside that range mean a corrupt page
 * that the decoder did not notice: DuckDB, like most readers, does not check page checksums.
 */
export function parquetRangesQuery(path: string): { sql: string; params: string[] } {
  return {
    sql: `SELECT path_in_schema AS name, min(TRY_CAST(stats_min_value AS DOUBLE)) AS low, max(TRY_CAST(stats_max_value AS DOUBLE)) AS high
          FROM parquet_metadata($1)
          WHERE type IN ('DOUBLE', 'FLOAT') AND coalesce(min_is_exact, true) AND coalesce(max_is_exact, true)
          GROUP BY path_in_schema`,
    params: [path],
  };
}

/**
 * A Parquet file's top-level column names as written, duplicates included (DESCRIBE
 * renames a second `f1` to `f1_1`). Nested files list their children too: `nested` says so.
 */
export function parquetColumnNamesQuery(path: string): { sql: string; params: string[] } {
  return { sql: 'SELECT name, coalesce(num_children, 0)::DOUBLE AS children FROM parquet_schema($1)', params: [path] };
}

/** A Parquet file's row count and row groups from its footer, without reading a page. */
export function parquetRowCountQuery(path: string): { sql: string; params: string[] } {
  return { sql: 'SELECT coalesce(sum(num_rows), 0)::DOUBLE AS row_count, coalesce(sum(num_row_groups), 0)::DOUBLE AS row_groups FROM parquet_file_metadata($1)', params: [path] };
}

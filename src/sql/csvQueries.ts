/**
 * Named queries on a CSV or TSV file too large to read whole: DuckDB reads it as text, types
 * its numeric columns by the rules of the model's own CSV reader, and writes it to a Parquet
 * file the engine reads by date like any other. DuckDB's `read_csv` options have no
 * equivalent in Trino, Spark SQL or ClickHouse: a remote run is a table, never a CSV file.
 */
import type { CsvDialect } from '../model/read/csv';
import type { NumberedRelation } from './contributionQueries';
import { identifier, type SqlValue } from './connection';

type Query = { sql: string; params: SqlValue[] };

/** The model reader's dialect of a file (csvDialect), and the blank lines before its header. */
export type CsvLayout = Pick<CsvDialect, 'delimiter' | 'names' | 'decimalComma'> & { blankLinesBefore: number };

/**
 * Decimal notation with an optional exponent (numberFromText's rule, in RE2): what DuckDB's
 * DOUBLE cast alone would widen ('1_000', '0x10' refused by the model are cast by DuckDB).
 */
const DECIMAL = String.raw`[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?`;
const DECIMAL_COMMA = String.raw`[+-]?([0-9]+,[0-9]*|,[0-9]+)([eE][+-]?[0-9]+)?`;
/** NaN and Inf as the model's readers spell them (SPECIAL_NUMBERS), lower case. */
const SPECIAL = ['nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity'];
/** Whitespace the model's readers trim from a value (JavaScript's trim, the usual part of it). */
const BLANKS = `' \t\r\n'`;

/** The text DuckDB's error() raises on the first value a numeric column cannot take. */
export const NOT_A_NUMBER = 'glassbox: a value is not a number';

/**
 * read_csv over the file as text: RFC 4180 quoting, the header skipped, every column VARCHAR
 * under a name of our own (c0, c1…), so that no header text is parsed as SQL. No sniffing:
 * the dialect is the model reader's, decided from the file's first records.
 */
function csvText(path: string, dialect: CsvLayout): { sql: string; params: (string | number)[] } {
  const columns = dialect.names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return { sql: `read_csv($1, delim = $2, skip = $3, header = true, quote = '"', escape = '"', auto_detect = false, columns = {${columns}})`, params: [path, dialect.delimiter, dialect.blankLinesBefore] };
}

/** A text column's value as the model's readers keep it: trimmed, NULL where empty. */
function textValue(column: string): string {
  return `NULLIF(trim(${column}, ${BLANKS}), '')`;
}

/**
 * A numeric column's value: a number, NULL where empty, an error (NOT_A_NUMBER) on anything
 * else. DuckDB's cast reads the usual text fast; only the characters of decimal notation may
 * reach it (its cast also takes '1_000' and '+nan', which the model's readers do not), and no
 * two signs in a row ('+-1'). Measured on 1.08M rows x 4 numeric columns, one thread: 1.2 s
 * against 1.8 s for DECIMAL's full match on every value.
 */
function numberValue(column: string, decimalComma: boolean): string {
  const t = `trim(${column}, ${BLANKS})`;
  const cast = `TRY_CAST(${column} AS DOUBLE)`;
  const comma = decimalComma ? ` WHEN regexp_full_match(${t}, '${DECIMAL_COMMA}') THEN replace(${t}, ',', '.')::DOUBLE` : '';
  const special = SPECIAL.map((s) => `'${s}'`).join(', ');
  return (
    `CASE WHEN ${column} IS NULL THEN NULL::DOUBLE` +
    ` WHEN regexp_full_match(${column}, '[ \t\r\n0-9eE.+-]*') AND NOT regexp_matches(${column}, '[+-][+-]') AND ${cast} IS NOT NULL THEN ${cast}` +
    ` WHEN ${t} = '' THEN NULL::DOUBLE${comma} WHEN lower(${t}) IN (${special}) THEN lower(${t})::DOUBLE ELSE error('${NOT_A_NUMBER}') END`
  );
}

/**
 * Whether a value is a number as the model's CSV reader types a column (parseNumberText):
 * empty, decimal notation, NaN or Inf; a decimal comma only in a file not delimited by
 * commas; not an integer with a leading zero ('007', an identifier) nor one past 2^53 (a
 * 64-bit id a double would change).
 */
function readerNumber(column: string, decimalComma: boolean): string {
  const t = `trim(${column}, ${BLANKS})`;
  const special = SPECIAL.map((s) => `'${s}'`).join(', ');
  const leadingZero = `regexp_matches(${t}, '^[+-]?0[0-9]')`;
  const largeInteger = `(regexp_full_match(${t}, '[+-]?[0-9]{16,}') AND abs(TRY_CAST(${t} AS DOUBLE)) > 9007199254740991)`;
  const decimal = `(regexp_full_match(${column}, '[ \t\r\n0-9eE.+-]*') AND NOT regexp_matches(${column}, '[+-][+-]') AND TRY_CAST(${column} AS DOUBLE) IS NOT NULL)`;
  const comma = decimalComma ? ` OR regexp_full_match(${t}, '${DECIMAL_COMMA}')` : '';
  return `(${column} IS NULL OR ${t} = '' OR lower(${t}) IN (${special}) OR ((${decimal}${comma}) AND NOT ${leadingZero} AND NOT ${largeInteger}))`;
}

/**
 * Per column of the CSV file (n0, n1…), whether every value in it is a number as the
 * model's reader decides it (readerNumber): the columns a wide table's copy stores as
 * numbers. One parallel scan; row order does not matter here.
 */
export function csvNumericColumnsQuery(path: string, dialect: CsvLayout): Query {
  const text = csvText(path, dialect);
  const columns = dialect.names.map((_, i) => `coalesce(bool_and(${readerNumber(`c${i}`, dialect.decimalComma)}), true) AS n${i}`).join(', ');
  return { sql: `SELECT ${columns} FROM ${text.sql}`, params: text.params };
}

/**
 * Writes the CSV file `path` to the Parquet file `target` in the file's row order (with one
 * thread: a parallel scan's rows reach the file partly out of order, though the database is
 * told to preserve insertion order), its `numeric` columns as DOUBLE, the others as
 * trimmed text, under the header's names. Fails with NOT_A_NUMBER on the first value a
 * numeric column cannot take (firstNotNumberQuery then finds its row).
 */
export function csvAsParquetQuery(path: string, dialect: CsvLayout, numeric: ReadonlySet<string>, target: string): Query {
  const text = csvText(path, dialect);
  const select = dialect.names.map((name, i) => `${numeric.has(name) ? numberValue(`c${i}`, dialect.decimalComma) : textValue(`c${i}`)} AS ${identifier(name)}`).join(', ');
  return { sql: `COPY (SELECT ${select} FROM ${text.sql}) TO $4 (FORMAT parquet, COMPRESSION zstd)`, params: [...text.params, target] };
}

/** Writes the CSV file `path` as text to the Parquet file `target`, in row order (one thread): where a bad value's row is found. */
export function csvAsTextQuery(path: string, dialect: CsvLayout, target: string): Query {
  const text = csvText(path, dialect);
  const select = dialect.names.map((name, i) => `c${i} AS ${identifier(name)}`).join(', ');
  return { sql: `COPY (SELECT ${select} FROM ${text.sql}) TO $4 (FORMAT parquet, COMPRESSION zstd)`, params: [...text.params, target] };
}

/**
 * The first row (0-based) of `column` holding a value that is not a number, and that value:
 * a decimal comma ('0,5') only where the column has no other (the row the model's reader
 * names, numericColumn's firstNonNumericRow). No row when every value is a number.
 */
export function firstNotNumberQuery(rows: NumberedRelation, column: string, decimalComma: boolean): Query {
  const c = identifier(column);
  const t = `trim(${c}, ${BLANKS})`;
  const special = SPECIAL.map((s) => `'${s}'`).join(', ');
  const isNumber = `(${t} = '' OR regexp_full_match(${t}, '${DECIMAL}') OR lower(${t}) IN (${special})${decimalComma ? ` OR regexp_full_match(${t}, '${DECIMAL_COMMA}')` : ''})`;
  const isComma = `regexp_full_match(${t}, '${DECIMAL_COMMA}')`;
  return {
    sql: `SELECT ${rows.rowNumber}::DOUBLE AS row, ${c} AS value FROM ${rows.sql} WHERE ${c} IS NOT NULL AND NOT ${isNumber} ORDER BY ${isComma}, ${rows.rowNumber} LIMIT 1`,
    params: rows.params,
  };
}

/** The database's thread count (restored after a copy made with one). */
export function threadsQuery(): Query {
  return { sql: "SELECT current_setting('threads')::DOUBLE AS threads", params: [] };
}

/** Sets the database's thread count (a number the engine chose, never data). */
export function setThreadsQuery(threads: number): Query {
  return { sql: `SET threads = ${Math.max(1, Math.floor(threads))}`, params: [] };
}

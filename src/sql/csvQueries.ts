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
/**
 * NaN and Inf as the model's readers spell them (SPECIAL_NUMBERS), lower case. Tested with
 * list_contains: DuckDB plans `IN (` seven constants `)` as a join that every row goes
 * through (a long file's copy took 5.3 s against 3.5 s per 6M rows).
 */
const SPECIAL_LIST = ['nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity'].map((s) => `'${s}'`).join(', ');
/**
 * Whitespace the model's readers trim from a value: JavaScript's trim() set (a no-break
 * space in a number exported from a spreadsheet is trimmed there too).
 */
const BLANKS = `' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'`;

/** The text DuckDB's error() raises on the first value a numeric column cannot take. */
export const NOT_A_NUMBER = 'glassbox: a value is not a number';

/**
 * read_csv over the file as text: RFC 4180 quoting, the header skipped, every column VARCHAR
 * under a name of our own (c0, c1…), so that no header text is parsed as SQL. No sniffing:
 * the dialect is the model reader's, decided from the file's first records.
 */
function csvText(path: string, dialect: CsvLayout): { sql: string; params: (string | number)[] } {
  const columns = dialect.names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  // A short record's missing fields are empty (null_padding), as the model's reader reads
  // them; a line of spaces and tabs (a record of one blank field, then) is skipped as that
  // reader skips it, so that row numbers stay the same. The filter's terms are all
  // evaluated: trim(BLANKS) here made the copy 2x slower.
  const blankLine = dialect.names.length > 1 ? ` WHERE NOT (${dialect.names.slice(1).map((_, i) => `c${i + 1} IS NULL`).join(' AND ')} AND c0 IS NOT NULL AND trim(c0, ' \t') = '')` : '';
  return {
    sql: `(SELECT * FROM read_csv($1, delim = $2, skip = $3, header = true, quote = '"', escape = '"', null_padding = true, auto_detect = false, columns = {${columns}})${blankLine})`,
    params: [path, dialect.delimiter, dialect.blankLinesBefore],
  };
}

/**
 * A text column's value as the model's readers keep it: trimmed, NULL where empty. Only a
 * value padded with a space, a tab or a no-break space is trimmed (trimming every value
 * cost a third of a long file's copy); the rarer blanks of BLANKS stay on a text value.
 */
function textValue(column: string): string {
  const padded = [' ', '\t', '\u00a0'].flatMap((blank) => [`starts_with(${column}, '${blank}')`, `ends_with(${column}, '${blank}')`]).join(' OR ');
  return `CASE WHEN ${column} = '' THEN NULL WHEN ${padded} THEN NULLIF(trim(${column}, ${BLANKS}), '') ELSE ${column} END`;
}

/**
 * Whether DuckDB's cast of a value to DOUBLE reads it as the model's readers do: its cast
 * also takes '1_000', '+nan', 'nan(1)' and '+-1', which they do not. Words (NaN, Inf: an
 * 'n' in each) go to the spelled-out list instead. Substring tests, not a regular
 * expression: measured on 6M values, one thread, 0.2 s against 0.6 s.
 */
function castable(column: string): string {
  return `NOT (contains(${column}, '_') OR contains(${column}, 'n') OR contains(${column}, 'N') OR contains(${column}, '+-') OR contains(${column}, '-+'))`;
}

/**
 * Whether a value DuckDB's cast reads is an identifier to the model's CSV reader, which keeps
 * its column as text: an integer with a leading zero ('007', a SEDOL) or one past 2^53 (a
 * 64-bit id a double would change). Prefix tests settle the usual value at once ('0.' and
 * '-0.' start most numbers a model writes; one not starting with '0', a sign or a blank and
 * shorter than 16 characters cannot be either); the regular expressions see the rest. Per
 * value, every test at once cost 21 s more on a 354 MB wide file's copy (65M values).
 */
function identifierText(column: string): string {
  const t = `trim(${column}, ${ASCII_BLANKS})`;
  const starts = (prefix: string) => `starts_with(${column}, '${prefix}')`;
  const mayBe = [starts('0'), starts('-'), starts('+'), starts(' '), starts('\t')].join(' OR ');
  return (
    `CASE WHEN ${starts('0.')} OR ${starts('-0.')} THEN false WHEN strlen(${column}) < 16 AND NOT (${mayBe}) THEN false` +
    ` ELSE regexp_matches(${t}, '^[+-]?0[0-9]') OR (regexp_full_match(${t}, '[+-]?[0-9]{16,}') AND abs(TRY_CAST(${t} AS DOUBLE)) > 9007199254740991) END`
  );
}

/** Blanks DuckDB's cast skips itself: the cheap trim, which DuckDB may compute for every value. */
const ASCII_BLANKS = `' \t\r\n'`;

/**
 * A value trimmed of every blank JavaScript trims (a no-break space from a spreadsheet),
 * then read by the model's rules (`x`, in `read`): a lambda, so that the costly trim is
 * written once. DuckDB computes an expression written more than once in a projection for
 * every row, branches or not: trim(BLANKS) written three times made a long file's copy 2x
 * slower.
 */
function fullyTrimmed(column: string, read: string): string {
  return `list_transform([trim(${column}, ${BLANKS})], x -> ${read})[1]`;
}

/**
 * A numeric column's value: a number, NULL where empty, an error (NOT_A_NUMBER) on anything
 * else. DuckDB's cast reads the usual text where it reads it as the model does (castable);
 * only what it leaves (COALESCE goes on for those rows alone) is decided by the model's
 * rules: empty, a decimal comma where the file has them, NaN and Inf as the model spells
 * them, other blanks trimmed. Measured on 6M values, one thread: 2.8 s against 2.6 s for
 * the cast alone, and 4.9 s for the same rules in one CASE (it cast every value twice).
 * `asTyped`: also an error on a value the model's CSV reader would type its column text for
 * (identifierText), for a column guessed numeric from the file's first records.
 */
function numberValue(column: string, decimalComma: boolean, asTyped: boolean): string {
  const t = `trim(${column}, ${ASCII_BLANKS})`;
  const leadingZero = `regexp_matches(${t}, '^[+-]?0[0-9]')`;
  const comma = decimalComma ? ` WHEN regexp_full_match(${t}, '${DECIMAL_COMMA}')${asTyped ? ` AND NOT ${leadingZero}` : ''} THEN replace(${t}, ',', '.')::DOUBLE` : '';
  const identifier = asTyped ? ` AND NOT regexp_matches(x, '^[+-]?0[0-9]') AND NOT (regexp_full_match(x, '[+-]?[0-9]{16,}') AND abs(TRY_CAST(x AS DOUBLE)) > 9007199254740991)` : '';
  const padded = fullyTrimmed(column, `CASE WHEN x = '' THEN 'NaN'::DOUBLE WHEN regexp_full_match(x, '${DECIMAL}')${identifier} THEN TRY_CAST(x AS DOUBLE) WHEN list_contains([${SPECIAL_LIST}], lower(x)) THEN TRY_CAST(lower(x) AS DOUBLE) END`);
  const rest = `CASE WHEN ${column} IS NULL OR ${t} = '' THEN NULL::DOUBLE${comma} WHEN list_contains([${SPECIAL_LIST}], lower(${t})) THEN lower(${t})::DOUBLE ELSE coalesce(${padded}, error('${NOT_A_NUMBER}')) END`;
  const read = asTyped ? `${castable(column)} AND NOT ${identifierText(column)}` : castable(column);
  return `coalesce(CASE WHEN ${read} THEN TRY_CAST(${column} AS DOUBLE) END, ${rest})`;
}

/**
 * Whether a value is a number as the model's CSV reader types a column (parseNumberText):
 * empty, decimal notation, NaN or Inf; a decimal comma only in a file not delimited by
 * commas; not an identifier (identifierText).
 */
function readerNumber(column: string, decimalComma: boolean): string {
  const t = `trim(${column}, ${ASCII_BLANKS})`;
  const comma = decimalComma ? ` OR (regexp_full_match(${t}, '${DECIMAL_COMMA}') AND NOT regexp_matches(${t}, '^[+-]?0[0-9]'))` : '';
  const padded = fullyTrimmed(column, `x = '' OR (regexp_full_match(x, '${DECIMAL}') AND NOT regexp_matches(x, '^[+-]?0[0-9]') AND NOT (regexp_full_match(x, '[+-]?[0-9]{16,}') AND abs(TRY_CAST(x AS DOUBLE)) > 9007199254740991)) OR list_contains([${SPECIAL_LIST}], lower(x))`);
  return (
    `CASE WHEN ${column} IS NULL THEN true WHEN ${castable(column)} AND TRY_CAST(${column} AS DOUBLE) IS NOT NULL THEN NOT ${identifierText(column)}` +
    ` ELSE ${t} = '' OR list_contains([${SPECIAL_LIST}], lower(${t}))${comma} OR ${padded} END`
  );
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
 * numeric column cannot take (firstNotNumberQuery then finds its row); `asTyped`, also on
 * one the model's CSV reader would make its column text for (numberValue).
 */
export function csvAsParquetQuery(path: string, dialect: CsvLayout, numeric: ReadonlySet<string>, target: string, asTyped = false): Query {
  const text = csvText(path, dialect);
  const select = dialect.names.map((name, i) => `${numeric.has(name) ? numberValue(`c${i}`, dialect.decimalComma, asTyped) : textValue(`c${i}`)} AS ${identifier(name)}`).join(', ');
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
  const isNumber = `(${t} = '' OR regexp_full_match(${t}, '${DECIMAL}') OR list_contains([${SPECIAL_LIST}], lower(${t}))${decimalComma ? ` OR regexp_full_match(${t}, '${DECIMAL_COMMA}')` : ''})`;
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

/**
 * Every user-facing message of the readers, one function each. Each names the file, says
 * what was wrong and what to do about it. Info notes (facts the reader
 * assumed, not problems) live here too so their wording stays in one place.
 */
import type { TableFormat } from './tableFormat';

/** What a file's first bytes look like, in words a user recognises. */
export type ContentKind =
  | 'parquet'
  | 'parquet-truncated'
  | 'arrow-file'
  | 'arrow-stream'
  | 'feather-v1'
  | 'json'
  | 'text'
  | 'gzip'
  | 'zip'
  | 'binary'
  | 'empty';

const KIND_WORDS: Record<ContentKind, string> = {
  parquet: 'a Parquet file',
  'parquet-truncated': 'the start of a Parquet file',
  'arrow-file': 'an Arrow IPC (Feather v2) file',
  'arrow-stream': 'an Arrow IPC stream',
  'feather-v1': 'a Feather v1 file',
  json: 'JSON',
  text: 'text (CSV or TSV)',
  gzip: 'a gzip-compressed file',
  zip: 'a ZIP archive (or an Excel .xlsx workbook)',
  binary: 'binary data',
  empty: 'an empty file',
};

const FORMAT_WORDS: Record<TableFormat, string> = {
  csv: 'CSV/TSV',
  parquet: 'Parquet',
  arrow: 'Arrow IPC/Feather',
  json: 'JSON',
};

const FORMAT_EXTENSION: Record<TableFormat, string> = {
  csv: '.csv',
  parquet: '.parquet',
  arrow: '.arrow',
  json: '.json',
};

/** The format a content kind can be read as, if any. */
function readableAs(kind: ContentKind): TableFormat | undefined {
  switch (kind) {
    case 'parquet':
      return 'parquet';
    case 'arrow-file':
    case 'arrow-stream':
      return 'arrow';
    case 'json':
      return 'json';
    case 'text':
      return 'csv';
    default:
      return undefined;
  }
}

/** Keep a library's error to one short line: a hint for the user, never a stack. */
function detailOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // A Rust panic inside WebAssembly surfaces as a bare 'unreachable' trap.
  if (/^(RuntimeError: )?unreachable( executed)?$/i.test(raw.trim())) return 'the decoder stopped on invalid data';
  const line = raw.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

export const readMessages = {
  emptyFile: (file: string) =>
    `${file}: the file is empty. Re-export the table from the model run, or point the manifest at the right file.`,

  headerOnly: (file: string, columns: number) =>
    `${file}: the file has a header (${columns} column${columns === 1 ? '' : 's'}) but no data rows. Re-export the table with its rows, or check that the model run finished writing it.`,

  unreadableFile: (file: string, reason: string) =>
    `${file}: the file cannot be opened (${reason}). Check that it exists and that you may read it.`,

  tooLargeToReadWhole: (file: string, kind: string, megabytes: number, limit: number) =>
    `${file}: ${megabytes.toLocaleString('en-US')} MB is more than the ${limit} MB a ${kind} file can have here. Write the table as Parquet instead (pandas \`df.to_parquet(path)\`, or \`duckdb -c "COPY (FROM '${file}') TO 'table.parquet'"\`), which is also much faster to open.`,

  largeTextNotUtf8: (file: string, megabytes: number) =>
    `${file}: ${megabytes.toLocaleString('en-US')} MB of text that is not UTF-8. A text table this large is read by the database, which reads UTF-8 only. Re-save it as UTF-8, or write the table as Parquet (pandas \`df.to_parquet(path)\`), which is also much faster to open.`,

  csvNotStandard: (file: string) =>
    `${file}: the file is too large to read whole here, and the database that reads it cannot split it into records (lines ending in more than one way, CRLF and a bare CR, or quotes it cannot match). Re-save it with one kind of line ending, or write the table as Parquet (pandas \`df.to_parquet(path)\`).`,

  csvRecord: (file: string, line: string, detail: string) =>
    `${file}, line ${line}: ${detail}. Check the quoting and the number of fields on that line (the header's count), or write the table as Parquet (pandas \`df.to_parquet(path)\`).`,

  tooManyCells: (file: string, rows: number, columns: number, neededMB: number, limitMB: number) =>
    `${file}: ${rows.toLocaleString('en-US')} rows x ${columns} columns would need about ${neededMB.toLocaleString('en-US')} MB of memory once decoded, above the limit of ${limitMB.toLocaleString('en-US')} MB (setting glassbox.memoryBudgetMB). Raise the limit if this machine has the memory, or write fewer dates or features per run.`,

  unnamedColumn: (file: string, position: number) =>
    `${file}: column ${position} has no name, and a file this large is copied by the database, which needs one. Name it where the file is written (pandas: \`df.columns\`), or drop it.`,
  duplicateColumn: (file: string, column: string) =>
    `${file}: two columns are named '${column}', so which one is meant cannot be told. Rename one of them where the file is written.`,

  collidingColumns: (file: string, canonical: string, columns: readonly string[]) =>
    `${file}: columns ${columns.map((c) => `'${c}'`).join(' and ')} both read as '${canonical}' (names match case-insensitively, with spaces, dashes and dots as underscores). Rename one, or name the one to use in the manifest's "columns" mapping.`,

  noRows: (file: string) =>
    `${file}: the table has no rows. Re-export it with its data, or check that the model run finished writing it.`,

  formatMismatch: (file: string, expected: TableFormat, kind: ContentKind) => {
    const actual = readableAs(kind);
    const fix = actual
      ? `rename it to ${FORMAT_EXTENSION[actual]} (or open it as ${FORMAT_WORDS[actual]}), or re-export it as ${FORMAT_WORDS[expected]}`
      : kind === 'gzip' || kind === 'zip'
        ? `decompress it first, or export the table as CSV, Parquet or Arrow`
        : `re-export it as ${FORMAT_WORDS[expected]}, or check that it is the file you meant`;
    return `${file}: expected ${FORMAT_WORDS[expected]} but the content looks like ${KIND_WORDS[kind]}; ${fix}.`;
  },

  unknownFormat: (file: string, kind: ContentKind) =>
    `${file}: cannot tell the table format (the content looks like ${KIND_WORDS[kind]}). Use one of .csv, .tsv, .parquet, .arrow, .feather or .json.`,

  featherV1: (file: string) =>
    `${file}: this is a Feather v1 file, which is no longer supported. Re-save it as Feather v2 / Arrow IPC, e.g. pandas \`df.to_feather(path)\` with pyarrow >= 0.17, or \`pyarrow.feather.write_feather(table, path, version=2)\`.`,

  truncatedParquet: (file: string) =>
    `${file}: the Parquet file is truncated (it does not end with the Parquet footer). Re-run the export and make sure the writer closed the file before it was copied.`,

  corruptParquet: (file: string, error: unknown) =>
    `${file}: the Parquet file cannot be decoded (${detailOf(error)}). Re-export it; if it came from an unusual writer, try pyarrow or DuckDB.`,

  truncatedArrow: (file: string) =>
    `${file}: the Arrow IPC data cannot be decoded: the file is truncated (it does not end with the ARROW1 footer). Re-run the export and make sure the writer closed the file before it was copied.`,

  corruptArrow: (file: string, error: unknown) =>
    `${file}: the Arrow IPC data cannot be decoded (${detailOf(error)}); the file may be truncated or corrupt. Re-export it with pyarrow (\`pyarrow.feather.write_feather\`) or another Arrow writer.`,

  parquetNeedsDatabase: (file: string) =>
    `${file}: Parquet is read by the engine's database, not by this reader. This is a bug in the host of the Glass Box reader, not in the file; please report it.`,

  invalidJson: (file: string, error: unknown, at?: { line: number; column: number; detail: string }) =>
    at
      ? `${file}, line ${at.line}, column ${at.column}: not valid JSON (${at.detail}). Fix the syntax, or export the table as CSV or Parquet.`
      : `${file}: not valid JSON (${detailOf(error)}). Fix the syntax, or export the table as CSV or Parquet.`,

  jsonShape: (file: string) =>
    `${file}: expected a JSON array of records ([{"stock": "AAPL", "weight": 0.01}, ...]) or an object of columns ({"stock": [...], "weight": [...]}). Re-export the table in one of those shapes.`,

  jsonRecordNotObject: (file: string, row: number) =>
    `${file}: record ${row} is not an object; every element of the array must be a record like {"stock": "AAPL", "weight": 0.01}.`,

  jsonColumnLengths: (file: string, column: string, length: number, firstColumn: string, expected: number) =>
    `${file}: column '${column}' has ${length} values but '${firstColumn}' has ${expected}; every column of the object must have the same length.`,

  unterminatedQuote: (file: string, row: number) =>
    `${file}, row ${row}: a quoted field opens here and never closes. Look for a stray " in that row, or re-export with standard CSV quoting.`,

  tooManyFields: (file: string, row: number, columns: number, delimiter: string) =>
    `${file}, row ${row}: more fields than the ${columns} header columns. The delimiter was taken to be ${delimiterName(delimiter)}; quote values that contain it, or check that the header has every column.`,

  notText: (file: string) =>
    `${file}: the file is neither UTF-8 nor Windows-1252 text. Re-save it as UTF-8 CSV.`,

  // Info notes: facts the reader assumed.
  noteDelimiter: (file: string, delimiter: string) =>
    `${file}: read as ${delimiterName(delimiter)}-delimited.`,

  noteDecimalComma: (file: string, delimiter: string, example: string) =>
    `${file}: ${delimiterName(delimiter)}-delimited with decimal commas ('${example}' read as ${example.replace(',', '.')}).`,

  noteEncoding: (file: string, encoding: string) =>
    `${file}: not UTF-8; read as ${encoding}. Re-save as UTF-8 if names look wrong.`,

  noteRenamedColumns: (file: string, renamed: string[]) =>
    `${file}: header names were empty or repeated and were renamed: ${renamed.join(', ')}.`,

  noteBlankLines: (file: string, count: number) =>
    `${file}: ${count} blank line${count === 1 ? '' : 's'} between data rows ${count === 1 ? 'was' : 'were'} skipped.`,

  noteLargeIntegers: (file: string, column: string) =>
    `${file}: column '${column}' holds 64-bit integers beyond 2^53 that numbers cannot hold exactly; it was read as text.`,

  noteNestedColumn: (file: string, column: string, type: string) =>
    `${file}: column '${column}' has the nested or binary type ${type}; it was read as text (JSON).`,
};

/** How a delimiter is named in messages. */
export function delimiterName(delimiter: string): string {
  switch (delimiter) {
    case ',':
      return 'comma';
    case ';':
      return 'semicolon';
    case '\t':
      return 'tab';
    case '|':
      return 'pipe';
    default:
      return `'${delimiter}'`;
  }
}

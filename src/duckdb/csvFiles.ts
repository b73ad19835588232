/**
 * A CSV or TSV table too large to hold as text (a daily model's long contributions run to
 * gigabytes), copied by DuckDB into a typed Parquet file in the source's scratch folder,
 * which the engine then reads by date like any Parquet file. Read alike with the model's
 * own reader (read/csv.ts): its dialect (delimiter, header names, decimal comma) is the one
 * that reader decides from the file's first records, its numbers follow the same rules, and
 * the copy keeps the file's row order, so that a message's row is the file's data row.
 */
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { InputError } from '../model/errors';
import { messages } from '../model/messages';
import { csvDialect, parseDelimited } from '../model/read/csv';
import { readMessages } from '../model/read/messages';
import type { Diagnostic } from '../model/types';
import { column, numbers, type SqlConnection, texts } from '../sql/connection';
import { csvAsParquetQuery, csvAsTextQuery, type CsvLayout, csvNumericColumnsQuery, firstNotNumberQuery, NOT_A_NUMBER } from '../sql/csvQueries';
import { inRowOrder } from './inRowOrder';

/** Bytes of the file's beginning its dialect is decided from (detectDelimiter reads 1 MiB). */
const HEAD_BYTES = 1 << 20;

/**
 * The dialect of the CSV file at `path` from its first megabyte, and the notes reading it
 * whole would give about it. UTF-8 only (with or without a byte-order mark): DuckDB reads
 * no other encoding without an extension, and the model's reader is not there to decode it.
 */
export function readCsvLayout(path: string, file: string): { layout: CsvLayout; notes: Diagnostic[]; headNumbers: Set<string> | null } {
  const size = statSync(path).size;
  const head = new Uint8Array(Math.min(size, HEAD_BYTES));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  // Whole lines only (LF or CR, a file may end its lines with either): a cut could split a
  // character (not UTF-8 then) or a record.
  const end = head.length < size ? Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d)) + 1 : head.length;
  let text: string;
  try {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) throw new Error('UTF-16');
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end > 0 ? end : head.length));
  } catch {
    throw new InputError(readMessages.largeTextNotUtf8(file, Math.ceil(size / 2 ** 20)), file);
  }
  const dialect = csvDialect(text, file);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // DuckDB takes the header from the first line it reads: the blank lines before it (CRLF,
  // LF or CR each end one, as csvDialect skips them) are skipped.
  const blankLinesBefore = text.slice(bom, dialect.headerStart).split(/\r\n|\n|\r/).length - 1;
  const first = firstRecords(text, file);
  return {
    layout: { delimiter: dialect.delimiter, names: dialect.names, decimalComma: dialect.decimalComma, blankLinesBefore },
    notes: [...dialect.notes, ...(first?.notes.filter((n) => n.code === 'decimal-comma') ?? [])],
    headNumbers: first ? new Set(first.names.filter((_, i) => first.columns[i] instanceof Float64Array)) : null,
  };
}

/**
 * The file's first megabyte of records as the model's reader reads them: the note it gives
 * when it reads decimal commas (naming the first; a file whose first comes later is not
 * noted) and the columns it types as numbers (a column with a word in it there is text in
 * the whole file too). Null when the head ends inside a quoted field.
 */
function firstRecords(head: string, file: string): ReturnType<typeof parseDelimited> | null {
  try {
    return parseDelimited(head, file);
  } catch {
    return null;
  }
}

/**
 * The columns of the CSV file every value of which is a number, as the model's reader types
 * them (a wide table's features and per-stock numbers; a column with one word in it is text,
 * as read whole, for the reader to name its row or leave it out as metadata).
 */
export async function numericCsvColumns(db: SqlConnection, path: string, file: string, layout: CsvLayout): Promise<Set<string>> {
  const q = csvNumericColumnsQuery(path, layout);
  let result;
  try {
    result = await db.query(q.sql, q.params);
  } catch (error) {
    throw csvError(file, error instanceof Error ? error.message : String(error));
  }
  return new Set(layout.names.filter((_, i) => (column(result, `n${i}`) as (boolean | null)[])[0] !== false));
}

/**
 * Writes the CSV file `path` to the Parquet file `target`, its `numeric` columns as numbers
 * and the rest as text. A value that is not a number fails it with the file, row and column
 * (found in a second, text-only copy: the error path only); a record DuckDB cannot read,
 * with its line and DuckDB's reason.
 */
export async function copyCsvAsParquet(db: SqlConnection, path: string, file: string, layout: CsvLayout, numeric: ReadonlySet<string>, target: string): Promise<void> {
  if (await tryCopy(db, path, file, layout, numeric, target, false)) return;
  throw await inRowOrder(db, () => notANumber(db, path, file, layout, numeric, `${target}.text`));
}

/**
 * Writes a wide CSV file to the Parquet file `target`, the columns the model's CSV reader
 * types as numbers as numbers. Its columns are first taken as the file's first records type
 * them (`headNumbers`), the copy failing on a value that makes such a column text further on;
 * only then is every column typed from a scan of the whole file (numericCsvColumns: 19-20 s
 * on the 354 MB L wide file in a first version, against 8-10 s for the copy) and the copy
 * made again.
 */
export async function copyWideCsvAsParquet(db: SqlConnection, path: string, file: string, layout: CsvLayout, headNumbers: ReadonlySet<string> | null, keys: ReadonlySet<string>, target: string): Promise<void> {
  // Key and metadata columns stay text: digits-only stock ids (10001) or dates (20240131)
  // read as numbers would come back as '10001.0' and be other stocks, or no dates.
  const numbersOf = (columns: ReadonlySet<string>) => new Set([...columns].filter((name) => !keys.has(name)));
  if (headNumbers !== null && (await tryCopy(db, path, file, layout, numbersOf(headNumbers), target, true))) return;
  const numeric = numbersOf(await numericCsvColumns(db, path, file, layout));
  if (!(await tryCopy(db, path, file, layout, numeric, target, true))) throw new InputError(`${file}: a value changed type between two reads of the file (did it change while it was read?). Reopen the run.`, file);
}

/**
 * One copy with its `numeric` columns as numbers (`asTyped`: as csvAsParquetQuery says);
 * false when a value does not fit its column, a record DuckDB cannot read an error naming it.
 */
async function tryCopy(db: SqlConnection, path: string, file: string, layout: CsvLayout, numeric: ReadonlySet<string>, target: string, asTyped: boolean): Promise<boolean> {
  const copy = csvAsParquetQuery(path, layout, numeric, target, asTyped);
  try {
    await inRowOrder(db, () => db.run(copy.sql, copy.params));
    return true;
  } catch (error) {
    rmSync(target, { force: true });
    const text = error instanceof Error ? error.message : String(error);
    if (text.includes(NOT_A_NUMBER)) return false;
    throw csvError(file, text);
  }
}

/** The first value of a numeric column that is not a number, as an error naming its row. */
async function notANumber(db: SqlConnection, path: string, file: string, layout: CsvLayout, numeric: ReadonlySet<string>, textCopy: string): Promise<InputError> {
  const copy = csvAsTextQuery(path, layout, textCopy);
  try {
    await db.run(copy.sql, copy.params);
    let first: { row: number; column: string; value: string } | null = null;
    for (const column of layout.names.filter((name) => numeric.has(name))) {
      const q = firstNotNumberQuery({ sql: 'read_parquet($1, file_row_number = true)', params: [textCopy], rowNumber: 'file_row_number' }, column, layout.decimalComma);
      const found = await db.query(q.sql, q.params);
      if (found.rows === 0) continue;
      const row = numbers(found, 'row')[0];
      if (!first || row < first.row) first = { row, column, value: texts(found, 'value')[0] ?? '' };
    }
    if (!first) return new InputError(`${file}: a value is not a number, and its row could not be found again (did the file change while it was read?). Reopen the run.`, file);
    return new InputError(messages.notNumeric(file, first.column, first.row + 1, first.value), file, first.row + 1, first.column);
  } finally {
    rmSync(textCopy, { force: true });
  }
}

/** DuckDB's CSV error ("CSV Error on Line: 12", the reason a few lines on) as the message a user reads. */
function csvError(file: string, text: string): InputError {
  const lines = text.split('\n').map((l) => l.trim());
  const line = /CSV Error on Line: (\d+)/.exec(text)?.[1];
  // DuckDB names no line when its reader stops in a state it cannot leave: lines ending in
  // both ways (CRLF and a bare CR) are what the model's reader takes and this one does not.
  if (line === undefined && /state machine reached an invalid state/.test(text)) return new InputError(readMessages.csvNotStandard(file), file);
  if (line === undefined) return new InputError(readMessages.unreadableFile(file, lines.find((l) => l !== '') ?? 'unknown error'), file);
  // The reason is the first line after "Original Line:" that is not a fix DuckDB proposes.
  const at = lines.findIndex((l) => l.startsWith('Original Line'));
  const detail = lines.slice(at + 1).find((l) => l !== '' && !l.startsWith('Possible fixes')) ?? 'the record cannot be read';
  return new InputError(readMessages.csvRecord(file, line, detail.replace(/\.$/, '')), file);
}

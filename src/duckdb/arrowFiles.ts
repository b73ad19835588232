/**
 * An Arrow IPC file (Feather v2, as pyarrow's `write_feather` writes it) or stream too large
 * to read whole (Node reads at most 2 GiB at once, and the run's budget may be less), copied
 * into a typed Parquet file in the source's scratch folder a record batch at a time, which
 * the engine then reads by date like any Parquet file. No DuckDB reader of Arrow IPC ships
 * without an extension, so each batch is decoded by the model's own reader (flechette, its
 * columns normalised by `fromArrowTable` exactly as the file read whole) and appended to the
 * database; the copy keeps the batches' row order, so that a message's row is the file's row.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../model/errors';
import { decodeArrowIpc, fromArrowTable, type NormalColumn, type NormalTable } from '../model/read/arrow';
import { normalizeDate } from '../model/schema/values';
import { readMessages } from '../model/read/messages';
import type { Diagnostic } from '../model/types';
import { batchesAsParquetQuery, type CopiedColumn, createBatchTableQuery, createDictionaryQuery } from '../sql/arrowQueries';
import type { AppendBatch, SqlConnection } from '../sql/connection';
import { dropTableQuery } from '../sql/contributionQueries';
import { inRowOrder } from './inRowOrder';

/** The IPC format's message types (Message.header_type). */
const SCHEMA = 1;
const DICTIONARY_BATCH = 2;
const RECORD_BATCH = 3;

/** 'ARROW1': an IPC file starts with it (then two bytes of padding) and ends with it. */
const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];

let copiedTables = 0;

/** A flatbuffer table's fields: `offset(id)` the position of field `id`, 0 when absent. */
function flatTable(view: DataView, table: number): (id: number) => number {
  const vtable = table - view.getInt32(table, true);
  const vtableSize = view.getUint16(vtable, true);
  return (id) => {
    const at = 4 + 2 * id < vtableSize ? view.getUint16(vtable + 4 + 2 * id, true) : 0;
    return at ? table + at : 0;
  };
}

/**
 * A message's type, body length and, for a record batch, its row count, from its metadata
 * (a `Message` flatbuffer: the root table's field 1 is the header type, 2 the header, 3 the
 * body length; a `RecordBatch` header's field 0 its length). Read here because a message
 * must be cut from the file before the decoder can be given it.
 */
function messageHeader(metadata: Uint8Array): { type: number; bodyLength: number; rows: number } {
  const view = new DataView(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  const root = view.getUint32(0, true);
  const field = flatTable(view, root);
  const type = field(1) ? view.getUint8(field(1)) : 0;
  const bodyLength = field(3) ? Number(view.getBigInt64(field(3), true)) : 0;
  if (!Number.isSafeInteger(bodyLength) || bodyLength < 0) throw new Error(`a message body of ${bodyLength} bytes`);
  let rows = 0;
  if (type === RECORD_BATCH && field(2)) {
    const batch = flatTable(view, field(2) + view.getUint32(field(2), true));
    rows = batch(0) ? Number(view.getBigInt64(batch(0), true)) : 0;
    if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`a record batch of ${rows} rows`);
  }
  return { type, bodyLength, rows };
}

/** Reads `length` bytes at `position` into a buffer of their own; fewer in the file is a cut-off file. */
function readAt(fd: number, position: number, length: number, file: string): Uint8Array {
  const bytes = new Uint8Array(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, bytes, read, length - read, position + read);
    if (n === 0) throw new InputError(readMessages.truncatedArrow(file), file);
    read += n;
  }
  return bytes;
}

interface Message {
  type: number;
  /** Rows of a record batch. */
  rows: number;
  /** The whole message (prefix, metadata, body), when its type was asked for. */
  bytes: Uint8Array | null;
}

/**
 * The messages of an Arrow IPC file or stream at `path`, in order, each whole when `whole`
 * says so of its type (else only its header is read). A file's messages run from after its
 * magic to its footer (a length and the magic at the end); a stream's to its end marker or
 * the end of the file.
 */
function* arrowMessages(path: string, file: string, whole: (type: number) => boolean): Generator<Message> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, Math.min(size, 8), file);
    const isFile = MAGIC.every((b, i) => head[i] === b);
    let end = size;
    if (isFile) {
      if (size < 2 * MAGIC.length + 4) throw new InputError(readMessages.truncatedArrow(file), file);
      const tail = readAt(fd, size - 10, 10, file);
      if (!MAGIC.every((b, i) => tail[4 + i] === b)) throw new InputError(readMessages.truncatedArrow(file), file);
      end = size - 10 - new DataView(tail.buffer).getInt32(0, true);
    }
    let position = isFile ? 8 : 0;
    while (position + 4 <= end) {
      let message: Message;
      try {
        // A message: 0xFFFFFFFF (since Arrow 0.15), its metadata's length, the metadata, the body.
        const prefix = readAt(fd, position, Math.min(8, end - position), file);
        const view = new DataView(prefix.buffer);
        const continued = view.getInt32(0, true) === -1;
        const prefixLength = continued ? 8 : 4;
        const metadataLength = continued ? (prefix.length === 8 ? view.getInt32(4, true) : 0) : view.getInt32(0, true);
        if (metadataLength === 0) break; // end of stream
        if (metadataLength < 0 || position + prefixLength + metadataLength > end) throw new Error(`a message of ${metadataLength} bytes of metadata at byte ${position}`);
        const header = messageHeader(readAt(fd, position + prefixLength, metadataLength, file));
        const length = prefixLength + metadataLength + header.bodyLength;
        if (position + length > end) throw new Error(`a message of ${length} bytes at byte ${position}, past the data`);
        message = { type: header.type, rows: header.rows, bytes: whole(header.type) ? readAt(fd, position, length, file) : null };
        position += length;
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(readMessages.corruptArrow(file, error), file);
      }
      yield message;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's column names and row count, from its schema and its record batches' headers
 * (no batch is read): whether a long file holds more cells than is worth holding whole.
 */
export function arrowShape(path: string, file: string): { names: string[]; rows: number } {
  let names: string[] | null = null;
  let rows = 0;
  for (const message of arrowMessages(path, file, (type) => type === SCHEMA)) {
    if (message.type === SCHEMA && message.bytes) names = decodeArrowIpc([message.bytes], file).schema.fields.map((f) => f.name);
    rows += message.rows;
  }
  if (!names) throw new InputError(readMessages.corruptArrow(file, 'no schema'), file);
  return { names, rows };
}

/** Arrow's type id of booleans (flechette's `Type.Bool`). */
const BOOL = 6;
/** Arrow's type id of a dictionary-encoded column (its values' type is the dictionary's). */
const DICTIONARY = -1;

/** A record batch as the file read whole normalises it, and which of its columns are booleans in the file's schema. */
export interface ArrowBatch extends NormalTable {
  booleans: boolean[];
}

/**
 * The file's record batches, one at a time, each decoded with the schema and the
 * dictionaries that came before it in the file, and normalised as the file read whole is.
 * Memory holds one batch (and the dictionaries) at a time, whatever the file's size.
 */
export function* arrowBatches(path: string, file: string): Generator<ArrowBatch> {
  let schema: Uint8Array | null = null;
  const dictionaries: Uint8Array[] = [];
  for (const message of arrowMessages(path, file, () => true)) {
    const bytes = message.bytes as Uint8Array;
    if (message.type === SCHEMA) schema = bytes;
    else if (message.type === DICTIONARY_BATCH) dictionaries.push(bytes);
    else if (message.type === RECORD_BATCH) {
      if (!schema) throw new InputError(readMessages.corruptArrow(file, 'a record batch before the schema'), file);
      const batch = decodeArrowIpc([schema, ...dictionaries, bytes], file);
      try {
        const booleans = batch.schema.fields.map((f) => (f.type.typeId === DICTIONARY ? f.type.dictionary.typeId : f.type.typeId) === BOOL);
        yield { ...fromArrowTable(batch, file), booleans };
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(readMessages.corruptArrow(file, error), file);
      }
    }
  }
  if (!schema) throw new InputError(readMessages.corruptArrow(file, 'no schema'), file);
}

/** A coded column's dictionary: each value's code (1, 2… in order of first appearance). */
class Dictionary {
  readonly codes = new Map<string | boolean, number>();

  /** The codes of a batch's values (0 for a missing one), new values added. */
  encode(values: ArrayLike<string | boolean | null>): Int32Array {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      let code = this.codes.get(v);
      if (code === undefined) {
        code = this.codes.size + 1;
        this.codes.set(v, code);
      }
      out[i] = code;
    }
    return out;
  }
}

/** Columns the copy took for numbers gave text in a later batch: integers past 2^53 (read whole, such a column is text). */
class TextAfterAll extends Error {
  constructor(readonly columns: number[]) {
    super(`columns ${columns.join(', ')} are text`);
  }
}

/** Which columns of the copy are which: the file's key columns, and its date column among them. */
export interface CopyKeys {
  /** Date, stock, feature and metadata columns: copied as the text the reader makes of them. */
  text: ReadonlySet<string>;
  /** The date column: its values as the day the reader takes them for (a time of day dropped). */
  date: string | undefined;
}

/**
 * Writes the Arrow IPC file `path` to the Parquet file `target`, a record batch at a time:
 * numbers as DOUBLE (as the file read whole holds them: Float64, NaN for a missing value),
 * text (and dates, timestamps and nested values as the text they read as) as VARCHAR,
 * booleans as BOOLEAN. The `keys` (date, stock, feature, metadata) are copied as the text
 * the reader makes of them, coded against a dictionary of their values (a few thousand ids
 * over millions of rows; a dictionary of every value of a free-text column would grow with
 * the file), and the date as its day: read whole, a timestamp column is text with a time
 * of day or without as all its values are midnight or not, which a batch cannot know. A
 * 64-bit integer column is numbers unless a value is past 2^53, then decimal text in every
 * row, as read whole: found in a later batch, the copy starts again with such columns as
 * text. Returns the notes reading the file whole gives (each once, as the first batch to
 * give it words it) and the file's row count.
 */
export async function copyArrowAsParquet(db: SqlConnection, path: string, file: string, keys: (names: string[]) => CopyKeys, target: string): Promise<{ notes: Diagnostic[]; rows: number }> {
  const text = new Set<number>();
  for (;;) {
    try {
      return await copyOnce(db, path, file, keys, target, text);
    } catch (error) {
      if (!(error instanceof TextAfterAll)) throw error;
      for (const column of error.columns) text.add(column);
    }
  }
}

/** Numbers as the decimal text the reader makes of them (textColumn: String of the number), NaN as missing. */
const numberTexts = (values: Float64Array | Float32Array) => Array.from(values, (v) => (Number.isNaN(v) ? null : String(v)));

/** One copy, the key columns and the columns in `text` as text whatever their batches hold. */
async function copyOnce(db: SqlConnection, path: string, file: string, keys: (names: string[]) => CopyKeys, target: string, text: ReadonlySet<number>): Promise<{ notes: Diagnostic[]; rows: number }> {
  if (!appends(db)) throw new Error('copyArrowAsParquet needs a database that appends rows (DuckDB embedded)');
  const batches = arrowBatches(path, file);
  try {
    return await copyBatches(db, batches, file, keys, target, text);
  } finally {
    // Closes the file when the copy stopped before its last batch.
    batches.return(undefined);
  }
}

/** A connection that appends rows: DuckDB embedded. */
type AppendingConnection = SqlConnection & Required<Pick<SqlConnection, 'appendRows'>>;
const appends = (db: SqlConnection): db is AppendingConnection => db.appendRows !== undefined;

/** copyOnce's work on the file's batches (`batches`, not yet started). */
async function copyBatches(
  db: AppendingConnection,
  batches: Generator<ArrowBatch>,
  file: string,
  keys: (names: string[]) => CopyKeys,
  target: string,
  text: ReadonlySet<number>,
): Promise<{ notes: Diagnostic[]; rows: number }> {
  const first = batches.next();
  // A schema and no batch: no rows.
  if (first.done) return { notes: [], rows: 0 };
  const head = first.value;
  const names = head.names;
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new InputError(readMessages.duplicateColumn(file, duplicate), file, undefined, duplicate);
  const unnamed = names.indexOf('');
  if (unnamed >= 0) throw new InputError(readMessages.unnamedColumn(file, unnamed + 1), file);
  const isNumbers = (values: NormalColumn): values is Float64Array | Float32Array => values instanceof Float64Array || values instanceof Float32Array;
  const key = keys(names);
  const columns: CopiedColumn[] = names.map((name, i) => ({
    name,
    type: key.text.has(name) || head.booleans[i] ? 'coded' : text.has(i) || !isNumbers(head.columns[i]) ? 'text' : 'number',
  }));
  const dictionaries = columns.map((c) => (c.type === 'coded' ? new Dictionary() : null));
  const dateColumn = key.date === undefined ? -1 : names.indexOf(key.date);
  const days = new Map<string, string>();
  // The day the reader takes a date for; a value that is no date as it is, for the reader to name.
  const day = (v: string | null) => (v === null ? null : (days.get(v) ?? (days.set(v, normalizeDate(v) ?? v), days.get(v) as string)));
  const table = `glassbox_arrow_${copiedTables++}`;
  const created: string[] = [];
  const notes = new Map<string, Diagnostic>();
  let rows = 0;
  function* encoded(): Generator<AppendBatch> {
    for (const batch of (function* () {
      yield head;
      yield* batches;
    })()) {
      const turned = columns.flatMap((c, i) => (c.type === 'number' && !isNumbers(batch.columns[i]) ? [i] : []));
      if (turned.length > 0) throw new TextAfterAll(turned);
      const appended = batch.columns.map((values, i) => {
        const type = columns[i].type;
        if (type === 'number') return values instanceof Float64Array ? values : Float64Array.from(values as Float32Array);
        const texts = isNumbers(values) ? numberTexts(values) : (values as (string | boolean | null)[]);
        if (type === 'text') return texts as (string | null)[];
        return (dictionaries[i] as Dictionary).encode(i === dateColumn ? (texts as (string | null)[]).map(day) : texts);
      });
      rows += batch.rows;
      for (const note of batch.notes) if (!notes.has(`${note.code}\u0000${note.column}`)) notes.set(`${note.code}\u0000${note.column}`, note);
      yield { columns: appended, rows: batch.rows };
    }
  }
  try {
    await db.run(createBatchTableQuery(table, columns).sql);
    created.push(table);
    await db.appendRows(table, encoded());
    const tables: (string | null)[] = [];
    for (const [i, dictionary] of dictionaries.entries()) {
      if (!dictionary) {
        tables.push(null);
        continue;
      }
      const name = `${table}_d${i}`;
      const values = [...dictionary.codes.keys()];
      await db.run(createDictionaryQuery(name, head.booleans[i] ? 'BOOLEAN' : 'VARCHAR').sql);
      created.push(name);
      if (values.length > 0) await db.appendRows(name, [{ columns: [Int32Array.from(values, (_, k) => k + 1), values as string[]], rows: values.length }]);
      tables.push(name);
    }
    const copy = batchesAsParquetQuery(table, columns, tables, target);
    await inRowOrder(db, () => db.run(copy.sql, copy.params));
    return { notes: [...notes.values()], rows };
  } finally {
    for (const name of created) await db.run(dropTableQuery(name).sql);
  }
}

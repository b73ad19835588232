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

/**
 * The file's record batches, one at a time, each decoded with the schema and the
 * dictionaries that came before it in the file, and normalised as the file read whole is.
 * Memory holds one batch (and the dictionaries) at a time, whatever the file's size.
 */
export function* arrowBatches(path: string, file: string): Generator<NormalTable> {
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
        yield fromArrowTable(batch, file);
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
  encode(values: NormalColumn): Int32Array {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as string | boolean | null;
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

/** A column the copy took for numbers gave text in a later batch: integers past 2^53 (read whole, the column is text). */
class TextAfterAll extends Error {
  constructor(readonly column: number) {
    super(`column ${column} is text`);
  }
}

/**
 * Writes the Arrow IPC file `path` to the Parquet file `target`, a record batch at a time:
 * numbers as DOUBLE (as the file read whole holds them: Float64, NaN for a missing value),
 * every other column (text; dates and timestamps as the ISO text they read as; booleans) as
 * its values; the `keys` of the file's column names (date, stock, feature, metadata) as the
 * text the reader makes of them. A 64-bit integer column is numbers unless a value is past 2^53, then decimal
 * text in every row, as read whole: found in a later batch, the copy starts again with the
 * column as text. Returns the notes reading the file whole gives (each once, as the first
 * batch to give it words it) and the file's row count.
 */
export async function copyArrowAsParquet(db: SqlConnection, path: string, file: string, keys: (names: string[]) => ReadonlySet<string>, target: string): Promise<{ notes: Diagnostic[]; rows: number }> {
  const text = new Set<number>();
  for (;;) {
    try {
      return await copyOnce(db, path, file, keys, target, text);
    } catch (error) {
      if (!(error instanceof TextAfterAll)) throw error;
      text.add(error.column);
    }
  }
}

/** One copy, the key columns and the columns in `text` as text whatever their batches hold. */
async function copyOnce(db: SqlConnection, path: string, file: string, keys: (names: string[]) => ReadonlySet<string>, target: string, text: ReadonlySet<number>): Promise<{ notes: Diagnostic[]; rows: number }> {
  if (!db.appendRows) throw new Error('copyArrowAsParquet needs a database that appends rows (DuckDB embedded)');
  const batches = arrowBatches(path, file);
  const first = batches.next();
  // A schema and no batch: no rows.
  if (first.done) return { notes: [], rows: 0 };
  const names = first.value.names;
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new InputError(readMessages.duplicateColumn(file, duplicate), file, undefined, duplicate);
  const isNumbers = (values: NormalColumn) => values instanceof Float64Array || values instanceof Float32Array;
  // Key and metadata columns as text, as the reader takes them (a stock id 10001 is
  // '10001', a yyyymmdd date its digits): DOUBLE in the copy, the database would name
  // them '10001.0'.
  const asText = keys(names);
  const columns: CopiedColumn[] = names.map((name, i) => ({ name, coded: text.has(i) || asText.has(name) || !isNumbers(first.value.columns[i]) }));
  const dictionaries = columns.map((c) => (c.coded ? new Dictionary() : null));
  const table = `glassbox_arrow_${copiedTables++}`;
  const created: string[] = [];
  const notes = new Map<string, Diagnostic>();
  let rows = 0;
  const head = first.value;
  function* encoded(): Generator<AppendBatch> {
    for (const batch of (function* () {
      yield head;
      yield* batches;
    })()) {
      const appended = batch.columns.map((values, i) => {
        const dictionary = dictionaries[i];
        if (!dictionary) {
          if (!isNumbers(values)) throw new TextAfterAll(i);
          return values instanceof Float64Array ? values : Float64Array.from(values);
        }
        // Numbers made text (a key, or integers past 2^53 in another batch): the decimal
        // text the reader makes of them (textColumn: String of the number).
        return dictionary.encode(isNumbers(values) ? Array.from(values as Float64Array, (v) => (Number.isNaN(v) ? null : String(v))) : values);
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
      await db.run(createDictionaryQuery(name, values.some((v) => typeof v === 'boolean') ? 'BOOLEAN' : 'VARCHAR').sql);
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

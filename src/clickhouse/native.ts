/**
 * Decodes ClickHouse's Native format (FORMAT Native over HTTP: blocks of columns, each with
 * its name, type and values) into the engine's columns. Numbers arrive as the server's own
 * little-endian bytes, copied into Float64Array without text in between: pulling 5.4M
 * contribution cells as JSONCompact took 16 s, as Native well under one (the sample run's
 * long pivot, two shards on this machine).
 *
 * Types read: (U)Int8..64, Float32/64, String, FixedString(n), Date, Nullable of those, and
 * Array of a number type (one Float64Array per row, for a date's cells as lists per stock).
 * A query returns anything else cast to one of them in its SQL (the named queries do).
 */
import type { SqlColumn, SqlResult } from '../sql/connection';

class Reader {
  offset = 0;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get done(): boolean {
    return this.offset >= this.bytes.length;
  }
  varUInt(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (this.offset >= this.bytes.length) throw new Error('the Native result ends inside a number');
      const b = this.bytes[this.offset++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  }
  take(n: number): Uint8Array {
    if (this.offset + n > this.bytes.length) throw new Error('the Native result ends inside a value');
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  string(decoder: TextDecoder): string {
    return decoder.decode(this.take(this.varUInt()));
  }
  get dataView(): DataView {
    return this.view;
  }
}

const WIDTH: Record<string, number> = { Int8: 1, UInt8: 1, Int16: 2, UInt16: 2, Int32: 4, UInt32: 4, Int64: 8, UInt64: 8, Float32: 4, Float64: 8, Date: 2 };

type Values = Float64Array | (string | null)[] | Float64Array[];

/** Reads `rows` values of `type`; `nulls` (Nullable) marks which are NULL. */
function readValues(reader: Reader, type: string, rows: number, decoder: TextDecoder, nulls: Uint8Array | null): Values {
  const array = /^Array\((.*)\)$/.exec(type);
  if (array) {
    // Each row's end offset into one column of every row's elements (UInt64, cumulative).
    const ends = readValues(reader, 'UInt64', rows, decoder, null) as Float64Array;
    const elements = readValues(reader, array[1], rows ? ends[rows - 1] : 0, decoder, null);
    if (!(elements instanceof Float64Array)) throw new Error(`the query returns a ${type} column; only arrays of numbers are read`);
    const out = new Array<Float64Array>(rows);
    for (let r = 0; r < rows; r++) out[r] = elements.subarray(r ? ends[r - 1] : 0, ends[r]);
    return out;
  }
  const nullable = /^Nullable\((.*)\)$/.exec(type);
  if (nullable) return readValues(reader, nullable[1], rows, decoder, reader.take(rows));
  const fixed = /^FixedString\((\d+)\)$/.exec(type);
  if (type === 'String' || fixed) {
    const out = new Array<string | null>(rows);
    for (let r = 0; r < rows; r++) {
      const value = fixed ? decoder.decode(reader.take(Number(fixed[1]))).replace(/\0+$/, '') : reader.string(decoder);
      out[r] = nulls && nulls[r] ? null : value;
    }
    return out;
  }
  const width = WIDTH[type];
  if (width === undefined) throw new Error(`the query returns a ${type} column; cast it to Float64 or String in the SQL`);
  const start = reader.offset;
  reader.take(width * rows);
  const view = reader.dataView;
  if (type === 'Date') {
    const out = new Array<string | null>(rows);
    for (let r = 0; r < rows; r++) out[r] = nulls && nulls[r] ? null : new Date(view.getUint16(start + 2 * r, true) * 86_400_000).toISOString().slice(0, 10);
    return out;
  }
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const at = start + width * r;
    let v: number;
    switch (type) {
      case 'Float64':
        v = view.getFloat64(at, true);
        break;
      case 'Float32':
        v = view.getFloat32(at, true);
        break;
      case 'Int8':
        v = view.getInt8(at);
        break;
      case 'UInt8':
        v = view.getUint8(at);
        break;
      case 'Int16':
        v = view.getInt16(at, true);
        break;
      case 'UInt16':
        v = view.getUint16(at, true);
        break;
      case 'Int32':
        v = view.getInt32(at, true);
        break;
      case 'UInt32':
        v = view.getUint32(at, true);
        break;
      case 'Int64':
        v = Number(view.getBigInt64(at, true));
        break;
      default:
        v = Number(view.getBigUint64(at, true));
    }
    out[r] = nulls && nulls[r] ? NaN : v;
  }
  return out;
}

/** The whole Native result: its blocks' columns concatenated. */
export function decodeNative(bytes: Uint8Array): SqlResult {
  const reader = new Reader(bytes);
  // ignoreBOM: a value starting with U+FEFF keeps it (the decoder would drop it as a byte-order mark).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let names: string[] | null = null;
  let types: string[] = [];
  const parts: Values[][] = [];
  let rows = 0;
  while (!reader.done) {
    const columnCount = reader.varUInt();
    const rowCount = reader.varUInt();
    const blockNames: string[] = [];
    const blockTypes: string[] = [];
    const values: Values[] = [];
    for (let c = 0; c < columnCount; c++) {
      blockNames.push(reader.string(decoder));
      blockTypes.push(reader.string(decoder));
      values.push(readValues(reader, blockTypes[c], rowCount, decoder, null));
    }
    if (names === null) {
      names = blockNames;
      types = blockTypes;
      names.forEach(() => parts.push([]));
    }
    if (columnCount === 0) continue;
    values.forEach((v, c) => parts[c].push(v));
    rows += rowCount;
  }
  const columns: SqlColumn[] = (names ?? []).map((_, c) => {
    const pieces = parts[c];
    if (pieces.length && pieces[0] instanceof Float64Array) {
      const out = new Float64Array(rows);
      let offset = 0;
      for (const p of pieces as Float64Array[]) {
        out.set(p, offset);
        offset += p.length;
      }
      return out;
    }
    if (!pieces.length && types[c] && WIDTH[types[c].replace(/^Nullable\((.*)\)$/, '$1')] !== undefined && !/Date/.test(types[c])) return new Float64Array(0);
    if (/^Array\(/.test(types[c] ?? '')) return ([] as Float64Array[]).concat(...(pieces as Float64Array[][]));
    return ([] as (string | null)[]).concat(...(pieces as (string | null)[][]));
  });
  return { names: names ?? [], columns, rows };
}

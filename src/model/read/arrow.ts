/**
 * Arrow IPC (file or stream format, Feather v2) to plain columns, and the normalisation of
 * Arrow columns that the Parquet reader shares: numbers as Float64Array/Float32Array,
 * dates and timestamps as ISO strings, strings as strings, booleans as booleans.
 */
import { tableFromIPC, type Column, type DataType, type Table as ArrowTable } from '@uwdata/flechette';
import { InputError } from '../errors';
import type { Diagnostic } from '../types';
import { registerArrowCodecs } from './arrowCodecs';
import { readMessages } from './messages';

/** A column as the readers hand it on. */
export type NormalColumn = Float64Array | Float32Array | (string | null)[] | (boolean | null)[] | null[];

export interface NormalTable {
  names: string[];
  columns: NormalColumn[];
  rows: number;
  notes: Diagnostic[];
}

/** Arrow type ids (flechette's `Type`), spelled out for the switch below. */
const T = {
  Dictionary: -1,
  Null: 1,
  Int: 2,
  Float: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  LargeUtf8: 20,
  Utf8View: 24,
} as const;

const MS_PER_DAY = 86_400_000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A time zone's offset from UTC (ms) at an instant; 0 for UTC. */
type ZoneOffset = (utcMs: number) => number;

const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** The offset function of an Arrow timestamp's time zone (IANA name or ±hh:mm); UTC if unknown. */
function zoneOffset(zone: string): ZoneOffset {
  if (/^(utc|z|etc\/utc|gmt|etc\/gmt)$/i.test(zone)) return () => 0;
  const fixed = FIXED_OFFSET.exec(zone);
  if (fixed) {
    const minutes = (Number(fixed[2]) * 60 + Number(fixed[3])) * (fixed[1] === '-' ? -1 : 1);
    return () => minutes * 60_000;
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return () => 0;
  }
  return (utcMs) => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(utcMs)) parts[part.type] = Number(part.value);
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return wall - Math.floor(utcMs / 1000) * 1000;
  };
}

function offsetText(offsetMs: number): string {
  if (offsetMs === 0) return 'Z';
  const minutes = Math.abs(offsetMs) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${offsetMs < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * Milliseconds since the epoch as ISO text: 'yyyy-mm-dd' when every value of the column is
 * midnight (in the column's time zone, if it has one), else the full timestamp: local time
 * with its offset for zoned timestamps ('2024-01-31T09:30:00+09:00', 'Z' for UTC), and
 * without one for naive timestamps.
 * Micro- and nanosecond timestamps arrive as fractional milliseconds and are rounded to the ms.
 */
function isoColumn(ms: ArrayLike<number | null>, zone: string | null): (string | null)[] {
  const offsetOf = zone ? zoneOffset(zone) : undefined;
  const offsets = new Map<number, number>();
  const local = (v: number): number => {
    if (!offsetOf) return v;
    let offset = offsets.get(v);
    if (offset === undefined) {
      offset = offsetOf(v);
      if (offsets.size < 100_000) offsets.set(v, offset);
    }
    return v + offset;
  };
  let wholeDays = true;
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i];
    if (v !== null && Number.isFinite(v) && local(Math.round(v)) % MS_PER_DAY !== 0) {
      wholeDays = false;
      break;
    }
  }
  const cache = new Map<number, string>();
  const out = new Array<string | null>(ms.length);
  for (let i = 0; i < ms.length; i++) {
    const raw = ms[i];
    if (raw === null || !Number.isFinite(raw)) {
      out[i] = null;
      continue;
    }
    const v = Math.round(raw);
    let s = cache.get(v);
    if (s === undefined) {
      const wall = local(v);
      const iso = new Date(wall).toISOString();
      s = wholeDays ? iso.slice(0, 10) : iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
      if (!wholeDays && offsetOf) s += offsetText(wall - v);
      if (cache.size < 100_000) cache.set(v, s);
    }
    out[i] = s;
  }
  return out;
}

/** Numbers (nulls as NaN) in a float array; typed arrays without nulls pass through. */
function floatColumn(values: ArrayLike<number | null>, single: boolean): Float64Array | Float32Array {
  if (values instanceof Float64Array || (single && values instanceof Float32Array)) return values;
  const out = single ? new Float32Array(values.length) : new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null ? NaN : Number(v);
  }
  return out;
}

/** 64-bit integers: numbers when every value fits exactly, else decimal text. */
function int64Column(values: ArrayLike<bigint | number | null>, name: string, file: string, notes: Diagnostic[]): NormalColumn {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'bigint' && (v > MAX_SAFE || v < -MAX_SAFE)) {
      notes.push({ severity: 'info', code: 'large-integers', message: readMessages.noteLargeIntegers(file, name), file, column: name });
      return Array.from(values, (x) => (x === null ? null : String(x)));
    }
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null ? NaN : Number(v);
  }
  return out;
}

/** JSON text for nested values (lists, structs, binary), bigint-safe. */
function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('');
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : v));
}

const TYPE_NAMES: Record<number, string> = {
  4: 'binary',
  9: 'time',
  11: 'interval',
  12: 'list',
  13: 'struct',
  14: 'union',
  15: 'fixed-size binary',
  16: 'fixed-size list',
  17: 'map',
  18: 'duration',
  19: 'large binary',
  21: 'large list',
  22: 'run-end encoded',
  23: 'binary view',
  25: 'list view',
  26: 'large list view',
};

/** Normalise the values of one Arrow column given its (value) type. */
function normalise(values: ArrayLike<unknown>, type: DataType, name: string, file: string, notes: Diagnostic[]): NormalColumn {
  switch (type.typeId) {
    case T.Float:
      return floatColumn(values as ArrayLike<number | null>, type.precision === 1);
    case T.Int:
      if (type.bitWidth === 64) return int64Column(values as ArrayLike<bigint | number | null>, name, file, notes);
      return floatColumn(values as ArrayLike<number | null>, false);
    case T.Decimal:
      return floatColumn(values as ArrayLike<number | null>, false);
    case T.Date:
      return isoColumn(values as ArrayLike<number | null>, null);
    case T.Timestamp:
      return isoColumn(values as ArrayLike<number | null>, type.timezone || null);
    case T.Utf8:
    case T.LargeUtf8:
    case T.Utf8View:
      return Array.isArray(values) ? (values as (string | null)[]) : Array.from(values as ArrayLike<string | null>);
    case T.Bool:
      return Array.from(values as ArrayLike<boolean | null>);
    case T.Null:
      return new Array<null>(values.length).fill(null);
    default: {
      notes.push({
        severity: 'info',
        code: 'nested-column',
        message: readMessages.noteNestedColumn(file, name, TYPE_NAMES[type.typeId] ?? `#${type.typeId}`),
        file,
        column: name,
      });
      return Array.from(values, jsonText);
    }
  }
}

/** One Arrow column's values, normalised (dictionary-encoded columns decoded to their values). */
function normaliseColumn(column: Column<unknown>, name: string, file: string, notes: Diagnostic[]): NormalColumn {
  const type = column.type;
  const valueType = type.typeId === T.Dictionary ? type.dictionary : type;
  return normalise(column.toArray() as ArrayLike<unknown>, valueType, name, file, notes);
}

/** Pick the columns to keep: all, or those named in `columns` (case-insensitive), in file order. */
export function selectNames(available: string[], columns?: string[]): string[] {
  if (!columns) return available;
  const wanted = new Set(columns.map((c) => c.toLowerCase()));
  return available.filter((name) => wanted.has(name.toLowerCase()));
}

/** Normalise a decoded Arrow table (flechette) into plain columns. */
export function fromArrowTable(arrow: ArrowTable, file: string, columns?: string[]): NormalTable {
  const notes: Diagnostic[] = [];
  const all = arrow.schema.fields.map((f) => f.name);
  const names = selectNames(all, columns);
  const out = names.map((name) => normaliseColumn(arrow.getChild(name) as Column<unknown>, name, file, notes));
  return { names, columns: out, rows: arrow.numRows, notes };
}

/**
 * Decode Arrow IPC bytes (file or stream format; or a stream's messages, each whole in its
 * own array) with int64 as BigInt so precision is checked.
 */
export function decodeArrowIpc(bytes: Uint8Array | Uint8Array[], file: string): ArrowTable {
  registerArrowCodecs();
  let table: ArrowTable;
  try {
    table = tableFromIPC(bytes, { useBigInt: true, useDate: false });
  } catch (error) {
    throw new InputError(readMessages.corruptArrow(file, error), file);
  }
  const size = Array.isArray(bytes) ? bytes.reduce((sum, b) => sum + b.length, 0) : bytes.length;
  const problem = lengthProblem(table, size);
  if (problem) throw new InputError(readMessages.corruptArrow(file, problem), file);
  return table;
}

/**
 * Rows a payload may declare per byte: even a column of one repeated value compressed by
 * ZSTD stays far below (real model outputs compress less than 10 to 1).
 */
const ROWS_PER_BYTE = 1000;
/** Rows any payload may declare, however small. */
const ROWS_FLOOR = 1_000_000;

/**
 * Why the lengths an IPC payload declares cannot be its data, or null. Columns are
 * materialised at the length their batches declare: a 12 KB file declaring 1.7 billion
 * values in one column made the process run out of memory and die (the editor's with it).
 */
function lengthProblem(table: ArrowTable, bytes: number): string | null {
  const rows = table.numRows;
  const uneven = table.schema.fields.findIndex((_, i) => table.children[i].length !== rows);
  if (uneven >= 0) return `column '${table.schema.fields[uneven].name}' holds ${table.children[uneven].length} values where the table has ${rows} rows`;
  if (rows > Math.max(ROWS_FLOOR, ROWS_PER_BYTE * bytes)) return `${rows} rows declared in ${bytes} bytes`;
  return null;
}

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // 'ARROW1'

/** An Arrow IPC file (not a stream) starts and ends with 'ARROW1'; a cut-off copy lacks the end. */
function isTruncatedArrowFile(bytes: Uint8Array): boolean {
  const at = (offset: number) => ARROW_MAGIC.every((b, i) => bytes[offset + i] === b);
  return at(0) && (bytes.length < 2 * ARROW_MAGIC.length || !at(bytes.length - ARROW_MAGIC.length));
}

/**
 * Read Arrow IPC bytes (the file format, i.e. Feather v2, or the stream format).
 * `columns` keeps only those columns (case-insensitive).
 */
export function readArrow(bytes: Uint8Array, file: string, columns?: string[]): NormalTable {
  if (isTruncatedArrowFile(bytes)) throw new InputError(readMessages.truncatedArrow(file), file);
  const arrow = decodeArrowIpc(bytes, file);
  try {
    return fromArrowTable(arrow, file, columns);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(readMessages.corruptArrow(file, error), file);
  }
}

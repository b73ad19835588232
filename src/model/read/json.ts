/**
 * JSON tables: an array of records ([{"stock": "A", "weight": 0.1}, ...]), an object of
 * columns ({"stock": [...], "weight": [...]}), or Arquero's toJSON form ({"schema": ...,
 * "data": {columns}}). Each column is typed from all of its values: numbers only when every
 * non-null value is a number, booleans likewise; any mix stays text.
 */
import { InputError } from '../errors';
import type { Diagnostic } from '../types';
import type { NormalColumn, NormalTable } from './arrow';
import { decodeText } from './csv';
import { messages } from '../messages';
import { jsonSyntaxError, nestingBeyond } from './jsonSyntax';
import { readMessages } from './messages';

/**
 * How deep a JSON table may nest: a table needs three levels (an array of records of
 * values, or an object of column arrays); nested cells are kept as JSON text, and deeper
 * than this they would only exhaust the stack of JSON.stringify.
 */
export const MAX_JSON_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Type a column of JSON values as numbers, booleans or text (nested values as JSON text). */
function typeColumn(values: unknown[]): NormalColumn {
  let numbers = 0;
  let booleans = 0;
  let present = 0;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    present++;
    if (typeof v === 'number') numbers++;
    else if (typeof v === 'boolean') booleans++;
  }
  if (present > 0 && numbers === present) {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = typeof v === 'number' ? v : NaN;
    }
    return out;
  }
  if (present > 0 && booleans === present) return values.map((v) => (typeof v === 'boolean' ? v : null));
  return values.map((v) =>
    v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromRecords(records: unknown[], file: string): NormalTable {
  const index = new Map<string, number>();
  const columns: unknown[][] = [];
  for (let row = 0; row < records.length; row++) {
    const record = records[row];
    if (!isPlainObject(record)) throw new InputError(readMessages.jsonRecordNotObject(file, row + 1), file, row + 1);
    for (const key of Object.keys(record)) {
      let k = index.get(key);
      if (k === undefined) {
        k = columns.length;
        index.set(key, k);
        columns.push(new Array<unknown>(records.length).fill(null));
      }
      columns[k][row] = record[key];
    }
  }
  return { names: [...index.keys()], columns: columns.map(typeColumn), rows: records.length, notes: [] };
}

function fromColumns(data: Record<string, unknown>, file: string): NormalTable {
  const names = Object.keys(data);
  if (names.length === 0 || !names.every((n) => Array.isArray(data[n]))) throw new InputError(readMessages.jsonShape(file), file);
  const rows = (data[names[0]] as unknown[]).length;
  for (const name of names) {
    const length = (data[name] as unknown[]).length;
    if (length !== rows) throw new InputError(readMessages.jsonColumnLengths(file, name, length, names[0], rows), file, undefined, name);
  }
  return { names, columns: names.map((n) => typeColumn(data[n] as unknown[])), rows, notes: [] };
}

/** Read JSON table bytes (UTF-8). */
export function readJson(bytes: Uint8Array, file: string): NormalTable {
  const notes: Diagnostic[] = [];
  const text = decodeText(bytes, file, notes);
  const deep = nestingBeyond(text, MAX_JSON_DEPTH);
  if (deep) throw new InputError(messages.jsonTooDeep(file, deep.line, deep.column, MAX_JSON_DEPTH), file, deep.line);
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    const at = jsonSyntaxError(text.replace(/^\uFEFF/, '')) ?? undefined;
    // JSON.parse's own message quotes the file's text: never repeated (no file content in messages).
    throw new InputError(readMessages.invalidJson(file, new Error('the JSON parser refused it'), at), file, at?.line);
  }
  let table: NormalTable;
  if (Array.isArray(parsed)) table = fromRecords(parsed, file);
  else if (isPlainObject(parsed) && isPlainObject(parsed.data) && 'schema' in parsed) table = fromColumns(parsed.data, file);
  else if (isPlainObject(parsed)) table = fromColumns(parsed, file);
  else throw new InputError(readMessages.jsonShape(file), file);
  if (table.rows === 0) throw new InputError(readMessages.noRows(file), file);
  table.notes.unshift(...notes);
  return table;
}

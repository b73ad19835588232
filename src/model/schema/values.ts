/**
 * Turning a column as read into the values the run needs, checking every value on the way:
 * a non-number where a number belongs is an error naming the row, never a silent NaN.
 */
import type { ColumnTable } from 'arquero';
import { InputError } from '../errors';
import { SPECIAL_NUMBERS } from '../read/csv';
import { messages } from '../messages';

type Values = ArrayLike<unknown>;

/**
 * The column's values as stored (typed arrays stay typed, no copy: `table.array()` would
 * copy every column into a plain Array, which for a wide file is most of the load time).
 */
export function columnValues(table: ColumnTable, column: string): Values {
  const stored = table.column(column) as unknown;
  if (stored && (ArrayBuffer.isView(stored) || Array.isArray(stored))) return stored as Values;
  return table.array(column) as Values;
}

/** Whether a column holds numbers (as read: typed array, or every value a number or empty). */
export function isNumericColumn(values: Values): boolean {
  if (ArrayBuffer.isView(values)) return true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && typeof v !== 'number' && typeof v !== 'bigint') return false;
  }
  return true;
}


/** A number in decimal notation with an optional exponent: '12', '-0.5', '.5', '5.', '1e-3'. */
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal written with a comma ('0,5'): a number in a semicolon file, never silently here. */
const DECIMAL_COMMA = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a text value spells: decimal text, or NaN/Inf spelled as the readers spell them
 * (a CSV column that is text because of one stray word still holds 'NaN' as a number).
 * Undefined when it is not a number; NaN for an empty value.
 */
export function numberFromText(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return NaN;
  // Decimal notation only, as pandas, DuckDB and Python's float() agree: JavaScript's Number()
  // would also take '0x10' (16), '0b11' and '0o7', which no model output means as numbers.
  if (DECIMAL_TEXT.test(t)) return Number(t);
  return SPECIAL_NUMBERS.get(t.toLowerCase());
}

/** Whether a present value is not a number (nor numeric text). */
function isStray(v: unknown): boolean {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'bigint') return false;
  return typeof v !== 'string' || numberFromText(v) === undefined;
}

/**
 * First row (0-based) whose value is present but neither a number nor numeric text, or -1.
 * A decimal-comma value ('0,5') counts as a stray value only when the column has no other:
 * the row to name is the one with the word in it, not a number in another convention.
 */
export function firstNonNumericRow(values: Values): number {
  if (ArrayBuffer.isView(values)) return -1;
  let decimalComma = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isStray(v)) continue;
    if (typeof v === 'string' && DECIMAL_COMMA.test(v.trim())) {
      if (decimalComma < 0) decimalComma = i;
      continue;
    }
    return i;
  }
  return decimalComma;
}

/** Whether a present value is a number (or numeric text, NaN and Inf included). */
export function isNumericValue(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string' && v.trim() === '') return false;
  return !isStray(v);
}

/**
 * A numeric column as Float64Array (missing values NaN). Throws on the first value that is
 * present but not a number, naming the file, row (1-based data row) and column.
 */
export function numericColumn(values: Values, file: string, column: string): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  if (ArrayBuffer.isView(values)) {
    const typed = values as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < out.length; i++) out[i] = Number(typed[i]);
    return out;
  }
  const bad = firstNonNumericRow(values);
  if (bad >= 0) throw new InputError(messages.notNumeric(file, column, bad + 1, String(values[bad])), file, bad + 1, column);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (typeof v === 'number') out[i] = v;
    else if (v === null || v === undefined) out[i] = NaN;
    else if (typeof v === 'bigint') out[i] = Number(v);
    else out[i] = numberFromText(v as string) as number;
  }
  return out;
}

/** A text column (stock ids, sectors) as strings; numbers become their decimal text. */
export function textColumn(values: Values): string[] {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // NaN is how a numeric column (e.g. numeric stock ids) stores an empty cell: empty, not 'NaN'.
    out[i] = v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : typeof v === 'string' ? v.trim() : String(v);
  }
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * One date value as ISO yyyy-mm-dd, or null when it is not a date. Accepts ISO strings
 * (a time of day is dropped: model runs are dated by day), yyyy/mm/dd, yyyymmdd integers
 * or strings, and Date objects.
 * @example normalizeDate(20240131) // '2024-01-31'
 */
export function normalizeDate(value: unknown): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return null;
    return normalizeDate(String(value));
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const m = ISO_DATE.exec(text) ?? SLASH_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYmd(y, mo, d)) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/**
 * A date column as ISO strings. Repeated values are parsed once (a run has few distinct
 * dates and many rows). Throws naming the first row that is not a date.
 */
export function dateColumn(values: Values, file: string, column: string): string[] {
  const out = new Array<string>(values.length);
  const cache = new Map<unknown, string | null>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const key = v instanceof Date ? v.getTime() : v;
    let iso = cache.get(key);
    if (iso === undefined) {
      iso = normalizeDate(v);
      cache.set(key, iso);
    }
    if (iso === null) {
      const empty = v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && v.trim() === '');
      throw new InputError(empty ? messages.missingDate(file, column, i + 1) : messages.badDate(file, column, i + 1, String(v)), file, i + 1, column);
    }
    out[i] = iso;
  }
  return out;
}

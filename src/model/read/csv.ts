/**
 * CSV/TSV to columns in one pass over the text, typing every value (no sampling): a column
 * becomes a Float64Array only when every non-empty value in it is a number; one value that
 * is not keeps the whole column as text, so the schema layer can name that row.
 *
 * Why a scanner of our own rather than d3-dsv, papaparse or Arquero's fromCSV: they make a
 * string for every cell (12 million for 120,000 rows x 100 columns) and Arquero's autoType
 * decides a column's type from its first 1,000 rows. This one parses numbers straight out
 * of the text into typed arrays, and keeps a string only for text columns.
 */
import { InputError } from '../errors';
import type { Diagnostic } from '../types';
import { readMessages } from './messages';

/** Delimiters recognised, in order of preference when the evidence is tied. */
const DELIMITERS = [',', ';', '\t', '|'] as const;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const COMMA = 0x2c;
const DOT = 0x2e;
const MINUS = 0x2d;
const PLUS = 0x2b;
const ZERO = 0x30;
const NINE = 0x39;

/** A column as read: numbers (NaN where empty), or text (null where empty). */
export type DelimitedColumn = Float64Array | (string | null)[];

export interface DelimitedTable {
  names: string[];
  columns: DelimitedColumn[];
  rows: number;
  delimiter: string;
  notes: Diagnostic[];
}

export interface DelimitedOptions {
  /** Force a delimiter instead of detecting one. */
  delimiter?: string;
}

function info(code: string, message: string, file: string): Diagnostic {
  return { severity: 'info', code, message, file };
}

/**
 * Decode bytes to text: UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252 with a
 * note (Excel on Windows still writes it).
 */
export function decodeText(bytes: Uint8Array, file: string, notes: Diagnostic[]): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      const text = new TextDecoder('windows-1252', { fatal: true }).decode(bytes);
      notes.push(info('encoding', readMessages.noteEncoding(file, 'Windows-1252'), file));
      return text;
    } catch {
      throw new InputError(readMessages.notText(file), file);
    }
  }
}

/** Whether position i starts a field: the text's or a line's start, or just after a delimiter. */
function atFieldStart(text: string, i: number, delimiter?: number): boolean {
  if (i === 0) return true;
  const before = text.charCodeAt(i - 1);
  if (before === LF || before === CR) return true;
  return delimiter === undefined ? before === COMMA || before === 0x3b || before === TAB || before === 0x7c : before === delimiter;
}

/**
 * The delimiter of the first records, counted outside quotes: the candidate that appears in
 * the header and the same number of times in most of the following lines.
 * @example detectDelimiter('date;stock;weight\n2024-01-31;ABC;0,5\n') === ';'
 */
export function detectDelimiter(text: string, preferTab = false): string {
  const maxRecords = 30;
  const counts: number[][] = [];
  let current = [0, 0, 0, 0];
  let inQuotes = false;
  const end = Math.min(text.length, 1 << 20);
  for (let i = 0; i < end && counts.length < maxRecords; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    // A quote opens a quoted field only at the field's start; inside a field (`screen 5" size`)
    // it is a character like any other, as Python's csv, pandas and DuckDB read it.
    if (c === QUOTE && atFieldStart(text, i)) inQuotes = true;
    else if (c === LF || c === CR) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      if (current.some((n) => n > 0) || counts.length > 0) counts.push(current);
      current = [0, 0, 0, 0];
    } else {
      const k = c === COMMA ? 0 : c === 0x3b ? 1 : c === TAB ? 2 : c === 0x7c ? 3 : -1;
      if (k >= 0) current[k]++;
    }
  }
  if (current.some((n) => n > 0)) counts.push(current);
  if (counts.length === 0) return preferTab ? '\t' : ',';
  const header = counts[0];
  const body = counts.slice(1).filter((row) => row.some((n) => n > 0));
  let best = -1;
  let bestScore = -1;
  for (let k = 0; k < DELIMITERS.length; k++) {
    if (header[k] === 0) continue;
    const consistent = body.length === 0 ? 1 : body.filter((row) => row[k] === header[k]).length / body.length;
    // Consistency first, then how many columns it makes; a .tsv breaks ties towards tab.
    const score = consistent * 1000 + Math.min(header[k], 999) + (preferTab && k === 2 ? 0.5 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best === -1 ? (preferTab ? '\t' : ',') : DELIMITERS[best];
}

/** Powers of ten exactly representable as doubles. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** NaN and Inf as writers spell them. A Map: 'constructor' or 'toString' must not be a number. */
export const SPECIAL_NUMBERS = new Map<string, number>([
  ['nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);

const NUMBER_TEXT = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a field's text spells, or undefined when it is not one. Accepts decimal
 * notation with an optional exponent, NaN and Inf; a decimal comma only when `decimalComma`.
 * Integers with a leading zero ('007') are identifiers, not numbers.
 */
export function parseNumberText(raw: string, decimalComma: boolean): number | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (!NUMBER_TEXT.test(text)) {
    const special = SPECIAL_NUMBERS.get(text.toLowerCase());
    return special === undefined ? undefined : special;
  }
  const hasComma = text.includes(',');
  if (hasComma && !decimalComma) return undefined;
  const unsigned = text.charCodeAt(0) === MINUS || text.charCodeAt(0) === PLUS ? text.slice(1) : text;
  if (unsigned.length > 1 && unsigned.charCodeAt(0) === ZERO && unsigned.charCodeAt(1) >= ZERO && unsigned.charCodeAt(1) <= NINE) {
    return undefined;
  }
  const value = Number(hasComma ? text.replace(',', '.') : text);
  // An integer beyond 2^53 (a 64-bit id) would come back as a different integer: keep it as text.
  if (isLargeInteger(text, value)) return undefined;
  return value;
}

/** Whether number text is an integer literal that a double cannot hold exactly. */
function isLargeInteger(text: string, value: number): boolean {
  return Math.abs(value) > Number.MAX_SAFE_INTEGER && /^[+-]?\d+$/.test(text);
}

/** Split one record (used to re-read earlier rows of a column that turned out to be text). */
function readRecord(text: string, start: number, delimiter: number): string[] {
  const fields: string[] = [];
  let pos = start;
  const n = text.length;
  for (;;) {
    let value = '';
    if (pos < n && text.charCodeAt(pos) === QUOTE) {
      pos++;
      for (;;) {
        const q = text.indexOf('"', pos);
        if (q === -1) {
          value += text.slice(pos);
          pos = n;
          break;
        }
        value += text.slice(pos, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          pos = q + 2;
        } else {
          pos = q + 1;
          break;
        }
      }
    }
    const rest = pos;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === delimiter || c === LF || c === CR) break;
      pos++;
    }
    value += text.slice(rest, pos);
    fields.push(value);
    if (pos < n && text.charCodeAt(pos) === delimiter) {
      pos++;
      continue;
    }
    return fields;
  }
}

/**
 * Upper bound on the number of records after `start`: its line count, where a line ends at
 * LF, CRLF or a lone CR (files that mix them too: counting only one kind lost rows).
 */
function countLines(text: string, start: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n', start); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  for (let i = text.indexOf('\r', start); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) lines++;
  return lines;
}

/** Header names trimmed; empty and repeated names made unique (and reported). */
function uniqueNames(raw: string[], file: string, notes: Diagnostic[]): string[] {
  const seen = new Set<string>();
  const renamed: string[] = [];
  const names = raw.map((name, i) => {
    const trimmed = name.trim();
    // Two columns of one name: which one a feature or weight is cannot be told. Every
    // format refuses this the same way (read/index.ts), never picking one silently.
    if (trimmed !== '' && seen.has(trimmed)) throw new InputError(readMessages.duplicateColumn(file, trimmed), file, 0, trimmed);
    let unique = trimmed === '' ? `column_${i + 1}` : trimmed;
    for (let k = 2; seen.has(unique); k++) unique = `column_${i + 1}_${k}`;
    seen.add(unique);
    if (unique !== trimmed) renamed.push(`(empty #${i + 1}) -> '${unique}'`);
    return unique;
  });
  if (renamed.length) notes.push(info('renamed-columns', readMessages.noteRenamedColumns(file, renamed), file));
  return names;
}

/** How a delimited text is written, as its first records say (the whole text, or its beginning). */
export interface CsvDialect {
  delimiter: string;
  /** The header's names, trimmed, empty and repeated ones made unique (and noted). */
  names: string[];
  /** Whether '0,5' is a number: in a file not delimited by commas. */
  decimalComma: boolean;
  /** Where the header begins (after a byte-order mark and blank lines) and where the data begins after it. */
  headerStart: number;
  dataStart: number;
  /** What reading the text notes about these (its delimiter, renamed columns). */
  notes: Diagnostic[];
}

/**
 * The delimiter, header and number convention of delimited text: from the whole text when
 * it is parsed here, from its first megabyte when the database reads a file too large to
 * hold as text (src/duckdb/csvFiles.ts), so that both read one file alike.
 */
export function csvDialect(text: string, file: string, options: DelimitedOptions = {}): CsvDialect {
  const notes: Diagnostic[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Skip blank lines before the header.
  while (pos < text.length && (text.charCodeAt(pos) === LF || text.charCodeAt(pos) === CR)) pos++;
  if (pos >= text.length || text.slice(pos).trim() === '') throw new InputError(readMessages.emptyFile(file), file);
  const headerStart = pos;

  const delimiterText = options.delimiter ?? detectDelimiter(text.slice(pos, pos + (1 << 20)), /\.(tsv|tab)$/i.test(file));
  const delimiter = delimiterText.charCodeAt(0);
  if (delimiterText !== ',') notes.push(info('delimiter', readMessages.noteDelimiter(file, delimiterText), file));

  const headerFields = readRecord(text, pos, delimiter);
  // Past the header record (it may hold quoted newlines).
  const dataStart = skipRecord(text, pos, file, delimiter);
  const names = uniqueNames(headerFields, file, notes);
  return { delimiter: delimiterText, names, decimalComma: delimiter !== COMMA, headerStart, dataStart, notes };
}

/**
 * Parse delimited text into typed columns. `file` names the file in messages and notes.
 * @example parseDelimited('stock,weight\nABC,0.5\nXYZ,n/a\n', 'w.csv').columns
 *  // [['ABC', 'XYZ'], ['0.5', 'n/a']]: 'n/a' keeps weight as text for the schema to report
 */
export function parseDelimited(text: string, file: string, options: DelimitedOptions = {}): DelimitedTable {
  const dialect = csvDialect(text, file, options);
  const { notes, names, delimiter: delimiterText, decimalComma } = dialect;
  const delimiter = delimiterText.charCodeAt(0);
  let pos = dialect.dataStart;
  const width = names.length;

  const capacity = countLines(text, pos);
  const numbers: (Float64Array | null)[] = names.map(() => new Float64Array(capacity));
  const strings: ((string | null)[] | null)[] = names.map(() => null);
  /** Row at which a column turned out to be text (its earlier rows are re-read at the end). */
  const textFrom = new Int32Array(width).fill(-1);
  const present = new Uint8Array(width);
  const recordStart = new Uint32Array(capacity);
  let firstDecimalComma: string | undefined;
  /** Columns kept as text because a value was an integer beyond 2^53. */
  const largeIntegers = new Set<number>();
  let blankLines = 0;
  let skippedBlankLines = 0;
  let row = 0;
  const n = text.length;

  /** Store a text value, switching the column to text if it was numeric. */
  const storeText = (column: number, value: string) => {
    let target = strings[column];
    if (target === null) {
      target = strings[column] = new Array<string | null>(capacity).fill(null);
      textFrom[column] = row;
      numbers[column] = null;
    }
    target[row] = value === '' ? null : value;
  };

  while (pos < n) {
    let first = text.charCodeAt(pos);
    if (first === 0x20 || first === TAB) {
      // A line of only spaces and tabs counts as blank.
      let end = pos;
      while (end < n && (text.charCodeAt(end) === 0x20 || text.charCodeAt(end) === TAB)) end++;
      if (end === n || text.charCodeAt(end) === LF || text.charCodeAt(end) === CR) {
        pos = end;
        if (pos === n) break;
        first = text.charCodeAt(pos);
      }
    }
    if (first === LF || first === CR) {
      // A blank line: skip it (counted when more data follows).
      pos += first === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      blankLines++;
      continue;
    }
    if (blankLines > 0) {
      skippedBlankLines += blankLines;
      blankLines = 0;
    }
    recordStart[row] = pos;
    let column = 0;
    for (;;) {
      let c = pos < n ? text.charCodeAt(pos) : LF;
      if (c === QUOTE) {
        // Quoted field: "" is an escaped quote; newlines and delimiters are literal.
        let value = '';
        pos++;
        for (;;) {
          const q = text.indexOf('"', pos);
          if (q === -1) throw new InputError(readMessages.unterminatedQuote(file, row + 1), file, row + 1);
          value += text.slice(pos, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            pos = q + 2;
          } else {
            pos = q + 1;
            break;
          }
        }
        // Tolerate text after the closing quote (`"a"b`): keep it.
        const rest = pos;
        while (pos < n) {
          c = text.charCodeAt(pos);
          if (c === delimiter || c === LF || c === CR) break;
          pos++;
        }
        if (pos > rest) value += text.slice(rest, pos);
        if (column < width) {
          if (value.trim() !== '') present[column] = 1;
          const target = numbers[column];
          if (target !== null) {
            const parsed = parseNumberText(value, decimalComma);
            if (parsed !== undefined) {
              target[row] = parsed;
              if (decimalComma && firstDecimalComma === undefined && value.includes(',')) firstDecimalComma = value.trim();
            } else if (value.trim() === '') target[row] = NaN;
            else {
              if (isLargeInteger(value.trim(), Number(value))) largeIntegers.add(column);
              storeText(column, value);
            }
          } else storeText(column, value);
        } else if (value.trim() !== '') {
          throw new InputError(readMessages.tooManyFields(file, row + 1, width, delimiterText), file, row + 1);
        }
      } else {
        // Unquoted field: scan to the delimiter, reading a simple decimal on the way.
        const start = pos;
        const target = column < width ? numbers[column] : null;
        if (target !== null) {
          let mantissa = 0;
          let digits = 0;
          let fraction = -1;
          let simple = true;
          let negative = false;
          if (c === MINUS || c === PLUS) {
            negative = c === MINUS;
            pos++;
          }
          const digitsStart = pos;
          while (pos < n) {
            c = text.charCodeAt(pos);
            if (c >= ZERO && c <= NINE) {
              mantissa = mantissa * 10 + (c - ZERO);
              digits++;
              if (fraction >= 0) fraction++;
            } else if ((c === DOT || (c === COMMA && decimalComma)) && fraction < 0) {
              fraction = 0;
            } else if (c === delimiter || c === LF || c === CR) break;
            else simple = false;
            pos++;
          }
          if (!simple) {
            while (pos < n) {
              c = text.charCodeAt(pos);
              if (c === delimiter || c === LF || c === CR) break;
              pos++;
            }
          }
          const end = pos;
          const leadingZero =
            text.charCodeAt(digitsStart) === ZERO &&
            end - digitsStart > 1 &&
            text.charCodeAt(digitsStart + 1) !== DOT &&
            text.charCodeAt(digitsStart + 1) !== COMMA;
          if (simple && digits > 0 && digits <= 15 && fraction !== 0 && !leadingZero) {
            // Exact: an integer below 2^53 divided by an exact power of ten rounds once.
            const value = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
            target[row] = negative ? -value : value;
            present[column] = 1;
            if (fraction > 0 && firstDecimalComma === undefined && decimalComma && text.charCodeAt(end - fraction - 1) === COMMA) {
              firstDecimalComma = text.slice(start, end);
            }
          } else if (end === start) {
            target[row] = NaN;
          } else {
            const raw = text.slice(start, end);
            const parsed = parseNumberText(raw, decimalComma);
            if (parsed !== undefined) {
              target[row] = parsed;
              present[column] = 1;
              if (decimalComma && firstDecimalComma === undefined && raw.includes(',')) firstDecimalComma = raw.trim();
            } else if (raw.trim() === '') target[row] = NaN;
            else {
              present[column] = 1;
              if (isLargeInteger(raw.trim(), Number(raw))) largeIntegers.add(column);
              storeText(column, raw);
            }
          }
        } else {
          while (pos < n) {
            c = text.charCodeAt(pos);
            if (c === delimiter || c === LF || c === CR) break;
            pos++;
          }
          if (column < width) {
            if (pos > start) {
              const raw = text.slice(start, pos);
              if (raw.trim() !== '') present[column] = 1;
              (strings[column] as (string | null)[])[row] = raw === '' ? null : raw;
            }
          } else if (text.slice(start, pos).trim() !== '') {
            throw new InputError(readMessages.tooManyFields(file, row + 1, width, delimiterText), file, row + 1);
          }
        }
      }
      column++;
      if (pos < n && text.charCodeAt(pos) === delimiter) {
        pos++;
        continue;
      }
      // End of record: a short record leaves its missing fields empty.
      for (let k = column; k < width; k++) {
        const target = numbers[k];
        if (target !== null) target[row] = NaN;
      }
      if (pos < n) pos += text.charCodeAt(pos) === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      break;
    }
    row++;
  }
  if (row === 0) throw new InputError(readMessages.headerOnly(file, width), file);

  // Columns that turned out to be text after some numeric rows: re-read those rows' text.
  let reread = 0;
  for (let k = 0; k < width; k++) reread = Math.max(reread, textFrom[k]);
  if (reread > 0) {
    for (let r = 0; r < reread; r++) {
      const fields = readRecord(text, recordStart[r], delimiter);
      for (let k = 0; k < width; k++) {
        if (textFrom[k] > r) {
          const value = fields[k];
          (strings[k] as (string | null)[])[r] = value === undefined || value === '' ? null : value;
        }
      }
    }
  }

  const columns: DelimitedColumn[] = names.map((_, k) => {
    const numeric = numbers[k];
    if (numeric !== null && present[k]) return numeric.length === row ? numeric : numeric.slice(0, row);
    if (numeric !== null) return new Array<string | null>(row).fill(null);
    const text = strings[k] as (string | null)[];
    text.length = row;
    return text;
  });
  for (const k of largeIntegers) {
    notes.push({ severity: 'info', code: 'large-integers', message: readMessages.noteLargeIntegers(file, names[k]), file, column: names[k] });
  }
  if (skippedBlankLines > 0) {
    notes.push(info('blank-lines', readMessages.noteBlankLines(file, skippedBlankLines), file));
  }
  if (firstDecimalComma !== undefined) {
    notes.push(info('decimal-comma', readMessages.noteDecimalComma(file, delimiterText, firstDecimalComma), file));
  }
  return { names, columns, rows: row, delimiter: delimiterText, notes };
}

/** Position after the record starting at `start` (quotes open a field only at its start). */
function skipRecord(text: string, start: number, file: string, delimiter: number): number {
  let pos = start;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE && (pos === start || text.charCodeAt(pos - 1) === delimiter)) {
      let q = pos;
      for (;;) {
        q = text.indexOf('"', q + 1);
        if (q === -1) throw new InputError(readMessages.unterminatedQuote(file, 0), file, 0);
        if (text.charCodeAt(q + 1) === QUOTE) q++;
        else break;
      }
      pos = q + 1;
    } else if (c === LF) return pos + 1;
    else if (c === CR) return text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
    else pos++;
  }
  return pos;
}

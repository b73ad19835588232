/**
 * Which format a file is: named by its extension (or the caller), confirmed by its first
 * bytes. A file whose content contradicts its name is an error that says what it looks like.
 */
import { InputError } from '../errors';
import type { TableFormat } from './tableFormat';
import { readMessages, type ContentKind } from './messages';

const EXTENSION_FORMATS: Record<string, TableFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  tab: 'csv',
  parquet: 'parquet',
  pq: 'parquet',
  arrow: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
  arrows: 'arrow',
  json: 'json',
};

/** The lower-case extension of a file name or path, without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format a file name implies, if its extension is a known one. */
export function formatFromName(fileName: string): TableFormat | undefined {
  const ext = extensionOf(fileName);
  // Own keys only: 'run.constructor' names no format.
  return Object.hasOwn(EXTENSION_FORMATS, ext) ? EXTENSION_FORMATS[ext] : undefined;
}

function startsWith(bytes: Uint8Array, ascii: string, at = 0): boolean {
  if (bytes.length < at + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** First byte that is not whitespace (nor a UTF-8 BOM), or -1. */
function firstSignificantByte(bytes: Uint8Array): number {
  let i = startsWith(bytes, '\xEF\xBB\xBF') ? 3 : 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return -1;
}

/** Whether the first few KB look like binary rather than text (NUL or many control bytes). */
function looksBinary(bytes: Uint8Array): boolean {
  // UTF-16 text has NULs but announces itself with a byte-order mark.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n / 100 + 1;
}

/**
 * What the bytes look like, from magic numbers and the first few KB.
 * @example sniffContent(new TextEncoder().encode('PAR1...PAR1')) === 'parquet'
 */
export function sniffContent(bytes: Uint8Array): ContentKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, 'PAR1')) {
    return bytes.length >= 12 && startsWith(bytes, 'PAR1', bytes.length - 4) ? 'parquet' : 'parquet-truncated';
  }
  if (startsWith(bytes, 'ARROW1')) return 'arrow-file';
  if (startsWith(bytes, 'FEA1')) return 'feather-v1';
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff) {
    return 'arrow-stream';
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (startsWith(bytes, 'PK\x03\x04')) return 'zip';
  const first = firstSignificantByte(bytes);
  if (first === -1) return 'empty';
  if (looksBinary(bytes)) return 'binary';
  if (first === 0x5b /* [ */ || first === 0x7b /* { */) return 'json';
  return 'text';
}

/** Whether content of this kind can be read as the given format. */
function fits(format: TableFormat, kind: ContentKind): boolean {
  switch (format) {
    case 'parquet':
      return kind === 'parquet';
    case 'arrow':
      return kind === 'arrow-file' || kind === 'arrow-stream';
    case 'json':
      return kind === 'json';
    case 'csv':
      return kind === 'text';
  }
}

/**
 * The format to read a file as: `declared` (the caller's choice) or the extension's, checked
 * against the content. Without either, the content decides. Throws InputError for an empty
 * file, a truncated Parquet file, Feather v1, and content that contradicts the name.
 */
export function resolveFormat(bytes: Uint8Array, fileName: string, declared?: TableFormat): TableFormat {
  const kind = sniffContent(bytes);
  if (kind === 'empty') throw new InputError(readMessages.emptyFile(fileName), fileName);
  if (kind === 'feather-v1') throw new InputError(readMessages.featherV1(fileName), fileName);
  const ext = extensionOf(fileName);
  let format = declared ?? formatFromName(fileName);
  // A .txt (or extension-less) file may hold JSON; its content decides.
  if (!declared && (ext === 'txt' || format === undefined) && kind === 'json') format = 'json';
  if (format === undefined) {
    if (kind === 'parquet') format = 'parquet';
    else if (kind === 'arrow-file' || kind === 'arrow-stream') format = 'arrow';
    else if (kind === 'text') format = 'csv';
    else if (kind === 'parquet-truncated') format = 'parquet';
    else throw new InputError(readMessages.unknownFormat(fileName, kind), fileName);
  }
  if (format === 'parquet' && kind === 'parquet-truncated') {
    throw new InputError(readMessages.truncatedParquet(fileName), fileName);
  }
  if (!fits(format, kind)) throw new InputError(readMessages.formatMismatch(fileName, format, kind), fileName);
  return format;
}

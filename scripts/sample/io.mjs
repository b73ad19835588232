// Writing and reading the sample's files: Parquet through flechette (Arrow tables) and
// parquet-wasm (the Rust parquet writer compiled to WebAssembly), CSV by hand.
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tableFromArrays, tableToIPC, tableFromIPC } from '@uwdata/flechette';
import { Table, writeParquet, readParquet, WriterPropertiesBuilder, Compression } from 'parquet-wasm/node';

/**
 * Write named columns as a zstd-compressed Parquet file.
 * @param {string} path
 * @param {[string, any[] | ArrayLike<number>][]} columns in file order
 * @param {Record<string, import('@uwdata/flechette').DataType>} types Arrow type per column
 */
export function writeParquetFile(path, columns, types) {
  const arrow = tableFromArrays(columns, { types });
  const ipc = tableToIPC(arrow, { format: 'stream' });
  const props = new WriterPropertiesBuilder()
    .setCompression(Compression.ZSTD)
    .setCreatedBy('glassbox scripts/make-sample.mjs')
    .build();
  const bytes = writeParquet(Table.fromIPCStream(ipc), props);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes.length;
}

/** Read a Parquet file back into a flechette table (dates as epoch milliseconds). */
export function readParquetFile(path) {
  return tableFromIPC(readParquet(readFileSync(path)).intoIPCStream());
}

/** Quote a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value) {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write rows (arrays of fields) under a header as CSV with \n line ends. */
export function writeCsv(path, header, rows) {
  const text = [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

/** Parse the simple CSV this script writes (quoted fields allowed), as arrays of strings. */
export function readCsv(path) {
  const text = readFileSync(path, 'utf8');
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') { field += '"'; k++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += ch;
  }
  const [header, ...body] = rows;
  return { header, rows: body };
}

/** Format a number with 6 significant digits and no exponent or trailing zeros. */
export function sig6(x) {
  if (x === 0) return '0';
  const s = Number(x.toPrecision(6)).toString();
  if (s.includes('e')) throw new Error(`sig6: ${x} needs an exponent`);
  return s;
}

/** Write a JSON file with two-space indentation and a final newline. */
export function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  // Two-space indentation, but arrays of strings on one line (the factor lists read better).
  const text = JSON.stringify(value, null, 2).replace(/\[\s+("[^"\n]*"(?:,\s+"[^"\n]*")*)\s+\]/g, (_, items) => `[${items.replace(/,\s+/g, ', ')}]`) + '\n';
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

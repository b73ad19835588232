/**
 * Test inputs built in the test: Arrow IPC bytes with flechette, Parquet bytes with
 * parquet-wasm's writer (a writer independent of the DuckDB that reads them), text with TextEncoder. Only the Feather v1 and Windows-1252 files,
 * which no library here writes, are committed under test/fixtures/read/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC, type DataType } from '@uwdata/flechette';
import initParquetWasm, * as parquetWasm from 'parquet-wasm/esm';

const resolveModule = createRequire(import.meta.url);

let writerReady: Promise<unknown> | undefined;

/** Initialise parquet-wasm, the writer of the tests' Parquet files (the engine reads them with DuckDB). */
export function initParquetForTests(): Promise<unknown> {
  writerReady ??= initParquetWasm({ module_or_path: readFileSync(resolveModule.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')) });
  return writerReady;
}

/** A committed fixture's bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(process.cwd(), 'test/fixtures/read', name)));
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export type Columns = Record<string, unknown[] | ArrayLike<unknown>>;

/** Arrow IPC bytes, file format (Feather v2) or stream format. */
export function arrowBytes(columns: Columns, types: Record<string, DataType> = {}, format: 'file' | 'stream' = 'file'): Uint8Array {
  const bytes = tableToIPC(tableFromArrays(columns as Record<string, unknown[]>, { types }), { format });
  if (!bytes) throw new Error('flechette wrote no bytes');
  return bytes;
}

export type Codec = 'uncompressed' | 'snappy' | 'gzip' | 'zstd';

const CODECS: Record<Codec, parquetWasm.Compression> = {
  uncompressed: parquetWasm.Compression.UNCOMPRESSED,
  snappy: parquetWasm.Compression.SNAPPY,
  gzip: parquetWasm.Compression.GZIP,
  zstd: parquetWasm.Compression.ZSTD,
};

/** Parquet bytes written by parquet-wasm (needs initParquetForTests first). */
export function parquetBytes(columns: Columns, types: Record<string, DataType> = {}, codec: Codec = 'snappy'): Uint8Array {
  const table = parquetWasm.Table.fromIPCStream(arrowBytes(columns, types, 'stream'));
  const props = new parquetWasm.WriterPropertiesBuilder().setCompression(CODECS[codec]).build();
  return parquetWasm.writeParquet(table, props);
}

/** A column's values as stored in the table (typed arrays stay typed). */
export function col(table: { column(name: string): unknown }, name: string): unknown {
  const column = table.column(name);
  if (column === undefined || column === null) throw new Error(`no column ${name}`);
  return column;
}

/** A column's values as a plain array, for deepEqual. */
export function values(table: { array(name: string): unknown }, name: string): unknown[] {
  return Array.from(table.array(name) as ArrayLike<unknown>);
}

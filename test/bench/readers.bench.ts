/**
 * Reader benchmarks (`npm run bench`; never part of `npm test`: timings live here, not in tests).
 * Parquet: parquet-wasm (readParquet -> Arrow IPC -> flechette) against hyparquet
 * (+hyparquet-compressors) on files written by parquet-wasm, wall clock, same process; then
 * readTable end to end. CSV: readTable on generated text.
 */
import assert from 'node:assert/strict';
import { dateDay, float32, float64, tableFromIPC, utf8 as utf8Type, type DataType } from '@uwdata/flechette';
import { parquetMetadata, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readParquet as wasmReadParquet } from 'parquet-wasm/esm';
import { readTable } from '../../src/model/read';
import { initParquetForTests, parquetBytes, type Codec } from '../unit/read/fixtures';

const REPS = Number(process.env.GLASSBOX_BENCH_REPS ?? 3);

/** A wide contributions-like table: date32, utf8 stock, `features` columns alternating float64/float32. */
function wideColumns(rows: number, features: number): [Record<string, unknown[] | ArrayLike<unknown>>, Record<string, DataType>] {
  const dates = 60;
  const perDate = Math.ceil(rows / dates);
  const date: Date[] = [];
  const stock: string[] = [];
  for (let i = 0; i < rows; i++) {
    date.push(new Date(Date.UTC(2020, 0, 1 + Math.floor(i / perDate))));
    stock.push(`S${String(i % perDate).padStart(5, '0')}`);
  }
  const columns: Record<string, unknown[] | ArrayLike<unknown>> = { date, stock };
  const types: Record<string, DataType> = { date: dateDay(), stock: utf8Type() };
  for (let f = 0; f < features; f++) {
    const single = f % 2 === 1;
    const values = single ? new Float32Array(rows) : new Float64Array(rows);
    for (let i = 0; i < rows; i++) values[i] = Math.random() - 0.5;
    columns[`f${f}`] = values;
    types[`f${f}`] = single ? float32() : float64();
  }
  return [columns, types];
}

function viaParquetWasm(bytes: Uint8Array): number {
  const arrow = tableFromIPC(wasmReadParquet(bytes, { batchSize: 65_536 }).intoIPCStream(), { useDate: false });
  for (const field of arrow.schema.fields) arrow.getChild(field.name).toArray();
  return arrow.numRows;
}

async function viaHyparquet(bytes: Uint8Array): Promise<number> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const rows = Number(metadata.num_rows);
  const columns = new Map<string, unknown[] | Float64Array | Float32Array>();
  await parquetRead({
    file,
    metadata,
    compressors,
    onChunk: ({ columnName, columnData, rowStart }) => {
      let target = columns.get(columnName);
      if (!target) {
        target = columnData instanceof Float32Array ? new Float32Array(rows) : columnData instanceof Float64Array ? new Float64Array(rows) : new Array<unknown>(rows);
        columns.set(columnName, target);
      }
      if (ArrayBuffer.isView(target)) (target as Float64Array).set(columnData as ArrayLike<number>, rowStart);
      else for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
    },
  });
  return rows;
}

async function time(label: string, run: () => unknown): Promise<void> {
  const seconds: string[] = [];
  for (let r = 0; r < REPS; r++) {
    const started = performance.now();
    await run();
    seconds.push(((performance.now() - started) / 1000).toFixed(2));
  }
  console.log(`      ${label.padEnd(58)} ${seconds.join(' / ')} s`);
}

describe('readers', function () {
  this.timeout(0);
  before(initParquetForTests);

  const cases: [string, number, number, Codec][] = [
    ['120,000 x (date, stock, 100 floats), zstd', 120_000, 100, 'zstd'],
    ['120,000 x (date, stock, 100 floats), snappy', 120_000, 100, 'snappy'],
    ['1,000,000 x (date, stock, 8 floats), zstd', 1_000_000, 8, 'zstd'],
  ];
  for (const [label, rows, features, codec] of cases) {
    it(`Parquet ${label}`, async () => {
      const [columns, types] = wideColumns(rows, features);
      const bytes = parquetBytes(columns, types, codec);
      console.log(`      file: ${(bytes.length / 1e6).toFixed(1)} MB`);
      assert.equal(viaParquetWasm(bytes), rows);
      assert.equal(await viaHyparquet(bytes), rows);
      await time('parquet-wasm -> IPC -> flechette arrays', () => viaParquetWasm(bytes));
      await time('hyparquet + hyparquet-compressors, columnar', () => viaHyparquet(bytes));
      await time('readTable (parquet-wasm + normalisation)', () => readTable(bytes, 'bench.parquet'));
      await time('readTable, columns: [date, stock, f1]', () => readTable(bytes, 'bench.parquet', { columns: ['date', 'stock', 'f1'] }));
    });
  }

  for (const [label, decimals, delimiter] of [
    ['full-precision doubles (String(x)), comma', undefined, ','],
    ['6 decimals, comma', 6, ','],
    ['full-precision, semicolon + decimal commas', undefined, ';'],
  ] as const) {
    it(`CSV 120,000 x (date, stock, 100 numbers): ${label}`, async () => {
      const lines = [['date', 'stock', ...Array.from({ length: 100 }, (_, f) => `f${f}`)].join(delimiter)];
      for (let i = 0; i < 120_000; i++) {
        const row = [`2024-01-${String(1 + (i % 28)).padStart(2, '0')}`, `S${i}`];
        for (let f = 0; f < 100; f++) {
          const x = Math.random() - 0.5;
          const text = decimals === undefined ? String(x) : x.toFixed(decimals);
          row.push(delimiter === ';' ? text.replace('.', ',') : text);
        }
        lines.push(row.join(delimiter));
      }
      const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
      console.log(`      file: ${(bytes.length / 1e6).toFixed(0)} MB`);
      await time('readTable', async () => {
        const { table } = await readTable(bytes, 'bench.csv');
        assert.ok(table.column('f99') instanceof Float64Array);
      });
    });
  }
});

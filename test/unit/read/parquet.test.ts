import assert from 'node:assert/strict';
import { dateDay, dictionary, float32, float64, int32, int64, timestamp, utf8 as utf8Type, bool, TimeUnit } from '@uwdata/flechette';
import { InputError } from '../../../src/model/errors';
import { readBytes as readTable } from '../duckdb/testSource';
import { col, initParquetForTests, parquetBytes, utf8, values, type Codec } from './fixtures';

async function rejects(bytes: Uint8Array, name: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readTable(bytes, name), (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(error.message.startsWith(name), error.message);
    assert.ok(!/\n\s+at /.test(error.message), 'no stack trace in the message');
    return true;
  });
}

describe('read/parquet', () => {
  before(initParquetForTests);

  const contributions = () => ({
    date: [new Date(Date.UTC(2024, 0, 31)), new Date(Date.UTC(2024, 0, 31)), new Date(Date.UTC(2024, 1, 29))],
    stock: ['AAA', 'BBB', 'AAA'],
    value_ep: new Float64Array([0.5, -0.25, 0.125]),
    momentum: new Float32Array([1.5, 2.5, -3.5]),
  });
  const types = { date: dateDay(), stock: utf8Type(), value_ep: float64(), momentum: float32() };

  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd'] as Codec[]) {
    it(`reads ${codec} Parquet with dates as ISO strings and floats as typed arrays`, async () => {
      const { table, format } = await readTable(parquetBytes(contributions(), types, codec), `contrib.${codec}.parquet`);
      assert.equal(format, 'parquet');
      assert.deepEqual(table.columnNames(), ['date', 'stock', 'value_ep', 'momentum']);
      assert.deepEqual(values(table, 'date'), ['2024-01-31', '2024-01-31', '2024-02-29']);
      assert.deepEqual(values(table, 'stock'), ['AAA', 'BBB', 'AAA']);
      assert.ok(col(table, 'value_ep') instanceof Float64Array);
      assert.deepEqual(values(table, 'value_ep'), [0.5, -0.25, 0.125]);
      assert.ok(col(table, 'momentum') instanceof Float64Array, 'float32 widened exactly to float64');
      assert.deepEqual(values(table, 'momentum'), [1.5, 2.5, -3.5]);
    });
  }

  it('reads a .pq file as Parquet', async () => {
    const { table, format } = await readTable(parquetBytes(contributions(), types), 'contrib.pq');
    assert.equal(format, 'parquet');
    assert.deepEqual(values(table, 'value_ep'), [0.5, -0.25, 0.125]);
  });

  it('reads timestamps with a time of day as full ISO strings, midnight ones as dates', async () => {
    const at = [Date.UTC(2024, 0, 31, 16, 0, 0), Date.UTC(2024, 1, 1, 9, 30, 15)];
    const { table } = await readTable(
      parquetBytes(
        { ts: at, tz: at, day: [Date.UTC(2024, 0, 31), Date.UTC(2024, 1, 1)] },
        { ts: timestamp(TimeUnit.MILLISECOND), tz: timestamp(TimeUnit.MICROSECOND, 'UTC'), day: timestamp(TimeUnit.MILLISECOND) },
      ),
      'ts.parquet',
    );
    assert.deepEqual(values(table, 'ts'), ['2024-01-31T16:00:00', '2024-02-01T09:30:15']);
    assert.deepEqual(values(table, 'tz'), ['2024-01-31T16:00:00Z', '2024-02-01T09:30:15Z']);
    assert.deepEqual(values(table, 'day'), ['2024-01-31', '2024-02-01']);
  });

  it('reads nulls as NaN in numbers and null in text, ints and booleans as such', async () => {
    const { table } = await readTable(
      parquetBytes(
        { w: [0.5, null, 1], s: ['A', null, 'C'], n: [1, 2, null], b: [true, false, null] },
        { w: float64(), s: utf8Type(), n: int32(), b: bool() },
      ),
      'nulls.parquet',
    );
    assert.deepEqual(values(table, 'w'), [0.5, NaN, 1]);
    assert.deepEqual(values(table, 's'), ['A', null, 'C']);
    assert.ok(col(table, 'n') instanceof Float64Array);
    assert.deepEqual(values(table, 'n'), [1, 2, NaN]);
    assert.deepEqual(values(table, 'b'), [true, false, null]);
  });

  it('reads int64 as numbers when exact, as text (with a note) when not', async () => {
    const { table, notes } = await readTable(
      parquetBytes({ small: [1n, -42n, 2n ** 53n - 1n], big: [1n, 2n ** 60n + 1n, 3n] }, { small: int64(), big: int64() }),
      'ids.parquet',
    );
    assert.ok(col(table, 'small') instanceof Float64Array);
    assert.deepEqual(values(table, 'small'), [1, -42, 2 ** 53 - 1]);
    assert.deepEqual(values(table, 'big'), ['1', String(2n ** 60n + 1n), '3']);
    assert.ok(notes.some((n) => n.code === 'large-integers' && n.column === 'big'));
  });

  it('reads dictionary-encoded strings as strings', async () => {
    const { table } = await readTable(
      parquetBytes({ sector: ['Energy', 'Utilities', 'Energy', null] }, { sector: dictionary(utf8Type()) }),
      'sectors.parquet',
    );
    assert.deepEqual(values(table, 'sector'), ['Energy', 'Utilities', 'Energy', null]);
  });

  it('reads many rows across batches', async () => {
    const n = 150_000;
    const x = new Float64Array(n).map((_, i) => i / 2);
    const stock = Array.from({ length: n }, (_, i) => `S${i % 2000}`);
    const { table } = await readTable(parquetBytes({ x, stock }, { x: float64(), stock: utf8Type() }, 'zstd'), 'big.parquet');
    assert.equal(table.numRows(), n);
    const read = col(table, 'x') as Float64Array;
    assert.equal(read[0], 0);
    assert.equal(read[n - 1], (n - 1) / 2);
    assert.equal(read[70_001], 35_000.5);
    assert.equal((col(table, 'stock') as string[])[n - 1], `S${(n - 1) % 2000}`);
  });

  it('rejects text posing as Parquet, saying what it looks like', async () => {
    await rejects(utf8('date,stock,weight\n2024-01-31,AAA,0.5\n'), 'weights.parquet', /expected Parquet but the content looks like text \(CSV or TSV\); rename it to \.csv/);
  });

  it('rejects a truncated Parquet file', async () => {
    const bytes = parquetBytes(contributions(), types);
    await rejects(bytes.slice(0, Math.floor(bytes.length / 2)), 'contrib.parquet', /the Parquet file is truncated/);
  });

  it('rejects a corrupt Parquet file without a stack, and reads the next file fine', async () => {
    const bytes = parquetBytes(contributions(), types, 'uncompressed');
    const corrupt = bytes.slice();
    // Overwrite the footer's metadata (keep its length and the magic) with garbage.
    for (let i = corrupt.length - 60; i < corrupt.length - 8; i++) corrupt[i] = 0xab;
    await rejects(corrupt, 'contrib.parquet', /the Parquet file cannot be decoded \(.+\)\. Re-export it/);
    const { table } = await readTable(bytes, 'contrib.parquet');
    assert.deepEqual(values(table, 'value_ep'), [0.5, -0.25, 0.125]);
  });

  it('rejects Parquet with corrupt data pages, and reads the next file fine', async () => {
    const x = new Float64Array(20_000).map((_, i) => Math.sin(i));
    const bytes = parquetBytes({ x }, { x: float64() }, 'zstd');
    const corrupt = bytes.slice();
    for (let i = 200; i < Math.min(corrupt.length - 2000, 20_000); i += 7) corrupt[i] ^= 0x5a;
    await rejects(corrupt, 'x.parquet', /the Parquet file cannot be decoded/);
    const { table } = await readTable(bytes, 'x.parquet');
    assert.equal((col(table, 'x') as Float64Array)[19_999], Math.sin(19_999));
  });

  it('rejects a Parquet file with no rows', async () => {
    await rejects(parquetBytes({ x: new Float64Array(0) }, { x: float64() }), 'empty.parquet', /the table has no rows/);
  });

  it('knows Parquet by its content when the name has no extension', async () => {
    const { table, format } = await readTable(parquetBytes(contributions(), types), 'download');
    assert.equal(format, 'parquet');
    assert.equal(table.numRows(), 3);
  });
});

import assert from 'node:assert/strict';
import { bool, dateDay, dateMillisecond, dictionary, float32, float64, int64, timestamp, utf8 as utf8Type, TimeUnit } from '@uwdata/flechette';
import { InputError } from '../../../src/model/errors';
import { readTable } from '../../../src/model/read';
import { arrowBytes, col, fixture, utf8, values } from './fixtures';

async function rejects(bytes: Uint8Array, name: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readTable(bytes, name), (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(error.message.startsWith(name), error.message);
    return true;
  });
}

const weights = () => ({
  date: [new Date(Date.UTC(2024, 2, 28)), new Date(Date.UTC(2024, 2, 28)), null],
  stock: ['AAA', 'BBB', 'CCC'],
  sector: ['Energy', 'Energy', 'Utilities'],
  weight: new Float64Array([0.25, 0.5, 0.25]),
  score: [1.5, null, -2],
  held: [true, false, null],
});
const types = { date: dateDay(), stock: utf8Type(), sector: dictionary(utf8Type()), weight: float64(), score: float32(), held: bool() };

describe('read/arrow', () => {
  for (const [format, name] of [['file', 'weights.feather'], ['stream', 'weights.arrow'], ['file', 'weights.ipc']] as const) {
    it(`reads the Arrow IPC ${format} format (${name})`, async () => {
      const { table, format: read } = await readTable(arrowBytes(weights(), types, format), name);
      assert.equal(read, 'arrow');
      assert.deepEqual(table.columnNames(), ['date', 'stock', 'sector', 'weight', 'score', 'held']);
      assert.deepEqual(values(table, 'date'), ['2024-03-28', '2024-03-28', null]);
      assert.deepEqual(values(table, 'stock'), ['AAA', 'BBB', 'CCC']);
      assert.deepEqual(values(table, 'sector'), ['Energy', 'Energy', 'Utilities']);
      assert.ok(col(table, 'weight') instanceof Float64Array);
      assert.deepEqual(values(table, 'weight'), [0.25, 0.5, 0.25]);
      assert.ok(col(table, 'score') instanceof Float32Array);
      assert.deepEqual(values(table, 'score'), [1.5, NaN, -2]);
      assert.deepEqual(values(table, 'held'), [true, false, null]);
    });
  }

  it('reads only the requested columns, case-insensitively', async () => {
    const { table } = await readTable(arrowBytes(weights(), types), 'weights.arrow', { columns: ['Weight', 'STOCK'] });
    assert.deepEqual(table.columnNames(), ['stock', 'weight']);
  });

  it('reads date64 and timestamps as ISO strings', async () => {
    const { table } = await readTable(
      arrowBytes(
        { d: [Date.UTC(2023, 11, 29), Date.UTC(2024, 0, 2)], t: [Date.UTC(2024, 0, 2, 21, 0, 0, 250), Date.UTC(2024, 0, 3)] },
        { d: dateMillisecond(), t: timestamp(TimeUnit.NANOSECOND, 'America/New_York') },
      ),
      'dates.arrow',
    );
    assert.deepEqual(values(table, 'd'), ['2023-12-29', '2024-01-02']);
    // 21:00:00.250 UTC is 16:00:00.250 in New York (EST, -05:00).
    assert.deepEqual(values(table, 't'), ['2024-01-02T16:00:00.250-05:00', '2024-01-02T19:00:00-05:00']);
  });

  it('reads zoned timestamps at local midnight as local dates', async () => {
    // Midnight in Tokyo is 15:00 UTC the day before: the date must be Tokyo's.
    const tokyo = [Date.UTC(2024, 0, 30, 15), Date.UTC(2024, 1, 28, 15)];
    const london = [Date.UTC(2024, 0, 31, 0), Date.UTC(2024, 6, 30, 23)]; // GMT in winter, BST (+01:00) in summer
    const { table } = await readTable(
      arrowBytes({ tokyo, london, fixed: [Date.UTC(2024, 0, 31, 12, 30), Date.UTC(2024, 1, 1, 12, 30)] }, {
        tokyo: timestamp(TimeUnit.MICROSECOND, 'Asia/Tokyo'),
        london: timestamp(TimeUnit.MILLISECOND, 'Europe/London'),
        fixed: timestamp(TimeUnit.SECOND, '+05:30'),
      }),
      'zoned.arrow',
    );
    assert.deepEqual(values(table, 'tokyo'), ['2024-01-31', '2024-02-29']);
    assert.deepEqual(values(table, 'london'), ['2024-01-31', '2024-07-31']);
    assert.deepEqual(values(table, 'fixed'), ['2024-01-31T18:00:00+05:30', '2024-02-01T18:00:00+05:30']);
  });

  it('reads int64 as numbers when exact', async () => {
    const { table } = await readTable(arrowBytes({ n: [1n, 2n, -3n] }, { n: int64() }), 'n.arrow');
    assert.deepEqual(values(table, 'n'), [1, 2, -3]);
  });

  // Written by pyarrow 25.0.1: pyarrow.feather.write_feather(table, path, compression='lz4'|'zstd')
  // (LZ4 is write_feather's default), the files Python users have.
  for (const codec of ['lz4', 'zstd']) {
    it(`reads ${codec}-compressed Feather as pyarrow writes it`, async () => {
      const { table, format } = await readTable(fixture(`weights.${codec}.feather`), `weights.${codec}.feather`);
      assert.equal(format, 'arrow');
      assert.deepEqual(table.columnNames(), ['date', 'stock', 'weight']);
      assert.deepEqual(values(table, 'date'), ['2024-01-31', '2024-01-31', '2024-01-31', '2024-02-29', '2024-02-29', '2024-02-29']);
      assert.deepEqual(values(table, 'stock'), ['AAA', 'BBB', 'CCC', 'AAA', 'BBB', 'CCC']);
      assert.deepEqual(values(table, 'weight'), [0.5, 0.3, 0.2, 0.4, 0.4, 0.2]);
    });
  }

  it('rejects a compressed buffer cut short, naming the file', async () => {
    const bytes = fixture('weights.zstd.feather').slice();
    // Damage the compressed bodies (past the schema message), keep the footer intact.
    for (let i = 400; i < 560; i++) bytes[i] = 0;
    await rejects(bytes, 'weights.zstd.feather', /^weights\.zstd\.feather: the Arrow IPC data cannot be decoded/);
  });

  it('rejects Feather v1 with a re-save hint', async () => {
    await rejects(utf8('FEA1\u0000\u0000\u0000\u0000FEA1'), 'old.feather', /Feather v1 .* Re-save it as Feather v2 \/ Arrow IPC/);
  });

  it('rejects truncated Arrow data', async () => {
    const bytes = arrowBytes(weights(), types, 'stream');
    await rejects(bytes.slice(0, 200), 'weights.arrow', /the Arrow IPC data cannot be decoded/);
    const file = arrowBytes(weights(), types, 'file');
    await rejects(file.slice(0, file.length - 40), 'weights.feather', /the Arrow IPC data cannot be decoded/);
  });

  it('rejects CSV text posing as Arrow', async () => {
    await rejects(utf8('stock,weight\nAAA,1\n'), 'weights.arrow', /expected Arrow IPC\/Feather but the content looks like text \(CSV or TSV\); rename it to \.csv/);
  });

  it('rejects lengths the data cannot hold, without running out of memory (a 12 KB file declaring 1.7 billion values in a column)', async () => {
    await rejects(fixture('lying-lengths.arrow'), 'lying-lengths.arrow', /^lying-lengths\.arrow: the Arrow IPC data cannot be decoded \(column 's' holds 1677721900 values where the table has 300 rows\)/);
    // The same lie in every column: more rows than the bytes can hold.
    const bytes = arrowBytes({ x: new Float64Array(4) }, { x: float64() }, 'stream');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let patched = 0;
    // The record batch's length and its one field node's length (both int64 4): made 2^31.
    for (let i = 0; i + 8 <= bytes.length; i += 8) {
      if (view.getBigInt64(i, true) === 4n) {
        view.setBigInt64(i, 2n ** 31n, true);
        patched++;
      }
    }
    assert.ok(patched >= 2, `patched ${patched}`);
    await rejects(bytes, 'lying.arrow', /^lying\.arrow: the Arrow IPC data cannot be decoded \(\d+ rows declared in \d+ bytes\)/);
  });

  it('rejects an Arrow table with no rows', async () => {
    await rejects(arrowBytes({ x: new Float64Array(0) }, { x: float64() }), 'empty.arrow', /no rows/);
  });
});

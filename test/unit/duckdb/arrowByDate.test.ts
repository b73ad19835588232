/**
 * Contributions in Arrow IPC too large to read whole: the file is copied record batch by
 * record batch into a Parquet file (src/duckdb/arrowFiles.ts) and the run is read by date
 * from the copy. The same file read whole by the model's Arrow reader is the yardstick: the
 * same answers, the same diagnostics, the same keys.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bool, dateDay, dictionary, float32, float64, int32, int64, tableFromArrays, tableToIPC, timestamp, TimeUnit, utf8 } from '@uwdata/flechette';
import { readRunInput } from '../../../src/cli/load';
import { arrowBatches, copyArrowAsParquet } from '../../../src/duckdb/arrowFiles';
import { readArrow } from '../../../src/model/read/arrow';
import { refusableFiles } from '../../../src/model/run/memoryEstimate';
import { numbers, texts } from '../../../src/sql/connection';
import { NO_FILTERS } from '../../../src/model/types';
import { assertClose } from '../assertClose';
import { answer, assertAnswersAsWhole, assertSummaryAsWhole, cellsKind, load, quote, SAMPLE, wholeAndByDate, writeSampleRun } from './sampleRuns';
import { sharedConnection } from './testSource';


const WIDE = `read_parquet(${quote(join(SAMPLE, 'out/contributions.parquet'))})`;
const LAST = `(SELECT DISTINCT date FROM ${WIDE} ORDER BY date DESC LIMIT 12)`;

/** A query's columns by name, as the test builds Arrow columns from them. */
async function columnsOf(sql: string): Promise<Record<string, Float64Array | (string | null)[]>> {
  const result = await (await sharedConnection()).query(sql);
  return Object.fromEntries(result.names.map((name, i) => [name, result.columns[i] as Float64Array | (string | null)[]]));
}

/** Day numbers as the milliseconds flechette's date builder takes. */
const days = (values: Float64Array) => Float64Array.from(values, (d) => d * 86_400_000);

/**
 * The sample run's last 12 month-ends as long contributions in an Arrow IPC file (Feather
 * v2) of 1,000-row record batches: dates as Arrow dates, stock and feature ids
 * dictionary-encoded (a pandas categorical), raw values and the per-stock base value and
 * score on every feature row, its contributions in float32 for some features (a file
 * written to save space).
 */
async function writeLongArrow(dir: string): Promise<void> {
  const db = await sharedConnection();
  const features = (await db.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${WIDE}) WHERE column_name NOT IN ('date', 'stock', 'base_value', 'score') AND column_name NOT LIKE '%\\_value' ESCAPE '\\'`)).columns[0] as string[];
  const rows = features.map((f) => `SELECT date, stock, base_value, score, ${quote(f)} AS feature, "${f}" AS contribution, "${f}_value" AS feature_value FROM ${WIDE} WHERE date IN ${LAST}`).join(' UNION ALL ');
  const c = await columnsOf(`SELECT (date - DATE '1970-01-01')::DOUBLE AS day, stock, feature, contribution, feature_value, base_value, score FROM (${rows}) ORDER BY date, stock, feature`);
  const table = tableFromArrays(
    { date: days(c.day as Float64Array), stock: c.stock, feature: c.feature, contribution: c.contribution, feature_value: c.feature_value, base_value: c.base_value, score: c.score },
    { types: { date: dateDay(), stock: dictionary(utf8(), int32()), feature: dictionary(utf8(), int32()), contribution: float64(), feature_value: float32(), base_value: float64(), score: float64() }, maxBatchRows: 1000 },
  );
  writeFileSync(join(dir, 'long.arrow'), tableToIPC(table, { format: 'file' }) as Uint8Array);
  await writeSampleRun(dir, 'long.arrow', LAST);
}

/**
 * The same dates as wide contributions (a row per (date, stock), a column per feature and
 * `<feature>_value` raw values) in the Arrow IPC stream format, in 700-row batches: dates as
 * timestamps, stock ids as int64 numbers (10001…, weights and securities keyed alike: a key
 * the copy must keep as the reader's text '10001', not the database's '10001.0').
 */
async function writeWideArrow(dir: string): Promise<void> {
  const db = await sharedConnection();
  const ids = `(SELECT stock, (10000 + row_number() OVER (ORDER BY stock))::DOUBLE AS id FROM (SELECT DISTINCT stock FROM ${WIDE}))`;
  const c = await columnsOf(`SELECT (epoch_ms(date::TIMESTAMP))::DOUBLE AS ms, ids.id, w.* EXCLUDE (date, stock) FROM ${WIDE} w JOIN ${ids} ids USING (stock) WHERE date IN ${LAST} ORDER BY date, stock`);
  const data: Record<string, unknown> = { date: c.ms, stock: BigInt64Array.from(c.id as Float64Array, (v) => BigInt(v)) };
  const types: Record<string, unknown> = { date: timestamp(TimeUnit.MILLISECOND), stock: int64() };
  for (const [name, values] of Object.entries(c)) {
    if (name === 'ms' || name === 'id') continue;
    data[name] = values;
    types[name] = float64();
  }
  const table = tableFromArrays(data as never, { types: types as never, maxBatchRows: 700 });
  writeFileSync(join(dir, 'wide.arrows'), tableToIPC(table, { format: 'stream' }) as Uint8Array);
  await writeSampleRun(dir, 'wide.arrows', LAST);
  // The other files keyed by the same numbers.
  await db.run(`COPY (SELECT w.date, ids.id::BIGINT AS stock, w.weight, w.benchmark_weight FROM read_csv(${quote(join(dir, 'weights.csv'))}) w JOIN ${ids} ids USING (stock)) TO ${quote(join(dir, 'weights.csv'))} (HEADER)`);
  await db.run(`COPY (SELECT s.* REPLACE (ids.id::BIGINT AS stock) FROM read_csv(${quote(join(SAMPLE, 'ref/securities.csv'))}) s JOIN ${ids} ids USING (stock)) TO ${quote(join(dir, 'securities.csv'))} (HEADER)`);
  await db.run(`COPY (SELECT r.* REPLACE (ids.id::BIGINT AS stock) FROM read_parquet(${quote(join(SAMPLE, 'out/fwd_returns.parquet'))}) r JOIN ${ids} ids USING (stock)) TO ${quote(join(dir, 'fwd_returns.parquet'))} (FORMAT parquet)`);
}

for (const shape of ['long', 'wide'] as const) {
  describe(`duckdb/${shape} contributions in Arrow IPC read by date`, function () {
    this.timeout(120_000);
    const run = wholeAndByDate('glassbox-arrow-by-date-', (dir) => (shape === 'long' ? writeLongArrow(dir) : writeWideArrow(dir)));

    it('is read whole when it fits, and by date through the copy when asked', () => {
      assert.equal(cellsKind(run.whole), 'memory');
      assert.equal(cellsKind(run.byDate), 'by-date');
    });

    it(`is read by date past byDateCells rows when long, though it fits; whole when wide (${shape})`, async () => {
      // The long file's rows (stocks x dates x features) and the wide file's (stocks x dates) are both past 1,000.
      const engine = await load(run.input, { byDateCells: 1000 });
      try {
        assert.equal(cellsKind(engine), shape === 'long' ? 'by-date' : 'memory');
      } finally {
        await engine.close();
      }
    });

    it('gives the same summary and diagnostics as the file read whole', () => {
      assertSummaryAsWhole(run.byDate, run.whole);
      assert.equal(run.whole.summary().dates.length, 12);
      assert.equal(run.whole.summary().stockCount, run.byDate.summary().stockCount);
    });

    it('answers every query kind as the file read whole does, on a past date with a filter and on the latest', async () => {
      await assertAnswersAsWhole(run.byDate, run.whole, ['mom_12_1', 'ep_fy1']);
    });
  });
}

describe('duckdb/long contributions in Arrow IPC with timestamp dates read by date', function () {
  this.timeout(60_000);
  let dir: string;

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes each date for its day as read whole, whatever the batch (the last date at 16:00, a batch straddling it and a midnight date)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-arrow-times-'));
    const db = await sharedConnection();
    // 3 dates x 5 stocks x 4 features (20 rows a date), in 15-row batches: the first two
    // dates at midnight, the last at 16:00. Read whole, every date is text with a time; a
    // batch of midnights alone gives days, and the third batch holds the second date (as
    // 2024-02-29T00:00:00, where the second batch gave 2024-02-29) and the last.
    const c = await columnsOf(`SELECT (epoch_ms(d.ts))::DOUBLE AS ms, 'S' || s.i AS stock, 'f' || (f.i + 1) AS feature, ((hash(d.ts, s.i, f.i) % 1000) / 1e4 - 0.05)::DOUBLE AS contribution
                               FROM (VALUES (TIMESTAMP '2024-01-31'), (TIMESTAMP '2024-02-29'), (TIMESTAMP '2024-03-28 16:00:00')) d(ts), range(5) s(i), range(4) f(i) ORDER BY ms, stock, feature`);
    const table = tableFromArrays({ date: c.ms, stock: c.stock, feature: c.feature, contribution: c.contribution }, { types: { date: timestamp(TimeUnit.MILLISECOND), stock: utf8(), feature: utf8(), contribution: float64() }, maxBatchRows: 15 });
    writeFileSync(join(dir, 'times.arrow'), tableToIPC(table, { format: 'file' }) as Uint8Array);
    await db.run(`COPY (SELECT d.date, 'S' || s.i AS stock, 0.2 AS weight FROM (VALUES (DATE '2024-01-31'), (DATE '2024-02-29'), (DATE '2024-03-28')) d(date), range(5) s(i)) TO ${quote(join(dir, 'weights.csv'))} (HEADER)`);
    writeFileSync(join(dir, 'run.glassbox.json'), JSON.stringify({ name: 'times', contributions: 'times.arrow', weights: 'weights.csv', factors: { a: ['f1', 'f2'], b: ['f3', 'f4'] } }));
    const input = readRunInput(join(dir, 'run.glassbox.json'));
    const whole = await load(input, {});
    const byDate = await load(input, { alwaysByDate: true });
    try {
      assertSummaryAsWhole(byDate, whole);
      assert.deepEqual(whole.summary().dates, ['2024-01-31', '2024-02-29', '2024-03-28']);
      assert.deepEqual(byDate.summary().diagnostics.map((d) => d.code), whole.summary().diagnostics.map((d) => d.code));
      for (const date of whole.summary().dates) {
        assertClose(await answer(byDate, { kind: 'stock', date, stock: 'S3', filters: NO_FILTERS }), await answer(whole, { kind: 'stock', date, stock: 'S3', filters: NO_FILTERS }), date, 1e-12);
      }
    } finally {
      await byDate.close();
    }
  });
});

describe('duckdb/Arrow IPC copied a record batch at a time', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-arrow-batches-'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every batch of `path` as one table's columns, for comparison with the file read whole. */
  const batchesOf = (path: string, file: string) => {
    const batches = [...arrowBatches(path, file)];
    const names = batches[0].names;
    const columns = names.map((_, c) => batches.flatMap((b) => Array.from(b.columns[c] as ArrayLike<unknown>)));
    return { batches: batches.length, names, columns, notes: batches.flatMap((b) => b.notes.map((n) => n.code)) };
  };

  for (const fixture of ['weights.lz4.feather', 'weights.zstd.feather']) {
    it(`decodes each batch of a compressed file (${fixture}) as the file read whole`, () => {
      const path = join(process.cwd(), 'test/fixtures/read', fixture);
      const read = batchesOf(path, fixture);
      const whole = readArrow(new Uint8Array(readFileSync(path)), fixture);
      assert.deepEqual(read.names, whole.names);
      read.columns.forEach((values, c) => assert.deepEqual(values, Array.from(whole.columns[c] as ArrayLike<unknown>), whole.names[c]));
    });
  }

  it('keeps the rows in the file order: 1.2M rows in 10,000-row batches, each row its number', async () => {
    const n = 1_200_000;
    const table = tableFromArrays(
      { i: Float64Array.from({ length: n }, (_, i) => i), stock: Array.from({ length: n }, (_, i) => `S${(i * 7919) % 4500}`) },
      { types: { i: float64(), stock: dictionary(utf8(), int32()) }, maxBatchRows: 10_000 },
    );
    const path = join(dir, 'order.arrow');
    writeFileSync(path, tableToIPC(table, { format: 'file' }) as Uint8Array);
    const db = await sharedConnection();
    const target = join(dir, 'order.parquet');
    const copied = await copyArrowAsParquet(db, path, 'order.arrow', () => ({ text: new Set(['stock']), date: undefined }), target);
    assert.equal(copied.rows, n);
    const check = await db.query(`SELECT count(*) FILTER (WHERE i <> file_row_number)::DOUBLE AS moved, count(*) FILTER (WHERE stock <> 'S' || ((file_row_number * 7919) % 4500)::VARCHAR)::DOUBLE AS wrong FROM read_parquet($1, file_row_number = true)`, [target]);
    assert.deepEqual([numbers(check, 'moved')[0], numbers(check, 'wrong')[0]], [0, 0]);
  });

  it('makes 64-bit integer columns text in every row when a later batch holds a value past 2^53, as read whole; keys as the reader\'s text; free text, booleans and nulls as read whole', async () => {
    const big = 2n ** 60n;
    const table = tableFromArrays(
      {
        id: BigInt64Array.from([1n, 2n, 3n, big]),
        other: BigInt64Array.from([5n, 6n, 7n, -big]),
        code: BigInt64Array.from([7n, 8n, 9n, 10n]),
        x: Float64Array.from([0.5, NaN, 1.5, 2]),
        note: ['a note', null, 'é', 'another note'],
        flag: [null, null, true, false],
      },
      { types: { id: int64(), other: int64(), code: int64(), x: float64(), note: utf8(), flag: bool() }, maxBatchRows: 2 },
    );
    const path = join(dir, 'ids.arrow');
    writeFileSync(path, tableToIPC(table, { format: 'file' }) as Uint8Array);
    const whole = readArrow(new Uint8Array(readFileSync(path)), 'ids.arrow');
    const target = join(dir, 'ids.parquet');
    const db = await sharedConnection();
    const copied = await copyArrowAsParquet(db, path, 'ids.arrow', () => ({ text: new Set(['code']), date: undefined }), target);
    assert.deepEqual(
      copied.notes.map((n) => [n.code, n.column]),
      whole.notes.map((n) => [n.code, n.column]),
    );
    const back = await db.query(`SELECT id, other, code, x, note, flag FROM read_parquet($1) ORDER BY file_row_number`, [target]);
    assert.deepEqual(texts(back, 'id'), whole.columns[0]);
    assert.deepEqual(texts(back, 'other'), whole.columns[1]);
    assert.deepEqual(texts(back, 'code'), ['7', '8', '9', '10']);
    assert.deepEqual(numbers(back, 'x'), Float64Array.from([0.5, NaN, 1.5, 2]));
    assert.deepEqual(texts(back, 'note'), whole.columns[4]);
    assert.deepEqual(back.columns[5], whole.columns[5]);
  });

  it('refuses a column without a name, naming its position', async () => {
    const table = tableFromArrays({ date: ['2024-01-31'], stock: ['AAA'], '': Float64Array.from([1]) }, { types: { date: utf8(), stock: utf8(), '': float64() } });
    const path = join(dir, 'unnamed.arrow');
    writeFileSync(path, tableToIPC(table, { format: 'file' }) as Uint8Array);
    await assert.rejects(copyArrowAsParquet(await sharedConnection(), path, 'unnamed.arrow', () => ({ text: new Set(['date', 'stock']), date: 'date' }), join(dir, 'unnamed.parquet')), /unnamed\.arrow: column 3 has no name/);
  });

  it('names a file cut short, and one that is not Arrow past its first bytes', async () => {
    const table = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]) }, { types: { x: float64() }, maxBatchRows: 2 });
    const bytes = tableToIPC(table, { format: 'file' }) as Uint8Array;
    writeFileSync(join(dir, 'cut.arrow'), bytes.subarray(0, bytes.length - 20));
    assert.throws(() => [...arrowBatches(join(dir, 'cut.arrow'), 'cut.arrow')], /cut\.arrow: .*truncated/);
    const stream = tableToIPC(table, { format: 'stream' }) as Uint8Array;
    const broken = Uint8Array.from(stream);
    // The first message's metadata length, made to point past the end of the file.
    new DataView(broken.buffer).setInt32(4, 1 << 30, true);
    writeFileSync(join(dir, 'broken.arrows'), broken);
    assert.throws(() => [...arrowBatches(join(dir, 'broken.arrows'), 'broken.arrows')], /broken\.arrows: the Arrow IPC data cannot be decoded/);
  });

  it('the editor guard leaves Arrow contributions to the database, and still weighs a table opened alone', () => {
    const files = [
      { name: 'c.feather', role: 'contributions' },
      { name: 'w.feather', role: 'weights' },
      { name: 'c.arrow', role: 'auto' },
    ];
    assert.deepEqual(
      refusableFiles(files).map((f) => f.name),
      ['w.feather', 'c.arrow'],
    );
  });
});

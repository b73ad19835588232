/**
 * Long contributions in a CSV file too large to read whole: DuckDB copies the file as typed
 * Parquet and the run is read by date from the copy. The same file read whole by the model's
 * own CSV reader is the yardstick: the same answers, the same diagnostics, the same message
 * (file, row, column) for a value that is not a number.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunInput } from '../../../src/cli/load';
import { copyCsvAsParquet, readCsvLayout } from '../../../src/duckdb/csvFiles';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { loadRun, type RunInput, type TableSource } from '../../../src/model/run/loadRun';
import { refusableFiles } from '../../../src/model/run/memoryEstimate';
import { NO_FILTERS } from '../../../src/model/types';
import { FileRunCache } from '../../../src/runCache/fileRunCache';
import { assertClose } from '../assertClose';
import { answer, assertAnswersAsWhole, assertSummaryAsWhole, cellsKind, everyQuery, load, quote, SAMPLE, wholeAndByDate, writeSampleRun } from './sampleRuns';
import { sharedConnection } from './testSource';


/**
 * The sample run's last 12 month-ends as one long CSV file in date order, with raw values
 * and the per-stock base value and score on every feature row, its stock ids quoted, its
 * contributions with spaces around some of them; or `;`-delimited with decimal commas.
 */
async function writeLongCsv(dir: string, name: string, dialect: 'comma' | 'semicolon'): Promise<void> {
  const db = await sharedConnection();
  const wide = `read_parquet(${quote(join(SAMPLE, 'out/contributions.parquet'))})`;
  const features = (await db.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${wide}) WHERE column_name NOT IN ('date', 'stock', 'base_value', 'score') AND column_name NOT LIKE '%\\_value' ESCAPE '\\'`)).columns[0] as string[];
  const last = `(SELECT DISTINCT date FROM ${wide} ORDER BY date DESC LIMIT 12)`;
  const rows = features.map((f) => `SELECT date, stock, base_value, score, ${quote(f)} AS feature, "${f}" AS contribution, "${f}_value" AS feature_value FROM ${wide} WHERE date IN ${last}`).join(' UNION ALL ');
  const path = join(dir, name);
  await db.run(`COPY (SELECT * FROM (${rows}) ORDER BY date, stock, feature) TO ${quote(path)} (HEADER, FORCE_QUOTE (stock))`);
  let text = readFileSync(path, 'utf8');
  // Spaces around a number are trimmed by either reader.
  text = text.replace(/,(-?0\.0012\d*),/g, ', $1 ,');
  if (dialect === 'semicolon') text = text.replace(/,/g, ';').replace(/(\d)\.(\d)/g, '$1,$2');
  writeFileSync(path, text);
  await writeSampleRun(dir, name, last);
}

/** A run of three rows of long contributions (header included) in `name`, with a manifest. */
function writeSmall(dir: string, name: string, text: string): RunInput {
  writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, `${name}.glassbox.json`), JSON.stringify({ contributions: name }));
  return readRunInput(join(dir, `${name}.glassbox.json`));
}

type Options = Parameters<typeof load>[1];

for (const dialect of ['comma', 'semicolon'] as const) {
  describe(`duckdb/long contributions in CSV read by date (${dialect})`, function () {
    this.timeout(120_000);
    const run = wholeAndByDate('glassbox-csv-by-date-', (dir) => writeLongCsv(dir, 'long.csv', dialect));

    it('reads the file whole by its own reader, and by date through a Parquet copy', () => {
      assert.equal(cellsKind(run.whole), 'memory');
      assert.equal(cellsKind(run.byDate), 'by-date');
    });

    it('gives the same summary and diagnostics as the file read whole', () => {
      assertSummaryAsWhole(run.byDate, run.whole);
      const [a, b] = [run.byDate.summary(), run.whole.summary()];
      assert.equal(a.hasFeatureValues, true);
      if (dialect === 'semicolon') assert.ok(a.diagnostics.some((d) => d.code === 'delimiter'), 'the delimiter is noted');
      assertClose(a.findings, b.findings);
    });

    it('answers every query kind as the file read whole does, on a past date with a filter and on the latest', async () => {
      await assertAnswersAsWhole(run.byDate, run.whole);
    });

    it('reopens from the run cache with its own copy of the Parquet file, without reading the CSV file again', async () => {
      const cacheDir = mkdtempSync(join(tmpdir(), 'glassbox-csv-cache-'));
      try {
        const cache = new FileRunCache({ dir: cacheDir, maxBytes: 2 ** 30, build: 'test' });
        const source = () => sharedConnection().then((db) => new DuckDbTableSource(db, { alwaysByDate: true }));
        const first = await loadRun({ ...run.input, options: { integrityTolerance: 1e-6 } }, await source(), undefined, cache);
        await cache.settled();
        await first.close();
        const folder = readdirSync(cacheDir).find((n) => n.endsWith('.cells')) as string;
        assert.deepEqual(readdirSync(join(cacheDir, folder)).sort(), ['file.parquet', 'keys.parquet'], 'the copy goes with the source that made it: the cache keeps its own');
        const inner = await source();
        const asked: string[] = [];
        const counting: TableSource = {
          read: (file) => (asked.push(file.name), inner.read(file)),
          readLongContributions: (file, ...rest) => (asked.push(file.name), inner.readLongContributions(file, ...rest)),
          reopenCells: (kept, at) => inner.reopenCells(kept, at),
        };
        const again = await loadRun({ ...run.input, options: { integrityTolerance: 1e-6 } }, counting, undefined, cache);
        try {
          assert.deepEqual(asked, []);
          rmSync(cacheDir, { recursive: true, force: true });
          const date = run.whole.summary().dates[5];
          for (const query of Object.values(everyQuery(date, 'AAON', 'mom_12_1', NO_FILTERS))) {
            assertClose(await answer(again, query), await answer(run.whole, query), `${query.kind} on ${date} after reopening`, 1e-12);
          }
        } finally {
          await again.close();
        }
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    });
  });
}

/**
 * The sample run's last 12 month-ends as a wide CSV file (a row per (date, stock), a column
 * per feature and raw value), in date order, with a text column (`note`, ignored), a column
 * of identifier codes with leading zeros past the first megabyte (`code`: ignored, as the
 * file read whole ignores it, though the first records hold numbers) and a weight column.
 */
async function writeWideCsv(dir: string): Promise<void> {
  const db = await sharedConnection();
  const wide = `read_parquet(${quote(join(SAMPLE, 'out/contributions.parquet'))})`;
  const last = `(SELECT DISTINCT date FROM ${wide} ORDER BY date DESC LIMIT 12)`;
  // `code`: plain numbers on the first date (the first megabyte), codes with leading zeros after.
  const first = `(SELECT min(date) FROM ${last})`;
  const code = `CASE WHEN date = ${first} THEN (1000000 + hash(stock) % 100000)::VARCHAR ELSE lpad((hash(stock) % 100000)::VARCHAR, 7, '0') END`;
  await db.run(`COPY (SELECT *, 'held by ' || stock AS note, ${code} AS code, 0.001 AS weight FROM ${wide} WHERE date IN ${last} ORDER BY date, stock)
                TO ${quote(join(dir, 'wide.csv'))} (HEADER)`);
  await writeSampleRun(dir, 'wide.csv', last);
}

describe('duckdb/wide contributions in CSV read by date', function () {
  this.timeout(120_000);
  const run = wholeAndByDate('glassbox-wide-csv-', (dir) => writeWideCsv(dir));

  it('gives the same summary, diagnostics and answers as the file read whole', async () => {
    assert.equal(cellsKind(run.whole), 'memory');
    assert.equal(cellsKind(run.byDate), 'by-date');
    assertSummaryAsWhole(run.byDate, run.whole);
    const [a, b] = [run.byDate.summary(), run.whole.summary()];
    assert.ok(a.diagnostics.some((d) => d.code === 'ignored-columns' && /note/.test(d.message) && /code/.test(d.message)), 'the text and code columns are left out');
    const date = b.dates[4];
    const filters = { ...NO_FILTERS, sectors: ['Industrials'] };
    const stock = run.whole.stocks(date, filters).rows.find((r) => r.weight > 0)?.stock as string;
    for (const query of Object.values(everyQuery(date, stock, 'mom_12_1', filters))) {
      assertClose(await answer(run.byDate, query), await answer(run.whole, query), `${query.kind} on ${date}`, 1e-12);
    }
  });

  it('names the row of a word in a feature column, or in a per-stock number, as the file read whole does', async () => {
    const text = readFileSync(join(run.dir, 'wide.csv'), 'utf8').split('\n');
    const header = text[0].split(',');
    const plant = (name: string, column: string, row: number, value: string) => {
      const lines = [...text];
      const fields = lines[row].split(',');
      fields[header.indexOf(column)] = value;
      lines[row] = fields.join(',');
      writeFileSync(join(run.dir, name), lines.join('\n'));
      writeFileSync(join(run.dir, `${name}.glassbox.json`), JSON.stringify({ contributions: name, weights: 'weights.csv' }));
      return readRunInput(join(run.dir, `${name}.glassbox.json`));
    };
    for (const [name, column, row, value] of [
      ['broken-feature.csv', 'mom_12_1', 9000, 'n/a'],
      ['broken-score.csv', 'score', 7001, 'high'],
    ] as const) {
      const input = plant(name, column, row, value);
      const failure = async (options: Options) => {
        try {
          await (await load(input, options)).close();
        } catch (error) {
          return error as Error & { row?: number; column?: string };
        }
        throw new Error(`${name}: the run loaded`);
      };
      const [read, copied] = [await failure({}), await failure({ alwaysByDate: true })];
      assert.equal(copied.message, read.message, name);
      assert.equal(copied.row, row, name);
      assert.equal(copied.column, column, name);
    }
  });
});

describe('duckdb/long contributions in CSV read by date: bad input, budget', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-csv-odd-'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The error loading `input` gives, read whole and read by date. */
  async function errors(input: RunInput): Promise<[Error & { row?: number; column?: string }, Error & { row?: number; column?: string }]> {
    const failure = async (options: Options) => {
      try {
        await (await load(input, options)).close();
      } catch (error) {
        return error as Error;
      }
      throw new Error(`${JSON.stringify(options)}: the run loaded`);
    };
    return [await failure({}), await failure({ alwaysByDate: true })];
  }

  it('names the row and column of a value that is not a number as the file read whole names it, a quoted newline counted as one row', async () => {
    const header = 'date,stock,feature,contribution,sector\n';
    const input = writeSmall(dir, 'word.csv', `${header}2024-01-31,AAA,f1,0.1,"Tech\nand more"\n2024-01-31,AAA,f2,0.2,Tech\n2024-01-31,BBB,f1,0.5,Fin\n2024-01-31,BBB,f2,n/a,Fin\n`);
    const [read, copied] = await errors(input);
    assert.equal(copied.message, read.message);
    assert.equal(copied.row, 4);
    assert.equal(read.row, 4);
    assert.match(copied.message, /word\.csv, row 4, column 'contribution': 'n\/a' is not a number/);
  });

  it('names a decimal comma in a comma file only where the column has no other stray value', async () => {
    const header = 'date,stock,feature,contribution\n';
    const comma = writeSmall(dir, 'comma.csv', `${header}2024-01-31,AAA,f1,"0,1"\n2024-01-31,AAA,f2,0.2\n2024-01-31,BBB,f1,oops\n2024-01-31,BBB,f2,0.4\n`);
    const [read, copied] = await errors(comma);
    assert.equal(copied.message, read.message);
    assert.equal(copied.row, 3);
    const onlyComma = writeSmall(dir, 'only-comma.csv', `${header}2024-01-31,AAA,f1,0.1\n2024-01-31,AAA,f2,"0,2"\n2024-01-31,BBB,f1,0.3\n2024-01-31,BBB,f2,0.4\n`);
    const [read2, copied2] = await errors(onlyComma);
    assert.equal(copied2.message, read2.message);
    assert.equal(copied2.row, 2);
  });

  it('copies every row in the order of the file (the rows messages name), where a parallel scan swaps blocks', async () => {
    const db = await sharedConnection();
    const path = join(dir, 'order.csv');
    await db.run(`COPY (SELECT i AS id, 'note ' || (i % 97) AS note, (i % 1000) / 7 AS contribution FROM range(1500000) t(i)) TO ${quote(path)} (HEADER, FORCE_QUOTE (note))`);
    const { layout } = readCsvLayout(path, 'order.csv');
    const target = join(dir, 'order.parquet');
    await copyCsvAsParquet(db, path, 'order.csv', layout, new Set(['id', 'contribution']), target);
    const result = await db.query(`SELECT count(*) FILTER (WHERE id <> file_row_number)::DOUBLE AS moved, count(*)::DOUBLE AS n, current_setting('threads')::DOUBLE AS threads FROM read_parquet(${quote(target)}, file_row_number = true)`);
    assert.deepEqual(
      result.names.map((name, i) => [name, (result.columns[i] as Float64Array)[0]]),
      [
        ['moved', 0],
        ['n', 1_500_000],
        ['threads', 2],
      ],
    );
  });

  it('reads a wide file keyed by digits-only stock ids and yyyymmdd dates as the file read whole does (keys stay text)', async () => {
    const rows = ['date,stock,f1,f2'];
    for (const date of ['20240131', '20240229']) for (const [stock, a, b] of [['10001', 0.1, 0.2], ['10002', 0.3, 0.4]] as const) rows.push(`${date},${stock},${a},${b}`);
    writeFileSync(join(dir, 'digits.csv'), `${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'digits-weights.csv'), 'date,stock,weight\n2024-01-31,10001,0.7\n2024-01-31,10002,0.3\n2024-02-29,10001,0.7\n2024-02-29,10002,0.3\n');
    writeFileSync(join(dir, 'digits.glassbox.json'), JSON.stringify({ contributions: 'digits.csv', weights: 'digits-weights.csv' }));
    const input = readRunInput(join(dir, 'digits.glassbox.json'));
    const [whole, byDate] = [await load(input, {}), await load(input, { alwaysByDate: true })];
    try {
      assert.equal(cellsKind(byDate), 'by-date');
      assert.deepEqual(byDate.summary().dates, ['2024-01-31', '2024-02-29']);
      assert.deepEqual(byDate.summary().diagnostics.map((d) => d.code), whole.summary().diagnostics.map((d) => d.code));
      assertClose(await answer(byDate, { kind: 'stocks', date: '2024-02-29', filters: NO_FILTERS }), await answer(whole, { kind: 'stocks', date: '2024-02-29', filters: NO_FILTERS }), 'stocks', 1e-12);
    } finally {
      await byDate.close();
    }
  });

  it('reads short records, lines of blanks, padded numbers and CR line ends as the file read whole does', async () => {
    const lines = (last: string) =>
      [
        '\r\rdate,stock,feature,contribution',
        '2024-01-31,AAA,f1,0.1',
        '2024-01-31,AAA,f2',
        '   ',
        '2024-01-31,BBB,f1,\u00a00.5\u00a0',
        '2024-01-31,BBB,f2,0.25',
        '2024-02-29,AAA,f1,0.2',
        '2024-02-29,AAA,f2,0.3',
        '2024-02-29,BBB,f1,0.4',
        `2024-02-29,BBB,f2,${last}`,
      ].join('\r');
    const input = writeSmall(dir, 'odd-lines.csv', lines('0.6'));
    const [whole, byDate] = [await load(input, {}), await load(input, { alwaysByDate: true })];
    try {
      assert.equal(cellsKind(byDate), 'by-date');
      // The note counting skipped blank lines is the whole read's alone (counting them would take a scan).
      const codes = (engine: PanelEngine) => engine.summary().diagnostics.filter((d) => d.code !== 'blank-lines').map((d) => [d.code, d.count]);
      assert.deepEqual(codes(byDate), codes(whole));
      for (const date of ['2024-01-31', '2024-02-29']) {
        for (const query of Object.values(everyQuery(date, 'BBB', 'f1', NO_FILTERS))) assertClose(await answer(byDate, query), await answer(whole, query), `${query.kind} on ${date}`, 1e-12);
      }
    } finally {
      await byDate.close();
    }
    // The blank line is no row: the last record is row 8 either way.
    const [read, copied] = await errors(writeSmall(dir, 'odd-word.csv', lines('n/a')));
    assert.equal(copied.message, read.message);
    assert.equal(copied.row, 8);
  });

  it('says what it cannot read: lines ending both ways, a header without rows', async () => {
    const mixed = writeSmall(dir, 'mixed.csv', 'date,stock,feature,contribution\n2024-01-31,AAA,f1,0.1\r\n2024-01-31,AAA,f2,0.2\r2024-01-31,BBB,f1,0.3\n');
    await assert.rejects(load(mixed, { alwaysByDate: true }), /mixed\.csv: the file is too large to read whole here.*one kind of line ending/);
    const [read, copied] = await errors(writeSmall(dir, 'header.csv', 'date,stock,feature,contribution\n'));
    assert.equal(copied.message, read.message);
  });

  it('names the line of a record with too many fields, with the fix', async () => {
    const input = writeSmall(dir, 'fields.csv', 'date,stock,feature,contribution\n2024-01-31,AAA,f1,0.1\n2024-01-31,AAA,f2,0.2,9\n');
    const [, copied] = await errors(input);
    assert.match(copied.message, /^fields\.csv, line 3: .*Expected Number of Columns: 4 Found: 5.*Check the quoting/);
  });

  it('refuses text that is not UTF-8 with the fix, and reads it whole when it fits', async () => {
    const bytes = Buffer.from('date,stock,feature,contribution\n2024-01-31,ABC\xe9,f1,0.1\n2024-01-31,ABC\xe9,f2,0.2\n', 'latin1');
    writeFileSync(join(dir, 'latin.csv'), bytes);
    writeFileSync(join(dir, 'latin.csv.glassbox.json'), JSON.stringify({ contributions: 'latin.csv' }));
    const input = readRunInput(join(dir, 'latin.csv.glassbox.json'));
    await assert.rejects(load(input, { alwaysByDate: true }), /latin\.csv: 1 MB of text that is not UTF-8.*Re-save it as UTF-8/);
    const engine = await load(input, {});
    assert.deepEqual(engine.summary().features.map((f) => f.name), ['f1', 'f2']);
    await engine.close();
  });

  it('reads a long CSV file past the memory budget by date instead of refusing it; the editor no longer refuses it by its size', async () => {
    const rows = ['date,stock,feature,contribution'];
    for (let d = 1; d <= 3; d++) for (const s of ['AAA', 'BBB', 'CCC']) for (const f of ['f1', 'f2']) rows.push(`2024-0${d}-15,${s},${f},${(d + s.charCodeAt(0) / 100) * (f === 'f1' ? 1 : -0.5)}`);
    const input = writeSmall(dir, 'budget.csv', `${rows.join('\n')}\n`);
    // A budget smaller than the file's estimate (3 bytes of memory per byte of text).
    const engine = await load(input, { memoryBudgetMB: 0.0001 });
    try {
      assert.equal(cellsKind(engine), 'by-date');
      const whole = await load(input, {});
      assert.deepEqual(engine.summary().dates, ['2024-01-15', '2024-02-15', '2024-03-15']);
      for (const query of Object.values(everyQuery('2024-02-15', 'BBB', 'f1', NO_FILTERS))) {
        assertClose(await answer(engine, query), await answer(whole, query), query.kind, 1e-12);
      }
    } finally {
      await engine.close();
    }
    const files = [
      { name: 'out/contributions.csv', size: 1, role: 'contributions' as const },
      { name: 'out/weights.csv', size: 1, role: 'weights' as const },
      { name: 'out/long.parquet', size: 1, role: 'contributions' as const },
      { name: 'alone.csv', size: 1, role: 'auto' as const },
    ];
    assert.deepEqual(refusableFiles(files).map((f) => f.name), ['out/weights.csv', 'alone.csv'], 'a table opened alone is read whole');
  });
});

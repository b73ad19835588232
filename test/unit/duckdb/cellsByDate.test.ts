/**
 * Long contributions read by date (a run with more cells than the memory budget holds): the
 * database sums each row per factor at open and a view's date is read when asked for. The
 * same file read whole into memory is the yardstick: every query kind must give the same
 * answer to rounding, and every diagnostic the same count.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunInput } from '../../../src/cli/load';
import { consecutiveRuns } from '../../../src/duckdb/cellsByDate';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import { attribution, attributionHeld } from '../../../src/model/attribution/attribution';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { CellsNotHeldError } from '../../../src/model/errors';
import { HELD_DATES } from '../../../src/model/run/dateStore';
import { readRun, loadRun, type RunInput, type TableSource } from '../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../src/model/types';
import { FileRunCache } from '../../../src/runCache/fileRunCache';
import { answerHeldQuery } from '../../../src/worker/answerQuery';
import { assertClose } from '../assertClose';
import { answer, assertAnswersAsWhole, assertSummaryAsWhole, everyQuery, quote, SAMPLE, writeSampleRun } from './sampleRuns';
import { sharedConnection } from './testSource';


/** A source over the shared database that reads long contributions by date, or whole. */
async function source(byDate: boolean): Promise<DuckDbTableSource> {
  return new DuckDbTableSource(await sharedConnection(), { alwaysByDate: byDate });
}

/**
 * The sample run's last 12 month-ends as one long Parquet file, rows shuffled (a file not in
 * date order, the hard case) in small row groups, with raw values and the per-stock base
 * value and score repeated on every feature row; its weights for the same dates.
 */
async function writeLongSample(dir: string): Promise<void> {
  const db = await sharedConnection();
  const wide = `read_parquet(${quote(join(SAMPLE, 'out/contributions.parquet'))})`;
  const features = (await db.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${wide}) WHERE column_name NOT IN ('date', 'stock', 'base_value', 'score') AND column_name NOT LIKE '%\\_value' ESCAPE '\\'`)).columns[0] as string[];
  const last = `(SELECT DISTINCT date FROM ${wide} ORDER BY date DESC LIMIT 12)`;
  const rows = features.map((f) => `SELECT date, stock, base_value, score, ${quote(f)} AS feature, "${f}" AS contribution, "${f}_value" AS feature_value FROM ${wide} WHERE date IN ${last}`).join(' UNION ALL ');
  await db.run(`COPY (SELECT * FROM (${rows}) ORDER BY hash(date, stock, feature)) TO ${quote(join(dir, 'long.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
  await writeSampleRun(dir, 'long.parquet', last);
}

/**
 * The sample run's last 12 month-ends as the wide Parquet file it ships as (a row per
 * (date, stock), a column per feature, `<feature>_value` raw values), in small row groups,
 * in date order or shuffled. ep_fy1 loses its raw values (a feature without them beside
 * features with them), and the file gains a text column (`note`, ignored) and a weight
 * column (the weights file's), each noted as the file read whole notes them.
 */
async function writeWideSample(dir: string, order: 'sorted' | 'shuffled'): Promise<void> {
  const db = await sharedConnection();
  const wide = `read_parquet(${quote(join(SAMPLE, 'out/contributions.parquet'))})`;
  const last = `(SELECT DISTINCT date FROM ${wide} ORDER BY date DESC LIMIT 12)`;
  const by = order === 'sorted' ? 'date, stock' : 'hash(date, stock)';
  await db.run(`COPY (SELECT * EXCLUDE (ep_fy1_value), 'held by ' || stock AS note, 0.001 AS weight FROM ${wide} WHERE date IN ${last} ORDER BY ${by})
                TO ${quote(join(dir, 'wide.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 512)`);
  await writeSampleRun(dir, 'wide.parquet', last);
}

async function load(input: RunInput, byDate: boolean): Promise<PanelEngine> {
  return loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, await source(byDate));
}

/**
 * Opens `input` by date into an empty run cache in `cacheDir`, closes it once kept, and
 * opens it again from the cache through a source that counts the files it is asked to read.
 */
async function reopened(input: RunInput, cacheDir: string): Promise<{ engine: PanelEngine; asked: string[]; kept: string[] }> {
  const cache = new FileRunCache({ dir: cacheDir, maxBytes: 2 ** 30, build: 'test' });
  const first = await loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, await source(true), undefined, cache);
  await cache.settled();
  await first.close();
  const cells = readdirSync(cacheDir).find((n) => n.endsWith('.cells'));
  const kept = cells ? readdirSync(join(cacheDir, cells)).sort() : [];
  const inner = await source(true);
  const asked: string[] = [];
  const counting: TableSource = {
    read: (file) => (asked.push(file.name), inner.read(file)),
    readLongContributions: (file, ...rest) => (asked.push(file.name), inner.readLongContributions(file, ...rest)),
    reopenCells: (k, dir) => inner.reopenCells(k, dir),
  };
  return { engine: await loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, counting, undefined, cache), asked, kept };
}

describe('duckdb/long contributions read by date', function () {
  this.timeout(120_000);
  let dir: string;
  let input: RunInput;
  let inMemory: PanelEngine;
  let byDate: PanelEngine;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-by-date-'));
    await writeLongSample(dir);
    input = readRunInput(join(dir, 'run.glassbox.json'));
    inMemory = await load(input, false);
    byDate = await load(input, true);
  });

  after(async () => {
    await byDate?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds a handful of dates at most after open (the stability gate read every date, a few at a time)', () => {
    const panel = (byDate as unknown as { panel: { cells: { kind: string; held: Map<number, unknown>; pins: Map<number, number> } } }).panel;
    assert.equal(panel.cells.kind, 'by-date');
    assert.ok(panel.cells.held.size <= HELD_DATES, `${panel.cells.held.size} dates held`);
    assert.equal(panel.cells.pins.size, 0);
  });

  it('copies a file not sorted by date once, sorted, so that a date is read from its own row groups; drops the copy with the run', async () => {
    const db = await sharedConnection();
    const copies = async () => (await db.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'glassbox\\_%\\_rows' ESCAPE '\\'")).columns[0] as string[];
    assert.equal((await copies()).length, 1, 'the shuffled sample is copied');
    const other = await load(input, true);
    assert.equal((await copies()).length, 2);
    await other.close();
    assert.equal((await copies()).length, 1, 'closing a run drops its copy');
  });

  it('gives the same summary and diagnostics as the file read whole', () => {
    const a = byDate.summary();
    const b = inMemory.summary();
    assert.deepEqual(a.dates, b.dates);
    assert.deepEqual(a.features, b.features);
    assert.equal(a.contributionCount, b.contributionCount);
    assert.equal(a.hasFeatureValues, true);
    assert.deepEqual(
      a.diagnostics.map((d) => [d.code, d.count]),
      b.diagnostics.map((d) => [d.code, d.count]),
    );
    assertClose(a.findings, b.findings);
  });

  it('answers every query kind as the file read whole does, on a past date with a filter and without', async () => {
    await assertAnswersAsWhole(byDate, inMemory);
  });

  it('reopens from the run cache without reading the file whole or summing it again, and answers as before', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'glassbox-by-date-cache-'));
    try {
      const { engine, asked, kept } = await reopened(input, cacheDir);
      try {
        assert.equal(asked.length, 0, `no file is read to open the run again: ${asked.join(', ')}`);
        // The shuffled sample's sorted copy is kept with the keys: the sort is not made again.
        assert.deepEqual(kept, ['keys.parquet', 'rows.parquet']);
        // The cache may let its files go while the run reads: the run reads its own copy.
        rmSync(cacheDir, { recursive: true, force: true });
        assert.deepEqual(engine.summary().diagnostics.map((d) => d.code), byDate.summary().diagnostics.map((d) => d.code));
        await assertAnswersAsWhole(engine, inMemory);
      } finally {
        await engine.close();
      }

      // A source that cannot reopen the reader reads the run anew.
      const cache = new FileRunCache({ dir: cacheDir, maxBytes: 2 ** 30, build: 'test' });
      const first = await loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, await source(true), undefined, cache);
      await cache.settled();
      await first.close();
      const inner = await source(true);
      const read: string[] = [];
      const plain: TableSource = { read: (file) => (read.push(file.name), inner.read(file)), readLongContributions: (file, ...rest) => (read.push(file.name), inner.readLongContributions(file, ...rest)) };
      const anew = await loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, plain, undefined, cache);
      await anew.close();
      assert.ok(read.includes('long.parquet'), read.join(', '));
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('keeps a handful of dates after their queries, and reads a date let go again when asked', async () => {
    const dates = inMemory.summary().dates;
    for (const date of dates) await answerHeldQuery(byDate, { kind: 'stocks', date, filters: NO_FILTERS });
    const cells = (byDate as unknown as { panel: { cells: { held: Map<number, unknown>; pins: Map<number, number> } } }).panel.cells;
    assert.equal(cells.held.size, Math.min(HELD_DATES, dates.length));
    assert.equal(cells.pins.size, 0, 'no date stays pinned once its query is answered');
    assertClose(await answerHeldQuery(byDate, { kind: 'stocks', date: dates[0], filters: NO_FILTERS }), inMemory.stocks(dates[0], NO_FILTERS), dates[0], 1e-12);
    assert.throws(() => byDate.stocks(dates[1], NO_FILTERS), CellsNotHeldError, 'a date neither held nor asked for through the store is an error, never zeros');
  });

  it('sums attribution by feature over every date a few dates at a time (glassbox attribution --by feature --date all)', async () => {
    const { run: heldRun } = await readRun(input, await source(true));
    const { run: wholeRun } = await readRun(input, await source(false));
    try {
      const options = { by: ['date', 'feature'] as const, weight: 'active' as const, date: 'all' };
      const held = await attributionHeld(heldRun.panel, { ...options, by: [...options.by] });
      const whole = attribution(wholeRun.panel, { ...options, by: [...options.by] });
      assert.equal(held.size, whole.size);
      assertClose(held, whole, 'attribution', 1e-12);
      assert.throws(() => attribution(heldRun.panel, { ...options, by: [...options.by] }), CellsNotHeldError);
    } finally {
      if (heldRun.panel.cells.kind === 'by-date') await heldRun.panel.cells.reader.close();
    }
  });

  it('turns date numbers into consecutive runs, one scan each', () => {
    assert.deepEqual(consecutiveRuns([0, 1, 2, 5, 7, 8]), [
      [0, 2],
      [5, 5],
      [7, 8],
    ]);
    assert.deepEqual(consecutiveRuns([]), []);
  });
});

for (const order of ['sorted', 'shuffled'] as const) {
  describe(`duckdb/wide contributions read by date (${order} by date)`, function () {
    this.timeout(120_000);
    let dir: string;
    let input: RunInput;
    let inMemory: PanelEngine;
    let byDate: PanelEngine;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'glassbox-wide-by-date-'));
      await writeWideSample(dir, order);
      input = readRunInput(join(dir, 'run.glassbox.json'));
      inMemory = await load(input, false);
      byDate = await load(input, true);
    });

    after(async () => {
      await byDate?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('reads the cells by date, from a sorted copy only when the file is not in date order', async () => {
      const panel = (byDate as unknown as { panel: { cells: { kind: string } } }).panel;
      assert.equal(panel.cells.kind, 'by-date');
      const copies = (await (await sharedConnection()).query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'glassbox\\_%\\_rows' ESCAPE '\\'")).columns[0] as string[];
      assert.equal(copies.length, order === 'sorted' ? 0 : 1);
    });

    it('gives the same summary and diagnostics as the file read whole', () => {
      assertSummaryAsWhole(byDate, inMemory);
      const [a, b] = [byDate.summary(), inMemory.summary()];
      assert.equal(a.hasFeatureValues, true);
      const codes = a.diagnostics.map((d) => d.code);
      assert.ok(codes.includes('weight-in-contributions') && codes.includes('ignored-columns'), codes.join(', '));
      assertClose(a.findings, b.findings);
    });

    it('answers every query kind as the file read whole does, on a past date with a filter and on the latest', async () => {
      // ep_fy1 has no raw values in this file, mom_12_1 has.
      await assertAnswersAsWhole(byDate, inMemory, ['mom_12_1', 'ep_fy1']);
    });

    it('reopens from the run cache (the sorted copy kept when the file is not in date order) and answers as the file read whole', async () => {
      const cacheDir = mkdtempSync(join(tmpdir(), 'glassbox-wide-cache-'));
      try {
        const { engine, asked, kept } = await reopened(input, cacheDir);
        try {
          assert.equal(asked.length, 0, asked.join(', '));
          assert.deepEqual(kept, order === 'sorted' ? ['keys.parquet'] : ['keys.parquet', 'rows.parquet']);
          rmSync(cacheDir, { recursive: true, force: true });
          const date = inMemory.summary().dates[3];
          const filters = { ...NO_FILTERS, sectors: ['Financials', 'Health Care'] };
          const stock = inMemory.stocks(date, filters).rows.find((r) => r.weight > 0)?.stock as string;
          for (const feature of ['mom_12_1', 'ep_fy1']) {
            for (const query of Object.values(everyQuery(date, stock, feature, filters))) {
              assertClose(await answer(engine, query), await answer(inMemory, query), `${query.kind} (${feature}) on ${date}`, 1e-12);
            }
          }
        } finally {
          await engine.close();
        }
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    });
  });
}

describe('duckdb/wide contributions read by date: rows repeated, cells not finite, limits', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-wide-by-date-odd-'));
    const db = await sharedConnection();
    // 3 dates x 5 stocks x 4 features in 2 factors, f1 and f2 with raw values; BBB's f2 is NaN and
    // CCC's f1 NULL on the second date; DDD's row repeats on the last date (the first row is
    // the one every reader keeps, the repeat's f4 is 0.75); f3 has no number at all.
    await db.run(`COPY (SELECT * FROM (
        SELECT d.date, s.stock, 0.01 AS base_value,
               CASE WHEN s.stock = 'CCC' AND d.date = DATE '2024-02-29' THEN NULL ELSE (hash(d.date, s.stock, 1) % 1000) / 1e4 - 0.05 END AS f1,
               CASE WHEN s.stock = 'BBB' AND d.date = DATE '2024-02-29' THEN 'NaN'::DOUBLE ELSE (hash(d.date, s.stock, 2) % 1000) / 1e4 - 0.05 END AS f2,
               NULL::DOUBLE AS f3, (hash(d.date, s.stock, 4) % 1000) / 1e4 - 0.05 AS f4,
               (hash(d.date, s.stock) % 100)::DOUBLE AS f1_value, (hash(d.date, s.stock) % 10)::DOUBLE AS f2_value
        FROM (VALUES (DATE '2024-01-31'), (DATE '2024-02-29'), (DATE '2024-03-28')) d(date),
             (VALUES ('AAA'), ('BBB'), ('CCC'), ('DDD'), ('EEE')) s(stock)
        UNION ALL SELECT DATE '2024-03-28', 'DDD', 0.01, 0.1, 0.2, NULL, 0.75, 7, 8)
        ORDER BY date, stock, f4 = 0.75) TO ${quote(join(dir, 'wide.parquet'))} (FORMAT parquet)`);
    await db.run(`COPY (SELECT DISTINCT date, stock, 0.2 AS weight FROM read_parquet(${quote(join(dir, 'wide.parquet'))})) TO ${quote(join(dir, 'weights.csv'))} (HEADER)`);
    writeFileSync(join(dir, 'run.glassbox.json'), JSON.stringify({ name: 'odd', contributions: 'wide.parquet', weights: 'weights.csv', factors: { a: ['f1', 'f2'], b: ['f3', 'f4'] } }));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts and keeps them as the file read whole does', async () => {
    const input = readRunInput(join(dir, 'run.glassbox.json'));
    const whole = await load(input, false);
    const held = await load(input, true);
    try {
      const diagnostics = (e: PanelEngine) => e.summary().diagnostics.map((d) => [d.code, d.count, d.message]);
      assert.deepEqual(diagnostics(held), diagnostics(whole));
      const find = (code: string) => held.summary().diagnostics.find((d) => d.code === code);
      assert.equal(find('non-finite-contribution')?.count, 15 + 2, 'f3 on every row, the NaN and the NULL');
      assert.equal(find('duplicate-keys')?.count, 1);
      assert.match(find('duplicate-keys')?.message ?? '', /2024-03-28, DDD \(row 15\)/);
      assert.equal(find('empty-feature')?.example, 'f3');
      for (const date of whole.summary().dates) {
        for (const query of Object.values(everyQuery(date, 'DDD', 'f1', NO_FILTERS))) {
          assertClose(await answer(held, query), await answer(whole, query), `${query.kind} on ${date}`, 1e-12);
        }
      }
      const ddd = (await answerHeldQuery(held, { kind: 'stock', date: '2024-03-28', stock: 'DDD', filters: NO_FILTERS })) as { contributions: { feature: string; contribution: number }[] };
      assert.notEqual(ddd.contributions.find((c) => c.feature === 'f4')?.contribution, 0.75, 'the repeated row is dropped, the first kept');
    } finally {
      await held.close();
    }
  });

  it('reopens from the run cache keeping the first row of a repeated key, as the first open did', async () => {
    const input = readRunInput(join(dir, 'run.glassbox.json'));
    const whole = await load(input, false);
    const cacheDir = mkdtempSync(join(tmpdir(), 'glassbox-wide-odd-cache-'));
    const { engine, asked } = await reopened(input, cacheDir);
    try {
      assert.equal(asked.length, 0, asked.join(', '));
      assert.deepEqual(engine.summary().diagnostics.map((d) => [d.code, d.count, d.message]), whole.summary().diagnostics.map((d) => [d.code, d.count, d.message]));
      for (const query of Object.values(everyQuery('2024-03-28', 'DDD', 'f1', NO_FILTERS))) {
        assertClose(await answer(engine, query), await answer(whole, query), `${query.kind}`, 1e-12);
      }
    } finally {
      await engine.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('names the file row of a date that is not a date', async () => {
    const db = await sharedConnection();
    await db.run(`COPY (SELECT * FROM (VALUES ('2024-01-31', 'AAA', 0.1, 0.2), ('2024-01-31', 'BBB', 0.2, 0.3), ('last Friday', 'CCC', 0.3, 0.4)) t(date, stock, f1, f2)) TO ${quote(join(dir, 'bad-date.parquet'))} (FORMAT parquet)`);
    writeFileSync(join(dir, 'bad-date.glassbox.json'), JSON.stringify({ contributions: 'bad-date.parquet' }));
    const input = readRunInput(join(dir, 'bad-date.glassbox.json'));
    const named = (error: Error & { row?: number }) => /bad-date\.parquet/.test(error.message) && /last Friday/.test(error.message) && error.row === 3;
    await assert.rejects(load(input, true), named);
    await assert.rejects(load(input, false), named);
  });

  it('decides text columns as the file read whole does: codes and words ignored, numbers stored as text read whole (past the budget, refused)', async () => {
    const db = await sharedConnection();
    const write = async (name: string, text: string) => {
      await db.run(`COPY (SELECT DATE '2024-01-31' + INTERVAL (i % 3) MONTH AS date, 'S' || (i // 3) AS stock, i / 100 AS f1, ${text} AS t FROM range(30) r(i)) TO ${quote(join(dir, name))} (FORMAT parquet)`);
      writeFileSync(join(dir, `${name}.glassbox.json`), JSON.stringify({ contributions: name }));
      return readRunInput(join(dir, `${name}.glassbox.json`));
    };
    for (const [name, text] of [
      ['sedol.parquet', `lpad((i // 3)::VARCHAR, 7, '0')`],
      ['words.parquet', `CASE WHEN i % 4 = 0 THEN '12' ELSE 'note ' || i END`],
    ]) {
      const input = await write(name, text);
      const held = await load(input, true);
      try {
        assert.equal((held as unknown as { panel: { cells: { kind: string } } }).panel.cells.kind, 'by-date', name);
        const diagnostics = (e: PanelEngine) => e.summary().diagnostics.map((d) => [d.code, d.count, d.message]);
        assert.deepEqual(diagnostics(held), diagnostics(await load(input, false)), name);
        assert.deepEqual(held.summary().features.map((f) => f.name), ['f1']);
      } finally {
        await held.close();
      }
    }
    const asText = await write('as-text.parquet', `(i / 7)::VARCHAR`);
    const whole = await load(asText, true);
    assert.equal((whole as unknown as { panel: { cells: { kind: string } } }).panel.cells.kind, 'memory', 'a feature stored as text is read whole');
    assert.deepEqual(whole.summary().features.map((f) => f.name), ['f1', 't']);
    const tight = new DuckDbTableSource(await sharedConnection(), { memoryBudgetMB: 0.0001 });
    await assert.rejects(loadRun(asText, tight), /as-text\.parquet: 30 rows x 4 columns would need about 1 MB of memory once decoded, above the limit/);
    // A word among numbers: past the budget, a scan of the column names its row as the file read whole does.
    const broken = await write('broken.parquet', `CASE WHEN i = 17 THEN 'n/a' ELSE (i / 7)::VARCHAR END`);
    const message = async (loading: Promise<PanelEngine>) => {
      try {
        await (await loading).close();
      } catch (error) {
        return [(error as Error).message, (error as { row?: number }).row];
      }
      throw new Error('the run loaded');
    };
    const whole18 = await message(load(broken, false));
    assert.match(String(whole18[0]), /broken\.parquet.*row 18.*'t'/);
    assert.deepEqual(await message(loadRun(broken, tight)), whole18);
  });

  it('reads a wide file past the memory budget by date instead of refusing it', async () => {
    const input = readRunInput(join(dir, 'run.glassbox.json'));
    const tight = await loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(await sharedConnection(), { memoryBudgetMB: 0.0001 }));
    try {
      assert.equal((tight as unknown as { panel: { cells: { kind: string } } }).panel.cells.kind, 'by-date');
      const whole = await load(input, false);
      assertClose(tight.summary().findings, whole.summary().findings);
    } finally {
      await tight.close();
    }
  });
});

describe('duckdb/long contributions read by date: cells missing, not finite or repeated', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-by-date-odd-'));
    const db = await sharedConnection();
    // 3 dates x 5 stocks x 4 features in 2 factors; AAA lacks f3 on the first date, BBB's f2
    // is NaN and CCC's f1 NULL on the second; DDD's f4 repeats on the last date (the first
    // row, 0.5, is the one every reader keeps).
    await db.run(`COPY (
        SELECT * FROM (
          SELECT d.date, s.stock, f.feature, (hash(d.date, s.stock, f.feature) % 1000) / 1e4 - 0.05 AS contribution, 0.01 AS base_value
          FROM (VALUES (DATE '2024-01-31'), (DATE '2024-02-29'), (DATE '2024-03-28')) d(date),
               (VALUES ('AAA'), ('BBB'), ('CCC'), ('DDD'), ('EEE')) s(stock),
               (VALUES ('f1'), ('f2'), ('f3'), ('f4')) f(feature)
          WHERE NOT (d.date = DATE '2024-01-31' AND s.stock = 'AAA' AND f.feature = 'f3'))
        ORDER BY date, stock, feature) TO ${quote(join(dir, 'clean.parquet'))} (FORMAT parquet)`);
    await db.run(`COPY (
        SELECT date, stock, feature,
               CASE WHEN stock = 'BBB' AND feature = 'f2' AND date = DATE '2024-02-29' THEN 'NaN'::DOUBLE
                    WHEN stock = 'CCC' AND feature = 'f1' AND date = DATE '2024-02-29' THEN NULL ELSE contribution END AS contribution, base_value
        FROM read_parquet(${quote(join(dir, 'clean.parquet'))})
        UNION ALL SELECT DATE '2024-03-28', 'DDD', 'f4', 0.75, 0.01) TO ${quote(join(dir, 'long.parquet'))} (FORMAT parquet)`);
    await db.run(`COPY (SELECT DISTINCT date, stock, 0.2 AS weight FROM read_parquet(${quote(join(dir, 'clean.parquet'))})) TO ${quote(join(dir, 'weights.csv'))} (HEADER)`);
    writeFileSync(join(dir, 'run.glassbox.json'), JSON.stringify({ name: 'odd', contributions: 'long.parquet', weights: 'weights.csv', factors: { a: ['f1', 'f2'], b: ['f3', 'f4'] } }));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts and keeps them as the file read whole does', async () => {
    const input = readRunInput(join(dir, 'run.glassbox.json'));
    const whole = await load(input, false);
    const held = await load(input, true);
    try {
      const codes = (e: PanelEngine) => e.summary().diagnostics.map((d) => [d.code, d.count]);
      assert.deepEqual(codes(held), codes(whole));
      const nonFinite = held.summary().diagnostics.find((d) => d.code === 'non-finite-contribution');
      assert.equal(nonFinite?.count, 3, 'the missing cell, the NaN and the NULL');
      assert.equal(held.summary().diagnostics.find((d) => d.code === 'duplicate-keys')?.count, 1);
      for (const date of whole.summary().dates) {
        for (const query of Object.values(everyQuery(date, 'DDD', 'f4', NO_FILTERS))) {
          assertClose(await answer(held, query), await answer(whole, query), `${query.kind} on ${date}`, 1e-12);
        }
      }
      const copies = (await (await sharedConnection()).query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'glassbox\\_%\\_rows' ESCAPE '\\'")).columns[0] as string[];
      assert.deepEqual(copies, [], 'a file sorted by date is read where it lies');
      const ddd = (await answerHeldQuery(held, { kind: 'stock', date: '2024-03-28', stock: 'DDD', filters: NO_FILTERS })) as { contributions: { feature: string; contribution: number }[] };
      assert.notEqual(ddd.contributions.find((c) => c.feature === 'f4')?.contribution, 0.75, 'the repeat is dropped, the first row kept');
    } finally {
      await held.close();
    }
  });

  it('reads a long file sorted by date in small row groups by date once it has more cells than one pivot query holds, though it fits; others whole', async () => {
    const db = await sharedConnection();
    // 3 dates x 1,000 stocks x 4 features (12,000 cells) in row groups of 2,048 rows, in
    // date order or shuffled.
    const cells = `SELECT d.date, 'S' || s.i AS stock, 'f' || (f.i + 1) AS feature, (hash(d.date, s.i, f.i) % 1000) / 1e4 - 0.05 AS contribution
                   FROM (VALUES (DATE '2024-01-31'), (DATE '2024-02-29'), (DATE '2024-03-28')) d(date), range(1000) s(i), range(4) f(i)`;
    await db.run(`COPY (${cells} ORDER BY date, stock, feature) TO ${quote(join(dir, 'sorted.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    await db.run(`COPY (${cells} ORDER BY hash(stock, feature)) TO ${quote(join(dir, 'shuffled.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    await db.run(`COPY (SELECT DISTINCT date, stock, 0.001 AS weight FROM (${cells})) TO ${quote(join(dir, 'many-weights.csv'))} (HEADER)`);
    for (const name of ['sorted', 'shuffled']) {
      writeFileSync(join(dir, `${name}.glassbox.json`), JSON.stringify({ name, contributions: `${name}.parquet`, weights: 'many-weights.csv', factors: { a: ['f1', 'f2'], b: ['f3', 'f4'] } }));
    }
    const kind = async (name: string, options: { byDateCells: number; byDateGroupRows?: number }) => {
      const engine = await loadRun({ ...readRunInput(join(dir, `${name}.glassbox.json`)), options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(db, options));
      try {
        return (engine as unknown as { panel: { cells: { kind: string } } }).panel.cells.kind;
      } finally {
        await engine.close();
      }
    };
    assert.equal(await kind('sorted', { byDateCells: 11_999 }), 'by-date');
    assert.equal(await kind('sorted', { byDateCells: 12_000 }), 'memory');
    assert.equal(await kind('sorted', { byDateCells: 11_999, byDateGroupRows: 2047 }), 'memory', 'row groups larger than wanted: a date would scan most of the file');
    assert.equal(await kind('shuffled', { byDateCells: 11_999 }), 'memory', 'a file not in date order would need a sorted copy first');
  });

  it('stops with an error naming the file when a date\'s cells are not in the row groups its footer statistics say, instead of zeros', async () => {
    const db = await sharedConnection();
    const cells = `SELECT d.date, 'S' || s.i AS stock, 'f' || (f.i + 1) AS feature, (hash(d.date, s.i, f.i) % 1000) / 1e4 - 0.05 AS contribution
                   FROM (VALUES (DATE '2024-01-31'), (DATE '2024-02-29'), (DATE '2024-03-28')) d(date), range(1000) s(i), range(4) f(i)`;
    const path = join(dir, 'lie.parquet');
    await db.run(`COPY (${cells} ORDER BY date, stock, feature) TO ${quote(path)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    // The footer's statistics that say 2024-02-29 (day 19782, 0x4D46) now say 2024-02-28:
    // still in date order, so the file is read by date, and the scan of 2024-02-29 skips
    // the row groups that hold it.
    const bytes = readFileSync(path);
    const footer = bytes.length - 8 - bytes.readInt32LE(bytes.length - 8);
    let changed = 0;
    for (let i = footer; i < bytes.length - 11; i++) {
      if (bytes[i] === 0x46 && bytes[i + 1] === 0x4d && bytes[i + 2] === 0 && bytes[i + 3] === 0) {
        bytes[i] = 0x45;
        changed++;
      }
    }
    assert.ok(changed > 0, 'the footer holds the date as statistics');
    writeFileSync(path, bytes);
    await db.run(`COPY (SELECT DISTINCT date, stock, 0.001 AS weight FROM (${cells})) TO ${quote(join(dir, 'lie-weights.csv'))} (HEADER)`);
    writeFileSync(join(dir, 'lie.glassbox.json'), JSON.stringify({ name: 'lie', contributions: 'lie.parquet', weights: 'lie-weights.csv', factors: { a: ['f1', 'f2'], b: ['f3', 'f4'] } }));
    const engine = await loadRun({ ...readRunInput(join(dir, 'lie.glassbox.json')), options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(db, { byDateCells: 11_999 }));
    try {
      assert.equal((engine as unknown as { panel: { cells: { kind: string } } }).panel.cells.kind, 'by-date');
      await assert.rejects(answerHeldQuery(engine, { kind: 'stock', date: '2024-02-29', stock: 'S5', filters: NO_FILTERS }), /lie\.parquet: a date's rows are not where the file's footer says \([\d,]+ of its 4,000 cells/);
    } finally {
      await engine.close();
    }
  });

  it('names the first file row of a date that is not a date, or of a blank stock', async () => {
    const db = await sharedConnection();
    const write = async (name: string, date: string, stock: string) => {
      await db.run(`COPY (SELECT * FROM (VALUES ('2024-01-31', 'AAA', 'f1', 0.1), ('2024-01-31', 'AAA', 'f2', 0.2), (${quote(date)}, ${quote(stock)}, 'f1', 0.3)) t(date, stock, feature, contribution)) TO ${quote(join(dir, name))} (FORMAT parquet)`);
      writeFileSync(join(dir, `${name}.glassbox.json`), JSON.stringify({ contributions: name }));
      return readRunInput(join(dir, `${name}.glassbox.json`));
    };
    await assert.rejects(load(await write('bad-date.parquet', 'last Friday', 'BBB'), true), (error: Error & { row?: number }) => /bad-date\.parquet/.test(error.message) && /last Friday/.test(error.message) && error.row === 3);
    await assert.rejects(load(await write('blank-stock.parquet', '2024-02-29', ''), true), (error: Error & { row?: number }) => /blank-stock\.parquet/.test(error.message) && error.row === 3);
  });
});

/**
 * The keys of a long file sorted by date, summed a chunk of dates at a time (what keeps the
 * XL run's aggregation small): the same panel, to the bit, as the keys summed in one
 * query, and the same answers as the file read whole. A chunk must read exactly its own
 * row groups: a footer that lies, a NULL date or a repeated cell leaves the chunks for the
 * one query, never for zeros.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunInput } from '../../../src/cli/load';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { loadRun, type RunInput } from '../../../src/model/run/loadRun';
import type { Panel } from '../../../src/model/run/panel';
import { NO_FILTERS } from '../../../src/model/types';
import type { SqlConnection } from '../../../src/sql/connection';
import { answerHeldQuery } from '../../../src/worker/answerQuery';
import { assertAnswersAsWhole, assertSummaryAsWhole, quote, SAMPLE, writeSampleRun } from './sampleRuns';
import { sharedConnection } from './testSource';

/** The shared database, counting the chunks summed (the statements that create a chunk's table). */
async function counting(): Promise<{ db: SqlConnection; chunks: () => number }> {
  const inner = await sharedConnection();
  let chunks = 0;
  const db: SqlConnection = {
    query: (sql, params, options) => inner.query(sql, params, options),
    run: (sql, params) => {
      if (/^CREATE TEMP TABLE "glassbox_keys_\d+_chunk"/.test(sql)) chunks++;
      return inner.run(sql, params);
    },
    interrupt: () => inner.interrupt(),
    appendRows: (table, batches) => inner.appendRows(table, batches),
    close: () => undefined,
  };
  return { db, chunks: () => chunks };
}

async function loadWith(input: RunInput, options: ConstructorParameters<typeof DuckDbTableSource>[1]): Promise<{ engine: PanelEngine; chunks: number }> {
  const { db, chunks } = await counting();
  const engine = await loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(db, options));
  return { engine, chunks: chunks() };
}

const panelOf = (engine: PanelEngine) => (engine as unknown as { panel: Panel }).panel;

/** The per-row figures the keys' sums make: those of `a` exactly as `b`'s. */
function assertSamePanel(a: PanelEngine, b: PanelEngine): void {
  const [p, q] = [panelOf(a), panelOf(b)];
  assert.deepEqual(p.dates, q.dates);
  assert.deepEqual(p.stocks, q.stocks);
  assert.deepEqual(p.rowStock, q.rowStock);
  assert.deepEqual(p.sumContributions, q.sumContributions);
  assert.deepEqual(p.factorSums, q.factorSums);
  assert.deepEqual(p.score, q.score);
  assert.deepEqual(p.baseValue, q.baseValue);
  assert.deepEqual(p.scoreRank, q.scoreRank);
}

/** `input` read by date in chunks of `keyChunkRows` rows and in one query: `chunks` chunks, and the same panel. */
async function assertChunkedAsOneQuery(input: RunInput, keyChunkRows: number, chunks: number): Promise<void> {
  const chunked = await loadWith(input, { alwaysByDate: true, keyChunkRows });
  const oneQuery = await loadWith(input, { alwaysByDate: true });
  try {
    assert.equal(chunked.chunks, chunks);
    assertSamePanel(chunked.engine, oneQuery.engine);
  } finally {
    await chunked.engine.close();
    await oneQuery.engine.close();
  }
}

describe('duckdb/keys summed a chunk of dates at a time', function () {
  this.timeout(120_000);
  let dir: string;
  let input: RunInput;
  let whole: PanelEngine;
  let oneQuery: PanelEngine;
  let chunked: { engine: PanelEngine; chunks: number };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-key-chunks-'));
    // The sample's last 12 month-ends as long Parquet sorted by date, the rows of a date
    // shuffled (first-row order is not stock order), in row groups of 4,096 rows: a date's
    // 48 features x 2,000 stocks span about 24 groups, and two dates share a group.
    const db = await sharedConnection();
    const wide = `read_parquet(${quote(join(SAMPLE, 'out/contributions.parquet'))})`;
    const features = (await db.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${wide}) WHERE column_name NOT IN ('date', 'stock', 'base_value', 'score') AND column_name NOT LIKE '%\\_value' ESCAPE '\\'`)).columns[0] as string[];
    const last = `(SELECT DISTINCT date FROM ${wide} ORDER BY date DESC LIMIT 12)`;
    const rows = features.map((f) => `SELECT date, stock, base_value, score, ${quote(f)} AS feature, "${f}" AS contribution, "${f}_value" AS feature_value FROM ${wide} WHERE date IN ${last}`).join(' UNION ALL ');
    await db.run(`COPY (SELECT * FROM (${rows}) ORDER BY date, hash(stock, feature)) TO ${quote(join(dir, 'long.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
    await writeSampleRun(dir, 'long.parquet', last);
    input = readRunInput(join(dir, 'run.glassbox.json'));
    whole = (await loadWith(input, {})).engine;
    oneQuery = (await loadWith(input, { alwaysByDate: true })).engine;
    // About 200,000 rows a chunk: a chunk ends at the first cut between dates past that.
    chunked = await loadWith(input, { alwaysByDate: true, keyChunkRows: 200_000 });
  });

  after(async () => {
    await oneQuery?.close();
    await chunked?.engine.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sums the keys in chunks, and the panel is the one query\'s to the bit', () => {
    assert.equal(panelOf(oneQuery).cells.kind, 'by-date');
    assert.equal(chunked.chunks, 6, '12 dates of about 96,000 rows, chunks of at least 200,000 rows');
    assertSamePanel(chunked.engine, oneQuery);
  });

  it('gives the same summary, diagnostics and answers as the file read whole', async () => {
    assertSummaryAsWhole(chunked.engine, whole);
    await assertAnswersAsWhole(chunked.engine, whole);
  });

  it("keeps in the database, once open, only what a date's read needs of the keys: date, stock, ki and di", async () => {
    const db = await sharedConnection();
    const result = await db.query("SELECT table_name, string_agg(column_name, ',' ORDER BY column_name) AS names FROM duckdb_columns() WHERE regexp_full_match(table_name, 'glassbox_keys_[0-9]+') GROUP BY table_name");
    assert.ok(result.rows >= 2, 'the open runs read by date (in chunks and in one query) keep their keys');
    for (const names of result.columns[1] as string[]) assert.equal(names, 'date,di,ki,stock');
  });

  it('sums in one query a file of one chunk, or when asked for chunks larger than the file', async () => {
    const one = await loadWith(input, { alwaysByDate: true, keyChunkRows: 10_000_000 });
    try {
      assert.equal(one.chunks, 0);
      assertSamePanel(one.engine, oneQuery);
    } finally {
      await one.engine.close();
    }
  });

  describe('files the chunks cannot cut', () => {
    const cells = `SELECT d.date, 'S' || s.i AS stock, 'f' || (f.i + 1) AS feature, (hash(d.date, s.i, f.i) % 1000) / 1e4 - 0.05 AS contribution
                   FROM (VALUES (DATE '2024-01-31'), (DATE '2024-02-29'), (DATE '2024-03-28')) d(date), range(1000) s(i), range(4) f(i)`;
    const write = async (name: string, select: string) => {
      const db = await sharedConnection();
      await db.run(`COPY (${select}) TO ${quote(join(dir, `${name}.parquet`))} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
      await db.run(`COPY (SELECT DISTINCT date, stock, 0.001 AS weight FROM (${cells})) TO ${quote(join(dir, `${name}-weights.csv`))} (HEADER)`);
      writeFileSync(join(dir, `${name}.glassbox.json`), JSON.stringify({ name, contributions: `${name}.parquet`, weights: `${name}-weights.csv`, factors: { a: ['f1', 'f2'], b: ['f3', 'f4'] } }));
      return readRunInput(join(dir, `${name}.glassbox.json`));
    };

    it('dates as text, sorted: cut as text, the panel as the one query\'s', async () => {
      const text = await write('text-dates', `SELECT strftime(date, '%Y-%m-%d') AS date, stock, feature, contribution FROM (${cells}) ORDER BY date, stock, feature`);
      await assertChunkedAsOneQuery(text, 4000, 3);
    });

    for (const type of ['INTEGER', 'DOUBLE']) {
      it(`dates as yyyymmdd ${type} numbers: read whole, by date and in chunks as ISO dates (as text, a DOUBLE was 20240131.0, no date)`, async () => {
        const numeric = await write(`${type}-dates`, `SELECT strftime(date, '%Y%m%d')::${type} AS date, stock, feature, contribution FROM (${cells}) ORDER BY date, stock, feature`);
        // The weights keep ISO dates: the run's tables meet on the day, whatever each writes.
        const runs = [await loadWith(numeric, {}), await loadWith(numeric, { alwaysByDate: true }), await loadWith(numeric, { alwaysByDate: true, keyChunkRows: 4000 })];
        try {
          assert.equal(runs[2].chunks, 3);
          for (const run of runs) assert.deepEqual(run.engine.summary().dates, ['2024-01-31', '2024-02-29', '2024-03-28']);
          assertSamePanel(runs[2].engine, runs[1].engine);
          assertSummaryAsWhole(runs[2].engine, runs[0].engine);
        } finally {
          for (const run of runs) await run.engine.close();
        }
      });
    }

    it('rows of two dates mixed within the row group at a cut: the keys put in first-row order across chunks', async () => {
      // In date order, then each block of 2,048 rows (one row group) shuffled: the group
      // that holds the end of one date and the start of the next has them interleaved.
      const mixed = await write('mixed', `SELECT * EXCLUDE (n) FROM (SELECT *, row_number() OVER (ORDER BY date, stock, feature) - 1 AS n FROM (${cells})) ORDER BY n // 2048, hash(n)`);
      await assertChunkedAsOneQuery(mixed, 3000, 3);
    });

    it('a footer that lies about its dates: summed in one query, and the date read stops with the error, not zeros', async () => {
      const lie = await write('lie', `${cells} ORDER BY date, stock, feature`);
      const path = join(dir, 'lie.parquet');
      // The statistics that say 2024-02-29 (day 19782, 0x4D46) now say 2024-03-28 (0x4D62),
      // still in date order: the chunk below 2024-03-28 skips the row groups that hold
      // 2024-02-29, and the chunk from it leaves that date out.
      const bytes = readFileSync(path);
      const footer = bytes.length - 8 - bytes.readInt32LE(bytes.length - 8);
      for (let i = footer; i < bytes.length - 11; i++) if (bytes[i] === 0x46 && bytes[i + 1] === 0x4d && bytes[i + 2] === 0 && bytes[i + 3] === 0) bytes[i] = 0x62;
      writeFileSync(path, bytes);
      const { engine, chunks } = await loadWith(lie, { alwaysByDate: true, keyChunkRows: 2048 });
      try {
        assert.ok(chunks > 1, 'tried in chunks first');
        assert.equal(engine.summary().contributionCount, 12_000, 'every cell counted, by the one query');
        await assert.rejects(answerHeldQuery(engine, { kind: 'stock', date: '2024-02-29', stock: 'S5', filters: NO_FILTERS }), /lie\.parquet: a date's rows are not where the file's footer says/);
      } finally {
        await engine.close();
      }
    });

    it("a footer that lies about its dates and, to match, about the file's row count: the row groups' own counts are checked, not the file's", async () => {
      // 8 dates 30 days apart, 4,000 rows each, in row groups of 2,048 rows: the statistics
      // that say the third date now say the fourth, and the file-level row count says what
      // the chunks then count. A scan reads by the row groups' counts, which stay true.
      const eight = `SELECT d.date, 'S' || s.i AS stock, 'f' || (f.i + 1) AS feature, (hash(d.date, s.i, f.i) % 1000) / 1e4 - 0.05 AS contribution
                     FROM (SELECT DATE '2024-01-01' + 30 * i::INTEGER AS date FROM range(8) t(i)) d, range(1000) s(i), range(4) f(i)`;
      await write('count-lie', `${eight} ORDER BY date, stock, feature`);
      const db = await sharedConnection();
      await db.run(`COPY (SELECT DISTINCT date, stock, 0.001 AS weight FROM (${eight})) TO ${quote(join(dir, 'count-lie-weights.csv'))} (HEADER)`);
      const path = join(dir, 'count-lie.parquet');
      const day = (date: string) => Math.round(Date.parse(date) / 86_400_000);
      const bytes = readFileSync(path);
      const footer = bytes.length - 8 - bytes.readInt32LE(bytes.length - 8);
      for (let i = footer; i < bytes.length - 11; i++) if (bytes.readInt32LE(i) === day('2024-03-01')) bytes.writeInt32LE(day('2024-03-31'), i);
      writeFileSync(path, bytes);
      // What the chunks count: rows of each range between row groups' lowest dates, the
      // row groups that claim none of a range's dates skipped.
      const lows = [...new Set((await db.query(`SELECT TRY_CAST(stats_min_value AS DATE)::VARCHAR AS low FROM parquet_metadata(${quote(path)}) WHERE path_in_schema = 'date' ORDER BY row_group_id`)).columns[0] as string[])];
      let counted = 0;
      for (let c = 0; c < lows.length; c++) {
        const where = [c > 0 ? `date >= DATE '${lows[c]}'` : 'true', c + 1 < lows.length ? `date < DATE '${lows[c + 1]}'` : 'true'].join(' AND ');
        counted += (await db.query(`SELECT count(*)::DOUBLE AS n FROM read_parquet(${quote(path)}) WHERE ${where}`)).columns[0][0] as number;
      }
      assert.ok(counted > 0 && counted < 32_000, `the lie makes the chunks skip rows (${counted} of 32,000)`);
      // The file's num_rows (field 3 of FileMetaData, an i64 varint after 0x16) set to that count.
      const varint = (n: number) => {
        const out = [0x16];
        for (let z = n * 2; ; z = Math.floor(z / 128)) {
          if (z < 0x80) return Buffer.from([...out, z]);
          out.push((z & 0x7f) | 0x80);
        }
      };
      const [was, now] = [varint(32_000), varint(counted)];
      assert.equal(was.length, now.length);
      now.copy(bytes, bytes.lastIndexOf(was));
      // A new file: DuckDB may keep the metadata of a file it has read.
      writeFileSync(join(dir, 'count-lie-2.parquet'), bytes);
      assert.equal((await db.query(`SELECT num_rows::DOUBLE AS n FROM parquet_file_metadata(${quote(join(dir, 'count-lie-2.parquet'))})`)).columns[0][0], counted);
      writeFileSync(join(dir, 'count-lie.glassbox.json'), JSON.stringify({ name: 'count-lie', contributions: 'count-lie-2.parquet', weights: 'count-lie-weights.csv', factors: { a: ['f1', 'f2'], b: ['f3', 'f4'] } }));
      const { engine, chunks } = await loadWith(readRunInput(join(dir, 'count-lie.glassbox.json')), { alwaysByDate: true, keyChunkRows: 2048 });
      try {
        assert.ok(chunks > 1, 'tried in chunks first');
        assert.equal(engine.summary().contributionCount, 32_000, 'every cell counted, by the one query');
        await assert.rejects(answerHeldQuery(engine, { kind: 'stock', date: '2024-03-01', stock: 'S900', filters: NO_FILTERS }), /count-lie-2\.parquet: a date's rows are not where the file's footer says/);
      } finally {
        await engine.close();
      }
    });

    it('a NULL date: not cut, and named by its row as the one query names it', async () => {
      const nulls = await write('null-date', `SELECT CASE WHEN stock = 'S7' AND feature = 'f2' AND date = DATE '2024-03-28' THEN NULL ELSE date END AS date, stock, feature, contribution FROM (${cells}) ORDER BY date NULLS LAST, stock, feature`);
      const { db, chunks } = await counting();
      await assert.rejects(loadRun({ ...nulls, options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(db, { alwaysByDate: true, keyChunkRows: 2048 })), /null-date\.parquet.*row 12,?000/s);
      assert.equal(chunks(), 0);
    });

    it('a repeated cell: the first row kept, summed again in one query, as read whole', async () => {
      const repeated = await write('repeated', `SELECT * FROM (${cells} UNION ALL SELECT DATE '2024-02-29', 'S5', 'f4', 0.75) ORDER BY date, (stock = 'S5' AND contribution = 0.75), stock, feature`);
      const a = await loadWith(repeated, { alwaysByDate: true, keyChunkRows: 2048 });
      const b = await loadWith(repeated, { alwaysByDate: true });
      const w = await loadWith(repeated, {});
      try {
        assert.ok(a.chunks > 1);
        assert.ok(a.engine.summary().diagnostics.some((d) => d.code === 'duplicate-keys'));
        assertSummaryAsWhole(a.engine, w.engine);
        assertSamePanel(a.engine, b.engine);
      } finally {
        await a.engine.close();
        await b.engine.close();
      }
    });
  });
});

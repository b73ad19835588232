/**
 * DuckDB's result columns as the engine receives them: numbers as Float64Array with NULL as
 * NaN, text as node-api reads it, and lists of numbers as one Float64Array per row, read from node-api's buffers; and
 * how the long pivot places those lists, checking that they kept one order.
 */
import assert from 'node:assert/strict';
import { scatterCells } from '../../../src/duckdb/cellLists';
import { DuckDBInstance } from '@duckdb/node-api';
import { numberLists, numbers, texts } from '../../../src/sql/connection';
import { sharedConnection } from './testSource';

describe('duckdb/connection', () => {
  it('returns lists of doubles and integers per row, NULL elements as NaN and a NULL list as empty', async () => {
    const db = await sharedConnection();
    const result = await db.query(`SELECT i::DOUBLE AS i, a, b FROM (VALUES (1, [1.5, NULL, -3.25]::DOUBLE[], [7, 8]::INTEGER[]), (2, NULL, []::INTEGER[])) t(i, a, b) ORDER BY i`);
    assert.deepEqual(numbers(result, 'i'), Float64Array.from([1, 2]));
    assert.deepEqual(numberLists(result, 'a'), [Float64Array.from([1.5, NaN, -3.25]), new Float64Array(0)]);
    assert.deepEqual(numberLists(result, 'b'), [Float64Array.from([7, 8]), new Float64Array(0)]);
  });

  for (const [groups, total] of [
    [2500, 2500 * 3 + 1234],
    [3, 20_000],
  ]) {
    it(`reads each row of a list column from its own offset: ${groups} rows (more than a 2,048-row chunk, or lists longer than one)`, async () => {
      const db = await sharedConnection();
      // Row g holds g, g + groups, g + 2 x groups, ... below total; every 997th value NULL.
      const result = await db.query(`SELECT (i % ${groups})::DOUBLE AS g, list(CASE WHEN i % 997 = 0 THEN NULL ELSE i::DOUBLE END ORDER BY i) AS v FROM range(${total}) r(i) GROUP BY g ORDER BY g`);
      const g = numbers(result, 'g');
      const v = numberLists(result, 'v');
      assert.equal(result.rows, groups);
      for (let row = 0; row < result.rows; row++) {
        const expected: number[] = [];
        for (let i = g[row]; i < total; i += groups) expected.push(i % 997 === 0 ? NaN : i);
        assert.deepEqual(v[row], Float64Array.from(expected), `row ${row}`);
      }
    });
  }

  for (const expectedRows of [5000, 1, 4999, 5001, 100_000]) {
    it(`gives the same numbers whatever row count the caller expects (${expectedRows} for 5,000)`, async () => {
      const db = await sharedConnection();
      const result = await db.query('SELECT i::DOUBLE AS i, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 2 END AS half FROM range(5000) r(i) ORDER BY i', [], { expectedRows });
      assert.deepEqual(numbers(result, 'i'), Float64Array.from({ length: 5000 }, (_, i) => i));
      assert.deepEqual(numbers(result, 'half'), Float64Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? NaN : i / 2)));
    });
  }

  it('returns text as node-api reads it: short and long, ASCII and not, NULL, empty, repeated and 20,000 distinct values over many chunks', async () => {
    const db = await sharedConnection();
    // Every layout of a VARCHAR slot: up to 12 bytes kept in the slot (12 exactly, empty, a
    // NUL byte, UTF-8 of 2 to 4 bytes a character), 13 bytes and more behind a pointer,
    // NULL; rows repeating the row before, and enough distinct values to share hash entries.
    const sql = `SELECT CASE i % 9 WHEN 0 THEN NULL WHEN 1 THEN 'é' || (i // 3)::VARCHAR WHEN 2 THEN repeat('x', 12) WHEN 3 THEN repeat('y', 13) || i::VARCHAR
                   WHEN 4 THEN '' WHEN 5 THEN 'AAPL ' || (i % 5000)::VARCHAR WHEN 6 THEN 'a' || chr(0) || 'b' WHEN 7 THEN 'ß€𝄞' || (i // 1000)::VARCHAR ELSE (i // 2)::VARCHAR END AS t,
                   (i % 20000)::VARCHAR AS distinct_ids, strftime(DATE '2024-01-01' + (i // 4500)::INTEGER, '%Y-%m-%d') AS dates
                 FROM range(60000) r(i) ORDER BY i`;
    const got = await db.query(sql);
    const instance = await DuckDBInstance.create(':memory:');
    const reader = await (await instance.connect()).runAndReadAll(sql);
    const expected = reader.getColumns();
    assert.equal(got.rows, 60000);
    for (const [c, name] of got.names.entries()) assert.deepEqual(texts(got, name), expected[c], name);
    instance.closeSync();
  });

  it("marks NULLs as NaN whether a 32-row word of the validity mask is all valid or not, and measures each numeric column's extent without them", async () => {
    const db = await sharedConnection();
    // NULL rows at word edges, inside words, a whole run of words, and over a value (1e9)
    // that would be the column's highest if its NULL slot were read (what a NULL slot holds
    // is DuckDB's business: the extent must not depend on it).
    const nulls = [0, 31, 32, 63, 69, 2047, 2048, 2049, 4095, ...Array.from({ length: 200 }, (_, i) => 3000 + i)];
    const sql = `SELECT CASE WHEN i IN (${nulls.join(', ')}) THEN NULL ELSE (i % 1000)::DOUBLE + 500 END AS x,
                        NULLIF(CASE WHEN i = 50 THEN 1e9 ELSE i::DOUBLE / 7 END, 1e9) AS masked,
                        NULL::DOUBLE AS empty, i::VARCHAR AS label
                 FROM range(5000) r(i) ORDER BY i`;
    const result = await db.query(sql, [], { extents: true });
    const x = Float64Array.from({ length: 5000 }, (_, i) => (nulls.includes(i) ? NaN : (i % 1000) + 500));
    assert.deepEqual(numbers(result, 'x'), x);
    assert.ok(Number.isNaN(numbers(result, 'masked')[50]));
    assert.deepEqual(result.extents, [[500, 1499], [0, 4999 / 7], [Infinity, -Infinity], null]);
    assert.equal((await db.query(sql)).extents, undefined, 'measured only when asked');
  });

  it('runs queries at once on connections of their own, results in order, each with dates in UTC', async () => {
    const db = await sharedConnection();
    const queries = [0, 1, 2].map((k) => ({ sql: `SELECT (i * ${k + 1})::DOUBLE AS v, current_setting('TimeZone') AS zone FROM range(3000 * ${k + 1}) r(i) ORDER BY i` }));
    const results = await db.queryAll!(queries);
    results.forEach((result, k) => {
      assert.equal(result.rows, 3000 * (k + 1));
      assert.deepEqual(numbers(result, 'v'), Float64Array.from({ length: 3000 * (k + 1) }, (_, i) => i * (k + 1)));
      assert.equal(texts(result, 'zone')[0], 'UTC');
    });
  });

  it('rejects queries at once with the error of the one that failed, and every connection takes the next statement', async () => {
    const db = await sharedConnection();
    const slow = { sql: 'SELECT count(*)::DOUBLE AS n FROM range(200000000) a(i), range(2) b(j) WHERE i * j % 7 = 3' };
    const failing = { sql: "SELECT 'not a number'::DOUBLE AS v" };
    await assert.rejects(db.queryAll!([slow, failing]), /Conversion Error.*not a number/);
    const again = await db.queryAll!([{ sql: 'SELECT 1::DOUBLE AS v' }, { sql: 'SELECT 2::DOUBLE AS v' }]);
    assert.deepEqual(again.map((r) => numbers(r, 'v')[0]), [1, 2]);
  });

  it('starts a statement on a connection only once the one before has ended: a result being read is never cut short', async () => {
    const db = await sharedConnection();
    // DuckDB ends a streaming result without an error when its connection starts another
    // statement: the read would have stopped at a few hundred thousand rows.
    const reading = db.query('SELECT i::DOUBLE AS i FROM range(3000000) r(i)');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await db.run('CREATE OR REPLACE TEMP TABLE glassbox_turn_test AS SELECT 1 AS x');
    const appending = db.appendRows!('glassbox_turn_test', [{ columns: [Int32Array.of(2)], rows: 1 }]);
    const read = await reading;
    await appending;
    assert.equal(read.rows, 3_000_000);
    assert.equal(numbers(read, 'i')[2_999_999], 2_999_999);
    assert.deepEqual(numbers(await db.query('SELECT sum(x)::DOUBLE AS s FROM glassbox_turn_test'), 's'), Float64Array.of(3));
    await db.run('DROP TABLE glassbox_turn_test');
  });

  it("interrupts, when a query run at once fails, only its parts still running, not another caller's next statement", async () => {
    const db = await sharedConnection();
    const fast = { sql: 'SELECT 1::DOUBLE AS v' };
    const failsLater = { sql: "SELECT error('a corrupt page')::DOUBLE AS v FROM (SELECT count(*) AS n FROM range(30000000) r(i) WHERE i % 7 = 3) WHERE n > 0" };
    const split = db.queryAll!([fast, failsLater]);
    // Another caller's statement, on the first connection once the fast part is done.
    await new Promise((resolve) => setTimeout(resolve, 20));
    // It runs longer than the failing part, so that the failure comes while it runs.
    const other = db.query('SELECT count(*)::DOUBLE AS n FROM range(300000000) r(i) WHERE i % 7 = 3');
    await assert.rejects(split, /a corrupt page/);
    assert.equal(numbers(await other, 'n')[0], 42_857_143);
  });
});

describe('duckdb/long pivot: placing a feature\'s cells', () => {
  const lists = (ki: number[], contribution: number[], check: number) => ({
    names: ['fi', 'ki', 'contribution', 'check'],
    columns: [Float64Array.from([1]), [Float64Array.from(ki)], [Float64Array.from(contribution)], Float64Array.from([check])],
    rows: 1,
  });
  const target = () => ({ nFeatures: 2, seen: new Uint8Array(6), contributions: [new Float64Array(3).fill(NaN), new Float64Array(3).fill(NaN)], featureValues: null });

  it('places each cell at its key and counts a repeat, when the checksum agrees', () => {
    const into = target();
    // 0 x 0.5 + 2 x 0.25 + 2 x 9 (a repeat of key 2) = 18.5
    assert.equal(scatterCells(lists([0, 2, 2], [0.5, 0.25, 9], 18.5), into), 1);
    assert.deepEqual(into.contributions[1], Float64Array.from([0.5, NaN, 0.25]));
  });

  it('stops with an error when the lists disagree with the checksum (cells that would land in the wrong keys)', () => {
    assert.throws(() => scatterCells(lists([0, 2], [0.25, 0.5], 0.5), target()), /lists of different orders/);
    assert.throws(() => scatterCells(lists([0, 2, 1], [0.25, 0.5], 1), target()), /lists of different orders/);
  });

  it('does not check a sum that overflows: a corrupt page is named by the range check instead', () => {
    assert.equal(scatterCells(lists([1, 2], [-1.6e308, -1.6e308], -Infinity), target()), 0);
  });
});

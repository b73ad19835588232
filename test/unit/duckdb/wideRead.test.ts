/**
 * A wide Parquet table read whole: a large file of one row group is read as several queries
 * of its columns at once (DuckDB decodes a row group on one thread), and must give exactly
 * what one query gives; each numeric column's decoded extent is checked against the footer.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbConnection } from '../../../src/duckdb/duckdbConnection';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import { InputError } from '../../../src/model/errors';
import type { SqlConnection, SqlQuery } from '../../../src/sql/connection';
import { quote } from './sampleRuns';
import { sharedConnection } from './testSource';

const FEATURES = 60;

/** 20,000 rows x 60 features (1.2M cells) with NULLs scattered, in one row group; feature f_07 peaks at 0.75 on one row. */
const wideSql = `SELECT DATE '2024-01-31' + (i // 500)::INTEGER AS date, 'S' || (i % 500) AS stock,
  ${Array.from({ length: FEATURES }, (_, f) => `CASE WHEN hash(i, ${f}) % 13 = 0 THEN NULL WHEN ${f} = 7 AND i = 12345 THEN 0.75 ELSE ((hash(i, ${f}) % 20001)::DOUBLE - 10000) / 1e5 END AS f_${String(f).padStart(2, '0')}`).join(',\n  ')}
  FROM range(20000) r(i) ORDER BY i`;

/** `db`, counting the queries it was asked to run at once. */
function counting(db: SqlConnection): { db: SqlConnection; concurrent: number[] } {
  const concurrent: number[] = [];
  const wrapped: SqlConnection = {
    query: (sql, params, options) => db.query(sql, params, options),
    run: (sql, params) => db.run(sql, params),
    interrupt: () => db.interrupt(),
    close: () => db.close(),
    threads: db.threads,
    queryAll: async (queries: readonly SqlQuery[]) => {
      concurrent.push(queries.length);
      return db.queryAll!(queries);
    },
  };
  return { db: wrapped, concurrent };
}

describe('duckdb/wide read', () => {
  let dir: string;
  let path: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-wide-read-'));
    path = join(dir, 'wide.parquet');
    const db = await sharedConnection();
    await db.run(`COPY (${wideSql}) TO ${quote(path)} (FORMAT parquet, ROW_GROUP_SIZE 100000)`);
    const groups = (await db.query(`SELECT count(DISTINCT row_group_id)::DOUBLE AS n FROM parquet_metadata(${quote(path)})`)).columns[0] as Float64Array;
    assert.equal(groups[0], 1, 'the file is one row group');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a large file of one row group as a query per thread, each a share of its columns, to the same table as one query', async () => {
    const shared = await sharedConnection();
    assert.equal(shared.threads, 2);
    const split = counting(shared);
    const single = await DuckDbConnection.open({ threads: 1 });
    try {
      const one = counting(single);
      const file = { role: 'auto' as const, name: 'wide.parquet', path };
      const byParts = await new DuckDbTableSource(split.db).read(file);
      const whole = await new DuckDbTableSource(one.db).read(file);
      assert.deepEqual(split.concurrent, [2], 'two queries at once on two threads');
      assert.deepEqual(one.concurrent, [], 'one query on one thread');
      assert.deepEqual(byParts.table.columnNames(), whole.table.columnNames());
      assert.equal(byParts.table.numRows(), 20_000);
      for (const name of whole.table.columnNames()) assert.deepEqual(byParts.table.array(name), whole.table.array(name), name);
      // And both are the file's values, NULL as NaN.
      const f07 = Float64Array.from(byParts.table.array('f_07') as ArrayLike<number>);
      const expected = (await shared.query(`SELECT coalesce(f_07, 'NaN'::DOUBLE) AS v FROM read_parquet(${quote(path)})`)).columns[0] as Float64Array;
      assert.deepEqual(f07, expected);
      assert.equal(f07[12345], 0.75);
      assert.ok(f07.some(Number.isNaN), 'NULLs read as NaN');
    } finally {
      single.close();
    }
  });

  it("refuses a column that decodes outside the range its footer records, naming the file, the column and the value, read in parts, whole, or without extents", async () => {
    // The footer's maximum of f_07 (0.75, as 8 little-endian bytes) lowered to 0.5: what a
    // corrupt data page that still decodes looks like from the footer's side.
    const forged = join(dir, 'forged.parquet');
    const bytes = readFileSync(path);
    const footer = bytes.length - 8 - bytes.readInt32LE(bytes.length - 8);
    const high = Buffer.alloc(8);
    high.writeDoubleLE(0.75);
    let patched = 0;
    for (let i = bytes.indexOf(high, footer); i >= 0; i = bytes.indexOf(high, i + 8)) {
      bytes.writeDoubleLE(0.5, i);
      patched++;
    }
    assert.ok(patched > 0, "the footer holds f_07's maximum");
    writeFileSync(forged, bytes);
    const single = await DuckDbConnection.open({ threads: 1 });
    try {
      // And through a connection that measures no extents: each value is checked instead.
      const shared = await sharedConnection();
      const withoutExtents: SqlConnection = {
        query: async (sql, params, options) => ({ ...(await shared.query(sql, params, options)), extents: undefined }),
        run: (sql, params) => shared.run(sql, params),
        interrupt: () => shared.interrupt(),
        close: () => undefined,
      };
      for (const db of [shared, single, withoutExtents]) {
        await assert.rejects(new DuckDbTableSource(db).read({ role: 'auto', name: 'forged.parquet', path: forged }), (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.file, 'forged.parquet');
          assert.equal(error.column, 'f_07');
          assert.match(error.message, /^forged\.parquet: .*column f_07 decodes to 0\.75, outside the range -0\.1 to 0\.5 its footer records/);
          return true;
        });
      }
    } finally {
      single.close();
    }
  });
});

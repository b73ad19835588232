/**
 * Files too large to read are refused before they are read, naming the file, the size and
 * the fix: nothing is decoded first, nothing takes the process down.
 */
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float64, utf8 as utf8Type } from '@uwdata/flechette';
import { DuckDbConnection } from '../../../src/duckdb/duckdbConnection';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import { InputError } from '../../../src/model/errors';
import { initParquetForTests, parquetBytes } from '../read/fixtures';

describe('duckdb/limits', () => {
  let folder: string;
  let db: DuckDbConnection;
  before(async () => {
    await initParquetForTests();
    folder = mkdtempSync(join(tmpdir(), 'glassbox-limits-'));
    db = await DuckDbConnection.open({ threads: 1 });
  });
  after(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a Parquet table read whole whose footer promises more rows than the memory budget holds; wide contributions past it are read by date', async () => {
    const x = new Float64Array(50_000).map((_, i) => i % 7);
    const path = join(folder, 'wide.parquet');
    writeFileSync(path, parquetBytes({ stock: Array.from(x, (_, i) => `S${i}`), a: x, b: x }, { stock: utf8Type(), a: float64(), b: float64() }, 'zstd'));
    const source = new DuckDbTableSource(db, { memoryBudgetMB: 2 });
    await assert.rejects(source.read({ role: 'contributions', name: 'out/wide.parquet', path }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.file, 'out/wide.parquet');
      assert.match(error.message, /^out\/wide\.parquet: 50,000 rows x 3 columns would need about 5 MB of memory once decoded, above the limit of 2 MB \(setting glassbox\.memoryBudgetMB\)/);
      return true;
    });
    const roomy = new DuckDbTableSource(db, { memoryBudgetMB: 64 });
    assert.equal((await roomy.read({ role: 'contributions', name: 'out/wide.parquet', path })).table.numRows(), 50_000);
    // The loader asks for contributions by date first (grouping its features): past the budget, the cells stay in the file.
    const oneGroup = (features: readonly string[]) => ({ groupOf: new Int32Array(features.length), groups: 1 });
    const wide = await source.readLongContributions({ role: 'contributions', name: 'out/wide.parquet', path }, undefined, [], oneGroup);
    assert.ok(wide?.byDate, 'read by date, not refused');
    try {
      assert.deepEqual(wide.features, ['a', 'b']);
      assert.equal(wide.stocks.length, 50_000);
      assert.deepEqual(Array.from(wide.byDate.groupSums[0].subarray(0, 8)), [0, 2, 4, 6, 8, 10, 12, 0]);
    } finally {
      await wide.byDate.cells.close();
    }
    assert.equal(await roomy.readLongContributions({ role: 'contributions', name: 'out/wide.parquet', path }, undefined, [], oneGroup), null, 'within the budget, read whole');
  });

  it('refuses a CSV over 480 MB by its size, without reading a byte of it', async () => {
    const path = join(folder, 'huge.csv');
    // 600 MB long but sparse (CSV text where the format is sniffed, at the start and the end;
    // a hole between), so no disk is used; reading it would take seconds and a 600 MB string.
    const rows = Array.from({ length: 8000 }, (_, i) => `S${i},0.0001\n`).join('');
    const fd = openSync(path, 'w');
    writeSync(fd, `stock,weight\n${rows}`);
    ftruncateSync(fd, 600 * 2 ** 20);
    writeSync(fd, 'Z,0.1\n', 600 * 2 ** 20 - 6);
    closeSync(fd);
    const source = new DuckDbTableSource(db);
    const started = performance.now();
    await assert.rejects(source.read({ role: 'weights', name: 'huge.csv', path }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /^huge\.csv: 600 MB is more than the 480 MB a text \(CSV, TSV or JSON\) file can have here\. Write the table as Parquet/);
      return true;
    });
    assert.ok(performance.now() - started < 2000, 'refused from its size, not after reading');
  });
});

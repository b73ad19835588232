/**
 * DuckDB reads `*`, `?` and `[...]` in a path as a glob: a file named `c[1].parquet` was
 * read as `c1.parquet`, a different file beside it, and `c*.csv` as every match. A run's
 * file is read as the file its manifest names, whatever its name, in every path: whole, by
 * date, copied from CSV, and reopened from the run cache.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunInput } from '../../../src/cli/load';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { loadRun, type RunInput } from '../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../src/model/types';
import { FileRunCache } from '../../../src/runCache/fileRunCache';
import { answerHeldQuery } from '../../../src/worker/answerQuery';
import { quote } from './sampleRuns';
import { sharedConnection } from './testSource';

describe('duckdb/file names DuckDB would read as globs', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-glob-names-'));
    const db = await sharedConnection();
    // The file the manifest names holds 0.1 and 0.2; the decoys beside it (first in a glob's order), 9.
    const rows = (value: string) => `SELECT * FROM (VALUES ('2024-01-31', 'AAA', 'f1', 0.1 * ${value}), ('2024-01-31', 'AAA', 'f2', 0.2 * ${value}), ('2024-02-29', 'AAA', 'f1', 0.1 * ${value}), ('2024-02-29', 'AAA', 'f2', 0.2 * ${value})) t(date, stock, feature, contribution)`;
    for (const [name, value] of [['c[1].parquet', '1'], ['c1.parquet', '90'], ['d*.csv', '1'], ['d#.csv', '90']] as const) {
      const format = name.endsWith('.csv') ? '(HEADER)' : '(FORMAT parquet)';
      await db.run(`COPY (${rows(value)}) TO ${quote(join(dir, name))} ${format}`);
    }
    for (const name of ['c[1].parquet', 'd*.csv']) writeFileSync(join(dir, `${name.replace(/[^a-z]/g, '')}.glassbox.json`), JSON.stringify({ contributions: name }));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** AAA's contribution of f1 on the last date. */
  async function f1(engine: PanelEngine): Promise<number | undefined> {
    const answer = (await answerHeldQuery(engine, { kind: 'stock', date: '2024-02-29', stock: 'AAA', filters: NO_FILTERS })) as { contributions: { feature: string; contribution: number }[] };
    return answer.contributions.find((c) => c.feature === 'f1')?.contribution;
  }

  const input = (manifest: string): RunInput => readRunInput(join(dir, manifest));

  for (const manifest of ['cparquet.glassbox.json', 'dcsv.glassbox.json']) {
    it(`reads ${manifest.startsWith('c') ? 'c[1].parquet' : 'd*.csv'} itself, whole and by date, and from the run cache`, async () => {
      const db = await sharedConnection();
      for (const alwaysByDate of [false, true]) {
        const engine = await loadRun({ ...input(manifest), options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(db, { alwaysByDate }));
        try {
          assert.equal(engine.summary().contributionCount, 4, `${manifest}, by date: ${alwaysByDate}`);
          assert.deepEqual(engine.summary().diagnostics.filter((d) => d.code === 'duplicate-keys'), [], 'no other file read with it');
          assert.equal(await f1(engine), 0.1);
        } finally {
          await engine.close();
        }
      }
      const cacheDir = mkdtempSync(join(tmpdir(), 'glassbox-glob-cache-'));
      try {
        const cache = new FileRunCache({ dir: cacheDir, maxBytes: 2 ** 30, build: 'test' });
        const first = await loadRun({ ...input(manifest), options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(db, { alwaysByDate: true }), undefined, cache);
        await cache.settled();
        await first.close();
        const again = await loadRun({ ...input(manifest), options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(db, { alwaysByDate: true }), undefined, cache);
        try {
          assert.equal(await f1(again), 0.1, 'reopened from the run cache');
        } finally {
          await again.close();
        }
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    });
  }
});

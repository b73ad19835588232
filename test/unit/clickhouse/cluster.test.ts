/**
 * A run whose tables live in a two-shard ClickHouse cluster (Distributed tables sharded by
 * stock, loaded from the sample's files) loads through the same loader as the files and
 * shows the same numbers as the files read by DuckDB, within 1e-9.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClickHouseConnection } from '../../../src/clickhouse/clickhouseConnection';
import { ClickHouseTableSource } from '../../../src/clickhouse/tableSource';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { loadRun, type RunFile } from '../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../src/model/types';
import { duckdbSource } from '../duckdb/testSource';
import { loadSample, SAMPLE_DIR, SAMPLE_MANIFEST, useCluster } from './cluster';

const DATABASE = 'glassbox_sample';

/** Every number of two answers equal within 1e-9 (relative above 1), every other value equal. */
function assertClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${path}: ${actual} is not NaN`);
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} differs from ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: not an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: not an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected)) assertClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}

/** Rows of a list keyed by a field, so that two answers in different orders compare. */
const byKey = <T>(rows: T[], key: (row: T) => string) => Object.fromEntries(rows.map((r) => [key(r), r]));

describe('a run in a ClickHouse cluster (two shards, Distributed tables)', function () {
  this.timeout(120_000);
  const cluster = useCluster(2);
  let fromFiles: PanelEngine;
  let connection: ClickHouseConnection;

  before(async function () {
    this.timeout(120_000);
    await loadSample(cluster(), DATABASE);
    const { manifest, diagnostics } = parseManifest(readFileSync(join(SAMPLE_DIR, 'run.glassbox.json'), 'utf8'), 'run.glassbox.json');
    delete manifest.baseline;
    const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, path: join(SAMPLE_DIR, t.path) }));
    fromFiles = await loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, await duckdbSource());
    connection = new ClickHouseConnection({ url: cluster().shards[0].url, database: DATABASE });
  });
  after(() => connection?.close());

  /** The sample's manifest pointed at the cluster, its contributions table `contributions`. */
  async function loadFromCluster(contributions: string): Promise<PanelEngine> {
    const text = JSON.stringify({ ...SAMPLE_MANIFEST, baseline: undefined, source: { engine: 'clickhouse', url: cluster().shards[0].url, database: DATABASE }, contributions, weights: 'weights', securities: 'securities', returns: 'returns' });
    const { manifest, diagnostics } = parseManifest(text, 'warehouse.glassbox.json');
    const files: RunFile[] = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path }));
    return loadRun({ source: 'warehouse.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, new ClickHouseTableSource(connection, DATABASE));
  }

  for (const table of ['contributions', 'contributions_long']) {
    describe(`contributions as ${table === 'contributions' ? 'a wide table (read whole)' : 'a long table (pivoted on the cluster)'}`, () => {
      let fromCluster: PanelEngine;
      before(async function () {
        this.timeout(120_000);
        fromCluster = await loadFromCluster(table);
      });

      it('has the same dates, stocks, factors and features', () => {
        const a = fromCluster.summary();
        const b = fromFiles.summary();
        assert.deepEqual(a.dates, b.dates);
        assert.equal(a.stockCount, b.stockCount);
        assert.deepEqual(a.factors, b.factors);
        const names = (list: { name: string; factor: string }[]) => [...list].sort((x, y) => x.name.localeCompare(y.name));
        assert.deepEqual(names(a.features), names(b.features));
        assert.equal(a.weightScale, b.weightScale);
        assert.equal(a.contributionCount, b.contributionCount);
      });

      it('shows the same overview on every date', () => {
        for (const date of fromFiles.summary().dates) assertClose(fromCluster.overview(date, NO_FILTERS), fromFiles.overview(date, NO_FILTERS), date);
      });

      it('shows the same attribution by sector x factor and the same factor history', () => {
        for (const date of fromFiles.summary().dates.slice(-3)) {
          const a = fromCluster.factors(date, NO_FILTERS);
          const b = fromFiles.factors(date, NO_FILTERS);
          assertClose(byKey(a.bySector, (c) => `${c.group}|${c.factor}`), byKey(b.bySector, (c) => `${c.group}|${c.factor}`), `${date} bySector`);
          assertClose(byKey(a.byFactor, (c) => c.factor), byKey(b.byFactor, (c) => c.factor), `${date} byFactor`);
        }
        assertClose(fromCluster.factors(fromFiles.summary().dates[0], NO_FILTERS).history, fromFiles.factors(fromFiles.summary().dates[0], NO_FILTERS).history, 'history');
      });

      it('shows the same guardrails', () => {
        assertClose(fromCluster.guardrails(), fromFiles.guardrails());
      });
    });
  }
});

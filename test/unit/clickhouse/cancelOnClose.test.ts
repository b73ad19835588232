/**
 * Closing the view of a run that is loading from a server stops its query on the server,
 * not only the connection: ClickHouse before 19.x keeps running a query whose client went
 * away, up to its timeout. Driven through the loader worker exactly as the editor drives it.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ClickHouseConnection } from '../../../src/clickhouse/clickhouseConnection';
import { remoteRunFiles } from '../../../src/clickhouse/remoteSource';
import { parseManifest } from '../../../src/model/manifest';
import { numbers } from '../../../src/sql/connection';
import { CancelledError, RunWorker } from '../../../src/worker/client';
import { useCluster } from './cluster';

/** The server's running queries that read the endless table. */
async function running(db: ClickHouseConnection): Promise<number> {
  const result = await db.query("SELECT toFloat64(count()) AS n FROM system.processes WHERE query LIKE '%endless%' AND query NOT LIKE '%system.processes%'");
  return numbers(result, 'n')[0];
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('a run loading from a server, when its view closes', function () {
  this.timeout(60_000);
  const cluster = useCluster(1);
  let db: ClickHouseConnection;

  before(async () => {
    db = new ClickHouseConnection({ url: cluster().shards[0].url, database: 'default' });
    await db.run('CREATE DATABASE endless');
    // A table that never finishes reading: every number, filtered.
    await db.run("CREATE VIEW endless.contributions AS SELECT toString(number) AS stock, 'momentum' AS feature, toFloat64(number) AS contribution FROM system.numbers WHERE number % 7 = 8");
  });
  after(() => db?.close());

  it('asks the server to stop the query (KILL QUERY) before the worker goes', async () => {
    const url = cluster().shards[0].url;
    const { manifest } = parseManifest(JSON.stringify({ name: 'endless', source: { engine: 'clickhouse', url, database: 'endless' }, contributions: 'contributions' }), 'endless.glassbox.json');
    const worker = new RunWorker(join(process.cwd(), 'dist/worker.js'));
    const load = worker.load({ source: 'endless.glassbox.json', manifest, manifestDiagnostics: [], files: remoteRunFiles(manifest), baseline: null, options: { integrityTolerance: 1e-6 }, cache: null, credentials: {} }, () => {});
    const rejected = assert.rejects(load, CancelledError);
    assert.ok(await until(async () => (await running(db)) > 0, 20_000), 'the load reads the endless table on the server');
    worker.dispose();
    await rejected;
    assert.ok(await until(async () => (await running(db)) === 0, 5_000), 'the server is no longer running the query');
  });
});

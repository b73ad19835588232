// The bench's cluster row: a generated run loaded into the throwaway two-shard ClickHouse
// cluster (scripts/lib/clickhouse.mjs), so that `npm run bench -- --cluster` can open it the
// extension's way from the servers and count what travels.
//
// Each table of the run's long manifest is read by DuckDB, written once as CSV to a temporary
// file and streamed to a Distributed table (MergeTree on every shard, sharded by stock,
// synchronous inserts). The manifest written beside the run names the cluster's first shard.
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { CLUSTER } from '../lib/clickhouse.mjs';

const ident = (s) => `\`${String(s).replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** DuckDB's type as ClickHouse's; keys are not Nullable. */
function clickhouseType(duckType, key) {
  const base = { DATE: 'Date', VARCHAR: 'String', DOUBLE: 'Float64', FLOAT: 'Float32', BIGINT: 'Int64', INTEGER: 'Int32' }[duckType];
  if (!base) throw new Error(`the bench's cluster loader has no ClickHouse type for DuckDB's ${duckType}`);
  return key ? base : `Nullable(${base})`;
}

/** Runs one statement over HTTP; `body` (a file path) is streamed as the statement's data. */
function post(url, sql, { body, settings = {} } = {}) {
  const params = new URLSearchParams({ query: sql, ...settings });
  return new Promise((resolve, reject) => {
    // A fresh connection per statement: the server closes an idle kept-alive one after 3 s,
    // and a request written to it fails with "socket hang up".
    const req = request(`${url}/?${params}`, { method: 'POST', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`ClickHouse ${res.statusCode}: ${text.slice(0, 500)} (${sql.slice(0, 200)})`))));
    });
    req.on('error', reject);
    if (body) createReadStream(body).pipe(req);
    else req.end();
  });
}

/** A local MergeTree table on every shard and a Distributed table over them, sharded by stock. */
async function createDistributed(shards, database, table, columns, orderBy) {
  const definition = columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  for (const shard of shards) {
    await post(shard.url, `CREATE TABLE ${ident(database)}.${ident(`${table}_local`)} (${definition}) ENGINE = MergeTree() ORDER BY (${orderBy.map(ident).join(', ')})`);
    await post(shard.url, `CREATE TABLE ${ident(database)}.${ident(table)} AS ${ident(database)}.${ident(`${table}_local`)} ENGINE = Distributed(${CLUSTER}, ${ident(database)}, ${ident(`${table}_local`)}, cityHash64(${ident('stock')}))`);
  }
}

/**
 * Loads the run of `manifestFile` (local files) into `database` on `cluster` and writes
 * `run-cluster.glassbox.json` beside it naming the first shard. Returns that manifest's path
 * and the seconds the load took.
 */
export async function loadRunIntoCluster(manifestFile, cluster, database = 'bench') {
  const started = performance.now();
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const dir = dirname(manifestFile);
  const tables = ['contributions', 'weights', 'securities'].filter((role) => typeof manifest[role] === 'string');
  const scratch = mkdtempSync(join(tmpdir(), 'glassbox-bench-cluster-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const duck = await instance.connect();
  try {
    for (const shard of cluster.shards) await post(shard.url, `CREATE DATABASE IF NOT EXISTS ${ident(database)}`);
    for (const role of tables) {
      const path = join(dir, manifest[role]);
      const relation = path.endsWith('.csv') ? `read_csv(${quote(path)})` : `read_parquet(${quote(path)})`;
      const described = await (await duck.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`)).getRowObjects();
      const keys = described.map((c) => c.column_name).filter((n) => n === 'date' || n === 'stock' || n === 'feature');
      const columns = described.map((c) => ({ name: c.column_name, type: clickhouseType(c.column_type, keys.includes(c.column_name)) }));
      await createDistributed(cluster.shards, database, role, columns, keys.length ? keys : ['stock']);
      const csv = join(scratch, `${role}.csv`);
      await duck.run(`COPY (SELECT * FROM ${relation}) TO ${quote(csv)} (FORMAT CSV, HEADER false, NULLSTR '\\N')`);
      await post(cluster.shards[0].url, `INSERT INTO ${ident(database)}.${ident(role)} FORMAT CSV`, { body: csv, settings: { insert_distributed_sync: '1' } });
      rmSync(csv, { force: true });
    }
  } finally {
    duck.closeSync?.();
    instance.closeSync?.();
    rmSync(scratch, { recursive: true, force: true });
  }
  const remote = { ...manifest, name: `${manifest.name} from ClickHouse`, source: { engine: 'clickhouse', url: cluster.shards[0].url, database } };
  for (const role of tables) remote[role] = role;
  const out = join(dir, 'run-cluster.glassbox.json');
  writeFileSync(out, `${JSON.stringify(remote, null, 2)}\n`);
  return { manifest: out, loadSec: (performance.now() - started) / 1000 };
}

/** Bytes of results the servers sent for the initial queries whose id starts with `prefix`, since `since` (a DateTime text). */
export async function resultBytes(url, since) {
  await post(url, 'SYSTEM FLUSH LOGS');
  const text = await post(url, `SELECT count(), sum(result_bytes), max(result_bytes) FROM system.query_log WHERE type = 2 AND is_initial_query = 1 AND query_id LIKE 'glassbox-%' AND event_time >= toDateTime(${quote(since)}) FORMAT TSV`);
  const [queries, total, largest] = text.trim().split('\t').map(Number);
  return { queries, total, largest };
}

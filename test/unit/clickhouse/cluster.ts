/**
 * The tests' ClickHouse cluster: two shards of Debian's clickhouse-server started by
 * scripts/lib/clickhouse.mjs (own ports, config and data folder in a temp directory), and the
 * sample run loaded into it from its files. Without the binary the tests skip and say why,
 * except in CI (CI=true), where a missing server is a failure: .ci/run installs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClickHouseConnection } from '../../../src/clickhouse/clickhouseConnection';
import { identifier, stringLiteral } from '../../../src/clickhouse/literals';
import { DuckDbConnection } from '../../../src/duckdb/duckdbConnection';
import { texts } from '../../../src/sql/connection';
// @ts-expect-error: a plain ES module of scripts/, without types
import { clickhouseInstalled, CLUSTER, REVIEWER, startCluster } from '../../../scripts/lib/clickhouse.mjs';

export { REVIEWER };

export interface Cluster {
  shards: { index: number; url: string; http: number; tcp: number }[];
  cluster: string;
  stop(): Promise<void>;
}

/**
 * Starts the cluster in a mocha `before` (or skips the suite when clickhouse-server is
 * absent outside CI); stops it in `after`, whatever the tests did.
 */
export function useCluster(shards = 2): () => Cluster {
  let cluster: Cluster | null = null;
  before(async function () {
    this.timeout(60_000);
    if (!clickhouseInstalled()) {
      if (process.env.CI === 'true') throw new Error('clickhouse-server is not installed: CI must install it (.ci/run installs Debian\'s clickhouse-server).');
      console.log('      (skipped: clickhouse-server is not installed; `apt-get install clickhouse-server` runs these tests)');
      this.skip();
    }
    cluster = (await startCluster({ shards })) as Cluster;
  });
  after(async function () {
    this.timeout(30_000);
    await cluster?.stop();
    cluster = null;
  });
  return () => {
    if (!cluster) throw new Error('the cluster is not running');
    return cluster;
  };
}

export const SAMPLE_DIR = join(process.cwd(), 'samples/russell2000');
export const SAMPLE_MANIFEST = JSON.parse(readFileSync(join(SAMPLE_DIR, 'run.glassbox.json'), 'utf8')) as Record<string, unknown>;

/** The sample's tables as DuckDB reads its files: table name -> DuckDB relation. */
const SAMPLE_TABLES: Record<string, string> = {
  contributions: `read_parquet('${join(SAMPLE_DIR, 'out/contributions.parquet')}')`,
  weights: `read_csv('${join(SAMPLE_DIR, 'out/weights.csv')}')`,
  securities: `read_csv('${join(SAMPLE_DIR, 'ref/securities.csv')}')`,
  returns: `read_parquet('${join(SAMPLE_DIR, 'out/fwd_returns.parquet')}')`,
};

/** DuckDB's type as ClickHouse's: keys not null, every other column Nullable. */
function clickhouseType(duckType: string, key: boolean): string {
  const base = ({ DATE: 'Date', VARCHAR: 'String', DOUBLE: 'Float64', FLOAT: 'Float32', BIGINT: 'Int64', INTEGER: 'Int32' } as Record<string, string>)[duckType];
  if (!base) throw new Error(`the sample loader has no ClickHouse type for DuckDB's ${duckType}`);
  return key ? base : `Nullable(${base})`;
}

/** A value as TabSeparated text (the loader's format; values from the files, not from users). */
function tsv(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

/** Creates a local MergeTree table on every shard and a Distributed table over them, sharded by stock. */
async function createDistributed(shards: ClickHouseConnection[], database: string, table: string, columns: { name: string; type: string }[], orderBy: string[]): Promise<void> {
  const definition = columns.map((c) => `${identifier(c.name)} ${c.type}`).join(', ');
  for (const shard of shards) {
    await shard.run(`CREATE TABLE ${identifier(database)}.${identifier(`${table}_local`)} (${definition}) ENGINE = MergeTree() ORDER BY (${orderBy.map(identifier).join(', ')})`);
    await shard.run(
      `CREATE TABLE ${identifier(database)}.${identifier(table)} AS ${identifier(database)}.${identifier(`${table}_local`)} ENGINE = Distributed(${CLUSTER}, ${identifier(database)}, ${identifier(`${table}_local`)}, cityHash64(${identifier('stock')}))`,
    );
  }
}

/**
 * Loads the sample run into `database` on the cluster: each file read by DuckDB and sent as
 * TabSeparated rows to a Distributed table (sharded by cityHash64(stock), synchronous
 * inserts), plus `contributions_long`, the wide contributions melted on the server
 * (date, stock, base_value, score, feature, contribution, value; NULL contributions left out,
 * as a long file would not have those rows). Returns the feature names in file order.
 */
export async function loadSample(cluster: Cluster, database: string): Promise<string[]> {
  const shards = cluster.shards.map((s) => new ClickHouseConnection({ url: s.url, database: 'default' }));
  const duck = await DuckDbConnection.open({ threads: 2 });
  try {
    for (const shard of shards) await shard.run(`CREATE DATABASE IF NOT EXISTS ${identifier(database)}`);
    let features: string[] = [];
    for (const [table, relation] of Object.entries(SAMPLE_TABLES)) {
      const described = await duck.query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`);
      const names = texts(described, 'column_name') as string[];
      const types = texts(described, 'column_type') as string[];
      const keys: string[] = names.filter((n) => n === 'date' || n === 'stock');
      await createDistributed(shards, database, table, names.map((n, i) => ({ name: n, type: clickhouseType(types[i], keys.includes(n)) })), keys);
      const select = names.map((n, i) => (types[i] === 'DATE' ? `strftime("${n}", '%Y-%m-%d') AS "${n}"` : types[i] === 'BIGINT' ? `"${n}"::VARCHAR AS "${n}"` : `"${n}"`)).join(', ');
      const rows = await duck.query(`SELECT ${select} FROM ${relation}`);
      const lines: string[] = [];
      for (let r = 0; r < rows.rows; r++) lines.push(rows.columns.map((c) => tsv((c as ArrayLike<unknown>)[r])).join('\t'));
      for (let start = 0; start < lines.length; start += 20_000) await shards[0].insertTsv(`${identifier(database)}.${identifier(table)}`, `${lines.slice(start, start + 20_000).join('\n')}\n`);
      if (table === 'contributions') features = names.filter((n, i) => types[i] === 'FLOAT' && !n.endsWith('_value'));
    }
    const longColumns = [
      { name: 'date', type: 'Date' },
      { name: 'stock', type: 'String' },
      { name: 'base_value', type: 'Nullable(Float64)' },
      { name: 'score', type: 'Nullable(Float64)' },
      { name: 'feature', type: 'String' },
      { name: 'contribution', type: 'Float32' },
      { name: 'value', type: 'Nullable(Float32)' },
    ];
    await createDistributed(shards, database, 'contributions_long', longColumns, ['date', 'stock', 'feature']);
    const melt = features.map((f) => `(${stringLiteral(f)}, ${identifier(f)}, ${identifier(`${f}_value`)})`).join(', ');
    await shards[0].run(
      `INSERT INTO ${identifier(database)}.contributions_long SELECT date, stock, base_value, score, cell.1 AS feature, assumeNotNull(cell.2) AS contribution, cell.3 AS value
       FROM ${identifier(database)}.contributions ARRAY JOIN [${melt}] AS cell WHERE isNotNull(cell.2) SETTINGS insert_distributed_sync = 1`,
    );
    return features;
  } finally {
    duck.close();
    for (const shard of shards) shard.close();
  }
}

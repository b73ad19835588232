/**
 * A manifest naming a ClickHouse source, end to end through the CLI: the answers equal those
 * from the same run's files, and every refusal says what is wrong (a URL not allowed,
 * credentials in the manifest, a server that is down, a wrong password). Also the
 * connection's timeout and cancellation on a real server.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseConnection } from '../../../src/clickhouse/clickhouseConnection';
import { checkRemoteAllowed, credentialsFromEnv, remoteBaselineProblem } from '../../../src/clickhouse/remoteSource';
import { parseManifest } from '../../../src/model/manifest';
import { numbers } from '../../../src/sql/connection';
import { REVIEWER, useCluster } from './cluster';

const ROOT = process.cwd();
const SNAPSHOT = join(ROOT, 'samples/sp600-snapshot');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with an environment of our choosing (credentials). */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GLASSBOX_CLICKHOUSE_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist/cli.mjs'), ...args], { cwd: ROOT, env: { ...clean, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 2) : 0, stdout, stderr });
    });
  });
}

/** A loopback port that nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('a manifest source: validation', () => {
  const parse = (source: unknown) => parseManifest(JSON.stringify({ source, contributions: 'contributions' }), 'w.glassbox.json');

  it('reads engine, url (its origin) and database', () => {
    assert.deepEqual(parse({ engine: 'clickhouse', url: 'https://warehouse.example:8443/', database: 'research' }).manifest.source, { engine: 'clickhouse', url: 'https://warehouse.example:8443', database: 'research' });
  });

  it('refuses credentials in the manifest, naming the field', () => {
    assert.throws(() => parse({ engine: 'clickhouse', url: 'http://h:8123', database: 'db', password: 'x' }), /"source\.password" must be left out: credentials never come from the manifest/);
    assert.throws(() => parse({ engine: 'clickhouse', url: 'http://h:8123', database: 'db', user: 'x' }), /"source\.user"/);
    assert.throws(() => parse({ engine: 'clickhouse', url: 'http://me:secret@h:8123', database: 'db' }), /"source\.url" must be .*without user or password/);
  });

  it('refuses an unknown engine, a URL other than http(s) host and port, a database that is not a plain name', () => {
    assert.throws(() => parse({ engine: 'trino', url: 'http://h:8123', database: 'db' }), /"source\.engine" must be one of clickhouse/);
    for (const url of ['file:///etc/passwd', 'ftp://h', 'http://h:8123/path', 'http://h:8123/?database=x', 'not a url', 42]) assert.throws(() => parse({ engine: 'clickhouse', url, database: 'db' }), /"source\.url"/, String(url));
    for (const database of ['a.b', 'db`; DROP', '1db', '', 7]) assert.throws(() => parse({ engine: 'clickhouse', url: 'http://h:8123', database }), /"source\.database"/, String(database));
    assert.throws(() => parse({ engine: 'clickhouse', url: 'http://h:8123', database: 'db', table: 'x' }), /"source\.table"/);
  });

  it('allows a source only by its origin, never in an untrusted workspace', () => {
    const source = { engine: 'clickhouse' as const, url: 'http://h:8123', database: 'db' };
    checkRemoteAllowed(source, ['http://h:8123/'], 'm', 'setting');
    assert.throws(() => checkRemoteAllowed(source, ['http://h:8124', 'https://h:8123', 'http://h'], 'm', 'setting'), /not an allowed remote source: add "http:\/\/h:8123" to the user setting glassbox\.remoteSources/);
    assert.throws(() => checkRemoteAllowed(source, [], 'm', 'cli'), /--allow-remote http:\/\/h:8123/);
    assert.throws(() => checkRemoteAllowed(source, ['http://h:8123'], 'm', 'setting', false), /untrusted workspace/);
  });

  it('reads a baseline from files, or from the run\'s own database only: never from another server or database, never for a run of files', () => {
    const run = (source?: Record<string, unknown>) => parseManifest(JSON.stringify({ contributions: 'c', weights: 'w', ...(source ? { source: { engine: 'clickhouse', ...source } } : {}) }), 'm.glassbox.json').manifest;
    const ours = { url: 'http://warehouse:8123', database: 'research' };
    assert.equal(remoteBaselineProblem(run(ours), run()), null, 'a baseline of files');
    assert.equal(remoteBaselineProblem(run(ours), run({ url: 'http://warehouse:8123/', database: 'research' })), null, 'the same origin and database');
    assert.match(remoteBaselineProblem(run(ours), run({ ...ours, database: 'other' })) ?? '', /database other at http:\/\/warehouse:8123, not in the run's \(research at http:\/\/warehouse:8123\)/);
    assert.match(remoteBaselineProblem(run(ours), run({ ...ours, url: 'http://elsewhere:8123' })) ?? '', /at http:\/\/elsewhere:8123, not in the run's/);
    assert.match(remoteBaselineProblem(run(), run(ours)) ?? '', /a run of files reads its baseline from files only/);
    assert.match(remoteBaselineProblem(null, run(ours)) ?? '', /a run of files/);
    assert.equal(remoteBaselineProblem(null, null), null);
  });

  it('takes credentials from GLASSBOX_CLICKHOUSE_USER and GLASSBOX_CLICKHOUSE_PASSWORD', () => {
    assert.deepEqual(credentialsFromEnv({ GLASSBOX_CLICKHOUSE_USER: 'u', GLASSBOX_CLICKHOUSE_PASSWORD: 'p' }), { user: 'u', password: 'p' });
    assert.deepEqual(credentialsFromEnv({}), {});
  });
});

describe('a manifest source through the CLI (one ClickHouse server)', function () {
  this.timeout(120_000);
  const cluster = useCluster(1);
  let url: string;
  let dir: string;
  const manifest = (name: string, extra: Record<string, unknown> = {}, source: Record<string, unknown> = {}) => {
    const snapshot = JSON.parse(readFileSync(join(SNAPSHOT, 'snapshot.glassbox.json'), 'utf8')) as Record<string, unknown>;
    const path = join(dir, `${name}.glassbox.json`);
    writeFileSync(path, JSON.stringify({ ...snapshot, source: { engine: 'clickhouse', url, database: 'snap', ...source }, contributions: 'contributions', weights: 'weights', ...extra }));
    return path;
  };

  before(async () => {
    url = cluster().shards[0].url;
    dir = mkdtempSync(join(tmpdir(), 'glassbox-remote-'));
    const db = new ClickHouseConnection({ url, database: 'default' });
    try {
      await db.run('CREATE DATABASE snap');
      await db.run('CREATE TABLE snap.contributions (stock String, feature String, contribution Float64, feature_value Float64) ENGINE = MergeTree() ORDER BY (stock, feature)');
      await db.run('CREATE TABLE snap.weights (stock String, weight Float64, benchmark_weight Float64, sector String, country String) ENGINE = MergeTree() ORDER BY stock');
      await db.run(`INSERT INTO snap.contributions FORMAT CSVWithNames\n${readFileSync(join(SNAPSHOT, 'contributions.csv'), 'utf8')}`);
      await db.run(`INSERT INTO snap.weights FORMAT CSVWithNames\n${readFileSync(join(SNAPSHOT, 'weights.csv'), 'utf8')}`);
    } finally {
      db.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers `attribution` and `check` from the server as from the files', async () => {
    const path = manifest('snap');
    const args = ['--by', 'sector,factor', '--weight', 'active', '--json'];
    const [remote, files] = await Promise.all([cli(['attribution', path, ...args, '--allow-remote', url]), cli(['attribution', join(SNAPSHOT, 'snapshot.glassbox.json'), ...args])]);
    assert.equal(remote.code, 0, remote.stderr);
    assert.equal(files.code, 0, files.stderr);
    type Row = { sector: string; factor: string; contribution: number };
    const key = (rows: Row[]) => Object.fromEntries(rows.map((r) => [`${r.sector}|${r.factor}`, r.contribution]));
    const a = key(JSON.parse(remote.stdout) as Row[]);
    const b = key(JSON.parse(files.stdout) as Row[]);
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
    assert.ok(Object.keys(b).length > 20);
    for (const k of Object.keys(b)) assert.ok(Math.abs(a[k] - b[k]) <= 1e-9, `${k}: ${a[k]} != ${b[k]}`);

    const [remoteCheck, filesCheck] = await Promise.all([cli(['check', path, '--json', '--allow-remote', url]), cli(['check', join(SNAPSHOT, 'snapshot.glassbox.json'), '--json'])]);
    assert.equal(remoteCheck.code, filesCheck.code, remoteCheck.stderr);
    const guardrails = (r: CliResult) => (JSON.parse(r.stdout) as { guardrails: unknown }).guardrails;
    assert.deepEqual(guardrails(remoteCheck), guardrails(filesCheck));
  });

  it('refuses a source that --allow-remote does not name, before connecting', async () => {
    const path = manifest('snap');
    for (const allow of [[], ['--allow-remote', 'http://127.0.0.1:1']]) {
      const result = await cli(['attribution', path, '--by', 'sector', ...allow]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`reads its tables from ClickHouse at ${url.replace(/\./g, '\\.')}, which is not an allowed remote source: run with --allow-remote`));
    }
  });

  it('refuses a manifest carrying credentials, naming the field', async () => {
    const path = manifest('secret', {}, { password: 'glassbox-test' });
    const result = await cli(['attribution', path, '--by', 'sector', '--allow-remote', url]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"source\.password" must be left out/);
  });

  it('names the source when the server is down', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const path = manifest('down', {}, { url: down });
    const result = await cli(['attribution', path, '--by', 'sector', '--allow-remote', down]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`snap\\.contributions at ${down.replace(/\./g, '\\.')}: the server cannot be reached`));
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('connects with the credentials of the environment, and names the source when they are wrong', async () => {
    const path = manifest('snap');
    const ok = await cli(['attribution', path, '--by', 'sector', '--json', '--allow-remote', url], { GLASSBOX_CLICKHOUSE_USER: REVIEWER.user, GLASSBOX_CLICKHOUSE_PASSWORD: REVIEWER.password });
    assert.equal(ok.code, 0, ok.stderr);
    const wrong = await cli(['attribution', path, '--by', 'sector', '--allow-remote', url], { GLASSBOX_CLICKHOUSE_USER: REVIEWER.user, GLASSBOX_CLICKHOUSE_PASSWORD: 'wrong' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, new RegExp(`at ${url.replace(/\./g, '\\.')}: .*(password|Authentication)`, 'i'));
    assert.doesNotMatch(wrong.stderr, /wrong/);
  });

  it('stops a query on interrupt() (KILL QUERY) and when it outlives its timeout', async () => {
    const db = new ClickHouseConnection({ url, database: 'default' });
    try {
      const long = db.query('SELECT toFloat64(count()) AS n FROM system.numbers WHERE number % 7 = 8');
      setTimeout(() => db.interrupt(), 300);
      await assert.rejects(long, /the query was cancelled/);
      // The server ends it too (KILL QUERY ... ASYNC): nothing of ours is left running.
      let left = 1;
      for (let i = 0; i < 50 && left > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = numbers(await db.query("SELECT toFloat64(count()) AS n FROM system.processes WHERE query LIKE '%number % 7 = 8%' AND query NOT LIKE '%system.processes%'"), 'n')[0];
      }
      assert.equal(left, 0);
    } finally {
      db.close();
    }
    const quick = new ClickHouseConnection({ url, database: 'default', timeoutSeconds: 1 });
    try {
      await assert.rejects(quick.query('SELECT toFloat64(count()) AS n FROM system.numbers WHERE number % 7 = 8'), new RegExp(`ClickHouse at ${url.replace(/\./g, '\\.')}: .*[Tt]imeout`));
    } finally {
      quick.close();
    }
  });
});

// A throwaway ClickHouse cluster for the tests (and the bench): N shards of Debian's
// `clickhouse-server` on free loopback ports, each with its own config and data folder in one
// temporary directory, a `remote_servers` entry naming every shard (cluster `glassbox`), and
// two users: `default` (no password, loopback only: the shards use it to talk to each other)
// and `reviewer` (password `glassbox-test`, for the credential tests). `stop()` ends the
// servers this module started (by their pid) and removes the folder; an exit of the process
// does the same, so a failed test leaves nothing behind.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLUSTER = 'glassbox';
export const REVIEWER = { user: 'reviewer', password: 'glassbox-test' };
const SERVER = process.env.GLASSBOX_CLICKHOUSE_SERVER ?? 'clickhouse-server';

/** Whether the server binary is installed (`clickhouse-server --help` runs). */
export function clickhouseInstalled() {
  const probe = spawnSync(SERVER, ['--help'], { stdio: 'ignore' });
  return !probe.error;
}

/** A loopback port nobody listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function serverConfig(dir, shard, shards) {
  const replicas = shards.map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${xml(join(dir, 'server.log'))}</log><errorlog>${xml(join(dir, 'error.log'))}</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${shard.http}</http_port>
  <tcp_port>${shard.tcp}</tcp_port>
  <interserver_http_port>${shard.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${xml(join(dir, 'data'))}/</path>
  <tmp_path>${xml(join(dir, 'tmp'))}/</tmp_path>
  <user_files_path>${xml(join(dir, 'user_files'))}/</user_files_path>
  <format_schema_path>${xml(join(dir, 'format_schemas'))}/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <timezone>UTC</timezone>
  <remote_servers><${CLUSTER}>${replicas}</${CLUSTER}></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads><log_queries>1</log_queries></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
    <${REVIEWER.user}><password>${REVIEWER.password}</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></${REVIEWER.user}>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

async function answers(url) {
  try {
    const response = await fetch(`${url}/?query=${encodeURIComponent('SELECT 1')}`, { signal: globalThis.AbortSignal.timeout(1000) });
    return response.ok && (await response.text()).trim() === '1';
  } catch {
    return false;
  }
}

/**
 * Starts `shards` servers and waits until each answers `SELECT 1` over HTTP.
 * Resolves to { shards: [{ url, http, tcp, dir }], cluster, folder, stop() }.
 * A port found free can be taken before a server binds it (the free ports are in the range
 * the system also hands out to outgoing connections): a server that stops on "Address
 * already in use" makes the cluster start again on other ports, up to three times.
 */
export async function startCluster(options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startClusterOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(String(error?.message))) throw error;
    }
  }
}

async function startClusterOnce({ shards: count = 2, timeoutMs = 30000 } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'glassbox-clickhouse-'));
  const shards = [];
  for (let i = 0; i < count; i++) shards.push({ index: i, http: await freePort(), tcp: await freePort(), interserver: await freePort(), dir: join(folder, `shard${i}`) });
  const children = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopSync);
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(folder, { recursive: true, force: true });
  };
  // A process that exits without calling stop() (a crash, a failing hook) still ends its servers.
  function stopSync() {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
  process.on('exit', stopSync);
  try {
    for (const shard of shards) {
      for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(shard.dir, sub), { recursive: true });
      writeFileSync(join(shard.dir, 'config.xml'), serverConfig(shard.dir, shard, shards));
      writeFileSync(join(shard.dir, 'users.xml'), USERS);
      const child = spawn(SERVER, [`--config-file=${join(shard.dir, 'config.xml')}`], { cwd: shard.dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      child.on('error', (error) => (stderr += String(error)));
      shard.child = child;
      shard.stderr = () => stderr;
      shard.url = `http://127.0.0.1:${shard.http}`;
      children.push(child);
    }
    const deadline = Date.now() + timeoutMs;
    for (const shard of shards) {
      while (!(await answers(shard.url))) {
        if (shard.child.exitCode !== null || Date.now() > deadline) {
          let log = '';
          try {
            log = readFileSync(join(shard.dir, 'error.log'), 'utf8').slice(-2000);
          } catch {
            /* no log yet */
          }
          throw new Error(`ClickHouse shard ${shard.index} on port ${shard.http} did not start (${shard.child.exitCode !== null ? `exit ${shard.child.exitCode}` : 'timeout'}): ${shard.stderr()} ${log}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { shards: shards.map(({ index, url, http, tcp, dir }) => ({ index, url, http, tcp, dir })), cluster: CLUSTER, folder, stop };
}

// `node scripts/lib/clickhouse.mjs`: start two shards, print their URLs, stop on Ctrl-C.
// (Only as itself: a bundle that inlines this module has another name. No top-level await:
// the integration tests bundle this module as CommonJS, which cannot have one.)
if (process.argv[1]?.endsWith('clickhouse.mjs') && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  startCluster().then((cluster) => {
    console.log(cluster.shards.map((s) => s.url).join('\n'));
    process.on('SIGINT', () => cluster.stop().then(() => process.exit(0)));
  });
}

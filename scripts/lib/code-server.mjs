// code-server (VS Code 1.100.3 served to a browser, with a Node extension host) for the
// real-VS-Code test tier and `npm run demo` on machines without desktop VS Code or without
// access to Microsoft's update server. It is installed once into .cache/code-server, outside
// the project's dependencies: users of the extension never need it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** 4.100.x is the last line that runs on Node 20 (4.104 and later need Node 22+). */
export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Where code-server is installed: .cache/code-server/<version> (git-ignored). */
export const codeServerHome = join(repoRoot, '.cache', 'code-server', CODE_SERVER_VERSION);
const entryPoint = join(codeServerHome, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const doneMarker = join(codeServerHome, '.installed');

/**
 * Install code-server into the cache folder unless it is already there (a fast no-op then).
 * Returns the path of its Node entry point. Throws with the apt-get command to run when a
 * system prerequisite (libkrb5-dev, ripgrep) is missing.
 *
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<string>}
 */
export async function ensureCodeServer({ log = (line) => console.log(line) } = {}) {
  if (existsSync(doneMarker) && existsSync(entryPoint)) return entryPoint;
  checkPrerequisites();
  const started = Date.now();
  log(`[code-server] installing code-server@${CODE_SERVER_VERSION} into ${codeServerHome} (once)`);
  seedRipgrepCache();
  rmSync(codeServerHome, { recursive: true, force: true });
  mkdirSync(codeServerHome, { recursive: true });
  writeFileSync(
    join(codeServerHome, 'package.json'),
    JSON.stringify({ name: 'glassbox-code-server-cache', private: true, description: 'code-server for Glass Box tests and demo; not a project dependency' }, null, 2),
  );
  const env = {
    ...process.env,
    // node-pty's postinstall runs `npx node-gyp`; the machine's npm config says yes=false.
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // node-gyp would otherwise download Node's headers from nodejs.org, which may be unreachable.
  const headers = nodeHeadersDir();
  if (headers && !env.npm_config_nodedir) env.npm_config_nodedir = headers;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--unsafe-perm', '--no-save', '--no-package-lock', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: codeServerHome, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.error) throw new Error(`[code-server] could not run npm: ${result.error.message}`);
  if (result.status !== 0 || !existsSync(entryPoint)) {
    throw new Error(
      `[code-server] npm install code-server@${CODE_SERVER_VERSION} failed (exit ${result.status}). ` +
        'It needs libkrb5-dev, ripgrep, a C++ toolchain (build-essential, python3) and the npm registry; see the output above.',
    );
  }
  writeFileSync(doneMarker, `${new Date().toISOString()}\n`);
  log(`[code-server] installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return entryPoint;
}

/** Fail early, with the command that fixes it, when a Debian package the install needs is missing. */
function checkPrerequisites() {
  const missing = [];
  if (!existsSync('/usr/bin/rg')) missing.push('ripgrep');
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length) {
    throw new Error(
      `[code-server] missing system packages: ${missing.join(', ')} ` +
        `(${missing.includes('ripgrep') ? "@vscode/ripgrep would download rg from GitHub; " : ''}` +
        `${missing.includes('libkrb5-dev') ? 'the kerberos module builds against it; ' : ''}` +
        `install with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
}

/**
 * @vscode/ripgrep downloads rg from GitHub at install time unless its cache already holds the
 * tarball: build that tarball from Debian's /usr/bin/rg (`rg` at the archive's root).
 */
function seedRipgrepCache() {
  const cacheDir = join(tmpdir(), RIPGREP_CACHE);
  const tarball = join(cacheDir, RIPGREP_TARBALL);
  if (existsSync(tarball)) return;
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'glassbox-rg-'));
  try {
    writeFileSync(join(staging, 'rg'), readFileSync('/usr/bin/rg'), { mode: 0o755 });
    const tar = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`[code-server] could not create ${tarball} with tar`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The folder holding Node's C headers (include/node/node.h), when this Node ships them. */
function nodeHeadersDir() {
  for (const dir of [resolve(dirname(process.execPath), '..'), '/usr']) {
    if (existsSync(join(dir, 'include', 'node', 'node.h'))) return dir;
  }
  return undefined;
}

/**
 * A free TCP port on 127.0.0.1: `preferred` and the ports after it when given, else any.
 *
 * @param {number} [preferred]
 * @returns {Promise<number>}
 */
export async function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolvePort) => {
      const server = createServer();
      server.once('error', () => resolvePort(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address();
        server.close(() => resolvePort(bound));
      });
    });
  if (preferred) {
    for (let port = preferred; port < preferred + 100; port++) {
      const bound = await tryPort(port);
      if (bound) return bound;
    }
  }
  const bound = await tryPort(0);
  if (!bound) throw new Error('[code-server] no free port on 127.0.0.1');
  return bound;
}

/**
 * Settings that keep a scripted or demo workbench free of dialogs, tours and telemetry.
 * The workspace trust dialog in particular blocks the run if left on.
 */
export const quietSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/**
 * Start code-server on `folder`, bound to 127.0.0.1, and wait until it answers.
 *
 * @param {{ folder: string, port?: number, extensionsDir?: string, userDataDir?: string,
 *   settings?: Record<string, unknown>, env?: Record<string, string>, log?: (line: string) => void,
 *   quiet?: boolean }} options
 *   `port` is a preferred port (the next free one is taken if busy); `userDataDir` and
 *   `extensionsDir` default to fresh temp folders; `env` is added to the server's environment,
 *   which its extension host inherits (the web payload's `extensionEnvironment` is ignored).
 * @returns {Promise<{ url: string, port: number, userDataDir: string, stop: () => Promise<void>,
 *   exited: Promise<{ code: number | null, signal: string | null }>, output: () => string }>}
 *   `output()` is the tail of the server's log.
 */
export async function startCodeServer({ folder, port, extensionsDir, userDataDir, settings = {}, env = {}, log = (line) => console.log(line), quiet = true }) {
  const entry = await ensureCodeServer({ log });
  const temps = [];
  if (!userDataDir) temps.push((userDataDir = mkdtempSync(join(tmpdir(), 'glassbox-ud-'))));
  if (!extensionsDir) temps.push((extensionsDir = mkdtempSync(join(tmpdir(), 'glassbox-ext-'))));
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));

  const chosen = await freePort(port);
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${chosen}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    folder,
  ];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      // No marketplace: Open VSX is unreachable offline and the tests and demo need none.
      EXTENSIONS_GALLERY: '{}',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  let output = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20000);
    if (!quiet) process.stderr.write(text.replace(/^/gm, '[code-server] '));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit((exited = { code, signal }))));

  const url = `http://127.0.0.1:${chosen}/`;
  const stop = async () => {
    liveServers.delete(stop);
    if (exited) return;
    try {
      // The server spawns the extension host and file watchers: end the whole group we started.
      if (process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
      else child.kill('SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await exitPromise;
    clearTimeout(timer);
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  };

  liveServers.add(stop);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`[code-server] exited during start (code ${exited.code}, signal ${exited.signal}):\n${output}`);
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`[code-server] did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port: chosen, userDataDir, stop, exited: exitPromise, output: () => output };
}

/**
 * Install a VSIX into `extensionsDir` as a user would (`code-server --install-extension`),
 * with no marketplace. Returns the folder it was installed into. Start code-server with the
 * same `extensionsDir` to run it.
 *
 * @param {{ vsix: string, extensionsDir: string, userDataDir: string, log?: (line: string) => void }} options
 * @returns {Promise<string>}
 */
export async function installExtension({ vsix, extensionsDir, userDataDir, log = (line) => console.log(line) }) {
  const entry = await ensureCodeServer({ log });
  mkdirSync(extensionsDir, { recursive: true });
  const before = new Set(readdirSync(extensionsDir));
  const result = spawnSync(
    process.execPath,
    [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { env: { ...process.env, EXTENSIONS_GALLERY: '{}' }, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  // code-server reports a failed install on its output but may still exit with 0.
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`[code-server] --install-extension ${vsix} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  const added = readdirSync(extensionsDir).filter((name) => !before.has(name) && name !== 'extensions.json' && !name.startsWith('.'));
  if (added.length !== 1) throw new Error(`[code-server] expected one new folder in ${extensionsDir} after installing ${vsix}, found: ${added.join(', ') || 'none'}`);
  return join(extensionsDir, added[0]);
}

/** The `stop()` of every server started here and not yet stopped. */
const liveServers = new Set();

/**
 * Stop every code-server this process started, including one still starting: they run in
 * their own process group, so a Ctrl+C does not reach them.
 */
export async function stopAllCodeServers() {
  await Promise.all([...liveServers].map((stop) => stop()));
}

/**
 * The workbench URL that opens `folder` with a payload, e.g.
 * `[["extensionDevelopmentPath", "vscode-remote://127.0.0.1:8080/abs/repo"], ["skipWelcome", "true"]]`.
 *
 * @param {{ port: number, folder: string, payload?: [string, string][] }} options
 */
export function workbenchUrl({ port, folder, payload }) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload && payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A `vscode-remote://` URI for an absolute path on the server, as the payload expects. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split('\\').join('/')}`;
}

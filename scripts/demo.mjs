#!/usr/bin/env node
// `npm run demo`: Glass Box on the sample run, in a real VS Code.
//
// Builds the extension, generates the sample run if it is missing, then:
// - with desktop VS Code (`code` on PATH): opens samples/russell2000 in an Extension
//   Development Host;
// - otherwise: starts code-server (VS Code in the browser, installed once into .cache/) on
//   127.0.0.1 with the extension loaded unpackaged and prints the URL to open. Ctrl+C stops it.
// Either way the extension, told by GLASSBOX_DEMO_LAYOUT in its environment, opens the run
// manifest in the Glass Box editor with the research code beside it (src/editor/demoLayout.ts)
// once per demo session; a reload of the window restores the editors as they were.
//
// `node scripts/demo.mjs --no-build` skips the build (e.g. while `npm run watch` runs).
// Environment: GLASSBOX_PORT (default: the first free port from 8080), GLASSBOX_DEMO_WEB=1
// to use code-server even when `code` is installed, GLASSBOX_DEMO_VERBOSE=1 for server logs.
// Nothing is written into samples/ beyond what `npm run sample` generates: code-server's
// user data and extensions folders live in .cache/demo/.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ensureCodeServer, freePort, remoteUri, repoRoot, startCodeServer, workbenchUrl } from './lib/code-server.mjs';

const sampleDir = join(repoRoot, 'samples', 'russell2000');
const manifest = join(sampleDir, 'run.glassbox.json');
/** Research code shown next to the run: where the value features are defined. */
const researchFile = join(sampleDir, 'research', 'features', 'value.py');
const demoCache = join(repoRoot, '.cache', 'demo');
const say = (line) => console.log(`[demo] ${line}`);

/** What the extension opens when it starts: the run, and the research code beside it (a new session id per demo). */
const layoutEnv = () => ({
  GLASSBOX_DEMO_LAYOUT: JSON.stringify({ session: randomUUID(), run: manifest, ...(existsSync(researchFile) ? { code: researchFile } : {}) }),
});

function npmRun(script) {
  say(`npm run ${script}`);
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status})`);
}

/** The desktop VS Code launcher on PATH, if any (found without running anything). */
function desktopCode() {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

function runDesktop(code) {
  say(`opening ${manifest} in VS Code (${code}) with the extension from ${repoRoot}`);
  const result = spawnSync(code, [`--extensionDevelopmentPath=${repoRoot}`, sampleDir], { stdio: 'inherit', env: { ...process.env, ...layoutEnv() } });
  process.exit(result.status ?? 1);
}

async function runCodeServer() {
  await ensureCodeServer({ log: say });
  const requested = process.env.GLASSBOX_PORT ? Number(process.env.GLASSBOX_PORT) : undefined;
  if (requested !== undefined && (await freePort(requested)) !== requested) {
    throw new Error(`GLASSBOX_PORT=${requested} is in use; choose another port or leave GLASSBOX_PORT unset`);
  }
  const userDataDir = join(demoCache, 'user-data');
  const extensionsDir = join(demoCache, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  const server = await startCodeServer({
    folder: sampleDir,
    port: requested ?? 8080,
    userDataDir,
    extensionsDir,
    env: layoutEnv(),
    log: say,
    quiet: !process.env.GLASSBOX_DEMO_VERBOSE,
  });
  let stopped = false;
  const stop = async (signal) => {
    if (stopped) return;
    stopped = true;
    say(`${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const payload = [
    ['extensionDevelopmentPath', remoteUri(server.port, repoRoot)],
    ['skipWelcome', 'true'],
  ];
  // No `openFile` here: a URL that names files to open replaces the restore of the open editors on a reload.
  const url = workbenchUrl({ port: server.port, folder: sampleDir, payload });
  console.log('');
  say('Glass Box is running in code-server (VS Code in the browser). Open this URL:');
  console.log(`\n  ${url}\n`);
  say(`The run opens in the Glass Box editor, the research code beside it, when the page loads. Ctrl+C stops the server.`);
  say(`(Listening on 127.0.0.1 only; from another machine, forward the port: ssh -L ${server.port}:127.0.0.1:${server.port} HOST)`);
  // Run until Ctrl+C, or until code-server itself ends.
  const { code, signal } = await server.exited;
  if (!stopped) {
    console.error(`[demo] code-server exited (code ${code}, signal ${signal}):\n${server.output()}`);
    process.exit(1);
  }
}

async function main() {
  if (!process.argv.includes('--no-build')) npmRun('build');
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build');
  if (!existsSync(manifest)) npmRun('sample');
  const code = process.env.GLASSBOX_DEMO_WEB ? undefined : desktopCode();
  if (code) return runDesktop(code);
  await runCodeServer();
}

main().catch((error) => {
  console.error(`[demo] ${error.message || error}`);
  process.exit(1);
});

#!/usr/bin/env node
// The real-VS-Code test tier (`npm run test:vscode`): runs test/integration inside the
// extension host of code-server (VS Code 1.100.3 served to a browser), driven by Debian's
// Chromium through playwright-core, on a throwaway copy of the sample run.
//
//   node scripts/test-vscode.mjs [--vsix FILE | --dev] [--extension-path DIR] [--tests-path MODULE] [--headed] [--trace]
//
// By default the suite runs against Glass Box as users get it: this platform's VSIX, built
// by `npm run package` (scripts/lib/vsix.mjs) and read back by test/package, is installed
// with `code-server --install-extension` into a fresh extensions folder and loaded from
// there like any installed extension. VS Code runs a test suite (extensionTestsPath) only
// beside an extension under development (extensionDevelopmentPath), so the payload names an
// empty runner extension as that one; test/integration/installed.test.ts checks that the
// Glass Box the suite drives is the installed copy.
// --vsix FILE installs that VSIX instead of building one; --dev loads the extension
// unpackaged from the repository's dist/ (quicker while working on it).
// --extension-path and --tests-path (which imply --dev) default to this repository and its
// built dist/test/integration/index; they exist to check the harness on another extension.
// --trace (or GLASSBOX_VSCODE_TRACE=1) prints every webview request with its time since the
// workbench opened and its status, and times the suite's lines: where a slow first view waits.
// Screenshots go to test-results/vscode/: final.png when the suite ends, and NAME.png
// (plus NAME-webview-N.png) whenever the suite logs `GLASSBOX_SCREENSHOT NAME`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCodeServer, installExtension, remoteUri, repoRoot, startCodeServer, stopAllCodeServers, workbenchUrl } from './lib/code-server.mjs';
import { buildVsix } from './lib/vsix.mjs';
import { launchChromium, screenshotWorkbench } from './lib/workbench.mjs';

/** The whole tier must end within this, however the workbench behaves. */
const HARD_TIMEOUT_MS = Number(process.env.GLASSBOX_VSCODE_TIMEOUT_MS || 8 * 60_000);
const resultsDir = join(repoRoot, 'test-results', 'vscode');
const sampleDir = join(repoRoot, 'samples', 'russell2000');
const fixturesDir = join(repoRoot, 'test', 'fixtures', 'integration');
/** What the suite logs to ask for a screenshot; see test/integration/harness.ts. */
const SCREENSHOT_MARKER = /GLASSBOX_SCREENSHOT ([\w.-]+)/;

const { values: options } = parseArgs({
  options: {
    'extension-path': { type: 'string' },
    'tests-path': { type: 'string' },
    vsix: { type: 'string' },
    dev: { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: !!process.env.GLASSBOX_VSCODE_VERBOSE },
    trace: { type: 'boolean', default: !!process.env.GLASSBOX_VSCODE_TRACE },
  },
});
// Playwright reports requests a service worker makes (the webviews' resources) only with this.
if (options.trace) process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
const extensionPath = resolve(options['extension-path'] ?? repoRoot);
const testsPath = resolve(options['tests-path'] ?? join(repoRoot, 'dist', 'test', 'integration', 'index'));
/** Unpackaged from a folder, or installed from a VSIX (the default). */
const unpackaged = options.dev || !!options['extension-path'];
if (unpackaged && options.vsix) throw new Error('--vsix installs a package: it cannot be combined with --dev or --extension-path');
const vsixTest = join(repoRoot, 'dist', 'test', 'package', 'vsix.test.mjs');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[test:vscode] ${line}`);

function npmRun(script) {
  say(`npm run ${script}`);
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status})`);
}

/** Build and sample generation, only when what the tier needs is missing. */
function prepareRepo() {
  if (options['extension-path']) return;
  if (!existsSync(join(repoRoot, 'dist', 'extension.js')) || !existsSync(`${testsPath}.js`) || !existsSync(vsixTest)) npmRun('build');
  if (!existsSync(`${testsPath}.js`)) throw new Error(`${testsPath}.js is missing after the build`);
  if (!existsSync(join(sampleDir, 'run.glassbox.json'))) npmRun('sample');
}

/**
 * A fresh workspace folder the tests may write into: the sample run at its root, and
 * test/fixtures/integration/** copied over it. The user's files are never touched.
 */
function makeWorkspace() {
  const base = mkdtempSync(join(tmpdir(), 'glassbox-vscode-'));
  const workspace = join(base, 'workspace');
  mkdirSync(workspace);
  if (existsSync(sampleDir)) cpSync(sampleDir, workspace, { recursive: true });
  if (existsSync(fixturesDir)) cpSync(fixturesDir, workspace, { recursive: true });
  const screenshotAcks = join(base, 'screenshots');
  mkdirSync(screenshotAcks);
  return { base, workspace, screenshotAcks };
}

/** `codeAutomationLog` gets (level, message) from the workbench's log service. */
function formatLog(args) {
  const parts = Array.isArray(args) ? args : [args];
  // eslint-disable-next-line no-control-regex -- colour escapes are what is being removed
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ').replace(/\u001b\[[0-9;]*m/g, '');
}

/** test/integration/index.ts prefixes the suite's console lines with this. */
const SUITE_LINE = /^GLASSBOX_SUITE ?/;

/**
 * The workbench logs a lot at info level; show the suite's lines, and workbench errors
 * (marked as such). Everything is shown with --verbose.
 */
function reportLog(level, text) {
  if (options.verbose) console.log(`[${level}] ${text}`);
  else if (SCREENSHOT_MARKER.test(text)) return; // reported when taken
  else if (SUITE_LINE.test(text)) console.log(`${options.trace ? `[${traceClock()}] ` : ''}${text.replace(SUITE_LINE, '')}`);
  else if (level === 'error' || level === 'critical') console.log(`[workbench ${level}] ${text}`);
}

/** The browser and the temp folder, so that a signal before the suite starts still cleans up. */
const running = { browser: undefined, base: undefined };
/** What a signal does: stop what runs and exit, until the suite starts; then end the run cleanly. */
let interrupt = async (signal) => {
  console.error(`[test:vscode] interrupted (${signal})`);
  await running.browser?.close();
  await stopAllCodeServers();
  if (running.base) rmSync(running.base, { recursive: true, force: true });
  process.exit(130);
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void interrupt(signal));

/** sha256 of every file below `dir`, by path relative to it. */
function fingerprint(dir, prefix = '') {
  const prints = new Map();
  for (const name of readdirSync(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) for (const [k, v] of fingerprint(dir, rel)) prints.set(k, v);
    else prints.set(rel, createHash('sha256').update(readFileSync(join(dir, rel))).digest('hex'));
  }
  return prints;
}

/**
 * Glass Box must never write into a run's folder or the user's files: every file the
 * workspace started with must end the session byte for byte the same. (Files the tests
 * create themselves, such as the broken manifests, are not in the starting set.)
 */
function changedFiles(before, workspace) {
  const after = fingerprint(workspace);
  return [...before].filter(([path, hash]) => after.get(path) !== hash).map(([path]) => path);
}

/** This platform's VSIX (or --vsix), read back by test/package before it is installed. */
function checkedVsix() {
  const vsix = options.vsix ? resolve(options.vsix) : buildVsix({ log: (line) => say(`[package] ${line}`) });
  say(`checking ${vsix}`);
  const mocha = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const result = spawnSync(process.execPath, [mocha, '--config', join(repoRoot, 'test', '.mocharc.package.json')], {
    cwd: repoRoot,
    env: { ...process.env, GLASSBOX_VSIX: vsix, GLASSBOX_VSIX_INSTALL_HERE: '1' },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`${vsix} failed its checks (test/package), so it is not installed`);
  return vsix;
}

/**
 * The extension VS Code treats as under development when Glass Box is the installed copy:
 * a manifest and nothing else, there only so that VS Code runs extensionTestsPath.
 */
function writeRunnerExtension(dir) {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'glassbox-test-runner',
    publisher: 'glassbox',
    version: '0.0.0',
    description: 'Runs the Glass Box integration suite against the installed extension; contributes nothing.',
    engines: { vscode: '^1.100.0' },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

async function main() {
  prepareRepo();
  const vsix = unpackaged ? undefined : checkedVsix();
  await ensureCodeServer({ log: say });
  const { base, workspace, screenshotAcks } = makeWorkspace();
  running.base = base;
  const extensionsDir = join(base, 'extensions');
  const userDataDir = join(base, 'user-data');
  let installed;
  let developmentPath = extensionPath;
  if (vsix) {
    installed = await installExtension({ vsix, extensionsDir, userDataDir, log: say }).catch((error) => {
      rmSync(base, { recursive: true, force: true });
      throw error;
    });
    say(`installed ${relative(repoRoot, vsix)} into ${installed} (${elapsed()})`);
    developmentPath = writeRunnerExtension(join(base, 'runner'));
  } else {
    say(`extension loaded unpackaged from ${extensionPath}`);
  }
  const startingFiles = fingerprint(workspace);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  let server;
  let browser;
  let timer;
  let exitCode = 1;
  try {
    server = await startCodeServer({
      folder: workspace,
      userDataDir,
      extensionsDir,
      // The extension host inherits these; test/integration/harness.ts and installed.test.ts read them.
      env: {
        GLASSBOX_HARNESS: 'code-server',
        GLASSBOX_SCREENSHOT_ACKS: screenshotAcks,
        GLASSBOX_TEST_WORKSPACE: workspace,
        ...(installed ? { GLASSBOX_INSTALLED_EXTENSION: installed } : {}),
      },
      log: say,
      quiet: !options.verbose,
    });
    say(`code-server on ${server.url} (${elapsed()}), workspace ${workspace}`);
    browser = running.browser = await launchChromium({ headless: !options.headed });
    const { page } = browser;

    let finish;
    const finished = new Promise((resolveFinish) => (finish = resolveFinish));
    const screenshots = [];
    // Both hooks must exist before the workbench loads: it looks them up once.
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) || 0 }));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = formatLog(args);
      const marker = SCREENSHOT_MARKER.exec(text);
      if (marker) screenshots.push(takeRequestedScreenshot(page, marker[1], screenshotAcks));
      reportLog(level, text);
    });
    // code-server runs in its own process group: on Ctrl+C or a CI cancel, stop it here.
    interrupt = (signal) => finish({ code: 130, reason: `interrupted (${signal})` });
    if (options.trace) traceWebviews(browser.context, page);
    page.on('crash', () => finish({ code: 1, reason: 'the workbench page crashed' }));
    page.on('close', () => finish({ code: 1, reason: 'the browser closed the workbench page' }));
    timer = setTimeout(
      () => finish({ code: 1, reason: `timed out after ${HARD_TIMEOUT_MS / 1000} s (GLASSBOX_VSCODE_TIMEOUT_MS); the suite never called codeAutomationExit` }),
      HARD_TIMEOUT_MS,
    );

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.port, developmentPath)],
      ['extensionTestsPath', remoteUri(server.port, testsPath)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(workbenchUrl({ port: server.port, folder: workspace, payload }));
    const result = await finished;
    clearTimeout(timer);
    await Promise.allSettled(screenshots);
    if (result.reason) console.error(`[test:vscode] FAILED: ${result.reason}`);
    await screenshotWorkbench(page, resultsDir, 'final').catch((error) => say(`final screenshot failed: ${error.message}`));
    exitCode = result.code;
    say(`suite exited with code ${exitCode} after ${elapsed()}; screenshots in ${resultsDir}`);
    const changed = changedFiles(startingFiles, workspace);
    if (changed.length) {
      console.error(`[test:vscode] FAILED: the session changed ${changed.length} of the workspace's files: ${changed.slice(0, 5).join(', ')}`);
      exitCode = 1;
    } else {
      console.log(`[test:vscode] ${startingFiles.size} workspace files unchanged byte for byte after the session`);
    }
  } finally {
    clearTimeout(timer);
    await browser?.close();
    await server?.stop();
    rmSync(base, { recursive: true, force: true });
  }
  return exitCode;
}

let traceStart = Date.now();
/** Seconds since the workbench was opened, for --trace lines. */
const traceClock = () => `${((Date.now() - traceStart) / 1000).toFixed(2).padStart(7)} s`;

/**
 * --trace: print, with the time since the workbench was opened, every request a webview
 * makes (also through its service worker), every failed or slow request, the webviews'
 * frames as they attach and navigate, and their console lines: where a slow first view waits.
 */
function traceWebviews(context, page) {
  traceStart = Date.now();
  const at = traceClock;
  const short = (url) => (url.length > 150 ? `${url.slice(0, 150)}…` : url);
  const starts = new Map();
  const isWebview = (url) => /webview|vscode-resource|vscode-cdn/.test(url);
  context.on('request', (request) => {
    starts.set(request, Date.now());
    if (isWebview(request.url()) || !request.url().startsWith('http://127.0.0.1')) say(`[trace ${at()}] request ${request.method()} ${short(request.url())}${request.serviceWorker() ? ' (service worker)' : ''}`);
  });
  context.on('requestfinished', async (request) => {
    const ms = Date.now() - (starts.get(request) ?? Date.now());
    starts.delete(request);
    if (!isWebview(request.url()) && ms <= 1000) return;
    const status = (await request.response().catch(() => null))?.status();
    // 408 after 30 s: VS Code's webview service worker gave up waiting for the workbench's answer.
    const note = status === 408 ? ' (the webview service worker timed out waiting for the resource)' : '';
    say(`[trace ${at()}] done in ${ms} ms, status ${status ?? '?'}${note} ${short(request.url())}`);
  });
  context.on('requestfailed', (request) => {
    const ms = Date.now() - (starts.get(request) ?? Date.now());
    starts.delete(request);
    say(`[trace ${at()}] FAILED after ${ms} ms (${request.failure()?.errorText}) ${short(request.url())}`);
  });
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) say(`[trace ${at()}] frame ${frame.name()} at ${short(frame.url())}`);
  });
  page.on('console', (message) => {
    if (isWebview(message.location()?.url ?? '') || /service worker|webview/i.test(message.text())) say(`[trace ${at()}] console.${message.type()} ${message.text().slice(0, 300)}`);
  });
}

/**
 * Screenshot after the suite asked for it, once the views have had a moment to paint, then
 * tell the suite (through a file in the ack folder) that it may go on.
 */
async function takeRequestedScreenshot(page, name, ackDir) {
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const files = await screenshotWorkbench(page, resultsDir, name);
    say(`screenshot ${files.map((f) => f.slice(repoRoot.length + 1)).join(', ')}`);
  } catch (error) {
    say(`screenshot ${name} failed: ${error.message}`);
  } finally {
    writeFileSync(join(ackDir, `${name}.done`), '');
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test:vscode] ${error.stack || error.message || error}`);
    process.exit(1);
  },
);

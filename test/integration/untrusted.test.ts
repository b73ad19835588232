/**
 * Data from files is untrusted (a run may come with a stranger's pull request): a run whose
 * stock ids, company names, sectors, feature and factor names are HTML loads, draws its
 * overview and stocks tabs, logs no error, and shows those names as text. The run is
 * test/fixtures/integration/untrusted/.
 *
 * Under scripts/test-vscode.mjs the harness writes the text of each screenshotted webview
 * (its document's innerText) beside the screenshot: names parsed as HTML would be missing
 * from it (an <img> or <script> has no text), names shown as text are there verbatim.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GlassBoxApi, RenderEvent } from '../../src/api';
import { closeAllEditors, glassBox, repoRoot, screenshot, sleep, suiteLog, workspaceRoot } from './harness';
import { describeCharts, openInGlassBox, RunWatcher } from './runViews';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '"><script>alert(1)</script>';

/** Drawn, with marks: the tab's data reached its charts. */
const drawnWithMarks = (event: RenderEvent) => event.charts.length > 0 && event.charts.some((chart) => chart.marks > 0);

/**
 * The Glass Box log (its LogOutputChannel's file) under the harness's user-data folder, a
 * sibling of the workspace; undefined under other runners.
 */
function glassBoxLog(): string | undefined {
  if (!process.env.GLASSBOX_HARNESS) return undefined;
  const logs = path.join(path.dirname(workspaceRoot().fsPath), 'user-data', 'logs');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name === 'Glass Box.log') found.push(file);
    }
  };
  if (fs.existsSync(logs)) walk(logs);
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** The text of the first webview the harness saved with screenshot `name`, or undefined outside the harness. */
function webviewText(name: string): string | undefined {
  if (!process.env.GLASSBOX_SCREENSHOT_ACKS) return undefined;
  const file = path.join(repoRoot, 'test-results', 'vscode', `${name}-webview-1.txt`);
  assert.ok(fs.existsSync(file), `the harness saved no text of the webview for screenshot ${name} (${file})`);
  return fs.readFileSync(file, 'utf8');
}

describe('untrusted names in a run', function () {
  this.timeout(120_000);
  let api: GlassBoxApi;
  let manifest: vscode.Uri;
  let watcher: RunWatcher;
  let logFile: string | undefined;
  let logStart = 0;

  /** Lines the Glass Box log gained at error level since the suite started. */
  function loggedErrors(): string[] {
    if (!logFile) return [];
    return fs.readFileSync(logFile, 'utf8').slice(logStart).split('\n').filter((line) => /\[error\]/.test(line));
  }

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
    manifest = vscode.Uri.joinPath(workspaceRoot(), 'untrusted', 'untrusted.glassbox.json');
    logFile = glassBoxLog();
    logStart = logFile ? fs.statSync(logFile).size : 0;
    suiteLog(`    checking for errors in ${logFile ?? '(no Glass Box log file under this runner)'}`);
    watcher = new RunWatcher(api, manifest);
  });
  after(async () => {
    watcher?.dispose();
    await closeAllEditors();
  });

  it('loads, keeping every name verbatim', async () => {
    await openInGlassBox(manifest);
    const info = await watcher.load();
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
    const run = info.run!;
    assert.equal(run.name, `untrusted ${IMG}`);
    assert.equal(run.stockCount, 3);
    assert.deepEqual([...run.sectors].sort(), [SCRIPT, IMG, 'Utilities'].sort());
    assert.deepEqual(run.features.map((f) => f.name).sort(), [SCRIPT, IMG, 'momentum'].sort());
    assert.ok(run.factors.includes(SCRIPT), `factors: ${JSON.stringify(run.factors)}`);
  });

  it('draws the overview and the stocks tab of an HTML-named stock, showing the names as text', async () => {
    assert.equal(api.panels().find((p) => p.uri === manifest.toString())?.status, 'ready', 'the run is not loaded; see the first failure');
    const overview = await watcher.render('overview', 0, drawnWithMarks);
    suiteLog(`    overview: ${describeCharts(overview)}`);
    await screenshot('untrusted-overview');
    const overviewText = webviewText('untrusted-overview');

    const since = watcher.renders.length;
    await api.show(manifest.toString(), { tab: 'stocks', stock: IMG });
    const stocks = await watcher.render('stocks', since, drawnWithMarks);
    suiteLog(`    stocks (${IMG}): ${describeCharts(stocks)}`);
    await screenshot('untrusted-stocks');
    const stocksText = webviewText('untrusted-stocks');

    if (overviewText !== undefined && stocksText !== undefined) {
      // The stock table lists every stock, its name and its sector; the waterfall's feature
      // names are drawn in SVG, so the page text holds the table's (and the labels') names.
      for (const name of [IMG, SCRIPT, `${SCRIPT} Inc`, `${IMG} Corp`]) {
        assert.ok(stocksText.includes(name), `the stocks tab shows ${name} as text; its text:\n${stocksText.slice(0, 2000)}`);
      }
      assert.ok(overviewText.includes(IMG) || overviewText.includes(SCRIPT), `the overview shows a sector name as text; its text:\n${overviewText.slice(0, 2000)}`);
    }
    const state = api.panels().find((p) => p.uri === manifest.toString())?.state;
    assert.equal(state?.stock, IMG, 'the view selected the stock whose id is HTML');
  });

  it('logs no error', async () => {
    // A webview error reaches the host as a message, a moment after it happens.
    await sleep(500);
    assert.deepEqual(loggedErrors(), []);
  });
});

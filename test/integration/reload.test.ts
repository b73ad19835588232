/**
 * "Never breaks, never lies" on disk: a run open in Glass Box reloads when the model
 * rewrites its files, keeps what the user was looking at, rides out a file caught
 * half-written (src/editor/runDocument.ts retries RELOAD_RETRIES times, RELOAD_RETRY_MS
 * apart, without ever reporting 'failed' in between), and ends 'failed', naming the file,
 * only when a file stays broken, recovering as soon as it is fixed.
 *
 * The run is written by the test into a new folder of the harness's throwaway workspace,
 * so rewriting it never touches a file the workspace started with.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GlassBoxApi, PanelInfo } from '../../src/api';
import type { Diagnostic } from '../../src/model/types';
import type { ViewState } from '../../src/protocol';
import { closeAllEditors, glassBox, screenshot, sleep, suiteLog, workspaceRoot } from './harness';
import { chartsWithMarks, describeCharts, openInGlassBox, RunWatcher } from './runViews';

/** Mirrors src/editor/runDocument.ts: the debounce after a change, and the retries of a half-written file. */
const RELOAD_DEBOUNCE_MS = 400;
const RELOAD_RETRIES = 3;
const RELOAD_RETRY_MS = 1000;
/** Long enough for a debounced reload of a six-stock run, all its retries, and a slow machine. */
const RELOAD_TIMEOUT_MS = 60_000;

const D1 = '2024-01-31';
const D2 = '2024-02-29';

/** Six stocks in three sectors, three features in two factors; score = base + contributions. */
const CONTRIBUTIONS = `date,stock,name,sector,base_value,score,value__ep,value__bp,momentum__mom
${D1},A,Alpha,Tech,0.01,0.04,0.01,0.01,0.01
${D1},B,Beta,Tech,0.01,0.00,-0.01,0.00,0.00
${D1},C,Gamma,Health,0.01,0.05,0.02,0.01,0.01
${D1},D,Delta,Health,0.01,-0.01,-0.01,-0.01,0.00
${D1},E,Epsilon,Energy,0.01,0.02,0.00,0.01,0.00
${D1},F,Zeta,Energy,0.01,0.01,0.00,0.00,0.00
${D2},A,Alpha,Tech,0.01,0.03,0.01,0.00,0.01
${D2},B,Beta,Tech,0.01,0.01,0.00,0.00,0.00
${D2},C,Gamma,Health,0.01,0.06,0.02,0.02,0.01
${D2},D,Delta,Health,0.01,0.00,-0.01,0.00,0.00
${D2},E,Epsilon,Energy,0.01,0.02,0.01,0.00,0.00
${D2},F,Zeta,Energy,0.01,0.00,-0.01,0.00,0.00
`;

/** A weights file: one `[date, [weights of A..F]]` per date; benchmark weights fixed. */
function weightsCsv(byDate: [string, number[]][]): string {
  const benchmark = [0.2, 0.2, 0.15, 0.15, 0.15, 0.15];
  const rows = byDate.flatMap(([date, weights]) => weights.map((w, i) => `${date},${'ABCDEF'[i]},${w},${benchmark[i]}`));
  return `date,stock,weight,benchmark_weight\n${rows.join('\n')}\n`;
}

/** The first version: both dates sum to 100%. */
const WEIGHTS_V1 = weightsCsv([
  [D1, [0.3, 0.2, 0.2, 0.1, 0.1, 0.1]],
  [D2, [0.25, 0.2, 0.25, 0.1, 0.1, 0.1]],
]);
/** Rewritten by the model: new weights, and 91.6% on the first date (cash not written). */
const WEIGHTS_V2 = weightsCsv([
  [D1, [0.116, 0.1, 0.3, 0.2, 0.1, 0.1]],
  [D2, [0.2, 0.1, 0.3, 0.2, 0.1, 0.1]],
]);
/** Written again: the first date back at 100%, the second at 95%. */
const WEIGHTS_V3 = weightsCsv([
  [D1, [0.1, 0.1, 0.4, 0.2, 0.1, 0.1]],
  [D2, [0.1, 0.1, 0.35, 0.2, 0.1, 0.1]],
]);
/** Broken for good: a word where row 3's weight belongs. */
const WEIGHTS_BROKEN = WEIGHTS_V2.replace(`${D1},C,0.3,`, `${D1},C,n/a,`);

/** What a user sees of the weights' sum check, or undefined when the weights sum to 100%. */
function weightsSumProblem(info: PanelInfo): Diagnostic | undefined {
  return info.run?.diagnostics.find((d) => d.code === 'portfolio-weights-sum');
}

/** Resolves when `check` is true, polling; rejects naming `what` after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = RELOAD_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(25);
  }
}

describe('a run rewritten on disk while it is open', function () {
  this.timeout(3 * RELOAD_TIMEOUT_MS);
  const folder = () => vscode.Uri.joinPath(workspaceRoot(), 'reload-run');
  let api: GlassBoxApi;
  let manifest: vscode.Uri;
  let weights: vscode.Uri;
  let watcher: RunWatcher;

  /** What the user chose before the files changed: the stocks tab, stock C, the Health sector. */
  const chosen: Partial<ViewState> = {
    tab: 'stocks',
    stock: 'C',
    filters: { sectors: ['Health'], countries: [], regions: [], factors: [] },
  };

  const panel = (): PanelInfo | undefined => api.panels().find((p) => p.uri === manifest.toString());
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

  /** The view still shows what the user chose, as the webview last reported it. */
  function assertKeptState(when: string): void {
    const state = panel()?.state;
    assert.ok(state, `${when}: the view reported no state`);
    assert.equal(state.tab, 'stocks', `${when}: tab (state ${JSON.stringify(state)})`);
    assert.equal(state.stock, 'C', `${when}: stock (state ${JSON.stringify(state)})`);
    assert.deepEqual(state.filters.sectors, ['Health'], `${when}: sector filter (state ${JSON.stringify(state)})`);
  }

  /**
   * Resolves once the view has been ready, with no load ending or starting, for a debounce
   * plus a second (a reload of this six-stock run takes far less), calling `sample` as it polls.
   */
  async function settled(sample: () => void = () => {}, quietMs = RELOAD_DEBOUNCE_MS + 1000): Promise<void> {
    let quietSince = Date.now();
    let loads = watcher.loads.length;
    await until(() => {
      sample();
      if (panel()?.status !== 'ready' || watcher.loads.length !== loads) {
        quietSince = Date.now();
        loads = watcher.loads.length;
      }
      return Date.now() - quietSince >= quietMs;
    }, 'the run to settle, ready');
  }

  /** The stocks tab drawn again after a reload, with marks, and the user's state intact. */
  async function assertRedrawnWithState(renderSince: number, when: string): Promise<void> {
    const drawn = await watcher.render('stocks', renderSince, chartsWithMarks);
    suiteLog(`    ${when}: stocks redrawn (${describeCharts(drawn)})`);
    // Any state the webview had to change on init reaches the host just after the render.
    await sleep(300);
    assertKeptState(when);
  }

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
    manifest = vscode.Uri.joinPath(folder(), 'run.glassbox.json');
    weights = vscode.Uri.joinPath(folder(), 'weights.csv');
    await write(vscode.Uri.joinPath(folder(), 'contributions.csv'), CONTRIBUTIONS);
    await write(weights, WEIGHTS_V1);
    await write(manifest, JSON.stringify({ name: 'reload', contributions: 'contributions.csv', weights: 'weights.csv' }, null, 2));
    watcher = new RunWatcher(api, manifest);
  });
  after(async () => {
    watcher?.dispose();
    await closeAllEditors();
  });

  it('opens, and keeps the tab, stock and sector filter the user chose', async () => {
    await openInGlassBox(manifest);
    const info = await watcher.load();
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
    assert.deepEqual(info.run?.dates, [D1, D2]);
    assert.equal(info.run?.stockCount, 6);
    assert.deepEqual(info.run?.features.map((f) => f.name).sort(), ['momentum__mom', 'value__bp', 'value__ep']);
    assert.equal(weightsSumProblem(info), undefined, 'the first weights sum to 100%');
    await watcher.render('overview');

    const since = watcher.renders.length;
    await api.show(manifest.toString(), chosen);
    await watcher.render('stocks', since, chartsWithMarks);
    await until(() => panel()?.state?.stock === 'C', 'the view to report the chosen state');
    assertKeptState('before any reload');
  });

  it('reloads when weights.csv is rewritten: the new numbers, the same view', async () => {
    assert.equal(panel()?.status, 'ready', 'the run is not loaded; see the first failure');
    const loadsSince = watcher.loads.length;
    const rendersSince = watcher.renders.length;
    await write(weights, WEIGHTS_V2);
    const info = await watcher.load(loadsSince, RELOAD_TIMEOUT_MS);
    assert.equal(info.status, 'ready', `reload failed: ${info.error?.message}`);
    const problem = weightsSumProblem(info);
    assert.ok(problem, `the rewritten weights sum to 91.6% on ${D1}; diagnostics: ${JSON.stringify(info.run?.diagnostics.map((d) => d.code))}`);
    assert.match(problem.message, /^weights\.csv: portfolio weights do not sum to 100% on 1 date, e\.g\. 91\.6% on 2024-01-31\b/);
    assert.equal(problem.example, D1);
    await assertRedrawnWithState(rendersSince, 'after the rewrite');
    await settled();
    const ended = watcher.loads.slice(loadsSince);
    assert.ok(ended.every((l) => l.status === 'ready'), `every load after the rewrite ended ready: ${JSON.stringify(ended.map((l) => l.error ?? l.status))}`);
  });

  it('rides out a half-written weights.csv: loading, then ready, never failed', async () => {
    assert.equal(panel()?.status, 'ready', 'the run is not loaded; see the first failure');
    const loadsSince = watcher.loads.length;
    const rendersSince = watcher.renders.length;
    // The model is caught mid-write: the file ends inside the last row's date.
    const cut = WEIGHTS_V3.lastIndexOf(`\n${D2},F,`) + 7;
    const half = WEIGHTS_V3.slice(0, cut);
    assert.match(half, /\n2024-0$/, 'the half-written file ends mid-row');
    const written = Date.now();
    await write(weights, half);
    const statuses: PanelInfo['status'][] = ['ready'];
    const record = () => {
      const status = panel()?.status;
      if (status && status !== statuses[statuses.length - 1]) statuses.push(status);
    };
    await until(() => {
      record();
      return panel()?.status === 'loading';
    }, 'the half-written file to start a reload', 10_000);
    // Past the debounce and the first read of the half-written file, inside the retry window:
    // still loading (a failed read would have been reported as a load event).
    while (Date.now() - written < RELOAD_DEBOUNCE_MS + RELOAD_RETRY_MS + 300) {
      record();
      await sleep(25);
    }
    record();
    assert.deepEqual(
      watcher.loads.slice(loadsSince).map((l) => l.status),
      [],
      `no load may end while the file is half-written (statuses ${statuses.join(' > ')})`,
    );
    assert.equal(panel()?.status, 'loading', `still retrying ${Date.now() - written} ms after the half-written file (statuses ${statuses.join(' > ')})`);

    await write(weights, WEIGHTS_V3);
    await watcher.load(loadsSince, RELOAD_TIMEOUT_MS);
    // A retry may already have read the complete file before the change's own (debounced)
    // reload runs: wait until no load has started for longer than a debounce and a load.
    await settled(record);
    const ended = watcher.loads.slice(loadsSince);
    assert.ok(ended.length >= 1, 'the run reloaded');
    assert.deepEqual(
      ended.map((l) => l.status),
      ended.map(() => 'ready'),
      `every load that ended was ready (statuses ${statuses.join(' > ')}; errors ${JSON.stringify(ended.map((l) => l.error?.message))})`,
    );
    assert.ok(!statuses.includes('failed'), `never failed: ${statuses.join(' > ')}`);
    assert.equal(statuses[statuses.length - 1], 'ready');
    const info = ended[ended.length - 1];
    const problem = weightsSumProblem(info);
    assert.match(problem?.message ?? '', /95\.0% on 2024-02-29\b/, `the complete file's numbers: ${problem?.message}`);
    assert.equal(problem?.example, D2);
    await assertRedrawnWithState(rendersSince, 'after the half-written file');
  });

  it('ends failed, naming the file and row, when weights.csv stays broken', async () => {
    assert.equal(panel()?.status, 'ready', 'the run is not loaded; see the first failure');
    const loadsSince = watcher.loads.length;
    const written = Date.now();
    const trace: string[] = [];
    const tracer = setInterval(() => {
      const status = panel()?.status ?? 'closed';
      if (!trace[trace.length - 1]?.endsWith(` ${status}`)) trace.push(`${Date.now() - written} ms ${status}`);
    }, 20);
    await write(weights, WEIGHTS_BROKEN);
    const failed = await watcher
      .load(loadsSince, RELOAD_TIMEOUT_MS)
      .catch((error: Error) => {
        throw new Error(`${error.message}; statuses after the write: ${trace.join(', ')}`);
      })
      .finally(() => clearInterval(tracer));
    const waited = Date.now() - written;
    assert.equal(failed.status, 'failed', `a broken file must end failed, got ${failed.status}`);
    assert.equal(failed.error?.file, 'weights.csv');
    assert.equal(failed.error?.row, 3);
    assert.equal(failed.error?.column, 'weight');
    assert.match(failed.error?.message ?? '', /^weights\.csv, row 3, column 'weight': 'n\/a' is not a number\./);
    assert.ok(waited >= RELOAD_RETRIES * RELOAD_RETRY_MS, `failed only after the retries (${RELOAD_RETRIES} x ${RELOAD_RETRY_MS} ms), here after ${waited} ms`);
    suiteLog(`    broken weights.csv reported failed after ${waited} ms: ${failed.error?.message}`);
    await screenshot('reload-failed');
    assertKeptState('after the failed reload');
  });

  // The view says "Showing the run as it was last loaded" under the error: what it shows
  // must still answer, e.g. when the user switches tab.
  it('while failed, still shows the run as last loaded: another tab draws', async () => {
    assert.equal(panel()?.status, 'failed', 'the run is not in the failed state; see the previous failure');
    const since = watcher.renders.length;
    await api.show(manifest.toString(), { tab: 'overview' });
    try {
      const overview = await watcher.render('overview', since, chartsWithMarks, 15_000);
      suiteLog(`    overview of the run as last loaded: ${describeCharts(overview)}`);
    } catch (error) {
      await screenshot('reload-failed-overview');
      throw error;
    } finally {
      // Back to what the user chose, for the next test.
      await api.show(manifest.toString(), { tab: 'stocks' });
      await until(() => panel()?.state?.tab === 'stocks', 'the view to go back to the stocks tab', 10_000);
    }
  });

  it('recovers when the broken file is fixed, keeping the view', async () => {
    assert.equal(panel()?.status, 'failed', 'the run is not in the failed state; see the previous failures');
    const loadsSince = watcher.loads.length;
    const rendersSince = watcher.renders.length;
    await write(weights, WEIGHTS_V2);
    const recovered = await watcher.load(loadsSince, RELOAD_TIMEOUT_MS);
    assert.equal(recovered.status, 'ready', `the fixed file must load: ${recovered.error?.message}`);
    assert.equal(recovered.error, undefined);
    assert.match(weightsSumProblem(recovered)?.message ?? '', /91\.6% on 2024-01-31\b/);
    await assertRedrawnWithState(rendersSince, 'after the fix');
  });
});

/**
 * A run whose tables live in a ClickHouse cluster, opened in a real VS Code: two shards of
 * Debian's clickhouse-server on loopback (scripts/lib/clickhouse.mjs), the sample run loaded
 * into Distributed tables sharded by stock (test/unit/clickhouse/cluster.ts), a manifest in
 * the workspace naming the cluster as its source, its URL allowed in the user settings.
 * The run opens, draws every tab on a date other than the latest with marks in every chart,
 * and matches the sample opened from its files: the same summary (dates, features, factors,
 * stocks, contributions, findings, baseline) and, tab by tab (Compare against the baseline,
 * whose files the warehouse run reads beside its tables), the same charts with the same
 * number of marks and,
 * under scripts/test-vscode.mjs, the same text on screen (every number, label and row), but
 * for the run's name and the names of its tables. The API carries no view data, so numbers
 * are compared as shown, not to 1e-9 (the unit tier compares every view's answer from the
 * cluster with the files' to 1e-9: test/unit/clickhouse/cluster.test.ts).
 *
 * Without clickhouse-server the suite is skipped and says why, except when CI=true, where
 * that is a failure (.ci/run installs it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GlassBoxApi, PanelInfo, RenderEvent } from '../../src/api';
import type { RunSummary } from '../../src/model/types';
import { defaultViewState, TABS, type Tab, type ViewState } from '../../src/protocol';
// @ts-expect-error: a plain ES module of scripts/, without types
import { clickhouseInstalled, startCluster } from '../../scripts/lib/clickhouse.mjs';
import { type Cluster, loadSample } from '../unit/clickhouse/cluster';
import { closeAllEditors, glassBox, repoRoot, screenshot, suiteLog, workspaceRoot } from './harness';
import { chartsWithMarks, describeCharts, heldStock, LOAD_TIMEOUT_MS, openInGlassBox, RunWatcher } from './runViews';

const DATABASE = 'glassbox_vscode';
const MANIFEST_NAME = 'cluster.glassbox.json';
/** A copy of the sample's manifest: the run from its files to hold the cluster's against. */
const FILES_MANIFEST_NAME = 'files.glassbox.json';

/**
 * The sample's manifest with its tables in the cluster: the same factors, columns,
 * constraints, code and baseline (the sample's v6 run, read from its files).
 */
function clusterManifest(sample: Record<string, unknown>, url: string): Record<string, unknown> {
  const manifest: Record<string, unknown> = {
    name: `${String(sample.name)} (cluster)`,
    source: { engine: 'clickhouse', url, database: DATABASE },
    contributions: 'contributions',
    weights: 'weights',
    securities: 'securities',
    returns: 'returns',
  };
  for (const key of ['factors', 'columns', 'constraints', 'riskFreeRate', 'signals', 'code', 'baseline'] as const) if (sample[key] !== undefined) manifest[key] = sample[key];
  return manifest;
}

/**
 * The text the harness saved of the view in screenshot `name` (test-results/vscode/, its
 * document's innerText: every number, label and row shown), with each of `renames` (from,
 * to) replaced; undefined under a runner that saves none.
 */
function shownText(name: string, renames: [string, string][]): string | undefined {
  if (!process.env.GLASSBOX_SCREENSHOT_ACKS) return undefined;
  const file = path.join(repoRoot, 'test-results', 'vscode', `${name}-webview-1.txt`);
  assert.ok(fs.existsSync(file), `the harness saved no text of the view for screenshot ${name} (${file})`);
  return renames.reduce((text, [from, to]) => text.split(from).join(to), fs.readFileSync(file, 'utf8'));
}

/**
 * What the two runs' views may say differently, as renames: the cluster run's name, and each
 * file the run from files names in its diagnostics (out/weights.csv) for the cluster's table of
 * the same role (weights). Longest first, so that no name is replaced inside another.
 */
function renamesBetween(fromCluster: RunSummary, fromFiles: RunSummary): { cluster: [string, string][]; files: [string, string][] } {
  const files: [string, string][] = [];
  for (const file of fromFiles.files) {
    const table = fromCluster.files.find((f) => f.role === file.role);
    assert.ok(table, `the cluster run has no ${file.role} table (its tables: ${fromCluster.files.map((f) => `${f.role} ${f.name}`).join(', ')})`);
    files.push([file.name, table.name]);
  }
  files.sort((a, b) => b[0].length - a[0].length);
  return { cluster: [[fromCluster.name, fromFiles.name]], files };
}

/** The first line where two texts differ, with its neighbours, for the failure message. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? Math.min(x.length, y.length) : i;
  return `line ${at + 1}: cluster ${JSON.stringify(x.slice(Math.max(0, at - 1), at + 2))}, files ${JSON.stringify(y.slice(Math.max(0, at - 1), at + 2))}`;
}

/** What two runs of the same data must agree on (the name, source and files differ by design; the baseline is checked on its own). */
function comparable(run: RunSummary) {
  const features = [...run.features].sort((a, b) => a.name.localeCompare(b.name));
  const { dates, sectors, countries, regions, factors, stockCount, contributionCount, hasWeights, hasBenchmark, hasScore, hasBaseValue, hasFeatureValues, weightScale, hasReturns, constraints } = run;
  return { dates, sectors, countries, regions, factors, features, stockCount, contributionCount, hasWeights, hasBenchmark, hasScore, hasBaseValue, hasFeatureValues, weightScale, hasReturns, constraints };
}

describe('a run in a ClickHouse cluster (two shards), opened in VS Code', function () {
  this.timeout(LOAD_TIMEOUT_MS + 120_000);
  let cluster: Cluster | null = null;
  let api: GlassBoxApi;
  let manifest: vscode.Uri;
  let sampleManifest: vscode.Uri;
  let filesManifest: vscode.Uri;
  let watcher: RunWatcher | undefined;
  /** The user's glassbox.remoteSources before this suite allowed the cluster, restored after. */
  let previousSetting: { value: unknown } | undefined;
  /** The run from the cluster once loaded, and the date every tab is drawn on (not the latest). */
  let run: RunSummary | undefined;
  let date: string;
  /** The views to draw, tab by tab, each a whole state so that nothing an earlier test left on a view carries over. */
  let states: { tab: Tab; state: ViewState }[] = [];
  /** What each tab drew from the cluster, to hold the file run's drawing against. */
  const drawn = new Map<Tab, RenderEvent>();
  /** The same run from its files, once loaded. */
  let fromFiles: RunSummary | undefined;

  // Registered before the hook that starts the cluster, so this runs whatever that did.
  after(async function () {
    this.timeout(60_000);
    watcher?.dispose();
    await closeAllEditors();
    for (const uri of [manifest, filesManifest]) if (uri) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    if (previousSetting) await vscode.workspace.getConfiguration('glassbox').update('remoteSources', previousSetting.value, vscode.ConfigurationTarget.Global);
    await cluster?.stop();
    cluster = null;
  });

  before(async function () {
    this.timeout(300_000);
    if (!clickhouseInstalled()) {
      if (process.env.CI === 'true') throw new Error("clickhouse-server is not installed: CI must install it (.ci/run installs Debian's clickhouse-server).");
      suiteLog('    (skipped: clickhouse-server is not installed; `apt-get install clickhouse-server` runs these tests)');
      this.skip();
    }
    const started = Date.now();
    cluster = (await startCluster({ shards: 2 })) as Cluster;
    const features = await loadSample(cluster, DATABASE);
    const url = cluster.shards[0].url;
    suiteLog(`    cluster of ${cluster.shards.length} shards (${cluster.shards.map((s) => s.url).join(', ')}) loaded with the sample (${features.length} features) in ${Date.now() - started} ms`);

    api = await glassBox();
    await closeAllEditors();
    sampleManifest = vscode.Uri.joinPath(workspaceRoot(), 'run.glassbox.json');
    const sample = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(sampleManifest))) as Record<string, unknown>;
    manifest = vscode.Uri.joinPath(workspaceRoot(), MANIFEST_NAME);
    await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode(JSON.stringify(clusterManifest(sample, url), null, 2)));
    filesManifest = vscode.Uri.joinPath(workspaceRoot(), FILES_MANIFEST_NAME);
    await vscode.workspace.fs.writeFile(filesManifest, new TextEncoder().encode(JSON.stringify(sample, null, 2)));
    previousSetting = { value: vscode.workspace.getConfiguration('glassbox').inspect('remoteSources')?.globalValue };
    await vscode.workspace.getConfiguration('glassbox').update('remoteSources', [url], vscode.ConfigurationTarget.Global);
  });

  /** The later tests need the cluster run loaded by the first; say so instead of timing out. */
  function loaded(): RunSummary {
    assert.ok(run, 'the run from the cluster did not load; see the first failure');
    return run;
  }

  it('opens from the cluster', async () => {
    watcher = new RunWatcher(api, manifest);
    const started = Date.now();
    await openInGlassBox(manifest);
    const info = await watcher.load();
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
    run = info.run!;
    suiteLog(`    loaded ${run.name}: ${run.dates.length} dates, ${run.stockCount} stocks, ${run.features.length} features, ${run.contributionCount} contributions in ${Date.now() - started} ms`);
    assert.ok(run.dates.length >= 2, `a run of several dates, got ${run.dates.length}`);
    assert.ok(run.hasWeights && run.hasBenchmark && run.hasReturns, 'weights, benchmark and returns read from the cluster');
    await watcher.render('overview');

    date = run.dates[Math.floor(run.dates.length / 2)];
    assert.notEqual(date, run.dates.at(-1));
    const stock = await heldStock(sampleManifest, date);
    const feature = [...run.features].sort((a, b) => a.name.localeCompare(b.name))[0].name;
    const on = (patch: Partial<ViewState>): ViewState => ({ ...defaultViewState(), measure: 'portfolio', feature: null, colorBy: null, compareAgainst: 'previous', compareOnlyChanges: false, date, ...patch });
    const wanted: Record<Tab, ViewState> = {
      overview: on({ tab: 'overview' }),
      factors: on({ tab: 'factors' }),
      stocks: on({ tab: 'stocks', stock }),
      features: on({ tab: 'features', feature }),
      portfolio: on({ tab: 'portfolio' }),
      // Against the baseline: its files, read beside the run's tables in the cluster.
      compare: on({ tab: 'compare', compareAgainst: 'baseline' }),
      performance: on({ tab: 'performance' }),
    };
    states = TABS.map((tab) => ({ tab, state: wanted[tab] }));
    suiteLog(`    every tab on ${date} (latest ${run.dates.at(-1)}), stock ${stock}, feature ${feature}`);
  });

  it('draws every tab from the cluster with marks in every chart', async () => {
    loaded();
    assert.equal(states.length, TABS.length);
    const failures: string[] = [];
    for (const { tab, state } of states) {
      const since = watcher!.renders.length;
      await api.show(manifest.toString(), state);
      try {
        const event = await watcher!.render(tab, since, chartsWithMarks);
        drawn.set(tab, event);
        suiteLog(`    ${tab}: ${describeCharts(event)}`);
        await screenshot(`warehouse-${tab}`);
      } catch (error) {
        failures.push(`${tab}: ${(error as Error).message}`);
        await screenshot(`warehouse-${tab}-failed`);
      }
    }
    assert.deepEqual(failures, [], 'every tab draws charts with marks');
  });

  it('gives the summary of the same run opened from its files', async () => {
    const fromCluster = loaded();
    const fileWatcher = new RunWatcher(api, filesManifest);
    try {
      await openInGlassBox(filesManifest);
      const info: PanelInfo = await fileWatcher.load();
      assert.equal(info.status, 'ready', `the sample run from its files did not load: ${info.error?.message}`);
      assert.deepEqual(comparable(fromCluster), comparable(info.run!));
      assert.deepEqual(fromCluster.findings, info.run!.findings, 'the same findings (guardrail breaches, integrity, diagnostics)');
      assert.ok(fromCluster.baseline, 'the warehouse run read its baseline');
      assert.equal(fromCluster.baseline, info.run!.baseline);
      fromFiles = info.run!;
      // Its first drawing before the next test asks for tabs.
      await fileWatcher.render('overview');
    } finally {
      fileWatcher.dispose();
    }
  });

  it('draws every tab as the run from its files does: the same charts, marks and text', async () => {
    const fromCluster = loaded();
    assert.equal(drawn.size, TABS.length, 'every tab drew from the cluster (see the earlier failure)');
    assert.ok(fromFiles, 'the run from its files did not load (see the earlier failure)');
    const renames = renamesBetween(fromCluster, fromFiles);
    const fileWatcher = new RunWatcher(api, filesManifest);
    try {
      // The file run's view is the active one now (the previous test opened it).
      const mismatches: string[] = [];
      let textsCompared = 0;
      for (const { tab, state } of states) {
        const since = fileWatcher.renders.length;
        await api.show(filesManifest.toString(), state);
        const files = await fileWatcher.render(tab, since, chartsWithMarks);
        await screenshot(`warehouse-files-${tab}`);
        const clusterDrew = drawn.get(tab)!;
        if (JSON.stringify(files.charts) !== JSON.stringify(clusterDrew.charts)) mismatches.push(`${tab} charts: from the cluster ${describeCharts(clusterDrew)}; from the files ${describeCharts(files)}`);
        const clusterText = shownText(`warehouse-${tab}`, renames.cluster);
        const filesText = shownText(`warehouse-files-${tab}`, renames.files);
        if (clusterText === undefined || filesText === undefined) continue;
        textsCompared++;
        if (clusterText !== filesText) mismatches.push(`${tab} text: ${firstDifference(clusterText, filesText)}`);
      }
      assert.deepEqual(mismatches, [], 'the same charts, marks and text');
      suiteLog(
        `    ${TABS.length} tabs drew the same charts with the same marks from the cluster and from the files` +
          (textsCompared ? `, and showed the same text (every number, label and row on screen) on ${textsCompared}` : ' (no view text saved by this runner: texts not compared)'),
      );
    } finally {
      fileWatcher.dispose();
    }
  });
});

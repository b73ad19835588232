/**
 * "Glass Box: Compare with Git Ref…" in a real VS Code: a small run committed twice in a
 * fixture repository made here (inside the harness's temp workspace), changed again in the
 * working tree; the command compares the working tree with HEAD~1, then HEAD, read through
 * the built-in Git extension, and the Compare tab draws against that ref.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GlassBoxApi, PanelInfo } from '../../src/api';
import { closeAllEditors, glassBox, screenshot, suiteLog, workspaceRoot } from './harness';
import { chartsWithMarks, describeCharts, LOAD_TIMEOUT_MS, openInGlassBox, RunWatcher } from './runViews';

const DATES = ['2024-01-31', '2024-02-29'];
const STOCKS = [
  { stock: 'AAA', sector: 'Tech', country: 'US', benchmark: 0.3 },
  { stock: 'BBB', sector: 'Tech', country: 'US', benchmark: 0.2 },
  { stock: 'CCC', sector: 'Health', country: 'GB', benchmark: 0.3 },
  { stock: 'DDD', sector: 'Energy', country: 'GB', benchmark: 0.2 },
];

/** Contributions (wide, factor__feature names) of every stock on both dates: the same in every version. */
function contributionsCsv(): string {
  const rows = ['date,stock,value__ep,quality__roe,momentum__mom_12_1,score'];
  DATES.forEach((date, d) =>
    STOCKS.forEach((s, i) => {
      const ep = 0.1 * (i - 1.5) + 0.01 * d;
      const roe = 0.05 * ((i % 2) - 0.5);
      const mom = 0.02 * (3 - i) - 0.01 * d;
      rows.push(`${date},${s.stock},${ep.toFixed(4)},${roe.toFixed(4)},${mom.toFixed(4)},${(ep + roe + mom).toFixed(4)}`);
    }),
  );
  return rows.join('\n') + '\n';
}

/** Weights per stock (same on both dates); a zero weight is a name not held. */
function weightsCsv(weights: number[]): string {
  const rows = ['date,stock,weight,benchmark_weight,sector,country'];
  for (const date of DATES) STOCKS.forEach((s, i) => rows.push(`${date},${s.stock},${weights[i]},${s.benchmark},${s.sector},${s.country}`));
  return rows.join('\n') + '\n';
}

describe('Compare with Git Ref', function () {
  this.timeout(LOAD_TIMEOUT_MS + 60_000);
  let api: GlassBoxApi;
  let folder: string;
  let manifest: vscode.Uri;
  let watcher: RunWatcher;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: folder, encoding: 'utf8' }).trim();

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
    folder = path.join(workspaceRoot().fsPath, 'git-compare-run');
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(path.join(folder, 'out'), { recursive: true });
    const write = (file: string, text: string) => fs.writeFileSync(path.join(folder, file), text);
    write('run.glassbox.json', JSON.stringify({ name: 'Git fixture run', contributions: 'out/contributions.csv', weights: 'out/weights.csv' }, null, 2));
    write('out/contributions.csv', contributionsCsv());
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Glass Box Tests');
    git('config', 'user.email', 'tests@glassbox.invalid');
    git('config', 'commit.gpgsign', 'false');
    // v1: AAA and BBB held.
    write('out/weights.csv', weightsCsv([0.5, 0.5, 0, 0]));
    git('add', '-A');
    git('commit', '-q', '-m', 'run v1');
    git('tag', 'v1');
    // v2: BBB sold, CCC bought.
    write('out/weights.csv', weightsCsv([0.5, 0, 0.5, 0]));
    git('commit', '-q', '-am', 'run v2');
    // The working tree: DDD bought as well (not committed).
    write('out/weights.csv', weightsCsv([0.4, 0, 0.3, 0.3]));
    manifest = vscode.Uri.file(path.join(folder, 'run.glassbox.json'));
    watcher = new RunWatcher(api, manifest);
  });
  after(async () => {
    watcher?.dispose();
    await closeAllEditors();
  });

  /** The panel as the API reports it. */
  const panel = (): PanelInfo | undefined => api.panels().find((p) => p.uri === manifest.toString());

  /** Runs the command with `ref` and waits for the reload and the Compare tab drawn against it. */
  async function compareWith(ref: string, commit: string): Promise<void> {
    const loads = watcher.loads.length;
    const renders = watcher.renders.length;
    const label = await vscode.commands.executeCommand<string | undefined>('glassbox.compareWithRef', { ref, run: manifest });
    assert.equal(label, `${ref} (${commit})`, 'the command names the baseline by the ref and its commit');
    const info = await watcher.load(loads);
    assert.equal(info.status, 'ready', `reload failed: ${info.error?.message}`);
    assert.equal(info.run?.baseline, `${ref} (${commit})`, `the run's baseline is the ref (diagnostics: ${JSON.stringify(info.run?.diagnostics.map((d) => d.message))})`);
    assert.equal(panel()?.run?.baseline, `${ref} (${commit})`, "the panel's run summary names the ref");
    const compare = await watcher.render('compare', renders, chartsWithMarks).catch(async (error) => {
      await screenshot(`git-compare-${ref.replace(/\W/g, '_')}-failed`);
      throw error;
    });
    suiteLog(`    compare with ${ref} (${commit}): ${describeCharts(compare)}`);
    // The webview reports its state after drawing; give the message a moment to arrive.
    for (let i = 0; i < 50 && panel()?.state?.compareAgainst !== 'baseline'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(panel()?.state?.tab, 'compare');
    assert.equal(panel()?.state?.compareAgainst, 'baseline');
  }

  it('opens the working tree run, which names no baseline', async () => {
    await openInGlassBox(manifest);
    const info = await watcher.load();
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
    assert.equal(info.run?.baseline, null);
    assert.equal(info.run?.stockCount, 4);
  });

  it('compares with HEAD~1 (the first commit) on the Compare tab', async () => {
    assert.equal(panel()?.status, 'ready', 'the fixture run is not loaded; see the first failure');
    await compareWith('HEAD~1', git('rev-parse', '--short=7', 'HEAD~1'));
    await screenshot('git-compare-head-1');
  });

  it('compares with HEAD, then goes back to the manifest baseline (none here)', async () => {
    assert.equal(panel()?.status, 'ready', 'the fixture run is not loaded; see the first failure');
    await compareWith('HEAD', git('rev-parse', '--short=7', 'HEAD'));
    const loads = watcher.loads.length;
    await vscode.commands.executeCommand('glassbox.compareWithRef', { ref: null, run: manifest });
    const info = await watcher.load(loads);
    assert.equal(info.status, 'ready');
    assert.equal(info.run?.baseline, null, 'cleared: back to what the manifest names (nothing)');
  });

  it('leaves the working tree and the repository as they were', () => {
    assert.equal(git('status', '--porcelain'), 'M out/weights.csv');
    assert.equal(git('rev-list', '--count', 'HEAD'), '2');
  });
});

/**
 * The workspace folder inside a repository, as `npm run demo` opens samples/russell2000 in the
 * project's repository: the Git extension does not open a repository in a parent folder of
 * the workspace by itself, so the command finds it by walking up from the run. The committed
 * run covers the first date only, so the Compare tab on the latest date compares with the
 * baseline's nearest earlier date.
 */
describe('Compare with Git Ref from a workspace folder inside a repository', function () {
  this.timeout(LOAD_TIMEOUT_MS + 60_000);
  let api: GlassBoxApi;
  let repositoryRoot: string;
  let manifest: vscode.Uri;
  let watcher: RunWatcher;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repositoryRoot, encoding: 'utf8' }).trim();

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
    // The harness's workspace is a fresh temp folder's `workspace` subfolder: the repository is that temp folder.
    repositoryRoot = path.dirname(workspaceRoot().fsPath);
    const folder = path.join(workspaceRoot().fsPath, 'parent-repo-run');
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(path.join(folder, 'out'), { recursive: true });
    const write = (file: string, text: string) => fs.writeFileSync(path.join(folder, file), text);
    write('run.glassbox.json', JSON.stringify({ name: 'Parent repository run', contributions: 'out/contributions.csv', weights: 'out/weights.csv' }, null, 2));
    const firstDateOnly = (csv: string) => csv.split('\n').filter((line) => !line.startsWith(DATES[1])).join('\n');
    // Committed: the first date only, AAA and BBB held.
    write('out/contributions.csv', firstDateOnly(contributionsCsv()));
    write('out/weights.csv', firstDateOnly(weightsCsv([0.5, 0.5, 0, 0])));
    if (!fs.existsSync(path.join(repositoryRoot, '.git'))) git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Glass Box Tests');
    git('config', 'user.email', 'tests@glassbox.invalid');
    git('config', 'commit.gpgsign', 'false');
    git('add', '--', path.relative(repositoryRoot, folder));
    git('commit', '-q', '-m', 'run, first date');
    // The working tree: both dates, CCC and DDD held.
    write('out/contributions.csv', contributionsCsv());
    write('out/weights.csv', weightsCsv([0, 0, 0.5, 0.5]));
    manifest = vscode.Uri.file(path.join(folder, 'run.glassbox.json'));
    watcher = new RunWatcher(api, manifest);
  });
  after(async () => {
    watcher?.dispose();
    await closeAllEditors();
  });

  it('compares with HEAD, read from the repository above the workspace, on a date the committed run lacks', async () => {
    const gitApi = vscode.extensions.getExtension<{ getAPI(v: 1): { getRepository(uri: vscode.Uri): unknown } }>('vscode.git')?.exports.getAPI(1);
    assert.equal(gitApi?.getRepository(manifest) ?? null, null, 'the Git extension has not opened the parent repository (the case under test)');
    await openInGlassBox(manifest);
    const opened = await watcher.load();
    assert.equal(opened.status, 'ready', `load failed: ${opened.error?.message}`);
    // As a user would: the view is drawn before the command runs.
    await watcher.render('overview');
    const commit = git('rev-parse', '--short=7', 'HEAD');
    const loads = watcher.loads.length;
    const renders = watcher.renders.length;
    const label = await vscode.commands.executeCommand<string | undefined>('glassbox.compareWithRef', { ref: 'HEAD', run: manifest });
    assert.equal(label, `HEAD (${commit})`);
    const info = await watcher.load(loads);
    assert.equal(info.status, 'ready', `reload failed: ${info.error?.message}`);
    assert.equal(info.run?.baseline, `HEAD (${commit})`, `diagnostics: ${JSON.stringify(info.run?.diagnostics.map((d) => d.message))}`);
    // The view is on the latest date, 2024-02-29, which the committed run does not have.
    const compare = await watcher.render('compare', renders, chartsWithMarks).catch(async (error) => {
      await screenshot('git-compare-parent-repo-failed');
      throw error;
    });
    suiteLog(`    compare with HEAD from a subfolder (${commit}): ${describeCharts(compare)}`);
    await screenshot('git-compare-parent-repo');
  });
});

/**
 * A manifest from someone else's pull request cannot make Glass Box read outside the
 * workspace folder: a path to a named pipe outside is refused with a message naming the
 * manifest key, and the pipe was never opened. Opening a FIFO for reading blocks until a
 * writer comes, so a load that ends at all proves no open; afterwards, opening the pipe for
 * writing without blocking fails with ENXIO, which proves no reader holds it or waits on it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GlassBoxApi } from '../../src/api';
import { searchScope } from '../../src/code/codeFiles';
import { closeAllEditors, glassBox, screenshot, workspaceRoot } from './harness';
import { LOAD_TIMEOUT_MS, openAndLoad } from './runViews';

/** Whether some process has the FIFO open for reading (or is blocked opening it). */
function fifoHasReader(fifo: string): boolean {
  try {
    fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') return false;
    throw error;
  }
}

describe('confinement: a manifest naming a file outside the workspace', function () {
  this.timeout(LOAD_TIMEOUT_MS + 30_000);
  let api: GlassBoxApi;
  let outside: string;
  let fifo: string;
  let folder: vscode.Uri;

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
    // Beside the workspace folder, never inside it (the harness fingerprints the workspace by reading every file).
    outside = fs.mkdtempSync(path.join(path.dirname(workspaceRoot().fsPath), 'outside-'));
    fifo = path.join(outside, 'weights.csv');
    execFileSync('mkfifo', [fifo]);
    fs.writeFileSync(path.join(outside, 'securities.csv'), 'stock,name,sector\nXTSLA,private,Private\n');
    folder = vscode.Uri.joinPath(workspaceRoot(), 'confine');
    await vscode.workspace.fs.createDirectory(folder);
  });
  after(async () => {
    await closeAllEditors();
    fs.rmSync(path.join(folder.fsPath, 'securities-link.csv'), { force: true });
    fs.rmSync(path.join(folder.fsPath, 'code-link'), { force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  async function writeManifest(name: string, manifest: object): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(manifest, null, 2)));
    return uri;
  }

  it('refuses a path to a named pipe outside, naming the key, without opening it', async () => {
    const relative = path.relative(folder.fsPath, fifo);
    assert.ok(relative.startsWith('..'), relative);
    const uri = await writeManifest('outside.glassbox.json', { name: 'outside', contributions: '../out/contributions.parquet', weights: relative });
    const info = await openAndLoad(api, uri);
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /^outside\.glassbox\.json: "weights" points outside the workspace folder '[^']+' \(\.\.\/\.\.\/outside-\w+\/weights\.csv\); Glass Box reads only files inside it, so it was refused without being opened\. .*glassbox\.allowedRoots/, JSON.stringify(info.error));
    await screenshot('confine-refused');
    assert.equal(fifoHasReader(fifo), false, 'something opened the FIFO');
  });

  it('refuses an absolute path too', async () => {
    const uri = await writeManifest('absolute.glassbox.json', { contributions: '../out/contributions.parquet', weights: fifo });
    const info = await openAndLoad(api, uri);
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /"weights" points outside the workspace folder/);
    assert.equal(fifoHasReader(fifo), false);
  });

  it('refuses a symbolic link in the workspace that leads outside', async () => {
    fs.symlinkSync(path.join(outside, 'securities.csv'), path.join(folder.fsPath, 'securities-link.csv'));
    const uri = await writeManifest('link.glassbox.json', { contributions: '../out/contributions.parquet', weights: '../out/weights.csv', securities: 'securities-link.csv' });
    const info = await openAndLoad(api, uri);
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /"securities" names securities-link\.csv, which leads outside the workspace folder '[^']+' through a symbolic link/);
  });

  it('loads a run whose baseline names the pipe, with the refusal as a warning', async () => {
    const baseline = await writeManifest('baseline.glassbox.json', { contributions: '../out/contributions.parquet', weights: path.relative(folder.fsPath, fifo) });
    const uri = await writeManifest('with-baseline.glassbox.json', { contributions: '../out/contributions.parquet', weights: '../out/weights.csv', baseline: path.basename(baseline.path) });
    const info = await openAndLoad(api, uri);
    assert.equal(info.status, 'ready', JSON.stringify(info.error));
    const warning = info.run?.diagnostics.find((d) => d.code === 'baseline-unreadable');
    assert.match(warning?.message ?? '', /"baseline > weights" points outside the workspace folder/);
    assert.equal(fifoHasReader(fifo), false);
  });

  it('searches code only inside the workspace: globs with .. or absolute are refused, files behind a link out are skipped', async () => {
    fs.mkdirSync(path.join(outside, 'code'));
    fs.writeFileSync(path.join(outside, 'code', 'secret.py'), 'def ep_fy1(df):\n    return "private"\n');
    fs.symlinkSync(path.join(outside, 'code'), path.join(folder.fsPath, 'code-link'));
    const manifest = vscode.Uri.joinPath(folder, 'code.glassbox.json');
    const scope = await searchScope([{ uri: manifest, globs: ['../research/features/*.py', `${outside}/code/*.py`, 'code-link/*.py'] }]);
    const names = scope.files.map((f) => f.path);
    assert.ok(!names.some((n) => n.includes('secret.py')), names.join(', '));
    assert.deepEqual(names, []);
    assert.equal(scope.warnings.length, 3, scope.warnings.join('\n'));
    assert.match(scope.warnings[0], /"code\.features" glob '\.\.\/research\/features\/\*\.py' points outside the workspace folder/);
    assert.match(scope.warnings[1], /points outside the workspace folder/);
    assert.match(scope.warnings[2], /glob 'code-link\/\*\.py' matched files that lead outside the workspace folder '[^']+' through a symbolic link; they were skipped without being read/);
    // A glob inside the manifest's folder still finds the workspace's own code.
    const research = await searchScope([{ uri: vscode.Uri.joinPath(workspaceRoot(), 'run.glassbox.json'), globs: ['research/features/**/*.py'] }]);
    assert.ok(research.files.some((f) => f.path.endsWith('research/features/value.py')));
    assert.deepEqual(research.warnings, []);
  });
});

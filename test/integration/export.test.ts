/**
 * "Glass Box: Export Review Summary…" in a real VS Code, on the sample run: Markdown and
 * offline HTML written to a target outside the workspace (passed as the command's argument,
 * in place of the save dialog). The harness checks the workspace's files are untouched.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GlassBoxApi } from '../../src/api';
import { closeAllEditors, glassBox, suiteLog, workspaceRoot } from './harness';
import { LOAD_TIMEOUT_MS, openInGlassBox, RunWatcher } from './runViews';

/** Size and modification time of every file below `dir`, by relative path. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), `${fs.statSync(file).size}:${fs.statSync(file).mtimeMs}`);
  }
  return files;
}

describe('Export Review Summary', function () {
  this.timeout(LOAD_TIMEOUT_MS + 120_000);
  let api: GlassBoxApi;
  let manifest: vscode.Uri;
  let watcher: RunWatcher;
  let outDir: string;
  let before_: Map<string, string>;

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
    manifest = vscode.Uri.joinPath(workspaceRoot(), 'run.glassbox.json');
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-export-'));
    before_ = snapshot(workspaceRoot().fsPath);
    watcher = new RunWatcher(api, manifest);
    await openInGlassBox(manifest);
    // VS Code may hand back the document an earlier test left loaded: then no new load comes.
    const open = api.panels().find((panel) => panel.uri === manifest.toString() && panel.status !== 'loading');
    const info = open ?? (await watcher.load());
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
  });
  after(async () => {
    watcher?.dispose();
    await closeAllEditors();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('writes Markdown with the run name and the guardrail breach', async () => {
    const target = vscode.Uri.file(path.join(outDir, 'review.md'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('glassbox.exportSummary', { format: 'markdown', target, run: manifest });
    assert.equal(written?.toString(), target.toString());
    const md = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(md, /^## Glass Box: Russell 2000 ML v7, \d{4}-\d{2}-\d{2}$/m);
    assert.match(md, /^\| sector \| 5\.00% \| 60 dates \| 1: 2023-07-31 \| .* \| ❌ FAIL \|$/m, 'the sector guardrail breach line');
    suiteLog(`    Markdown: ${md.length} characters`);
  });

  it('writes self-contained HTML: inline SVG charts, nothing fetched', async () => {
    const target = vscode.Uri.file(path.join(outDir, 'review.html'));
    await vscode.commands.executeCommand('glassbox.exportSummary', { format: 'html', target: target.fsPath, run: manifest });
    const html = fs.readFileSync(target.fsPath, 'utf8');
    const svgs = (html.match(/<svg[\s>]/g) ?? []).length;
    assert.ok(svgs >= 8, `charts inline as SVG (found ${svgs})`);
    assert.ok(html.includes('Russell 2000 ML v7'));
    assert.ok(!/<script/i.test(html), 'no script');
    assert.ok(!/(src|href)\s*=\s*["']?https?:/i.test(html) && !/url\(\s*['"]?https?:/i.test(html), 'no http(s) resource');
    suiteLog(`    HTML: ${(html.length / 1024).toFixed(0)} KB, ${svgs} SVG charts`);
  });

  it('writes nothing into the workspace', () => {
    assert.deepEqual(snapshot(workspaceRoot().fsPath), before_);
    assert.deepEqual(fs.readdirSync(outDir).sort(), ['review.html', 'review.md']);
  });
});

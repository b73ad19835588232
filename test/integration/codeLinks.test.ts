import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GlassBoxApi } from '../../src/api';
import { closeAllEditors, glassBox, screenshot, sleep, suiteLog, workspaceRoot } from './harness';
import { LOAD_TIMEOUT_MS, RunWatcher } from './runViews';

/** The text of every hover VS Code has at `position` (Markdown sources). */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** Polls `read` until it returns something, or fails naming `what`. */
async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

describe('code links between the research code and the sample run', function () {
  this.timeout(LOAD_TIMEOUT_MS + 60_000);
  let api: GlassBoxApi;
  let manifest: vscode.Uri;
  let valuePy: vscode.Uri;
  /** 0-based line of `def ep_fy1(` in research/features/value.py, and the column of the name. */
  let defLine: number;
  const nameColumn = 'def '.length;

  before(async () => {
    api = await glassBox();
    manifest = vscode.Uri.joinPath(workspaceRoot(), 'run.glassbox.json');
    valuePy = vscode.Uri.joinPath(workspaceRoot(), 'research', 'features', 'value.py');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(valuePy));
    defLine = text.split(/\r?\n/).findIndex((line) => line.startsWith('def ep_fy1('));
    assert.ok(defLine >= 0, 'research/features/value.py defines ep_fy1');
    await closeAllEditors();
  });
  after(async () => {
    await closeAllEditors();
  });

  it('opens the definition of a feature from the run (glassbox.openFeatureDefinition)', async () => {
    await vscode.commands.executeCommand('glassbox.openFeatureDefinition', 'ep_fy1', manifest);
    const editor = await eventually(() => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === valuePy.toString() ? active : undefined;
    }, 'research/features/value.py to open');
    assert.equal(editor.selection.start.line, defLine, `the cursor is on the definition: ${editor.document.lineAt(editor.selection.start.line).text}`);
    assert.equal(editor.selection.start.character, nameColumn);
    assert.equal(editor.document.getText(editor.selection), 'ep_fy1');
    const visible = editor.visibleRanges.some((range) => range.contains(new vscode.Position(defLine, 0)));
    assert.ok(visible, 'the definition is scrolled into view');
  });

  it('says which run defines the feature on hover, without loading it', async () => {
    await vscode.window.showTextDocument(valuePy);
    const text = await hoverText(valuePy, new vscode.Position(defLine, nameColumn + 2));
    assert.match(text, /factor \*\*value\*\*/, text);
    assert.match(text, /Russell 2000 ML v7/, text);
    assert.match(text, /\[Open in Glass Box\]\(command:glassbox\.showFeature\?/, text);
    assert.equal(
      api.panels().filter((panel) => panel.uri === manifest.toString()).length,
      0,
      'a hover loads no run',
    );
    assert.equal(await hoverText(valuePy, new vscode.Position(defLine + 1, 8)), '', 'no hover off a definition');
  });

  it('puts a CodeLens on the definition', async () => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', valuePy, 10)) ?? [];
    const onLine = lenses.filter((lens) => lens.range.start.line === defLine && lens.command?.command === 'glassbox.showFeature');
    assert.ok(onLine.length > 0, `CodeLenses: ${JSON.stringify(lenses.map((l) => [l.range.start.line, l.command?.title]))}`);
    assert.match(onLine[0].command?.title ?? '', /^Glass Box: value/);
    assert.equal(onLine.length, 1, 'one lens: the baseline manifest names no research code, so only the run that does counts');
    assert.deepEqual(onLine[0].command?.arguments, [manifest.toString(), 'ep_fy1']);
  });

  it('opens the run on the feature from the code, and puts its sector breach on the manifest', async () => {
    const watcher = new RunWatcher(api, manifest);
    try {
      await vscode.commands.executeCommand('glassbox.showFeature', manifest.toString(), 'ep_fy1');
      const info = await watcher.load();
      assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
      const features = await watcher.render('features');
      suiteLog(`    features tab drawn: ${features.charts.map((c) => `${c.name}: ${c.marks}`).join(', ')}`);
      await eventually(() => (api.panels().find((p) => p.uri === manifest.toString())?.state?.feature === 'ep_fy1' ? true : undefined), 'the view to focus ep_fy1', 15_000);
      await screenshot('code-links-show-feature');

      const sector = await eventually(() => vscode.languages.getDiagnostics(manifest).find((d) => d.code === 'guardrail-sector'), 'a sector diagnostic on run.glassbox.json');
      const manifestText = new TextDecoder().decode(await vscode.workspace.fs.readFile(manifest));
      const sectorLine = manifestText.split(/\r?\n/).findIndex((line) => /^\s*"sector"\s*:/.test(line));
      assert.equal(sector.range.start.line, sectorLine, 'on the "sector" key under "constraints"');
      assert.equal(sector.source, 'Glass Box');
      assert.match(sector.message, /2023-07-31/);
      assert.equal(sector.severity, vscode.DiagnosticSeverity.Error, 'a breach fails the run, as in glassbox check');
      for (const d of vscode.languages.getDiagnostics(manifest).filter((x) => x.source === 'Glass Box')) suiteLog(`    problem at ${d.range.start.line + 1}:${d.range.start.character + 1} [${String(d.code)}] ${d.message}`);
    } finally {
      watcher.dispose();
    }
  });

  it('shows the attribution on hover once the run is loaded', async () => {
    const text = await eventually(async () => {
      const hover = await hoverText(valuePy, new vscode.Position(defLine, nameColumn));
      return /\| Importance \| #\d+ of 48/.test(hover) ? hover : undefined;
    }, 'a hover with the loaded run\'s numbers', 15_000);
    assert.match(text, /\| Factor \| value \|/, text);
    assert.match(text, /\| Share of active score \| /, text);
    assert.match(text, /\| Top stocks \| \S+/, text);
    assert.match(text, /\[Show in Glass Box\]\(command:glassbox\.showFeature\?/, text);
  });

  it('follows the date on screen in the hover and the CodeLens, and names it', async () => {
    const lensTitle = async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', valuePy, 10)) ?? [];
      return lenses.find((lens) => lens.range.start.line === defLine && lens.command?.command === 'glassbox.showFeature')?.command?.title ?? '';
    };
    const latest = await eventually(async () => ((await lensTitle()).includes('by importance') ? lensTitle() : undefined), 'a CodeLens with the loaded run\'s rank');
    assert.match(latest, /· \d{4}-\d{2}-\d{2}$/, `the CodeLens names its date: ${latest}`);
    await api.show(manifest.toString(), { date: '2023-07-31' });
    await eventually(() => (api.panels().find((p) => p.uri === manifest.toString())?.state?.date === '2023-07-31' ? true : undefined), 'the view to move to 2023-07-31', 15_000);
    const title = await eventually(async () => ((await lensTitle()).endsWith('· 2023-07-31') ? lensTitle() : undefined), 'the CodeLens to follow the view to 2023-07-31', 15_000);
    suiteLog(`    CodeLens on 2023-07-31: ${title}`);
    const hover = await hoverText(valuePy, new vscode.Position(defLine, nameColumn));
    assert.match(hover, /on 2023\\-07\\-31, the date in the view/, hover);
  });

  it('clears the manifest diagnostics when the run is closed', async () => {
    await closeAllEditors();
    await eventually(() => (vscode.languages.getDiagnostics(manifest).some((d) => d.source === 'Glass Box') ? undefined : true), 'the diagnostics to clear', 10_000);
  });
});

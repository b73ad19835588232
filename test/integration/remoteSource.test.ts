import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GlassBoxApi } from '../../src/api';
import { closeAllEditors, glassBox, workspaceRoot } from './harness';
import { LOAD_TIMEOUT_MS, openAndLoad } from './runViews';

/**
 * A manifest naming a database: refused until the user allows its URL (a workspace's
 * settings cannot), and when allowed but unreachable, an error naming the source while the
 * editor stays usable. Port 1 on loopback: nothing listens there, nothing leaves the machine.
 */
const URL = 'http://127.0.0.1:1';

async function writeManifest(name: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), 'warehouse', name);
  const manifest = { name: 'warehouse', source: { engine: 'clickhouse', url: URL, database: 'research' }, contributions: 'contributions', weights: 'weights' };
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(manifest, null, 2)));
  return uri;
}

describe('a run in a database (manifest source)', function () {
  this.timeout(LOAD_TIMEOUT_MS + 30_000);
  let api: GlassBoxApi;
  const settings = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
  });
  after(async () => {
    await vscode.workspace.getConfiguration('glassbox').update('remoteSources', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.fs.delete(settings).then(undefined, () => undefined);
    await closeAllEditors();
  });

  it('is refused until the user allows its URL, naming the setting', async () => {
    const info = await openAndLoad(api, await writeManifest('refused.glassbox.json'));
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /not an allowed remote source: add "http:\/\/127\.0\.0\.1:1" to the user setting glassbox\.remoteSources/, JSON.stringify(info.error));
  });

  it('is still refused when only the workspace settings allow it', async () => {
    await vscode.workspace.fs.writeFile(settings, new TextEncoder().encode(JSON.stringify({ 'glassbox.remoteSources': [URL] })));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const info = await openAndLoad(api, await writeManifest('workspace.glassbox.json'));
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /not an allowed remote source/, JSON.stringify(info.error));
  });

  it('when allowed, connects from the worker and names the source it cannot reach', async () => {
    await vscode.workspace.getConfiguration('glassbox').update('remoteSources', [URL], vscode.ConfigurationTarget.Global);
    const info = await openAndLoad(api, await writeManifest('allowed.glassbox.json'));
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /research\.contributions at http:\/\/127\.0\.0\.1:1: the server cannot be reached/, JSON.stringify(info.error));
  });

  it('leaves the editor usable: the sample run still opens', async () => {
    const info = await openAndLoad(api, vscode.Uri.joinPath(workspaceRoot(), 'run.glassbox.json'));
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
  });
});

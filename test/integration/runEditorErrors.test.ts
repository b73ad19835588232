import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GlassBoxApi } from '../../src/api';
import { closeAllEditors, glassBox, screenshot, workspaceRoot } from './harness';
import { LOAD_TIMEOUT_MS, openAndLoad } from './runViews';

/** Write a file into the harness's throwaway workspace (never into the repository). */
async function writeWorkspaceFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), 'broken', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

describe('a broken manifest', function () {
  this.timeout(LOAD_TIMEOUT_MS + 30_000);
  let api: GlassBoxApi;

  before(async () => {
    api = await glassBox();
    await closeAllEditors();
  });
  after(closeAllEditors);

  it('fails with a message naming the file when the JSON is invalid', async () => {
    const uri = await writeWorkspaceFile('invalid.glassbox.json', '{ "name": "invalid", "contributions": \n');
    const info = await openAndLoad(api, uri);
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /invalid\.glassbox\.json/, `error: ${JSON.stringify(info.error)}`);
    await screenshot('invalid-manifest');
  });

  it('fails with a message naming the missing file', async () => {
    const uri = await writeWorkspaceFile(
      'missing.glassbox.json',
      JSON.stringify({ name: 'missing', contributions: 'out/no-such-contributions.parquet' }, null, 2),
    );
    const info = await openAndLoad(api, uri);
    assert.equal(info.status, 'failed');
    assert.match(info.error?.message ?? '', /no-such-contributions\.parquet/, `error: ${JSON.stringify(info.error)}`);
  });

  it('leaves the editor usable: the sample run still opens', async () => {
    const info = await openAndLoad(api, vscode.Uri.joinPath(workspaceRoot(), 'run.glassbox.json'));
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
  });
});

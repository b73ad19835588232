import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, glassBox } from './harness';

describe('activation', () => {
  it('activates and returns the API', async () => {
    const api = await glassBox();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'the extension is active');
    assert.equal(typeof api.onDidRender, 'function');
    assert.equal(typeof api.onDidLoad, 'function');
    assert.equal(typeof api.show, 'function');
    assert.ok(Array.isArray(api.panels()));
  });

  it('registers every command that package.json contributes', async () => {
    await glassBox();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as {
      contributes?: { commands?: { command: string }[] };
    };
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((command) => !registered.has(command)),
      [],
      'contributed but not registered',
    );
  });
});

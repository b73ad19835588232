import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './harness';

/**
 * Which Glass Box the suite runs against. By default scripts/test-vscode.mjs installs the
 * VSIX from `npm run package` into code-server's extensions folder and names the folder it
 * went into in GLASSBOX_INSTALLED_EXTENSION: that copy, not the repository, must be the one
 * VS Code loaded, and DuckDB's native binding must load from its node_modules in the
 * extension host.
 */
describe('the extension under test', () => {
  it('is the copy installed from the VSIX, not the repository', function () {
    const installed = process.env.GLASSBOX_INSTALLED_EXTENSION;
    if (!installed) this.skip(); // loaded unpackaged (test-vscode.mjs --dev) or by another runner
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    assert.equal(path.resolve(extension.extensionPath), path.resolve(installed));
  });

  it("loads DuckDB's binding from its own node_modules in the extension host", async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const requireFromExtension = createRequire(path.join(extension.extensionPath, 'package.json'));
    const resolved = requireFromExtension.resolve('@duckdb/node-api');
    assert.ok(resolved.startsWith(path.join(extension.extensionPath, 'node_modules') + path.sep), `@duckdb/node-api resolves to ${resolved}`);
    const { DuckDBInstance } = requireFromExtension('@duckdb/node-api') as typeof import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    try {
      const connection = await instance.connect();
      const reader = await connection.runAndReadAll('SELECT 6 * 7 AS answer');
      assert.deepEqual(reader.getRowObjectsJson(), [{ answer: 42 }]);
      connection.closeSync();
    } finally {
      instance.closeSync();
    }
  });
});

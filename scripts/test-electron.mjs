// The real-VS-Code tier under @vscode/test-electron, for machines that can download VS Code
// from Microsoft's update server (these build machines cannot: they run the same suite in
// code-server through scripts/test-vscode.mjs). Same suite, same temp copy of the sample.
//   npm run build && npm run test:electron
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const base = mkdtempSync(join(tmpdir(), 'glassbox-electron-'));
const workspace = join(base, 'workspace');
cpSync(join(root, 'samples/russell2000'), workspace, { recursive: true });
const fixtures = join(root, 'test/fixtures/integration');
if (existsSync(fixtures)) cpSync(fixtures, workspace, { recursive: true });

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist/test/integration/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--disable-workspace-trust'],
    extensionTestsEnv: { GLASSBOX_TEST_WORKSPACE: workspace },
  });
} catch (error) {
  console.error(`[test:electron] ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(base, { recursive: true, force: true });
}

/**
 * The loader worker's database spills to a folder the host makes and removes: a worker the
 * host terminates (a closed view, a cancelled load) runs no cleanup of its own, and a run
 * read by date may have spilled gigabytes there.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunInput } from '../../../src/cli/load';
import { RunWorker } from '../../../src/worker/client';

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!condition() && Date.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe('worker/the database spill folder', function () {
  this.timeout(60_000);

  it('is under the OS temp folder while the worker lives, and gone once the host disposes of it', async () => {
    const worker = new RunWorker(join(process.cwd(), 'dist/worker.js'));
    const folder = (worker as unknown as { spillFolder: string }).spillFolder;
    assert.ok(folder.startsWith(tmpdir()), folder);
    const input = readRunInput(join(process.cwd(), 'samples/russell2000/run.glassbox.json'));
    const { summary } = await worker.load({ ...input, baseline: null, options: { integrityTolerance: 1e-6 }, cache: null }, () => {});
    assert.equal(summary.dates.length, 60);
    assert.ok(existsSync(folder), 'the worker opened its database with it');
    worker.dispose();
    assert.ok(await until(() => !existsSync(folder), 10_000), 'removed after the worker exits');
  });

  it('is gone when the process exits with its worker still running (no exit event reaches the host)', () => {
    // A process of its own that starts a worker and exits at once, printing the folder.
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-exit-test-'));
    try {
      const entry = join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { RunWorker } from ${JSON.stringify(join(process.cwd(), 'src/worker/client'))};
        const worker = new RunWorker(${JSON.stringify(join(process.cwd(), 'dist/worker.js'))});
        console.log((worker as unknown as { spillFolder: string }).spillFolder);
        process.exit(0);`,
      );
      buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: join(dir, 'exit.cjs'), external: ['vscode'], logLevel: 'error' });
      const out = execFileSync(process.execPath, [join(dir, 'exit.cjs')], { encoding: 'utf8' }).trim();
      assert.ok(out.startsWith(tmpdir()) && out.includes('glassbox-duckdb-'), out);
      assert.equal(existsSync(out), false, `${out} left behind`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The loader worker's database spills to a folder the host makes and removes: a worker the
 * host terminates (a closed view, a cancelled load) runs no cleanup of its own, and a run
 * read by date may have spilled gigabytes there.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
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
});

/**
 * The command line's run cache, spawned as users run it: the second command on an unchanged
 * run prints the same numbers from the cache folder, a changed file is read again, and
 * `--no-cache` keeps nothing. The folder is GLASSBOX_CACHE_DIR, never the run's own.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs, runCli, tempDir, writeFixture } from './fixtures';

async function withCacheDir<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const before = process.env.GLASSBOX_CACHE_DIR;
  process.env.GLASSBOX_CACHE_DIR = dir;
  try {
    return await run();
  } finally {
    process.env.GLASSBOX_CACHE_DIR = before;
  }
}

const panels = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.panel')) : []);

describe('glassbox: the run cache', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  it('answers the second command on an unchanged run from the cache, with the same numbers', async () => {
    const { dir, manifest, weights } = writeFixture();
    const cache = tempDir();
    const args = ['attribution', manifest, '--by', 'date,sector', '--weight', 'active', '--date', 'all', '--json'];
    const first = await withCacheDir(cache, () => runCli(args));
    assert.equal(first.code, 0, first.stderr);
    assert.equal(panels(cache).length, 1, 'the run is kept');
    const kept = readFileSync(join(cache, panels(cache)[0]));
    const second = await withCacheDir(cache, () => runCli(args));
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(readFileSync(join(cache, panels(cache)[0])), kept, 'the cached copy is read, not rewritten');
    assert.deepEqual(readdirSync(dir).sort(), ['out', 'run.glassbox.json'], 'nothing is written beside the run');

    // A changed weight: read again, and the new numbers printed.
    writeFileSync(weights, readFileSync(weights, 'utf8').replace('2024-02-29,S1,0.4,0.3', '2024-02-29,S1,0.5,0.3'));
    const third = await withCacheDir(cache, () => runCli(args));
    assert.equal(third.code, 0, third.stderr);
    assert.notEqual(third.stdout, first.stdout);
    assert.equal(panels(cache).length, 2);
  });

  it('keeps nothing with --no-cache', async () => {
    const { manifest } = writeFixture();
    const cache = tempDir();
    const result = await withCacheDir(cache, () => runCli(['check', manifest, '--json', '--no-cache']));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(panels(cache), []);
  });
});

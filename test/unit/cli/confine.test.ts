/**
 * The command line reads only inside the manifest's root (the Git top level, else its
 * folder, or --root) and --allow folders: a manifest naming anything else is refused with
 * exit 2 and a message naming the key, before the file is opened (a named pipe outside,
 * which would block any reader, proves it).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../../src/cli/check';
import { removeTempDirs, runCli, tempDir, writeFixture } from './fixtures';

/** The fixture run with its manifest's `key` replaced by `value`. */
function withManifest(manifest: string, patch: Record<string, unknown>): void {
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifest, JSON.stringify({ ...json, ...patch }, null, 2));
}

describe('glassbox: a manifest reads only inside its root', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  it('refuses ../, an absolute path and a named pipe outside, unopened, naming the key', async () => {
    const { dir, manifest, weights } = writeFixture();
    const original = readFileSync(manifest, 'utf8');
    const outside = tempDir();
    const fifo = join(outside, 'weights.csv');
    execFileSync('mkfifo', [fifo]);
    for (const [key, path] of [
      ['weights', fifo],
      ['weights', `../${outside.split('/').pop()}/weights.csv`],
      ['securities', '/etc/passwd'],
      ['factors', '../../../../../../../etc/passwd'],
    ] as const) {
      writeFileSync(manifest, original);
      withManifest(manifest, { [key]: path });
      const result = await runCli(['check', manifest]);
      assert.equal(result.code, 2, `${key} ${path}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, new RegExp(`run\\.glassbox\\.json: "${key}" points outside the root ${dir}`));
      assert.match(result.stderr, /refused without being opened/);
      assert.match(result.stderr, /--allow DIR/);
      assert.doesNotMatch(result.stderr, /root:x:0:0/);
    }
    assert.ok(readFileSync(weights, 'utf8').length > 0);
  });

  it('refuses a symbolic link out of the root', async () => {
    const { dir, manifest } = writeFixture();
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.csv'), 'stock,weight\n-----BEGIN PRIVATE KEY-----,1\n');
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'out', 'securities.csv'));
    withManifest(manifest, { securities: 'out/securities.csv' });
    const result = await runCli(['check', manifest]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"securities" names out\/securities\.csv, which leads outside the root .* through a symbolic link/);
    assert.doesNotMatch(result.stderr, /PRIVATE KEY/);
  });

  it('reads a folder given with --allow, and everything under --root', async () => {
    const { manifest } = writeFixture();
    const shared = tempDir();
    writeFileSync(join(shared, 'securities.csv'), 'stock,name,sector\nS1,Alpha Inc,Tech\n');
    withManifest(manifest, { securities: join(shared, 'securities.csv') });
    assert.equal((await runCli(['check', manifest])).code, 2);
    const allowed = await runCli(['check', manifest, '--allow', shared]);
    assert.equal(allowed.code, 0, allowed.stderr);
    const rooted = await runCli(['check', manifest, '--root', '/']);
    assert.equal(rooted.code, 0, rooted.stderr);
  });

  it('takes --allow in explain and diff as in check (they read through the same loader)', async () => {
    const { manifest } = writeFixture();
    const shared = tempDir();
    writeFileSync(join(shared, 'securities.csv'), 'stock,name,sector\nS1,Alpha Inc,Tech\n');
    withManifest(manifest, { securities: join(shared, 'securities.csv') });
    const explain = ['explain', manifest, '--stock', 'S1', '--json'];
    const refused = await runCli(explain);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /"securities" points outside the root/);
    const allowed = await runCli([...explain, '--allow', shared]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(JSON.parse(allowed.stdout).stock, 'S1');
    const diff = ['diff', manifest, '--against', manifest, '--json'];
    assert.equal((await runCli(diff)).code, 2);
    const diffed = await runCli([...diff, '--allow', shared]);
    assert.equal(diffed.code, 0, diffed.stderr);
  });

  it('defaults to the Git top level: a manifest in a subfolder may name a sibling folder of the repository', async () => {
    const repo = tempDir();
    mkdirSync(join(repo, '.git'));
    const { dir, manifest } = writeFixture();
    // Move the fixture into repo/runs/v7 and its weights to repo/data.
    const runDir = join(repo, 'runs', 'v7');
    mkdirSync(join(repo, 'data'), { recursive: true });
    mkdirSync(runDir, { recursive: true });
    execFileSync('cp', ['-r', join(dir, 'out'), runDir]);
    execFileSync('cp', [join(dir, 'out', 'weights.csv'), join(repo, 'data', 'weights.csv')]);
    execFileSync('cp', [manifest, join(runDir, 'run.glassbox.json')]);
    withManifest(join(runDir, 'run.glassbox.json'), { weights: '../../data/weights.csv' });
    const result = await runCli(['check', join(runDir, 'run.glassbox.json')]);
    assert.equal(result.code, 0, result.stderr);
    const narrowed = await runCli(['check', join(runDir, 'run.glassbox.json'), '--root', runDir]);
    assert.equal(narrowed.code, 2);
    assert.match(narrowed.stderr, /"weights" points outside the root .* \(--root\)/);
  });

  it('a baseline whose own paths escape is refused (a warning naming the baseline key), and the run still checks', async () => {
    const { dir, manifest } = writeFixture();
    mkdirSync(join(dir, 'v6'));
    writeFileSync(join(dir, 'v6', 'run.glassbox.json'), JSON.stringify({ contributions: '../out/contributions.csv', weights: '../../../../../../etc/passwd' }));
    withManifest(manifest, { baseline: 'v6/run.glassbox.json' });
    const out = join(tempDir(), 'review.md');
    const report = await runCli(['report', manifest, '--out', out]);
    assert.equal(report.code, 0, report.stderr);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /baseline-unreadable/);
    assert.match(text, /baseline &gt; weights/);
    assert.doesNotMatch(text, /root:x:0:0/);

    withManifest(manifest, { baseline: '../../../../../../etc/passwd.glassbox.json' });
    const check = await runCli(['check', manifest, '--json']);
    assert.equal(check.code, 0, check.stderr);
    const result = JSON.parse(check.stdout) as CheckResult;
    // check reads the baseline (attribution stability compares with it) and refuses this one,
    // as a warning on the run: the run's own checks still pass.
    const refusedBaseline = result.diagnostics.find((d) => d.code === 'baseline-unreadable');
    assert.ok(refusedBaseline, 'a baseline-unreadable warning');
    assert.match(refusedBaseline.message, /"baseline" points outside the root/);
    assert.doesNotMatch(check.stdout, /root:x:0:0/);
    const refused = await runCli(['report', manifest, '--out', out]);
    assert.equal(refused.code, 0, refused.stderr);
    assert.match(readFileSync(out, "utf8"), /`baseline-unreadable`: the baseline \.\.\/\.\.\/.*could not be read, so Compare with baseline is off: .*"baseline" points outside the root/);
  });
});

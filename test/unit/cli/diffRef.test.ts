/**
 * `glassbox diff RUN --ref GITREF`: the run against itself as committed at a Git revision,
 * in a temporary repository with two commits (weights changed between them), every delta
 * worked out by hand; and the errors: a hostile ref, an unknown ref, no repository, the
 * manifest absent at the ref, a table path leading outside the repository.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffResult } from '../../../src/cli/diff';
import { hasStackTrace, removeTempDirs, runCli, tempDir, writeFixture } from './fixtures';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Glass Box test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' }).trim();
}

describe('glassbox diff --ref', function () {
  this.timeout(120_000);
  after(removeTempDirs);

  let dir: string;
  let manifest: string;
  let first: string;
  before(() => {
    ({ dir, manifest } = writeFixture());
    git(dir, 'init', '--quiet');
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '-m', 'v1');
    first = git(dir, 'rev-parse', 'HEAD');
    // On 2024-02-29: S1 0.4 -> 0.5, S2 0.4 -> 0.3 (S3 stays 0.2).
    const weights = join(dir, 'out/weights.csv');
    writeFileSync(weights, readFileSync(weights, 'utf8').replace('2024-02-29,S1,0.4,', '2024-02-29,S1,0.5,').replace('2024-02-29,S2,0.4,', '2024-02-29,S2,0.3,'));
    copyFileSync(manifest, join(dir, 'new.glassbox.json'));
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '-m', 'v2: more S1');
  });

  it('compares the run with itself at the ref: each side its own exposure, delta = after - before', async () => {
    const result = await runCli(['diff', manifest, '--ref', 'HEAD~1', '--json']);
    assert.equal(result.stderr, '');
    const json = JSON.parse(result.stdout) as DiffResult;
    assert.deepEqual(json.before, { name: `HEAD~1 (${first.slice(0, 7)})`, date: '2024-02-29' });
    assert.deepEqual(json.after, { name: 'Fixture run', date: '2024-02-29' });
    // Portfolio exposure = sum of weight x factor contribution on 2024-02-29.
    // alpha (f_a + f_b): S1 0.2, S2 0, S3 0.1; beta (f_c): S1 0.1, S2 0, S3 0.5.
    // Before: alpha .4(.2) + .4(0) + .2(.1) = 0.10, beta .4(.1) + .2(.5) = 0.14.
    // After:  alpha .5(.2) + .3(0) + .2(.1) = 0.12, beta .5(.1) + .2(.5) = 0.15.
    const expected: Record<string, [number, number]> = { alpha: [0.1, 0.12], beta: [0.14, 0.15] };
    assert.deepEqual(json.factors.map((f) => f.factor).sort(), ['alpha', 'beta']);
    for (const f of json.factors) {
      const [b, a] = expected[f.factor];
      assert.ok(Math.abs((f.before as number) - b) < 1e-12, `${f.factor} before ${f.before}`);
      assert.ok(Math.abs((f.after as number) - a) < 1e-12, `${f.factor} after ${f.after}`);
      assert.ok(Math.abs((f.delta as number) - (a - b)) < 1e-12, `${f.factor} delta ${f.delta}`);
    }
    // The same commit by its hash, and the run against HEAD (unchanged since): every delta 0.
    const byHash = JSON.parse((await runCli(['diff', manifest, '--ref', first, '--json'])).stdout) as DiffResult;
    assert.equal(byHash.before.name, first.slice(0, 7));
    assert.deepEqual(byHash.factors, json.factors);
    const same = JSON.parse((await runCli(['diff', manifest, '--ref', 'HEAD', '--json'])).stdout) as DiffResult;
    for (const f of same.factors) assert.equal(f.delta, 0, f.factor);
    const md = await runCli(['diff', manifest, '--ref', 'HEAD~1', '--md']);
    assert.match(md.stdout, /^<!-- glassbox-diff: Fixture run -->\n## Glass Box diff: Fixture run against HEAD\\~1 \([0-9a-f]{7}\), 2024-02-29$/m);
  });

  it('refuses a ref that could be read as a git option, before git sees it', async () => {
    const target = join(tempDir(), 'x');
    for (const args of [['--ref', `--output=${target}`], [`--ref=--output=${target}`], ['--ref', '-p'], ['--ref', 'HEAD..main'], ['--ref', 'a b']]) {
      const result = await runCli(['diff', manifest, ...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.ok(!hasStackTrace(result.stderr));
      assert.ok(!existsSync(target), 'git wrote nothing');
    }
    const result = await runCli(['diff', manifest, `--ref=--output=${target}`]);
    assert.match(result.stderr, /--ref '--output=.*' is not a Git revision Glass Box accepts/);
  });

  it('says which ref is unknown, when there is no repository, and when the manifest is absent at the ref', async () => {
    const unknown = await runCli(['diff', manifest, '--ref', 'no-such-branch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /'no-such-branch' is not a commit, branch or tag of the repository at /);
    const loose = writeFixture();
    const noRepo = await runCli(['diff', loose.manifest, '--ref', 'HEAD']);
    assert.equal(noRepo.code, 2);
    assert.match(noRepo.stderr, /is not in a Git repository/);
    const absent = await runCli(['diff', join(dir, 'new.glassbox.json'), '--ref', 'HEAD~1']);
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /the manifest did not exist at HEAD~1 \([0-9a-f]{7}\) \(no new\.glassbox\.json in that commit\)/);
    const both = await runCli(['diff', manifest, '--ref', 'HEAD', '--against', manifest]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either --against or --ref/);
  });

  it('refuses a table path that leads outside the repository at the ref', async () => {
    const evil = join(dir, 'evil.glassbox.json');
    const original = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    writeFileSync(evil, JSON.stringify({ ...original, weights: '../../../../../../etc/passwd' }));
    git(dir, 'add', 'evil.glassbox.json');
    git(dir, 'commit', '--quiet', '-m', 'a manifest pointing outside');
    const result = await runCli(['diff', evil, '--ref', 'HEAD']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"weights" points outside the repository .*refused without being opened/);
  });
});

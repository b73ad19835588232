/**
 * Reading a repository with the git binary (the path Compare with Git Ref takes when the Git
 * extension will not open the repository): a real repository made in a temp folder, with the
 * run in a subfolder, as `npm run demo` has it.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitCliRepository, repositoryRootAbove, topLevel } from '../../../src/git/gitCli';
import { GitRefType } from '../../../src/git/refs';

describe('git/gitCli', () => {
  let base: string;
  let root: string;
  let run: string;
  let first: string;
  let second: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'glassbox-gitcli-'));
    root = join(base, 'project');
    run = join(root, 'samples', 'run');
    mkdirSync(run, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Glass Box Tests');
    git('config', 'user.email', 'tests@glassbox.invalid');
    git('config', 'commit.gpgsign', 'false');
    writeFileSync(join(run, 'weights.csv'), 'date,stock,weight\n2024-01-31,A,1\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'v1');
    git('tag', '-a', 'v1', '-m', 'first');
    first = git('rev-parse', 'HEAD');
    writeFileSync(join(run, 'weights.csv'), 'date,stock,weight\n2024-01-31,A,0.5\n2024-01-31,B,0.5\n');
    git('commit', '-q', '-am', 'v2');
    git('branch', 'topic', first);
    second = git('rev-parse', 'HEAD');
    // The working tree changes again, uncommitted.
    writeFileSync(join(run, 'weights.csv'), 'changed\n');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('finds the repository above a subfolder, and none above the temp folder', () => {
    assert.equal(repositoryRootAbove(run), root);
    assert.equal(repositoryRootAbove(join(run, 'no', 'such', 'folder')), root);
    assert.equal(repositoryRootAbove(base), null);
  });

  it('resolves refs to full commits and names unknown ones', async () => {
    const repo = new GitCliRepository('git', await topLevel('git', run));
    assert.equal(await repo.commit('HEAD'), second);
    assert.equal(await repo.commit('HEAD~1'), first);
    assert.equal(await repo.commit('v1'), first, 'an annotated tag peels to its commit');
    await assert.rejects(repo.commit('no-such-branch'), /unknown revision 'no-such-branch'/);
  });

  it('lists HEAD, branches and tags with their commits', async () => {
    const repo = new GitCliRepository('git', await topLevel('git', run));
    assert.deepEqual(await repo.head(), { type: GitRefType.Head, name: 'main', commit: second });
    const refs = await repo.refs();
    assert.deepEqual(
      refs.map((r) => [r.type, r.name, r.commit]),
      [
        [GitRefType.Head, 'main', second],
        [GitRefType.Head, 'topic', first],
        [GitRefType.Tag, 'v1', first],
      ],
    );
  });

  it('reads a file at a commit, not the working tree, and its size', async () => {
    const repo = new GitCliRepository('git', await topLevel('git', run));
    const file = join(run, 'weights.csv');
    const v1 = 'date,stock,weight\n2024-01-31,A,1\n';
    assert.equal(new TextDecoder().decode(await repo.read(file, first)), v1);
    assert.equal(await repo.size(file, first), v1.length);
    assert.match(new TextDecoder().decode(await repo.read(file, second)), /B,0\.5/);
    await assert.rejects(repo.read(join(run, 'missing.csv'), first));
    await assert.rejects(repo.read(file, 'HEAD'), /not a full commit hash/);
  });

  it('maps paths through symbolic links and refuses files outside the repository', async () => {
    const link = join(base, 'link');
    symlinkSync(root, link);
    const repo = new GitCliRepository('git', await topLevel('git', join(link, 'samples', 'run')));
    assert.equal(repo.pathOf(join(link, 'samples', 'run', 'weights.csv')), 'samples/run/weights.csv');
    assert.equal(repo.pathOf(join(base, 'elsewhere.csv')), null);
    assert.equal(repo.pathOf(root), null);
    await assert.rejects(repo.read(join(base, 'elsewhere.csv'), first), /not inside the repository/);
  });
});

/**
 * Confinement's decisions on real folders: `..`, absolute paths, a symbolic link out, a
 * link that stays inside, and a file that does not exist yet; each refusal names the
 * manifest key and comes before the file is touched.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync as fsRealpath, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/model/errors';
import { confinePath, confinePathSync, globEscapes, isInside, makeRoots, type NamedPath, normalizePath, realpathSync, resolvePath, type Roots } from '../../../src/workspace/confine';

const realOrNull = (path: string): string | null => {
  try {
    return fsRealpath(path);
  } catch {
    return null;
  }
};

describe('confinement: paths', () => {
  it('normalises . and .. (never above /) and keeps relative paths relative', () => {
    assert.equal(normalizePath('/ws/run/../../etc//passwd'), '/etc/passwd');
    assert.equal(normalizePath('/../../etc/passwd'), '/etc/passwd');
    assert.equal(normalizePath('/ws/./a/'), '/ws/a');
    assert.equal(normalizePath('../a/./b'), '../a/b');
    assert.equal(normalizePath('/'), '/');
  });

  it('resolves against the manifest folder; absolute paths stay absolute', () => {
    assert.equal(resolvePath('/ws/run', '../data/w.csv'), '/ws/data/w.csv');
    assert.equal(resolvePath('/ws/run', '/etc/passwd'), '/etc/passwd');
    assert.equal(resolvePath('/ws/run', '../../../../etc/passwd'), '/etc/passwd');
  });

  it('is inside a folder only below it, not beside it with the same prefix', () => {
    assert.equal(isInside('/ws/data/w.csv', '/ws'), true);
    assert.equal(isInside('/ws', '/ws'), true);
    assert.equal(isInside('/wsx/w.csv', '/ws'), false);
    assert.equal(isInside('/etc/passwd', '/ws'), false);
    assert.equal(isInside('/anything', '/'), true);
  });

  it('refuses a code glob that is absolute or climbs with ..', () => {
    const roots = makeRoots(['/ws'], ['/ws'], "the workspace folder 'ws'", 'allow it.');
    assert.equal(globEscapes('run.glassbox.json', 'research/**/*.py', roots), null);
    assert.match(globEscapes('run.glassbox.json', '../../**/*.py', roots) ?? '', /"code\.features" glob '\.\.\/\.\.\/\*\*\/\*\.py' points outside the workspace folder 'ws'/);
    assert.match(globEscapes('run.glassbox.json', '/home/*/.ssh/*', roots) ?? '', /points outside/);
    assert.match(globEscapes('run.glassbox.json', 'a/../../b/*.py', roots) ?? '', /points outside/);
  });
});

describe('confinement: on disk', () => {
  let base: string;
  let ws: string;
  let outside: string;
  let roots: Roots;
  const named = (written: string, key = 'weights'): NamedPath => ({ manifest: 'run.glassbox.json', key, written, resolved: resolvePath(`${ws}/run`, written) });

  before(() => {
    base = fsRealpath(mkdtempSync(join(tmpdir(), 'glassbox-confine-')));
    ws = join(base, 'ws');
    outside = join(base, 'outside');
    mkdirSync(join(ws, 'run', 'out'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.csv'), 'stock,weight\nA,1\n');
    writeFileSync(join(ws, 'run', 'out', 'w.csv'), 'stock,weight\nA,1\n');
    symlinkSync(join(outside, 'secret.csv'), join(ws, 'run', 'out', 'link-out.csv'));
    symlinkSync(outside, join(ws, 'run', 'dir-out'));
    symlinkSync(join(ws, 'run', 'out'), join(ws, 'run', 'link-in'));
    symlinkSync(join(ws, 'run', 'out'), join(outside, 'link-into-ws'));
    roots = makeRoots([ws], [ws], "the workspace folder 'ws'", 'add it to glassbox.allowedRoots.');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  /** Every path the check asked realpath about (what it touched on disk). */
  function recording(): { realpath: (p: string) => string | null; asked: string[] } {
    const asked: string[] = [];
    return { asked, realpath: (p) => (asked.push(p), realOrNull(p)) };
  }

  it('accepts a file inside, and returns its real path', () => {
    assert.equal(confinePathSync(named('out/w.csv'), roots, realOrNull), join(ws, 'run', 'out', 'w.csv'));
  });

  it('accepts a link that stays inside the workspace', () => {
    assert.equal(confinePathSync(named('link-in/w.csv'), roots, realOrNull), join(ws, 'run', 'out', 'w.csv'));
  });

  it('accepts a file that does not exist yet (the read says so later)', () => {
    assert.equal(confinePathSync(named('out/later.csv'), roots, realOrNull), join(ws, 'run', 'out', 'later.csv'));
  });

  for (const [what, written] of [
    ['..', '../../outside/secret.csv'],
    ['.. far above the root', '../../../../../../../../etc/passwd'],
    ['an absolute path', '/etc/passwd'],
  ] as const) {
    it(`refuses ${what} before touching the disk, naming the key`, () => {
      const { realpath, asked } = recording();
      assert.throws(
        () => confinePathSync(named(written, 'securities'), roots, realpath),
        (error: unknown) =>
          error instanceof InputError &&
          error.file === 'run.glassbox.json' &&
          error.message.startsWith(`run.glassbox.json: "securities" points outside the workspace folder 'ws' (${written})`) &&
          /refused without being opened/.test(error.message) &&
          /glassbox\.allowedRoots/.test(error.message),
      );
      assert.deepEqual(asked, []);
    });
  }

  it('refuses a link out of the workspace (file or folder), without reading it', () => {
    for (const written of ['out/link-out.csv', 'dir-out/secret.csv']) {
      assert.throws(() => confinePathSync(named(written), roots, realOrNull), (error: unknown) => error instanceof InputError && error.message.includes(`"weights" names ${written}, which leads outside the workspace folder 'ws' through a symbolic link`));
    }
  });

  it('refuses a link elsewhere that points into the workspace (the path as written is outside)', () => {
    const { realpath, asked } = recording();
    assert.throws(() => confinePathSync(named(join(outside, 'link-into-ws', 'w.csv')), roots, realpath), /points outside/);
    assert.deepEqual(asked, []);
  });

  it('accepts a folder given as allowed, and links into it', () => {
    const wider = makeRoots([ws, outside], [ws, outside], 'x', 'y');
    assert.equal(confinePathSync(named('out/link-out.csv'), wider, realOrNull), join(outside, 'secret.csv'));
    assert.equal(confinePathSync(named('/' + join(outside, 'secret.csv').slice(1)), wider, realOrNull), join(outside, 'secret.csv'));
  });

  it('the asynchronous form decides the same; without realpath (a git: or virtual URI) only the path counts', async () => {
    await confinePath(named('out/w.csv'), roots, async (p) => realOrNull(p));
    await assert.rejects(confinePath(named('out/link-out.csv'), roots, async (p) => realOrNull(p)), /symbolic link/);
    await assert.rejects(confinePath(named('../../outside/secret.csv'), makeRoots([ws], [], 'w', 'a'), null), /points outside/);
    await confinePath(named('out/link-out.csv'), makeRoots([ws], [], 'w', 'a'), null);
  });

  it('follows links in the existing part of a path that does not exist yet', () => {
    assert.equal(realpathSync(join(ws, 'run', 'dir-out', 'new', 'file.csv'), realOrNull), join(outside, 'new', 'file.csv'));
  });
});

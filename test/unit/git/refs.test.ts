/** The pure half of "Compare with Git Ref…": which refs are offered, typed refs, the baseline's name. */
import { strict as assert } from 'node:assert';
import { baselineLabel, GitRefType, parseRef, refChoices, shortHash } from '../../../src/git/refs';

const HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

describe('git refs', () => {
  describe('baselineLabel', () => {
    it('names a ref with the commit it resolved to', () => {
      assert.equal(shortHash(HASH), 'a1b2c3d');
      assert.equal(baselineLabel('HEAD', HASH), 'HEAD (a1b2c3d)');
      assert.equal(baselineLabel('HEAD~1', HASH), 'HEAD~1 (a1b2c3d)');
      assert.equal(baselineLabel('release/v7', HASH), 'release/v7 (a1b2c3d)');
    });

    it('names a commit given as a hash by its short hash alone', () => {
      assert.equal(baselineLabel('a1b2c3d4', HASH), 'a1b2c3d');
      assert.equal(baselineLabel(HASH.toUpperCase(), HASH), 'a1b2c3d');
      // A branch that merely looks like hex but is not this commit keeps its name.
      assert.equal(baselineLabel('beef', HASH), 'beef (a1b2c3d)');
    });
  });

  describe('parseRef', () => {
    it('takes revisions git accepts', () => {
      for (const ref of ['HEAD', 'HEAD~1', 'HEAD^', 'main', 'origin/main', 'v1.2.0', 'feature/x-y_z', '@{-1}', HASH]) assert.equal(parseRef(ref), ref);
      assert.equal(parseRef('  HEAD~2 \n'), 'HEAD~2');
    });

    it('refuses what could be read as an option, a range or a path', () => {
      for (const ref of ['', '   ', '-p', '--output=/tmp/x', 'a..b', 'main:run.glassbox.json', 'a b', 'x.lock', 'dir/', 'a;rm', '$(x)']) assert.equal(parseRef(ref), null, ref);
    });
  });

  describe('refChoices', () => {
    const refs = [
      { type: GitRefType.Tag, name: 'v2', commit: 'cccccccccc' },
      { type: GitRefType.Head, name: 'main', commit: 'aaaaaaaaaa' },
      { type: GitRefType.RemoteHead, name: 'origin/HEAD', commit: 'aaaaaaaaaa', remote: 'origin' },
      { type: GitRefType.RemoteHead, name: 'origin/main', commit: 'bbbbbbbbbb', remote: 'origin' },
      { type: GitRefType.Head, name: 'feature', commit: 'dddddddddd' },
      { type: GitRefType.Tag, name: 'v10' },
      { type: GitRefType.Head },
    ];

    it('offers HEAD first (the default), then branches, tags and remote branches, each sorted', () => {
      const choices = refChoices({ type: GitRefType.Head, name: 'main', commit: 'aaaaaaaaaa' }, refs);
      assert.deepEqual(
        choices.map((c) => [c.kind, c.ref]),
        [
          ['head', 'HEAD'],
          ['branch', 'feature'],
          ['branch', 'main'],
          ['tag', 'v10'],
          ['tag', 'v2'],
          ['remote', 'origin/main'],
        ],
      );
      assert.equal(choices[0].detail, 'on main · aaaaaaa');
      assert.equal(choices[1].commit, 'ddddddd');
      assert.equal(choices.find((c) => c.ref === 'v10')?.commit, null);
    });

    it('offers HEAD in a detached or empty repository too', () => {
      assert.deepEqual(refChoices({ type: GitRefType.Head, commit: 'eeeeeeeeee' }, [])[0], { ref: 'HEAD', kind: 'head', commit: 'eeeeeee', detail: 'detached · eeeeeee' });
      assert.deepEqual(refChoices(undefined, []).map((c) => c.ref), ['HEAD']);
    });
  });
});

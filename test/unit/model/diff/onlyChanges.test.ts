import { strict as assert } from 'node:assert';
import { changedBeyond, onlyChanges } from '../../../../src/model/diff/onlyChanges';

describe('onlyChanges (glassbox diff --only-changes and the Compare tab)', () => {
  it('keeps a change above the threshold in absolute value, hides one at most it', () => {
    assert.equal(changedBeyond(0.0011, 0.001), true);
    assert.equal(changedBeyond(-0.0011, 0.001), true);
    assert.equal(changedBeyond(0.001, 0.001), false, 'at the threshold: hidden, as the CLI says "by X or less"');
    assert.equal(changedBeyond(0, 0), false, 'threshold 0 hides exactly what did not move');
    assert.equal(changedBeyond(null, 0.001), true, 'a change that cannot be measured is kept');
    assert.equal(changedBeyond(0, null), true, 'no threshold: everything');
  });

  it('filters rows and counts what it hid', () => {
    const rows = [{ f: 'a', d: 0.01 }, { f: 'b', d: -0.0005 }, { f: 'c', d: null }, { f: 'd', d: 0.002 }, { f: 'e', d: 0 }];
    const { kept, hidden } = onlyChanges(rows, 0.001, (r) => r.d);
    assert.deepEqual(kept.map((r) => r.f), ['a', 'c', 'd']);
    assert.equal(hidden, 2);
    assert.deepEqual(onlyChanges(rows, null, (r) => r.d), { kept: rows, hidden: 0 });
    assert.throws(() => onlyChanges(rows, -1, (r) => r.d), /non-negative/);
    assert.throws(() => onlyChanges(rows, NaN, (r) => r.d), /non-negative/);
  });
});

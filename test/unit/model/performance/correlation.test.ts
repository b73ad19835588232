import { strict as assert } from 'node:assert';
import { averageRanks, pearson, spearman } from '../../../../src/model/performance/correlation';
import { quantileBuckets } from '../../../../src/model/performance/quantileReturns';
import { close } from './panelFixture';

describe('correlation', () => {
  const x = [0.3, -1.2, 2.5, 0.1, 1.7, -0.4, 0.9];

  it('gives a perfect predictor 1 and a reversed one -1', () => {
    const y = x.map((v) => 0.02 * v + 0.001);
    close(pearson(x, y), 1, 'pearson');
    close(spearman(x, y), 1, 'spearman');
    close(pearson(x, y.map((v) => -v)), -1, 'pearson reversed');
    close(spearman(x, y.map((v) => -v)), -1, 'spearman reversed');
  });

  it('matches a hand computation', () => {
    // x 1,2,3 (mean 2), y 2,4,7 (mean 13/3): sxy = 5, sxx = 2, syy = 38/3; r = 5 / sqrt(76/3)
    close(pearson([1, 2, 3], [2, 4, 7]), 5 / Math.sqrt(76 / 3));
  });

  it('rank IC is invariant to monotone transforms; Pearson is not', () => {
    const y = [0.01, -0.03, 0.02, 0.04, -0.01, 0.0, 0.05];
    const base = spearman(x, y) as number;
    close(spearman(x.map(Math.exp), y.map((v) => v ** 3)), base, 'exp / cube');
    close(spearman(x.map((v) => 10 * v - 3), y), base, 'affine');
    assert.notEqual(pearson(x.map(Math.exp), y), pearson(x, y));
  });

  it('ranks ties by their average rank', () => {
    assert.deepEqual([...averageRanks([5, 1, 5, 3])], [3.5, 1, 3.5, 2]);
    // x ranks 1, 2.5, 2.5, 4 against y ranks 1..4: Pearson of the ranks
    const r = spearman([1, 2, 2, 3], [10, 20, 30, 40]) as number;
    close(r, pearson([1, 2.5, 2.5, 4], [1, 2, 3, 4]) as number);
  });

  it('ranks sums of the same terms taken in another order as ties, and values a rounding apart as distinct', () => {
    // -0.000999 summed in two orders differs in its last bit: the rank must not.
    const inOrder = -0.0005 + -0.000299 + -0.0002;
    const reversed = -0.0002 + -0.000299 + -0.0005;
    assert.notEqual(inOrder, reversed, 'the sums differ in their last bits');
    assert.deepEqual([...averageRanks([inOrder, 0.002, reversed, -0.01])], [2.5, 4, 2.5, 1]);
    assert.deepEqual([...averageRanks([-0.000999, 0.002, -0.000998, -0.01])], [2, 4, 3, 1]);
    assert.deepEqual([...averageRanks([1, Infinity, 1 + 1e-9])], [1, 3, 2]);
    // One outlier ties nothing: each pair is measured against its own magnitude.
    assert.deepEqual([...averageRanks([5e9, 0.001, 0.002, 0.003, -0.001])], [5, 2, 3, 4, 1]);
    assert.deepEqual([...averageRanks([1.7e308, 1, 2])], [3, 1, 2]);
  });

  it('leaves out non-finite pairs and is undefined for fewer than 3 or a constant side', () => {
    close(pearson([1, 2, NaN, 3], [2, 4, 100, 7]), 5 / Math.sqrt(76 / 3));
    assert.equal(pearson([1, 2], [3, 4]), null);
    assert.equal(spearman([1, 1, 1, 1], [1, 2, 3, 4]), null);
    assert.equal(pearson([0.1, 0.1, 0.1], [1, 2, 3]), null);
    assert.throws(() => pearson([1, 2, 3], [1, 2]), RangeError);
  });
});

describe('quantileBuckets', () => {
  it('splits into equal counts without ties', () => {
    assert.deepEqual([...quantileBuckets([5, 3, 9, 1, 7, 2, 8, 4, 6, 10], 5)], [2, 1, 4, 0, 3, 0, 3, 1, 2, 4]);
    const counts = [0, 0, 0];
    for (const b of quantileBuckets([1, 2, 3, 4, 5, 6, 7], 3)) counts[b]++;
    assert.deepEqual(counts, [3, 2, 2]);
  });

  it('puts tied scores in the bucket of their average position', () => {
    // positions 0, (1+2+3)/3 = 2, 4, 5 of 6 in 3 buckets: floor(p * 3 / 6)
    assert.deepEqual([...quantileBuckets([1, 2, 2, 2, 3, 4], 3)], [0, 1, 1, 1, 2, 2]);
    // all tied: every position averages to 1.5 of 4, bucket floor(1.5 * 2 / 4) = 0
    assert.deepEqual([...quantileBuckets([7, 7, 7, 7], 2)], [0, 0, 0, 0]);
  });
});

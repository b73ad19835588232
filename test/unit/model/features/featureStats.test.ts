import { strict as assert } from 'node:assert';
import { featureStats } from '../../../../src/model/features/featureStats';
import { InputError } from '../../../../src/model/errors';
import type { Panel } from '../../../../src/model/run/panel';
import { HAND } from '../fixtures';
import { close, panelFrom } from '../performance/panelFixture';

const FACTORS = { value: ['v1', 'v2'], momentum: ['m1'] };

/**
 * HAND (test/unit/model/fixtures.ts), by hand. Date 2 (index 1): weights A .5, B .2, C 0,
 * D .3 against .25 each, so active weights A +.25, B -.05, C -.25, D +.05.
 * Contributions on date 2: v1 = [0, -.01, 0, .01], v2 = [.01, 0, 0, 0], m1 = [0, .01, 0, 0];
 * row sums [.01, 0, 0, .01].
 */
describe('featureStats on the hand-computed run', () => {
  let panel: Panel;
  before(() => {
    panel = panelFrom({ contributions: HAND.contributions(), weights: HAND.weights(), securities: HAND.securities(), factors: FACTORS });
  });

  it("ranks the feature by mean |contribution| and gives its share of the active score", () => {
    const stats = featureStats(panel, 1, 'v1');
    assert.equal(stats.feature, 'v1');
    assert.equal(stats.factor, 'value');
    assert.equal(stats.date, '2024-02-29');
    // mean |c|: v1 (0 + .01 + 0 + .01) / 4 = .005; v2 and m1 .01 / 4 = .0025 each.
    assert.equal(stats.rank, 1);
    assert.equal(stats.features, 3);
    assert.equal(stats.stocks, 4);
    close(stats.meanAbs, 0.005, 'meanAbs');
    // portfolio: .5*0 + .2*(-.01) + 0*0 + .3*.01 = .001
    close(stats.portfolioAttribution, 0.001, 'portfolio attribution');
    // active: .25*0 - .05*(-.01) - .25*0 + .05*.01 = .001; total: .25*.01 + .05*.01 = .003
    close(stats.activeAttribution, 0.001, 'active attribution');
    close(stats.activeShare, 1 / 3, 'active share');
  });

  it('lists the stocks the feature moves most, largest |contribution| first, ties in stock order', () => {
    const stats = featureStats(panel, 1, 'v1');
    assert.deepEqual(stats.topStocks, [
      { stock: 'B', name: 'Beta', contribution: -0.01, weight: 0.2 },
      { stock: 'D', name: 'Delta', contribution: 0.01, weight: 0.3 },
    ], 'A and C contribute exactly 0 and are left out');
  });

  it('breaks importance ties by name and gives signed shares', () => {
    const m1 = featureStats(panel, 1, 'm1');
    const v2 = featureStats(panel, 1, 'v2');
    assert.deepEqual([m1.rank, v2.rank], [2, 3]);
    // m1 active: -.05 * .01 = -.0005 -> -1/6 of .003; v2: .25 * .01 = .0025 -> 5/6.
    close(m1.activeShare, -1 / 6, 'm1 share');
    close(v2.activeShare, 5 / 6, 'v2 share');
    assert.deepEqual(v2.topStocks.map((s) => s.stock), ['A']);
  });

  it('keeps at most three stocks, on the first date too', () => {
    // Date 1: v1 = [.01, -.02, 0, .03]; mean |c| .015 (v2 .01, m1 .0125).
    const stats = featureStats(panel, 0, 'v1');
    assert.equal(stats.rank, 1);
    close(stats.meanAbs, 0.015, 'meanAbs');
    assert.deepEqual(stats.topStocks.map((s) => [s.stock, s.contribution]), [['D', 0.03], ['B', -0.02], ['A', 0.01]]);
    // active weights +.15, +.05, +.05, -.25: v1 .0015 - .001 + 0 - .0075 = -.007; row sums
    // [.02, .01, .02, .02] give a total of .003 + .0005 + .001 - .005 = -.0005.
    close(stats.activeAttribution, -0.007, 'active attribution');
    close(stats.activeShare, 14, 'active share can exceed 1 when features offset each other');
  });

  it('has no active numbers without a benchmark', () => {
    const noBenchmark = panelFrom({ contributions: HAND.contributions(), weights: HAND.weights().select('date', 'ticker', 'weight'), factors: FACTORS });
    const stats = featureStats(noBenchmark, 1, 'v1');
    assert.equal(stats.activeAttribution, null);
    assert.equal(stats.activeShare, null);
    close(stats.portfolioAttribution, 0.001, 'portfolio attribution');
  });

  it('names an unknown feature and rejects a date outside the run', () => {
    assert.throws(() => featureStats(panel, 1, 'nope'), (error: unknown) => error instanceof InputError && /nope/.test(error.message));
    assert.throws(() => featureStats(panel, 2, 'v1'), RangeError);
  });
});

describe('featureStats under filters', () => {
  it('counts only the stocks passing the sector filter, ranking among every feature', () => {
    const panel = panelFrom({ contributions: HAND.contributions(), weights: HAND.weights(), securities: HAND.securities(), factors: FACTORS });
    // Health on date 2: C and D. v1 = [0, .01]; v2 = [0, 0]; m1 = [0, 0]. Active C -.25, D +.05.
    const stats = featureStats(panel, 1, 'v1', { sectors: ['Health'], countries: [], regions: [], factors: ['momentum'] });
    assert.equal(stats.stocks, 2);
    assert.equal(stats.features, 3, 'the factor filter does not shrink the ranking');
    close(stats.meanAbs, 0.005, 'meanAbs');
    close(stats.activeAttribution, 0.0005, 'active attribution');
    close(stats.activeShare, 1, 'v1 is all of Health\'s active score');
    assert.deepEqual(stats.topStocks.map((s) => s.stock), ['D']);
  });
});

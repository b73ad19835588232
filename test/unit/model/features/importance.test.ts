import { strict as assert } from 'node:assert';
import { featureImportance } from '../../../../src/model/features';
import { handPanel, masks } from './fixtures';

const close = (actual: number | null | undefined, expected: number, message = 'value') => {
  assert.ok(actual !== null && actual !== undefined, `${message} is null`);
  assert.ok(Math.abs(actual - expected) < 1e-12, `${message}: ${actual} != ${expected}`);
};

describe('features/featureImportance', () => {
  it('computes mean |c|, mean c and weighted mean |c| per feature on a date, largest first', () => {
    const panel = handPanel();
    const data = featureImportance(panel, 0, masks(panel));
    assert.equal(data.date, '2024-01-31');
    assert.equal(data.stocks, 4);
    assert.deepEqual(data.features.map((f) => f.feature), ['v1', 'm1', 'v2']);
    const [v1, m1, v2] = data.features;
    // v1 on D1: .01, -.02, 0, .03; weights .4, .3, .3, 0.
    close(v1.meanAbs, 0.06 / 4, 'v1 mean |c|');
    close(v1.meanSigned, 0.02 / 4, 'v1 mean c');
    close(v1.weightedMeanAbs, 0.4 * 0.01 + 0.3 * 0.02, 'v1 weighted');
    assert.equal(v1.factor, 'value');
    // m1: -.01, .03, .01, 0
    close(m1.meanAbs, 0.05 / 4);
    close(m1.meanSigned, 0.03 / 4);
    close(m1.weightedMeanAbs, 0.4 * 0.01 + 0.3 * 0.03 + 0.3 * 0.01);
    // v2: .02, 0, .01, -.01
    close(v2.meanAbs, 0.04 / 4);
    close(v2.weightedMeanAbs, 0.4 * 0.02 + 0.3 * 0.01);
    assert.equal(v2.stocks, 4);
  });

  it('sums the features of a factor, and gives the mean |factor sum| beside it', () => {
    const panel = handPanel();
    const { factors } = featureImportance(panel, 0, masks(panel));
    assert.deepEqual(factors.map((f) => f.factor), ['value', 'momentum']);
    const [value, momentum] = factors;
    close(value.meanAbs, 0.015 + 0.01, 'value mean |c|');
    close(value.meanSigned, 0.005 + 0.005);
    close(value.weightedMeanAbs, 0.01 + 0.011);
    // Value per stock: A .03, B -.02, C .01, D .02.
    close(value.meanAbsNet, 0.08 / 4, 'value mean |sum|');
    assert.equal(value.features, 2);
    close(momentum.meanAbs, 0.0125);
    close(momentum.meanAbsNet, 0.0125);
  });

  it('applies the stock and factor filters, weighting within the filtered names', () => {
    const panel = handPanel();
    const tech = featureImportance(panel, 0, masks(panel, { sectors: ['Tech'] }));
    assert.equal(tech.stocks, 2);
    const v1 = tech.features.find((f) => f.feature === 'v1');
    close(v1?.meanAbs, 0.015);
    close(v1?.meanSigned, -0.005);
    close(v1?.weightedMeanAbs, (0.4 * 0.01 + 0.3 * 0.02) / 0.7);
    assert.equal(tech.features[0].feature, 'm1');
    close(tech.features[0].meanAbs, 0.02);

    const momentum = featureImportance(panel, 0, masks(panel, { factors: ['momentum'] }));
    assert.deepEqual(momentum.features.map((f) => f.feature), ['m1']);
    assert.deepEqual(momentum.factors.map((f) => f.factor), ['momentum']);
  });

  it('averages over every date with date null', () => {
    const panel = handPanel();
    const data = featureImportance(panel, null, masks(panel));
    assert.equal(data.date, null);
    assert.equal(data.stocks, 8);
    const v1 = data.features.find((f) => f.feature === 'v1');
    // D1 .06 + D2 (0, .01, 0, .01) .02 over 8 rows; weighted: (.010 + .2*.01 + .3*.01) / 2.
    close(v1?.meanAbs, 0.08 / 8);
    close(v1?.weightedMeanAbs, 0.015 / 2);
  });

  it('gives null weighted importance when no filtered name is held, and zeros for no rows', () => {
    const panel = handPanel();
    // On D2 C is not held (weight 0); filter Health and keep C only via the country filter (Canada).
    const canada = featureImportance(panel, 1, masks(panel, { countries: ['Canada'] }));
    assert.equal(canada.stocks, 1);
    assert.ok(canada.features.every((f) => f.weightedMeanAbs === null));
    assert.ok(canada.factors.every((f) => f.weightedMeanAbs === null));
    const none = featureImportance(panel, 0, masks(panel, { sectors: ['Nowhere'] }));
    assert.equal(none.stocks, 0);
    assert.ok(none.features.every((f) => f.meanAbs === 0 && f.weightedMeanAbs === null));
  });
});

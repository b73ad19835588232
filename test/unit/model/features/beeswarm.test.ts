import { strict as assert } from 'node:assert';
import { InputError } from '../../../../src/model/errors';
import { beeswarmData } from '../../../../src/model/features';
import { roundSignificant, strideSample } from '../../../../src/model/features/rows';
import { handPanel, masks, plantedRun } from './fixtures';

describe('features/beeswarmData', () => {
  it('gives one point per stock of the top features, with value (null when missing) and weight', () => {
    const panel = handPanel();
    const data = beeswarmData(panel, 0, masks(panel), { top: 2 });
    assert.equal(data.date, '2024-01-31');
    assert.deepEqual(data.features.map((f) => f.feature), ['v1', 'm1']);
    assert.deepEqual(data.points.slice(0, 4), [
      { feature: 'v1', factor: 'value', stock: 'A', contribution: 0.01, value: 1, weight: 0.4 },
      { feature: 'v1', factor: 'value', stock: 'B', contribution: -0.02, value: -2, weight: 0.3 },
      { feature: 'v1', factor: 'value', stock: 'C', contribution: 0, value: 0, weight: 0.3 },
      { feature: 'v1', factor: 'value', stock: 'D', contribution: 0.03, value: 3, weight: 0 },
    ]);
    assert.equal(data.points.length, 8);
    assert.ok(data.points.slice(4).every((p) => p.feature === 'm1' && p.value === null), 'm1 has no values');
  });

  it('takes explicit features in the order given, a missing value as null', () => {
    const panel = handPanel();
    const data = beeswarmData(panel, 0, masks(panel, { sectors: ['Tech'] }), { features: ['v2', 'v1'] });
    assert.deepEqual(data.points.map((p) => `${p.feature}:${p.stock}:${p.value}`), ['v2:A:2', 'v2:B:null', 'v1:A:1', 'v1:B:-2']);
    assert.throws(() => beeswarmData(panel, 0, masks(panel), { features: ['nope'] }), (e: Error) => e instanceof InputError && /no feature 'nope'/.test(e.message));
  });

  it('keeps a chosen feature of a filtered-out factor and gives its importance', () => {
    const panel = handPanel();
    const data = beeswarmData(panel, 0, masks(panel, { factors: ['value'] }), { features: ['m1'] });
    assert.equal(data.features[0].feature, 'm1');
    assert.ok(Math.abs(data.features[0].meanAbs - 0.0125) < 1e-12);
  });

  it('draws at most 20 features by default', () => {
    const { panel } = plantedRun({ stocks: 30 });
    const data = beeswarmData(panel, 0, masks(panel), { top: 99 });
    assert.equal(data.features.length, 5);
    assert.equal(data.points.length, 150);
  });

  it('rounds to 6 significant digits and samples by a fixed stride', () => {
    assert.equal(roundSignificant(0.012345678901), 0.0123457);
    assert.equal(roundSignificant(-123456789), -123457000);
    assert.ok(Object.is(roundSignificant(-0), 0));
    const { rows, stride } = strideSample(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), 3);
    assert.equal(stride, 3);
    assert.deepEqual([...rows], [0, 3, 6]);
  });
});

import { strict as assert } from 'node:assert';
import { dependenceData } from '../../../../src/model/features';
import { handPanel, masks, plantedRun } from './fixtures';

describe('features/dependenceData', () => {
  it('gives value, contribution and the colour feature\'s value per stock', () => {
    const panel = handPanel();
    const data = dependenceData(panel, 0, masks(panel), 'v1', { colourFeature: 'v2' });
    assert.equal(data.feature, 'v1');
    assert.equal(data.factor, 'value');
    assert.equal(data.colourFeature, 'v2');
    assert.equal(data.date, '2024-01-31');
    assert.deepEqual(data.points, [
      { stock: 'A', date: '2024-01-31', value: 1, contribution: 0.01, colourValue: 2 },
      { stock: 'B', date: '2024-01-31', value: -2, contribution: -0.02, colourValue: null },
      { stock: 'C', date: '2024-01-31', value: 0, contribution: 0, colourValue: 1 },
      { stock: 'D', date: '2024-01-31', value: 3, contribution: 0.03, colourValue: -1 },
    ]);
    assert.deepEqual([data.eligible, data.stride, data.missingValues, data.interaction], [4, 1, 0, null]);
  });

  it('samples every k-th row over all dates, deterministically', () => {
    const panel = handPanel();
    const data = dependenceData(panel, null, masks(panel), 'v1', { colourFeature: null, maxPoints: 3 });
    assert.equal(data.date, null);
    assert.equal(data.eligible, 8);
    assert.equal(data.stride, 3);
    assert.deepEqual(data.points.map((p) => `${p.date}:${p.stock}`), ['2024-01-31:A', '2024-01-31:D', '2024-02-29:C']);
    assert.ok(data.points.every((p) => p.colourValue === null));
    assert.equal(data.colourFeature, null);
  });

  it('counts rows without the feature\'s value, and colours by a feature without values as null', () => {
    const panel = handPanel();
    const noValues = dependenceData(panel, 0, masks(panel), 'm1', { colourFeature: 'v1' });
    assert.deepEqual([noValues.points.length, noValues.eligible, noValues.missingValues], [0, 0, 4]);
    const byM1 = dependenceData(panel, 0, masks(panel), 'v2', { colourFeature: 'm1' });
    assert.equal(byM1.points.length, 3, 'B has no v2 value');
    assert.equal(byM1.missingValues, 1);
    assert.ok(byM1.points.every((p) => p.colourValue === null));
  });

  it('picks the colour feature by the interaction ranking by default', () => {
    const { panel } = plantedRun({ stocks: 400 });
    const data = dependenceData(panel, 0, masks(panel), 'f');
    assert.equal(data.colourFeature, 'g');
    assert.equal(data.colourFactor, 'alpha');
    assert.equal(data.interaction?.suggested, 'g');
    assert.equal(data.points.length, 400);
    // Too few rows to bin: no suggestion, no colour.
    const hand = handPanel();
    const small = dependenceData(hand, 0, masks(hand), 'v1');
    assert.equal(small.colourFeature, null);
    assert.equal(small.interaction?.suggested, null);
  });
});

import { strict as assert } from 'node:assert';
import { FeatureCatalog, manifestFeatures, type RunFeatures } from '../../../src/code/featureCatalog';

const run = (over: Partial<RunFeatures>): RunFeatures => ({ manifest: 'file:///w/run.glassbox.json', label: 'v7', codeGlobs: [], features: [], loaded: false, ...over });

describe('manifestFeatures', () => {
  it("lists the factor map's features in order, without repeats", () => {
    assert.deepEqual(manifestFeatures({ factors: { value: ['ep_fy1', 'bp'], quality: ['roe', 'bp'] } }), [
      { name: 'ep_fy1', factor: 'value' },
      { name: 'bp', factor: 'value' },
      { name: 'roe', factor: 'quality' },
    ]);
    assert.deepEqual(manifestFeatures({ factors: 'ref/factors.csv' }), []);
    assert.deepEqual(manifestFeatures({}), []);
  });
});

describe('FeatureCatalog', () => {
  it('finds a feature by its name and a factor-prefixed one by its bare name, exact and loaded first', () => {
    const v7 = run({ label: 'v7', features: [{ name: 'value__ep_fy1', factor: 'value' }], loaded: true });
    const v6 = run({ manifest: 'file:///w/v6.glassbox.json', label: 'v6', features: [{ name: 'ep_fy1', factor: 'value' }] });
    const catalog = new FeatureCatalog([v7, v6]);
    assert.deepEqual(catalog.lookup('ep_fy1').map((m) => [m.run.label, m.feature.name, m.exact]), [
      ['v6', 'ep_fy1', true],
      ['v7', 'value__ep_fy1', false],
    ]);
    assert.deepEqual(catalog.lookup('value__ep_fy1').map((m) => m.run.label), ['v7']);
    assert.deepEqual(catalog.lookup('bp'), []);
    assert.deepEqual(catalog.featureNames(), ['ep_fy1', 'value__ep_fy1']);
  });
});

import assert from 'node:assert/strict';
import { bp } from './fixtures';
import type { TopLevelSpec } from 'vega-lite';
import { LIGHT_THEME, headlessView } from '../../../src/views';
import { dependenceChart } from '../../../src/views/dependence';
import { factorImportanceChart, featureImportanceChart } from '../../../src/views/featureImportance';
import { importanceBySectorChart } from '../../../src/views/importanceBySector';

interface Node {
  items?: Node[];
  tooltip?: unknown;
}

/** Every tooltip object the view's marks carry, as Vega evaluated them. */
async function tooltips(spec: TopLevelSpec): Promise<Record<string, unknown>[]> {
  const view = await headlessView(spec);
  const found: Record<string, unknown>[] = [];
  const walk = (node: Node) => {
    if (node.tooltip && typeof node.tooltip === 'object') found.push(node.tooltip as Record<string, unknown>);
    for (const child of node.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: Node }).root);
  view.finalize();
  return found;
}

const dependence = {
  feature: 'ep_fy1',
  factor: 'value',
  colourFeature: 'roe',
  colourFactor: 'quality',
  date: null,
  points: [
    { stock: 'A', date: '2024-01-31', value: -1.5, contribution: -0.0012, colourValue: 0.4 },
    { stock: 'B', date: '2024-02-29', value: 2, contribution: 0.0031, colourValue: null },
  ],
  eligible: 2,
  stride: 1,
  missingValues: 0,
  interaction: null,
};

const CHARTS: [string, () => TopLevelSpec, number][] = [
  ['feature importance (one without weighted importance: the column is left out)', () => featureImportanceChart([
    { feature: 'ep_fy1', factor: 'value', meanAbs: 0.001, meanSigned: -0.0001, weightedMeanAbs: 0.0012, stocks: 10 },
    { feature: 'roe', factor: 'quality', meanAbs: 0.0008, meanSigned: 0, weightedMeanAbs: null, stocks: 10 },
  ], LIGHT_THEME), 2],
  ['factor importance', () => factorImportanceChart([{ factor: 'value', meanAbs: 0.002, meanSigned: 0.0001, weightedMeanAbs: 0.0021, meanAbsNet: 0.0015, features: 2 }], LIGHT_THEME), 1],
  ['dependence over all dates (with and without the colour value)', () => dependenceChart(dependence, LIGHT_THEME), 2],
  ['importance by sector', () => importanceBySectorChart([{ sector: 'Energy', factor: 'value', feature: null, meanAbs: 0.001, share: 0.5, stocks: 3 }], LIGHT_THEME), 1],
];

describe('views tooltips of the Features charts', () => {
  for (const [name, build, count] of CHARTS) {
    it(`${name}: every mark has a tooltip with formatted values, none missing`, async () => {
      const all = await tooltips(build());
      assert.equal(all.length, count);
      for (const tooltip of all) {
        for (const [key, value] of Object.entries(tooltip)) {
          assert.ok(!['undefined', 'null', 'NaN', ''].includes(String(value)), `${key}: ${String(value)} in ${JSON.stringify(tooltip)}`);
        }
      }
    });
  }

  it('formats importance unsigned, contributions signed, weights in percent', async () => {
    const [feature] = await tooltips(featureImportanceChart([{ feature: 'ep_fy1', factor: 'value', meanAbs: 0.001, meanSigned: -0.0001, weightedMeanAbs: 0.0012, stocks: 10 }], LIGHT_THEME));
    assert.deepEqual(feature, {
      Feature: 'ep_fy1',
      Factor: 'value',
      'Mean |contribution| (bp of score)': bp(0.001, false),
      'Weighted mean |contribution| (bp of score)': bp(0.0012, false),
      'Mean contribution (bp of score)': bp(-0.0001),
      Stocks: '10',
    });
    const [coloured] = (await tooltips(CHARTS[2][1]())).filter((t) => 'Its value' in t);
    assert.deepEqual(coloured, { Stock: 'A', Date: '2024-01-31', Feature: 'ep_fy1', Value: '\u22121.5', 'Contribution (bp of score)': bp(-0.0012), 'Coloured by': 'roe', 'Its value': '0.4' });
  });
});

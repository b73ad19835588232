import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import {
  LIGHT_THEME,
  factorExposureChart,
  factorHeatmap,
  factorHistoryChart,
  headlessView,
  sectorWeightsChart,
  stockHistoryChart,
  waterfallChart,
} from '../../../src/views';
import { bp, EXPOSURES, FACTOR_HISTORY, FACTOR_SECTOR_CELLS, SECTORS, STOCK_HISTORY, stockDetail } from './fixtures';

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

const CHARTS: [string, () => TopLevelSpec, number][] = [
  ['factor exposure', () => factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'active' }), 4],
  ['sector weights (one sector without benchmark)', () => sectorWeightsChart(SECTORS, LIGHT_THEME, { groupTitle: 'Sector' }), 4],
  ['factor history', () => factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'portfolio' }), 12],
  ['factor heat map', () => factorHeatmap(FACTOR_SECTOR_CELLS, LIGHT_THEME, { groupTitle: 'Sector', measure: 'portfolio' }), 6],
  ['waterfall (with residual, other, a feature without value)', () => waterfallChart(stockDetail(0.8515625), LIGHT_THEME, { maxBars: 5 }), 8],
  ['stock history', () => stockHistoryChart(STOCK_HISTORY, LIGHT_THEME, {}), 12],
];

describe('views tooltips', () => {
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

  it('formats weights in percent and contributions signed', async () => {
    const [sector] = await tooltips(sectorWeightsChart(SECTORS.slice(1, 2), LIGHT_THEME, { groupTitle: 'Sector' }));
    assert.deepEqual(sector, {
      Sector: 'Industrials',
      'Active weight': '+1.10%',
      'Portfolio weight': '18.20%',
      'Benchmark weight': '17.10%',
      Holdings: '84',
    });
    const [factor] = await tooltips(factorExposureChart(EXPOSURES.slice(2, 3), LIGHT_THEME, { measure: 'portfolio' }));
    assert.deepEqual(factor, { Factor: 'momentum', 'Portfolio attribution (bp of score)': bp(-0.0145), 'Active (bp of score)': bp(-0.0208), 'Benchmark (bp of score)': bp(0.0063) });
  });
});

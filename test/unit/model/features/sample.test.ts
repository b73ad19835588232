/**
 * The Features queries on the shipped sample run (samples/russell2000), whose generator
 * planted known pairwise interactions (scripts/sample/model.mjs): suggestInteraction must
 * find each planted partner among 47 candidates, many of them correlated with it.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beeswarmData, dependenceData, featureImportance, importanceBySector, suggestInteraction } from '../../../../src/model/features';
import { parseManifest } from '../../../../src/model/manifest';
import { readBytes as readTable } from '../../duckdb/testSource';
import { readContributions } from '../../../../src/model/run/contributions';
import { buildPanel, type Panel } from '../../../../src/model/run/panel';
import { readSecurities } from '../../../../src/model/run/securities';
import { readWeights } from '../../../../src/model/run/weights';
import type { Diagnostic } from '../../../../src/model/types';
import { masks } from './fixtures';

const dir = join(process.cwd(), 'samples/russell2000');
const bytes = (path: string) => new Uint8Array(readFileSync(join(dir, path)));

describe('features on the sample run (samples/russell2000)', function () {
  this.timeout(60_000);
  let panel: Panel;
  let last: number;

  before(async () => {
    const { manifest } = parseManifest(readFileSync(join(dir, 'run.glassbox.json'), 'utf8'), 'run.glassbox.json');
    const diagnostics: Diagnostic[] = [];
    const read = async (path: string) => (await readTable(bytes(path), path)).table;
    panel = buildPanel(
      {
        contributions: readContributions(await read('out/contributions.parquet'), 'contributions.parquet', undefined, diagnostics),
        weights: readWeights(await read('out/weights.csv'), 'weights.csv', undefined, diagnostics),
        securities: readSecurities(await read('ref/securities.csv'), 'securities.csv'),
        factorMap: typeof manifest?.factors === 'object' ? manifest.factors : undefined,
      },
      diagnostics,
    );
    last = panel.dates.length - 1;
  });

  // [feature, its planted partner]; the runner-up is usually a feature correlated with the partner (mom_6_1 for mom_12_1).
  const PLANTED: [string, string][] = [
    ['ep_fy1', 'roe'],
    ['cfp', 'roe'],
    ['sp', 'roe'],
    ['ev_ebitda', 'roe'],
    ['eps_revision_3m', 'mom_12_1'],
    ['mom_12_1', 'eps_revision_3m'],
    ['amihud_illiq', 'bp'],
    ['web_traffic_growth', 'sales_growth_yoy'],
    ['sales_growth_yoy', 'web_traffic_growth'],
  ];
  for (const [feature, partner] of PLANTED) {
    it(`suggests ${partner} for ${feature}, on the last date and over every date`, () => {
      const onDate = suggestInteraction(panel, last, feature, masks(panel));
      assert.equal(onDate.suggested, partner, JSON.stringify(onDate.ranking.slice(0, 3)));
      assert.equal(onDate.ranking.length, 47);
      assert.ok(onDate.ranking[0].strength > 1.3 * onDate.ranking[1].strength, JSON.stringify(onDate.ranking.slice(0, 2)));
      assert.equal(suggestInteraction(panel, null, feature, masks(panel)).suggested, partner);
    });
  }

  it('finds no strong interaction for a feature the model uses on its own (log_mcap)', () => {
    const { ranking } = suggestInteraction(panel, last, 'log_mcap', masks(panel));
    assert.ok(ranking[0].strength < 0.25, JSON.stringify(ranking.slice(0, 3)));
  });

  it('ranks importance consistently: factors sum their features, the beeswarm and dependence cover the date', () => {
    const importance = featureImportance(panel, last, masks(panel));
    assert.equal(importance.features.length, 48);
    for (const factor of importance.factors) {
      const sum = importance.features.filter((f) => f.factor === factor.factor).reduce((s, f) => s + f.meanAbs, 0);
      assert.ok(Math.abs(sum - factor.meanAbs) < 1e-12, factor.factor);
      assert.ok(factor.meanAbsNet <= factor.meanAbs + 1e-12);
    }
    const swarm = beeswarmData(panel, last, masks(panel));
    assert.equal(swarm.features.length, 20);
    assert.equal(swarm.points.length, 20 * importance.stocks);
    assert.deepEqual(swarm.features.map((f) => f.feature), importance.features.slice(0, 20).map((f) => f.feature));
    const dependence = dependenceData(panel, null, masks(panel), 'ep_fy1');
    assert.equal(dependence.colourFeature, 'roe');
    assert.ok(dependence.points.length <= 5000 && dependence.stride > 1);
    const bySector = importanceBySector(panel, last, masks(panel));
    const shares = new Map<string, number>();
    for (const cell of bySector.byFactor) shares.set(cell.sector, (shares.get(cell.sector) ?? 0) + cell.share);
    for (const [sector, total] of shares) assert.ok(Math.abs(total - 1) < 1e-9, sector);
  });
});

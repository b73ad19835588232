/**
 * The dependence query answers exactly the dependence part of the features query: the
 * webview asks it alone when only the feature or its colour changes.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelEngine } from '../../../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../../../src/model/manifest';
import { loadRun } from '../../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../../src/model/types';
import { duckdbSource } from '../../duckdb/testSource';

const dir = join(process.cwd(), 'samples/russell2000');

describe('engine: dependence alone', function () {
  this.timeout(60_000);
  let engine: PanelEngine;

  before(async () => {
    const { manifest, diagnostics } = parseManifest(readFileSync(join(dir, 'run.glassbox.json'), 'utf8'), 'run.glassbox.json');
    const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, path: join(dir, t.path) }));
    engine = await loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, await duckdbSource());
  });

  it('equals the features query\'s dependence for the default feature, a picked feature and a picked colour, on two dates, with and without a filter', () => {
    const dates = engine.summary().dates;
    const sector = engine.summary().sectors[0];
    for (const date of [dates[dates.length - 1], dates[10]]) {
      for (const filters of [NO_FILTERS, { ...NO_FILTERS, sectors: [sector] }]) {
        for (const [feature, colorBy] of [
          [null, null],
          ['ep_fy1', null],
          ['ep_fy1', 'mom_12_1'],
        ] as const) {
          const whole = engine.features(date, filters, feature, colorBy).dependence;
          assert.ok(whole, 'the sample has feature values');
          assert.deepEqual(engine.dependence(date, filters, feature, colorBy), whole, `${date} ${filters.sectors.join()} ${feature} ${colorBy}`);
        }
      }
    }
  });

  it('defaults to the most important feature on the date and filters', () => {
    const date = engine.summary().dates[5];
    const top = engine.features(date, NO_FILTERS, null, null).importance.features[0].feature;
    assert.equal(engine.dependence(date, NO_FILTERS, null, null)?.feature, top);
  });
});

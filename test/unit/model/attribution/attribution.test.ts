/**
 * The grouped attribution over the panel (src/model/attribution), in-process on the
 * three-stock fixture: the definition, the dense and sparse paths, and what it refuses.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attribution, attributionRows, type AttributionKey } from '../../../../src/model/attribution/index';
import { InputError } from '../../../../src/model/errors';
import { manifestTables, parseManifest } from '../../../../src/model/manifest';
import { readTable } from '../../../../src/model/read/index';
import { loadPanel } from '../../../../src/model/run/loadRun';
import type { Panel } from '../../../../src/model/run/panel';
import { FIXTURE_ROWS, removeTempDirs, writeFixture } from '../../cli/fixtures';

describe('attribution (grouped w x c over the panel)', () => {
  let panel: Panel;
  before(async () => {
    const { dir, manifest: path } = writeFixture();
    const { manifest, diagnostics } = parseManifest(readFileSync(path, 'utf8'), 'run.glassbox.json');
    const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: new Uint8Array(readFileSync(join(dir, t.path))) }));
    panel = (await loadPanel({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, readTable)).panel;
  });
  after(removeTempDirs);

  it('sums every stock and feature of a group; the total is the same whatever the grouping', () => {
    const total = (by: AttributionKey[]) => attributionRows(attribution(panel, { by, date: 'all', weight: 'active' })).reduce((s, r) => s + r.contribution, 0);
    let expected = 0;
    for (const r of FIXTURE_ROWS) expected += (r.weight - r.benchmark) * (r.f_a + r.f_b + r.f_c);
    for (const by of [['date'], ['stock'], ['sector', 'factor'], ['country', 'feature'], ['date', 'stock', 'feature'], ['region', 'industry']] as AttributionKey[][]) {
      assert.ok(Math.abs(total(by) - expected) < 1e-12, by.join(','));
    }
  });

  it('gives the same groups through the sparse path as through the dense one', () => {
    const dense = attributionRows(attribution(panel, { by: ['date', 'stock', 'feature'], date: 'all' }));
    const sparse = attributionRows(attribution(panel, { by: ['date', 'stock', 'feature'], date: 'all', denseLimit: 0 }));
    assert.equal(dense.length, 2 * 3 * 3);
    assert.deepEqual(sparse, dense);
  });

  it('keeps the keys in the order asked, sorted by key', () => {
    const rows = attributionRows(attribution(panel, { by: ['factor', 'date'], date: 'all' }));
    assert.deepEqual(rows.map((r) => `${r.factor} ${r.date}`), ['alpha 2024-01-31', 'alpha 2024-02-29', 'beta 2024-01-31', 'beta 2024-02-29']);
    assert.deepEqual(Object.keys(rows[0]), ['factor', 'date', 'contribution']);
  });

  it('refuses unknown and repeated keys and unknown dates with an InputError', () => {
    assert.throws(() => attribution(panel, { by: [] }), InputError);
    assert.throws(() => attribution(panel, { by: ['sektor' as AttributionKey] }), /'sektor' is not a grouping key/);
    assert.throws(() => attribution(panel, { by: ['date', 'date'] }), /given twice/);
    assert.throws(() => attribution(panel, { by: ['date'], date: '2020-01-01' }), /no date 2020-01-01/);
  });
});

/**
 * The shipped sample run, read from its files as the extension reads it, checked against
 * the facts the generator planted and against a naive recomputation from the raw tables.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { initParquet, readTable } from '../../../src/model/read/index';
import { loadRun } from '../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../src/model/types';

const dir = join(process.cwd(), 'samples/russell2000');
const bytes = (path: string) => new Uint8Array(readFileSync(join(dir, path)));

describe('the sample run (samples/russell2000)', function () {
  this.timeout(60_000);
  let engine: PanelEngine;
  const { manifest, diagnostics } = parseManifest(readFileSync(join(dir, 'run.glassbox.json'), 'utf8'), 'run.glassbox.json');

  before(async () => {
    await initParquet(readFileSync(join(process.cwd(), 'node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm')));
    const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: bytes(t.path) }));
    engine = await loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, readTable);
  });

  it('loads 60 months, 48 features in 8 factors, percent weights, and says what is odd', () => {
    const run = engine.summary();
    assert.equal(run.dates.length, 60);
    assert.equal(run.features.length, 48);
    assert.deepEqual(run.factors, ['value', 'quality', 'momentum', 'sentiment', 'growth', 'low_risk', 'liquidity', 'alt_data']);
    assert.equal(run.weightScale, 'percent');
    assert.ok(run.hasFeatureValues && run.hasScore && run.hasBenchmark);
    assert.ok(run.diagnostics.some((d) => d.code === 'held-without-contributions' && d.example?.startsWith('XTSLA')));
  });

  it('holds base value + contributions = score on every date, and respects the turnover limit', () => {
    for (const date of engine.summary().dates) {
      const over = engine.overview(date, NO_FILTERS);
      assert.equal(over.integrity?.failures, 0, date);
      if (over.turnover !== null) assert.ok(over.turnover <= 0.25 + 1e-6, `${date} turnover ${over.turnover}`);
    }
  });

  it('shows the planted Consumer Staples breach on 2023-07-31', () => {
    const staples = engine.overview('2023-07-31', NO_FILTERS).sectorWeights.find((s) => s.group === 'Consumer Staples');
    assert.ok(staples?.active !== null && Math.abs((staples?.active ?? 0) - 0.056) < 0.0005, String(staples?.active));
  });

  it('matches a naive join of the raw tables for the last date', async () => {
    const date = '2025-12-31';
    const contributions = (await readTable(bytes('out/contributions.parquet'), 'contributions.parquet')).table;
    const weights = (await readTable(bytes('out/weights.csv'), 'weights.csv')).table;
    const weightOf = new Map<string, { w: number; b: number }>();
    const wDate = weights.array('date');
    const wStock = weights.array('stock');
    const w = weights.array('weight');
    const b = weights.array('benchmark_weight');
    for (let i = 0; i < wDate.length; i++) if (wDate[i] === date) weightOf.set(String(wStock[i]), { w: Number(w[i]) / 100, b: Number(b[i]) / 100 });
    const factors = manifest.factors as Record<string, string[]>;
    const expected: Record<string, { portfolio: number; active: number }> = {};
    const cDate = contributions.array('date');
    const cStock = contributions.array('stock');
    for (const [factor, features] of Object.entries(factors)) {
      const columns = features.map((f) => contributions.array(f));
      let portfolio = 0;
      let active = 0;
      for (let i = 0; i < cDate.length; i++) {
        if (cDate[i] !== date) continue;
        const weight = weightOf.get(String(cStock[i])) ?? { w: 0, b: 0 };
        const c = columns.reduce((s, col) => s + Number(col[i]), 0);
        portfolio += weight.w * c;
        active += (weight.w - weight.b) * c;
      }
      expected[factor] = { portfolio, active };
    }
    for (const f of engine.factors(date, NO_FILTERS).byFactor) {
      assert.ok(Math.abs(f.portfolio - expected[f.factor].portfolio) < 1e-12, `${f.factor} portfolio`);
      assert.ok(Math.abs((f.active ?? NaN) - expected[f.factor].active) < 1e-12, `${f.factor} active`);
    }
  });
});

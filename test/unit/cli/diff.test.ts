/**
 * `glassbox diff`: the review diff of the sample run against its baseline v6. Each delta is
 * after - before, and each side is that run's own attribution (the two runs loaded
 * separately in process); the Markdown's marker line; --only-changes; --against another
 * run; the errors.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DiffResult } from '../../../src/cli/diff';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { duckdbSource } from '../duckdb/testSource';
import { loadRun } from '../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../src/model/types';
import { hasStackTrace, loadSample, removeTempDirs, runCli, SAMPLE, writeFixture } from './fixtures';

/** The sample's baseline (v6), loaded on its own. */
async function loadBaselineRun() {
  await loadSample();
  const path = join(dirname(SAMPLE), 'baseline/run.glassbox.json');
  const { manifest, diagnostics } = parseManifest(readFileSync(path, 'utf8'), 'baseline/run.glassbox.json');
  const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: new Uint8Array(readFileSync(join(dirname(path), t.path))) }));
  return loadRun({ source: 'baseline/run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, await duckdbSource());
}

describe('glassbox diff', function () {
  // Two runs read by the CLI and again in process, on a machine other jobs share.
  this.timeout(240_000);
  after(removeTempDirs);

  describe('on the sample against its baseline', () => {
    let json: DiffResult;
    let code: number;
    before(async () => {
      const result = await runCli(['diff', SAMPLE, '--json']);
      code = result.code;
      assert.ok(result.stdout, result.stderr);
      json = JSON.parse(result.stdout) as DiffResult;
    });

    it('exits as check does (1: the planted sector breach) and names both runs and the date', () => {
      assert.equal(code, 1);
      assert.equal(json.pass, false);
      assert.deepEqual(json.after, { name: 'Russell 2000 ML v7', date: '2025-12-31' });
      assert.deepEqual(json.before, { name: 'Russell 2000 ML v6', date: '2025-12-31' });
    });

    it('gives each factor {factor, before, after, delta}: each side the run\'s own exposure, delta = after - before', async () => {
      const [v7, v6] = await Promise.all([loadSample(), loadBaselineRun()]);
      const own = (engine: typeof v7) => new Map(engine.overview('2025-12-31', NO_FILTERS).factorExposure.map((f) => [f.factor, f.portfolio]));
      const after = own(v7);
      const before = own(v6);
      assert.equal(json.factors.length, new Set([...after.keys(), ...before.keys()]).size);
      for (const f of json.factors) {
        assert.deepEqual(Object.keys(f), ['factor', 'before', 'after', 'delta']);
        assert.equal(f.after, after.get(f.factor) ?? null, f.factor);
        assert.equal(f.before, before.get(f.factor) ?? null, f.factor);
        if (f.delta !== null) assert.ok(Math.abs(f.delta - ((f.after as number) - (f.before as number))) < 1e-15);
      }
      for (const r of [...json.headline, ...json.signals, ...json.stability]) {
        if (r.delta !== null) assert.ok(Math.abs(r.delta - ((r.after as number) - (r.before as number))) < 1e-12, r.name);
      }
      const holdings = json.headline.find((r) => r.name === 'holdings');
      assert.deepEqual([holdings?.before, holdings?.after], [v6.overview('2025-12-31', NO_FILTERS).holdings, v7.overview('2025-12-31', NO_FILTERS).holdings]);
      const score = json.signals.find((r) => r.name === 'score tstat');
      assert.equal(score?.after, v7.signals()?.stats[0].tstat);
      assert.equal(score?.before, v6.signals()?.stats[0].tstat);
      // Names that entered are held in v7 and not in v6, with the factors behind them; the reverse for those that left.
      const held = (engine: typeof v7) => new Set(engine.stocks('2025-12-31', NO_FILTERS).rows.filter((r) => r.weight > 0).map((r) => r.stock));
      const [heldAfter, heldBefore] = [held(v7), held(v6)];
      assert.deepEqual(json.entered.map((e) => e.stock).sort(), [...heldAfter].filter((s) => !heldBefore.has(s)).sort());
      assert.deepEqual(json.left.map((e) => e.stock).sort(), [...heldBefore].filter((s) => !heldAfter.has(s)).sort());
      assert.ok(json.entered.every((e) => e.drivers.length > 0));
      assert.ok(json.entered.every((e) => e.weightAfter > 0 && e.weightBefore === 0));
      assert.ok(json.left.every((e) => e.weightBefore > 0 && e.weightAfter === 0));
    });

    it('writes Markdown that starts with the hidden marker line', async () => {
      const result = await runCli(['diff', SAMPLE, '--md']);
      const lines = result.stdout.split('\n');
      assert.equal(lines[0], '<!-- glassbox-diff: Russell 2000 ML v7 -->');
      assert.equal(lines[1], '## Glass Box diff: Russell 2000 ML v7 against Russell 2000 ML v6, 2025-12-31');
      assert.match(result.stdout, /^### Factor exposure/m);
      assert.match(result.stdout, /^\| score tstat \| [+-]?\d/m);
    });

    it('keeps only the changes above --only-changes', async () => {
      const result = JSON.parse((await runCli(['diff', SAMPLE, '--json', '--only-changes', '0.001'])).stdout) as DiffResult;
      assert.ok(result.factors.length < json.factors.length);
      assert.ok(result.factors.every((f) => f.delta === null || Math.abs(f.delta) > 0.001));
      assert.deepEqual(result.factors.map((f) => f.factor), json.factors.filter((f) => f.delta === null || Math.abs(f.delta) > 0.001).map((f) => f.factor));
      assert.ok(result.guardrails.every((g) => g.changed));
    });
  });

  it('diffs a run against another with --against (itself: no change), and exits 0 when it passes', async () => {
    const { manifest } = writeFixture();
    const result = await runCli(['diff', manifest, '--against', manifest, '--json', '--only-changes', '0']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as DiffResult;
    assert.deepEqual([json.headline, json.factors, json.guardrails, json.entered, json.left], [[], [], [], [], []]);
  });

  it('exits 2 without a baseline to diff against, and on a bad --only-changes', async () => {
    const { manifest } = writeFixture();
    const [none, bad] = await Promise.all([runCli(['diff', manifest]), runCli(['diff', manifest, '--only-changes', 'abc'])]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /names no "baseline": give --against OTHER_RUN/);
    assert.ok(!hasStackTrace(none.stderr));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--only-changes abc: give a non-negative number/);
  });
});

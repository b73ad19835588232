/**
 * `glassbox explain` and the holding explanation behind it: the identity base + factor
 * contributions = score, the rank and weights against the Stocks tab's own rows, binding
 * guardrails on a hand-made run, the change since the previous date by factor, and the
 * command line's formats and errors.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import type { ExplainResult } from '../../../src/cli/explain';
import { NO_FILTERS } from '../../../src/model/types';
import { hasStackTrace, loadSample, removeTempDirs, runCli, SAMPLE, writeFixture } from './fixtures';

/** The fixture run with a single-name cap of `maxWeight` and a sector limit of `sectorMaxActive`. */
function fixtureWithLimits(maxWeight: number, sectorMaxActive: number): string {
  const { manifest } = writeFixture({ sectorMaxActive });
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as { constraints: { stock: { maxWeight: number } } };
  json.constraints.stock.maxWeight = maxWeight;
  writeFileSync(manifest, JSON.stringify(json));
  return manifest;
}

describe('glassbox explain', function () {
  this.timeout(180_000);
  after(removeTempDirs);

  describe('on the sample run (in process)', () => {
    it('adds up: base value + each factor\'s contribution = score, and each factor is the sum of its features', async () => {
      const engine = await loadSample();
      const date = '2025-12-31';
      const rows = engine.stocks(date, NO_FILTERS).rows.filter((r) => r.score !== null);
      const ranked = [...rows].sort((a, b) => (b.score as number) - (a.score as number));
      for (const row of [...ranked.slice(0, 10), ...rows.filter((_, i) => i % 200 === 0)]) {
        const e = engine.explain(date, row.stock);
        const detail = engine.stock(date, row.stock, NO_FILTERS);
        const total = e.baseValue + e.factors.reduce((a, f) => a + f.contribution, 0);
        assert.ok(Math.abs(total - (e.score as number)) < 1e-9, `${row.stock}: ${total} != ${e.score}`);
        assert.equal(e.residual !== null && Math.abs(e.residual) < 1e-9, true);
        for (const f of e.factors) {
          const fromFeatures = detail.contributions.filter((c) => c.factor === f.factor).reduce((a, c) => a + c.contribution, 0);
          assert.ok(Math.abs(fromFeatures - f.contribution) < 1e-12, `${row.stock} ${f.factor}`);
          assert.equal(f.features.length, detail.contributions.filter((c) => c.factor === f.factor).length);
        }
        // Rank among the date's scored stocks (ties aside, the sample has none), and the weights of the Stocks tab.
        assert.equal(e.rank, ranked.findIndex((r) => r.stock === row.stock) + 1, row.stock);
        assert.equal(e.universe, rows.length);
        assert.equal(e.weight, row.weight);
        assert.equal(e.activeWeight, row.activeWeight);
      }
    });

    it('decomposes the change since the previous date by factor, adding up to the score change', async () => {
      const engine = await loadSample();
      const e = engine.explain('2025-12-31', 'PCVX');
      assert.equal(e.previousDate, '2025-11-28');
      assert.ok(e.change);
      assert.equal(e.change.basis, 'change');
      const sum = e.change.drivers.reduce((a, d) => a + d.value, 0) + (e.change.baseChange ?? 0) + (e.change.residualChange ?? 0);
      assert.ok(Math.abs(sum - (e.change.scoreChange as number)) < 1e-9);
      const before = engine.explain('2025-11-28', 'PCVX');
      assert.ok(Math.abs((e.score as number) - (before.score as number) - (e.change.scoreChange as number)) < 1e-12);
      assert.equal(engine.explain('2021-01-29', 'PCVX').change, null);
    });
  });

  describe('on a hand-made run', () => {
    it('names the guardrails that bind: the name at the cap, its sector at the limit', async () => {
      // 2024-02-29: S1 weight .4; Tech active (.4 - .3) + (.4 - .3) = +.2; S3's sector .2 - .4 = -.2.
      const manifest = fixtureWithLimits(0.4, 0.2);
      const [s1, s3] = await Promise.all([runCli(['explain', manifest, '--stock', 'S1', '--json']), runCli(['explain', manifest, '--stock', 'S3', '--json'])]);
      assert.equal(s1.code, 0, s1.stderr);
      const one = JSON.parse(s1.stdout) as ExplainResult;
      assert.deepEqual(
        one.guardrails.map((g) => [g.guardrail, g.name, g.status]),
        [
          ['stock', 'S1', 'at-limit'],
          ['sector', 'Tech', 'at-limit'],
        ],
      );
      assert.ok(Math.abs((one.guardrails[1].value as number) - 0.2) < 1e-12);
      const three = JSON.parse(s3.stdout) as ExplainResult;
      assert.deepEqual(three.guardrails.map((g) => g.status), ['within', 'at-limit']);
      assert.ok(Math.abs((three.guardrails[1].value as number) + 0.2) < 1e-12);
      const breach = JSON.parse((await runCli(['explain', fixtureWithLimits(0.39, 0.5), '--stock', 'S1', '--json'])).stdout) as ExplainResult;
      assert.deepEqual(breach.guardrails.map((g) => g.status), ['breach', 'within']);
    });

    it('follows S1 from base to score and weight, with its change by factor (--json)', async () => {
      // 2024-02-29, S1: alpha f_a .2 + f_b 0 = .2, beta f_c .1; score .3, rank 2 of 3 (S3 .6, S2 0).
      // Since 2024-01-31 (alpha .1 + .2 = .3, beta -.1; score .2): alpha -.1, beta +.2, score +.1.
      const result = await runCli(['explain', fixtureWithLimits(0.6, 0.5), '--stock', 'S1', '--json']);
      const e = JSON.parse(result.stdout) as ExplainResult;
      assert.equal(e.run, 'Fixture run');
      assert.equal(e.date, '2024-02-29');
      assert.deepEqual(e.factors.map((f) => [f.factor, Math.round(f.contribution * 1e9) / 1e9]), [['alpha', 0.2], ['beta', 0.1]]);
      assert.deepEqual(e.factors[0].features.map((f) => f.feature), ['f_a', 'f_b']);
      assert.ok(Math.abs((e.score as number) - 0.3) < 1e-12);
      assert.deepEqual([e.rank, e.universe, e.weight, e.benchmarkWeight], [2, 3, 0.4, 0.3]);
      assert.ok(Math.abs((e.activeWeight as number) - 0.1) < 1e-12);
      assert.deepEqual(e.change?.drivers.map((d) => [d.factor, Math.round(d.value * 1e9) / 1e9]), [['beta', 0.2], ['alpha', -0.1]]);
      assert.ok(Math.abs((e.change?.scoreChange as number) - 0.1) < 1e-12);
      const first = JSON.parse((await runCli(['explain', fixtureWithLimits(0.6, 0.5), '--stock', 'S1', '--date', '2024-01-31', '--json'])).stdout) as ExplainResult;
      assert.equal(first.change, null);
      assert.equal(first.previousDate, null);
    });

    it('prints text and Markdown with every name as text', async () => {
      const manifest = fixtureWithLimits(0.4, 0.2);
      const [text, markdown] = await Promise.all([runCli(['explain', manifest, '--stock', 'S2']), runCli(['explain', manifest, '--stock', 'S2', '--md'])]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^S2 \(Pipe\|Co <b>bold<\/b>\) on 2024-02-29 · Tech/m);
      assert.match(text.stdout, /^Held: weight 40\.00%, benchmark 30\.00%, active \+10\.00%$/m);
      assert.match(text.stdout, /^stock\s+S2\s+40\.00% of 40\.00%\s+at the limit: binds$/m);
      assert.match(text.stdout, /^= score\s+0\s+/m);
      assert.match(markdown.stdout, /^### Why S2 \(Pipe\\\|Co &lt;b&gt;bold&lt;\/b&gt;\) is held on 2024-02-29$/m);
      assert.ok(!markdown.stdout.includes('<b>'));
      assert.match(markdown.stdout, /^\| stock \| S2 \| 40\.00% of 40\.00% \| ⚠️ at the limit: binds \|$/m);
    });

    it('exits 2 on a missing --stock, an unknown stock or date, and --json with --md', async () => {
      const manifest = fixtureWithLimits(0.6, 0.5);
      const [missing, unknown, date, both] = await Promise.all([
        runCli(['explain', manifest]),
        runCli(['explain', manifest, '--stock', 'ZZZ']),
        runCli(['explain', manifest, '--stock', 'S1', '--date', '2030-01-31']),
        runCli(['explain', manifest, '--stock', 'S1', '--json', '--md']),
      ]);
      for (const r of [missing, unknown, date, both]) {
        assert.equal(r.code, 2, r.stdout);
        assert.ok(!hasStackTrace(r.stderr), r.stderr);
      }
      assert.match(missing.stderr, /--stock is required/);
      assert.match(unknown.stderr, /The run has no stock 'ZZZ'/);
      assert.match(date.stderr, /The run has no date 2030-01-31; it has 2024-01-31 to 2024-02-29/);
      assert.match(both.stderr, /--json and --md cannot be combined/);
    });
  });

  it('is listed in glassbox --help', async () => {
    assert.match((await runCli(['--help'])).stdout, /^\s+explain\s+why a name is held/m);
    assert.match((await runCli(['explain', SAMPLE, '--help'])).stdout, /^Usage: glassbox explain RUN --stock ID/);
  });
});

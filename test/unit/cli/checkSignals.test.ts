/**
 * `glassbox check` and the signal statistics: the "signals" entries of --json, their
 * agreement with the engine's own IC summary, and the t-statistic gate of the manifest.
 */
import { strict as assert } from 'node:assert';
import { dirname } from 'node:path';
import type { CheckResult } from '../../../src/cli/check';
import type { IcSummary } from '../../../src/model/performance/informationCoefficient';
import { neweyWestMean } from '../../../src/model/signals/neweyWest';
import { sampleYardstick } from '../model/sampleYardstick';
import { loadSample, rankIcRun, removeTempDirs, runCli, SAMPLE, writeFixture } from './fixtures';

const KEYS = ['signal', 'dates', 'icMean', 'icStd', 'icir', 'hitRate', 'tstat', 'lags'];

/** The rank-IC run (fixtures.ts) with these constraints and signal settings. */
function fixtureWithReturns(constraints: Record<string, unknown> = {}, signals?: Record<string, number>): string {
  return rankIcRun({ constraints, ...(signals ? { signals } : {}) });
}

describe('glassbox check: signal statistics', function () {
  // The sample is read twice (the CLI, and in process), on a machine other jobs share.
  this.timeout(180_000);
  after(removeTempDirs);

  it('prints one entry per signal, the score first, computed from the engine\'s IC series', async () => {
    const [result, engine] = await Promise.all([runCli(['check', SAMPLE, '--json']), loadSample()]);
    const json = JSON.parse(result.stdout) as CheckResult;
    const ic = engine.performance()?.ic;
    assert.ok(ic);
    assert.deepEqual(json.signals.map((s) => s.signal), ['score', ...ic.factors]);
    for (const [k, entry] of json.signals.entries()) {
      assert.deepEqual(Object.keys(entry), KEYS);
      const summary: IcSummary = ic.summary[k];
      assert.equal(entry.icMean, summary.meanRankIc);
      assert.equal(entry.icStd, summary.rankIcStdev);
      assert.equal(entry.icir, summary.rankIcIr);
      assert.equal(entry.hitRate, summary.rankIcHitRate);
      const series: number[] = ic.points.map((p) => (k === 0 ? p.score : p.factors[k - 1]).rankIc).filter((v): v is number => v !== null);
      assert.equal(entry.dates, series.length);
      // 59 dates with returns: floor(4 x 0.59^(2/9)) = floor(3.55) = 3 lags.
      assert.equal(entry.lags, 3);
      assert.ok(Math.abs((entry.tstat as number) - (neweyWestMean(series, 3)?.tstat as number)) < 1e-12);
    }
    assert.deepEqual(json.signalsCheck, { minTstat: null, horizon: 1, pass: null });
    // The printed line, against the score's rank IC recomputed in DuckDB from the raw files.
    const yardstick = await sampleYardstick(dirname(SAMPLE));
    const t = neweyWestMean(yardstick.rankIc, 3)?.tstat as number;
    const ir = yardstick.meanRankIc / yardstick.rankIcStdev;
    const line = ['score', String(yardstick.rankIc.length), yardstick.meanRankIc.toFixed(4), yardstick.rankIcStdev.toFixed(4), ir.toFixed(2), `${(yardstick.rankIcHitRate * 100).toFixed(0)}%`, t.toFixed(2), '3'];
    assert.match((await runCli(['check', SAMPLE])).stdout, new RegExp(`^${line.map((c) => c.replace(/[.%]/g, '\\$&')).join('\\s+')}$`, 'm'));
  });

  it('passes or fails on constraints.signals.minTstat, and takes the lags and horizon from the manifest', async () => {
    // Rank ICs 1, 0.8, 0.6: mean 0.8, deviations e = 0.2, 0, -0.2.
    // g0 = 0.08 / 3 = 0.026667, g1 = (0 x 0.2 + -0.2 x 0) / 3 = 0, g2 = (-0.2 x 0.2) / 3 = -0.013333.
    // One lag: S = g0 = 0.026667, se = sqrt(S / 3) = 0.094281, t = 8.4853 (6 sqrt 2).
    // Two lags: S = g0 + 2 (1/3) g2 = 0.017778, se = 0.076980, t = 10.3923 (6 sqrt 3).
    const passing = JSON.parse((await runCli(['check', fixtureWithReturns({ signals: { minTstat: 8 } }, { neweyWestLags: 1 }), '--json'])).stdout) as CheckResult;
    const score = passing.signals[0];
    assert.deepEqual([score.dates, score.lags, score.hitRate], [3, 1, 1]);
    assert.ok(Math.abs((score.icMean as number) - 0.8) < 1e-12);
    assert.ok(Math.abs((score.icStd as number) - 0.2) < 1e-12);
    assert.ok(Math.abs((score.icir as number) - 4) < 1e-12);
    assert.ok(Math.abs((score.tstat as number) - 6 * Math.SQRT2) < 1e-9, String(score.tstat));
    assert.deepEqual(passing.signalsCheck, { minTstat: 8, horizon: 1, pass: true });
    assert.equal(passing.pass, true);

    // A 3-period horizon asks for 2 lags (3 dates allow at most 2).
    const manifest = fixtureWithReturns({ signals: { minTstat: 11 } }, { horizon: 3 });
    const [human, json] = await Promise.all([runCli(['check', manifest]), runCli(['check', manifest, '--json'])]);
    assert.equal(json.code, 1);
    const failing = JSON.parse(json.stdout) as CheckResult;
    assert.deepEqual(failing.signalsCheck, { minTstat: 11, horizon: 3, pass: false });
    assert.equal(failing.signals[0].lags, 2);
    assert.ok(Math.abs((failing.signals[0].tstat as number) - 6 * Math.sqrt(3)) < 1e-9, String(failing.signals[0].tstat));
    assert.equal(human.code, 1);
    assert.match(human.stdout, /^Score t-statistic 10\.39 against the minimum 11: FAIL$/m);
    assert.match(human.stdout, /^FAIL: signal t-statistic\.$/m);
  });

  it('has no signals without returns, and refuses a bad signals setting naming it', async () => {
    const { manifest } = writeFixture();
    const json = JSON.parse((await runCli(['check', manifest, '--json'])).stdout) as CheckResult;
    assert.deepEqual(json.signals, []);
    const bad = await runCli(['check', fixtureWithReturns({}, { horizon: 0 })]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /signals\.horizon/);
  });
});

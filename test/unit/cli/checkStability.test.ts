/**
 * `glassbox check` and attribution stability: the "stability" object of --json, its
 * agreement with the engine, and the constraints.stability.minRankCorrelation gate.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import type { CheckResult } from '../../../src/cli/check';
import { loadSample, removeTempDirs, runCli, SAMPLE, writeFixture } from './fixtures';

/** The fixture run (two dates, three features) with a stability limit. */
function fixtureWithLimit(minRankCorrelation: number): string {
  const { manifest } = writeFixture();
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as { constraints: Record<string, unknown> };
  json.constraints.stability = { minRankCorrelation };
  writeFileSync(manifest, JSON.stringify(json));
  return manifest;
}

describe('glassbox check: attribution stability', function () {
  // The sample is read twice (the CLI, and in process), on a machine other jobs share.
  this.timeout(180_000);
  after(removeTempDirs);

  it('summarises the rank correlation with the previous date as the engine does, and with the baseline', async () => {
    const [result, engine] = await Promise.all([runCli(['check', SAMPLE, '--json']), loadSample()]);
    const json = JSON.parse(result.stdout) as CheckResult;
    assert.deepEqual(Object.keys(json.stability), ['features', 'previous', 'baseline', 'baselineName', 'minRankCorrelation', 'breaches', 'pass']);
    // loadSample reads no baseline: its previous-date figures are the same computation.
    assert.deepEqual(json.stability.previous, engine.stability().previous);
    assert.equal(json.stability.features, 48);
    assert.equal(json.stability.previous.dates, 59);
    assert.equal(json.stability.baselineName, 'Russell 2000 ML v6');
    assert.equal(json.stability.baseline?.dates, 60);
    assert.ok((json.stability.baseline?.min as number) > 0.9 && (json.stability.baseline?.min as number) <= (json.stability.baseline?.mean as number));
    assert.equal(json.stability.pass, null);
    assert.match((await runCli(['check', SAMPLE])).stdout, /^baseline Russell 2000 ML v6\s+60\s+0\.\d{3}\s+0\.\d{3}\s+\d{4}-\d\d-\d\d$/m);
  });

  it('fails below constraints.stability.minRankCorrelation, naming the date', async () => {
    // Importance (mean |c| over S1..S3) on 2024-01-31: f_a .35/3, f_b .35/3 (a tie), f_c .5/3; on 2024-02-29:
    // f_a .4/3, f_b .3/3, f_c .6/3. Average ranks 1.5 1.5 3 against 2 1 3: r = 1.5 / sqrt(1.5 x 2) = 0.866.
    const failing = fixtureWithLimit(0.9);
    const [human, json] = await Promise.all([runCli(['check', failing]), runCli(['check', failing, '--json'])]);
    assert.equal(json.code, 1);
    const result = JSON.parse(json.stdout) as CheckResult;
    assert.equal(result.stability.pass, false);
    assert.deepEqual(result.stability.breaches.map((b) => [b.date, b.against]), [['2024-02-29', 'previous']]);
    assert.ok(Math.abs(result.stability.breaches[0].value - Math.sqrt(3) / 2) < 1e-12);
    assert.match(human.stdout, /^Minimum rank correlation 0\.9: FAIL on 1 \(2024-02-29 previous 0\.866\)$/m);
    assert.match(human.stdout, /^FAIL: attribution stability\.$/m);

    const passing = await runCli(['check', fixtureWithLimit(0.8), '--json']);
    assert.equal(passing.code, 0, passing.stdout);
    assert.equal((JSON.parse(passing.stdout) as CheckResult).stability.pass, true);
  });
});

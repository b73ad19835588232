/**
 * `glassbox check` and IC decay: the "icDecay" object of --json on a run with returns at two
 * horizons, every number worked out by hand, and its absence with one horizon.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckResult } from '../../../src/cli/check';
import { removeTempDirs, runCli } from './fixtures';
import { twoHorizonRun } from './icDecayFixture';

describe('glassbox check: IC decay', function () {
  this.timeout(120_000);
  after(removeTempDirs);

  for (const shape of ['wide', 'long'] as const) {
    it(`prints the score's rank IC by horizon and its half-life (${shape} returns)`, async () => {
      const result = await runCli(['check', twoHorizonRun(shape), '--json']);
      assert.equal(result.stderr, '');
      const json = JSON.parse(result.stdout) as CheckResult;
      const decay = json.icDecay;
      assert.ok(decay);
      assert.deepEqual(Object.keys(decay), ['frequency', 'horizons', 'halfLife', 'factors']);
      assert.equal(decay.frequency, 'monthly');
      for (const h of decay.horizons) assert.deepEqual(Object.keys(h), ['horizon', 'periods', 'icMean', 'tstat', 'dates', 'lags']);
      const [one, three] = decay.horizons;
      assert.deepEqual([one.horizon, one.periods, one.dates, three.horizon, three.periods, three.dates], ['1m', 1, 3, '3m', 3, 3]);
      // 1m: mean 0.8; 3 dates give floor(4 x 0.03^(2/9)) = 1 lag; t = 6 sqrt 2 (worked out in checkSignals.test.ts).
      assert.ok(Math.abs((one.icMean as number) - 0.8) < 1e-12);
      assert.equal(one.lags, 1);
      assert.ok(Math.abs((one.tstat as number) - 6 * Math.SQRT2) < 1e-9, String(one.tstat));
      // 3m: mean 1/15, deviations 8/15, -16/15, 8/15; lags max(1, 3 - 1) = 2.
      // g0 = 384/675, g1 = -256/675, g2 = 64/675; S = g0 + 2 (2/3) g1 + 2 (1/3) g2 = 10.24/81;
      // se = sqrt(S / 3) = 3.2 / sqrt(243); t = (1/15) / se = sqrt(243) / 48.
      assert.ok(Math.abs((three.icMean as number) - 1 / 15) < 1e-12);
      assert.equal(three.lags, 2);
      assert.ok(Math.abs((three.tstat as number) - Math.sqrt(243) / 48) < 1e-9, String(three.tstat));
      // Half of 0.8 is 0.4, between 0.8 at 1 and 1/15 at 3: 1 + (0.8 - 0.4) / (0.8 - 1/15) x 2 = 23/11.
      assert.ok(Math.abs((decay.halfLife as number) - 23 / 11) < 1e-12, String(decay.halfLife));
      // The only factor is the score itself.
      assert.deepEqual(decay.factors.map((f) => f.signal), ['alpha']);
      assert.deepEqual(decay.factors[0].horizons, decay.horizons);
      // The run's return is the shortest horizon: the signal statistics match its row.
      assert.ok(Math.abs((json.signals[0].icMean as number) - 0.8) < 1e-12);
      assert.equal(json.signalsCheck.horizon, 1);
      const human = await runCli(['check', twoHorizonRun(shape)]);
      assert.match(human.stdout, /^IC decay: the score's mean rank IC by return horizon; half-life 2\.1 months$/m);
      assert.match(human.stdout, /^3m\s+3\s+3\s+0\.0667\s+0\.32\s+2$/m);
    });
  }

  it('is null for a run with one horizon', async () => {
    const path = twoHorizonRun('wide');
    const returns = join(dirname(path), 'returns.csv');
    // Keep only the 1-month column. (The sample's IC decay is checked in model/sampleHorizons.test.ts.)
    writeFileSync(returns, readFileSync(returns, 'utf8').replace(/,[^,\n]*$/gm, ''));
    const json = JSON.parse((await runCli(['check', path, '--json'])).stdout) as CheckResult;
    assert.equal(json.icDecay, null);
    assert.ok(Math.abs((json.signals[0].icMean as number) - 0.8) < 1e-12);
  });
});

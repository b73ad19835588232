/**
 * The guardrail, compare and performance computations on the sample run
 * (samples/russell2000: 60 month-ends, ~1,900 stocks, 48 features, a v6 baseline over the
 * same 60 dates), read through the real readers the way loadRun reads it.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareDates } from '../../../../src/model/compare/compareDates';
import { compareRuns } from '../../../../src/model/compare/compareRuns';
import { explainEntriesAndExits } from '../../../../src/model/compare/explainChange';
import { filterMasks } from '../../../../src/model/engine/filters';
import { integrityCheck } from '../../../../src/model/engine/integrity';
import { oneWayTurnover } from '../../../../src/model/engine/overview';
import { checkGuardrails } from '../../../../src/model/guardrails/guardrails';
import { type Manifest, parseManifest } from '../../../../src/model/manifest';
import { performance } from '../../../../src/model/performance/performance';
import { alignReturns, readReturns } from '../../../../src/model/performance/returns';
import { readBytes as readTable } from '../../duckdb/testSource';
import { readContributions } from '../../../../src/model/run/contributions';
import { buildPanel, type Panel } from '../../../../src/model/run/panel';
import { readSecurities } from '../../../../src/model/run/securities';
import { readWeights } from '../../../../src/model/run/weights';
import { NO_FILTERS } from '../../../../src/model/types';
import { close } from '../performance/panelFixture';
import { assertScoreIdentity } from './scoreIdentity';

const SAMPLE = join(process.cwd(), 'samples/russell2000');

interface LoadedRun {
  manifest: Manifest;
  panel: Panel;
  dir: string;
}

async function loadSample(manifestPath: string): Promise<LoadedRun> {
  const dir = dirname(manifestPath);
  const { manifest } = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
  const read = async (path: string) => (await readTable(new Uint8Array(readFileSync(join(dir, path))), path)).table;
  const diagnostics = [] as Parameters<typeof buildPanel>[1];
  const panel = buildPanel(
    {
      contributions: readContributions(await read(manifest.contributions as string), manifest.contributions as string, undefined, diagnostics),
      weights: readWeights(await read(manifest.weights as string), manifest.weights as string, undefined, diagnostics),
      securities: readSecurities(await read(manifest.securities as string), manifest.securities as string),
      factorMap: manifest.factors as Record<string, string[]>,
    },
    diagnostics,
  );
  return { manifest, panel, dir };
}

describe('the Russell 2000 sample run', function () {
  this.timeout(300_000);
  let run: LoadedRun;
  let baseline: LoadedRun;
  let returns: Float64Array;

  before(async () => {
    run = await loadSample(join(SAMPLE, 'run.glassbox.json'));
    baseline = await loadSample(join(SAMPLE, run.manifest.baseline as string));
    const file = run.manifest.returns as string;
    const table = (await readTable(new Uint8Array(readFileSync(join(SAMPLE, file))), file)).table;
    const aligned = alignReturns(run.panel, readReturns(table, file));
    assert.equal(aligned.unmatched, 0, JSON.stringify(aligned.diagnostics));
    assert.deepEqual(aligned.datesWithReturns, run.panel.dates.slice(0, -1), 'every date but the last has returns');
    returns = aligned.values;
  });

  describe('guardrails', () => {
    it('finds the planted breach, Consumer Staples +5.6% on 2023-07-31, and nothing else', () => {
      const report = checkGuardrails(run.panel, run.manifest.constraints ?? {});
      const summary = Object.fromEntries(report.summary.map((s) => [s.guardrail, s]));
      assert.deepEqual(Object.keys(summary), ['sector', 'stock', 'turnover']);
      assert.deepEqual(summary.sector.breachedDates, ['2023-07-31']);
      const breach = report.checks.find((c) => c.guardrail === 'sector' && c.pass === false);
      assert.deepEqual(breach?.breaches.map((b) => b.name), ['Consumer Staples']);
      close(breach?.breaches[0].value, 0.056, 'Consumer Staples active weight', 0.0005);
      assert.equal(summary.stock.pass, true);
      assert.equal(summary.turnover.pass, true);
      assert.equal(summary.turnover.checked, run.panel.dates.length - 1);
      assert.equal(report.pass, false);
    });
  });

  describe('compare', () => {
    it('v7 against its v6 baseline: the score identity holds for every stock', () => {
      assert.deepEqual(baseline.panel.dates, run.panel.dates, 'the baseline covers the run\'s dates');
      const c = compareRuns(run.panel, baseline.panel);
      assert.equal(c.after.date, run.panel.dates[run.panel.dates.length - 1]);
      assert.deepEqual(c.factorsOnlyAfter, ['alt_data']);
      assert.deepEqual(c.featuresOnlyBefore, []);
      const checked = assertScoreIdentity(c, 1e-9);
      assert.ok(checked > 1500, `${checked} stocks checked`);
      // Both runs pass the integrity check, so the residual is float noise and base + factors alone explain the score.
      for (const s of c.stocks) if (s.residualChange !== null) assert.ok(Math.abs(s.residualChange) < 1e-6, `${s.stock} residual ${s.residualChange}`);
      for (const e of c.exposure) close(e.fromWeights + e.fromSignals, e.change, e.factor, 1e-12);
      const { entered } = explainEntriesAndExits(c);
      assert.ok(entered.length > 0);
      for (const e of entered) assert.equal(e.weightBefore, 0);
    });

    it('the latest date against the previous one', () => {
      const last = run.panel.dates.length - 1;
      const c = compareDates(run.panel, run.panel.dates[last]);
      assertScoreIdentity(c, 1e-9);
      close(c.turnover, oneWayTurnover(run.panel, last, last - 1, filterMasks(run.panel, NO_FILTERS)), 'turnover');
      const integrity = integrityCheck(run.panel, last, filterMasks(run.panel, NO_FILTERS), 1e-6);
      assert.equal(integrity?.failures, 0);
      assert.ok(c.entered.length > 0 && c.left.length > 0);
      for (let i = 1; i < c.stocks.length; i++) assert.ok(Math.abs(c.stocks[i - 1].weightChange) >= Math.abs(c.stocks[i].weightChange));
    });
  });

  describe('performance', () => {
    it('is monthly, with a positive average rank IC, and Brinson sums to the active return on every date', () => {
      const perf = performance(run.panel, returns);
      assert.equal(perf.frequency.frequency, 'monthly');
      assert.equal(perf.points.length, run.panel.dates.length - 1);
      const score = perf.ic.summary[0];
      assert.equal(score.signal, 'score');
      assert.ok((score.meanRankIc as number) > 0.02 && (score.meanRankIc as number) < 0.1, `mean rank IC ${score.meanRankIc}`);
      assert.ok((score.rankIcHitRate as number) > 0.5, `positive in ${score.rankIcHitRate} of the months`);
      assert.ok((perf.quantiles.averageSpread as number) > 0, 'top quintile beats the bottom on average');
      const brinson = perf.brinson;
      assert.equal(brinson?.points.length, perf.points.length);
      brinson?.points.forEach((p, i) => {
        close(p.allocation + p.selection + p.interaction, p.activeReturn, `${p.date} Brinson identity`, 1e-12);
        close(p.activeReturn, perf.points[i].active as number, `${p.date} same active return`, 1e-12);
      });
      const te = perf.active?.volatility as number;
      assert.ok(te > 0.005 && te < 0.15, `tracking error ${te}`);
      const last = perf.points[perf.points.length - 1];
      close(last.cumulativeActive, (1 + (last.cumulativePortfolio as number)) / (1 + (last.cumulativeBenchmark as number)) - 1, 'relative wealth');
      assert.ok(perf.points.every((p) => (p.activeDrawdown as number) <= 0));
      close(Math.min(...perf.points.map((p) => p.activeDrawdown as number)), perf.active?.maxDrawdown as number, 'max drawdown');
    });

    it('adds a tracking-error check when the manifest sets one and returns are given', () => {
      const report = checkGuardrails(run.panel, { trackingError: { max: 0.5 } }, { returns });
      assert.equal(report.checks.length, 1);
      assert.equal(report.checks[0].pass, true);
      close(report.checks[0].worst?.value, performance(run.panel, returns).active?.volatility as number, 'tracking error');
    });
  });
});

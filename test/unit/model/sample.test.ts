/**
 * The shipped sample run, read from its files as the extension reads it, checked against
 * the facts the generator planted and against a naive recomputation from the raw tables.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { duckdbSource, readBytes as readTable } from '../duckdb/testSource';
import { loadRun } from '../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../src/model/types';
import { sampleYardstick } from './sampleYardstick';

const dir = join(process.cwd(), 'samples/russell2000');
const bytes = (path: string) => new Uint8Array(readFileSync(join(dir, path)));

describe('the sample run (samples/russell2000)', function () {
  this.timeout(60_000);
  let engine: PanelEngine;
  const { manifest, diagnostics } = parseManifest(readFileSync(join(dir, 'run.glassbox.json'), 'utf8'), 'run.glassbox.json');

  before(async () => {
    const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: bytes(t.path) }));
    const baselineManifest = parseManifest(readFileSync(join(dir, 'baseline/run.glassbox.json'), 'utf8'), 'baseline/run.glassbox.json');
    const baselineFiles = manifestTables(baselineManifest.manifest).map((t) => ({ role: t.role, name: t.path, bytes: bytes(join('baseline', t.path)) }));
    engine = await loadRun(
      {
        source: 'run.glassbox.json',
        manifest,
        manifestDiagnostics: diagnostics,
        files,
        baseline: { source: 'baseline/run.glassbox.json', manifest: baselineManifest.manifest, manifestDiagnostics: baselineManifest.diagnostics, files: baselineFiles },
      },
      await duckdbSource(),
    );
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

  it('checks the guardrails: the breach fails sector on that date only, in the overview and the portfolio', () => {
    const onBreach = engine.overview('2023-07-31', NO_FILTERS).guardrails;
    assert.deepEqual(onBreach.map((c) => `${c.guardrail}:${c.status}`), ['sector:breach', 'stock:pass', 'turnover:pass']);
    assert.equal(onBreach[0].breaches[0].name, 'Consumer Staples');
    const portfolio = engine.portfolio('2023-07-31', NO_FILTERS);
    assert.equal(portfolio.guardrails.pass, false);
    assert.deepEqual(portfolio.guardrails.summary.find((s) => s.guardrail === 'sector')?.breachedDates, ['2023-07-31']);
    assert.deepEqual(portfolio.bySector.filter((g) => g.breach).map((g) => g.group), ['Consumer Staples']);
    assert.equal(portfolio.concentration.holdings, engine.overview('2023-07-31', NO_FILTERS).holdings);
  });

  it('compares with the baseline v6 and with the previous date', () => {
    const run = engine.summary();
    assert.equal(run.baseline, 'Russell 2000 ML v6');
    assert.ok(run.hasReturns);
    const baseline = engine.compare('2025-12-31', NO_FILTERS, 'baseline', null);
    assert.deepEqual(baseline.featuresOnlyAfter.length, 6);
    assert.ok(baseline.entered.length > 0 && baseline.left.length > 0);
    // The baseline covers the run's 60 dates: Compare works on the breach date too.
    const onBreach = engine.compare('2023-07-31', NO_FILTERS, 'baseline', null);
    assert.deepEqual([onBreach.before.date, onBreach.after.date], ['2023-07-31', '2023-07-31']);
    assert.ok(onBreach.entered.length > 0 && onBreach.left.length > 0);
    const previous = engine.compare('2025-12-31', NO_FILTERS, 'previous', baseline.entered[0].stock);
    assert.equal(previous.before.date, '2025-11-28');
    assert.ok(Math.abs(previous.turnover - (engine.overview('2025-12-31', NO_FILTERS).turnover ?? NaN)) < 1e-12);
  });

  it('computes performance from the forward returns as DuckDB does from the raw files, and Brinson adds up', async () => {
    const perf = engine.performance();
    assert.ok(perf?.active);
    assert.equal(perf.frequency.frequency, 'monthly');
    const sql = await sampleYardstick(dir);
    assert.deepEqual(perf.points.map((p) => p.date), sql.dates, 'every date but the last has returns');
    perf.points.forEach((p, i) => assert.ok(Math.abs((p.active as number) - sql.active[i]) < 1e-12, `${p.date} active ${p.active} vs ${sql.active[i]}`));
    const near = (engineValue: number | null | undefined, sqlValue: number, what: string) => assert.ok(engineValue != null && Math.abs(engineValue - sqlValue) < 1e-9, `${what}: engine ${engineValue}, DuckDB ${sqlValue}`);
    near(perf.active.volatility, sql.trackingError, 'tracking error');
    near(perf.active.sharpe, sql.informationRatio, 'information ratio');
    near(perf.active.hitRate, sql.hitRate, 'active hit rate');
    near(perf.active.sortino, sql.sortino, 'active Sortino');
    near(perf.active.maxDrawdown, sql.maxDrawdown, 'worst active drawdown');
    const [score, ...factors] = perf.ic.summary;
    near(score.meanRankIc, sql.meanRankIc, 'mean rank IC');
    near(score.rankIcStdev, sql.rankIcStdev, 'rank IC stdev');
    near(score.rankIcHitRate, sql.rankIcHitRate, 'rank IC hit rate');
    for (const f of factors) near(f.meanRankIc, sql.factorRankIc[f.signal].reduce((a, v) => a + v, 0) / sql.dates.length, `${f.signal} mean rank IC`);
    assert.equal(perf.brinson?.points.length, 59);
    for (const point of perf.brinson?.points ?? []) {
      assert.ok(Math.abs(point.allocation + point.selection + point.interaction - point.activeReturn) < 1e-12, point.date);
    }
  });

  it('is a plausible quant run: a modest, unstable signal and a book with real drawdowns (DuckDB on the raw files)', async () => {
    const sql = await sampleYardstick(dir);
    const within = (value: number, lo: number, hi: number, what: string) => assert.ok(value >= lo && value <= hi, `${what} ${value} outside ${lo}..${hi}`);
    within(sql.meanRankIc, 0.03, 0.05, 'mean rank IC');
    within(sql.rankIcStdev, 0.08, 0.12, 'rank IC stdev');
    within(sql.rankIcHitRate, 0.5, 0.75, 'share of months with a positive IC');
    within(sql.informationRatio, 0.5, 1.0, 'information ratio');
    within(sql.trackingError, 0.03, 0.04, 'tracking error');
    within(sql.hitRate, 0.55, 0.6, 'active hit rate');
    within(sql.sortino, 0.5, 2, 'active Sortino');
    within(sql.maxDrawdown, -0.15, -0.03, 'worst active drawdown');
    assert.ok(sql.drawdownMonths >= 3, `the worst drawdown took ${sql.drawdownMonths} months to its trough`);
    const factorMeans = Object.values(sql.factorRankIc).map((ics) => ics.reduce((a, v) => a + v, 0) / ics.length);
    assert.ok(factorMeans.some((v) => v < 0) && factorMeans.some((v) => Math.abs(v) < 0.01), `factor ICs ${factorMeans.map((v) => v.toFixed(3)).join(', ')}: some near zero, some negative`);
  });

  it('answers the Features tab: importance, beeswarm of the top ten, dependence with a suggested interaction', () => {
    const features = engine.features('2025-12-31', NO_FILTERS, 'ep_fy1', null);
    assert.equal(features.importance.features.length, 48);
    assert.equal(features.beeswarm.features.length, 10);
    assert.equal(features.dependence?.feature, 'ep_fy1');
    assert.equal(features.dependence?.colourFeature, 'roe');
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

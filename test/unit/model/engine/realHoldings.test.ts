/**
 * The engine against an independent, deliberately naive computation (records and maps,
 * no typed arrays, no cube) on a run built from the real S&P SmallCap 600 holdings.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { parseManifest } from '../../../../src/model/manifest';
import { loadRun } from '../../../../src/model/run/loadRun';
import type { PanelEngine } from '../../../../src/model/engine/engine';
import { NO_FILTERS } from '../../../../src/model/types';
import { tableReader } from '../fixtures';

interface Holding { ticker: string; name: string; sector: string; country: string; weight: number }

const published: Holding[] = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/benchmarks/IJR.json'), 'utf8'));
// The published file lists 28 tickers twice (the second time with weight 0): keep the first,
// as the engine does (its duplicate warning is tested below).
const holdings = published.filter((h, i) => published.findIndex((x) => x.ticker === h.ticker) === i);
const DATES = ['2025-09-30', '2025-10-31', '2025-11-28'];
const FACTORS: Record<string, string[]> = { value: ['ep', 'bp', 'sp'], quality: ['roe', 'accruals'], momentum: ['mom_12_1', 'mom_6_1', 'rev_1m'] };
const FEATURES = Object.values(FACTORS).flat();

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row { date: string; stock: string; sector: string; country: string; weight: number; bench: number; contrib: Record<string, number>; score: number }

/** The run as plain records: equities only in contributions; cash stays in the benchmark. */
function buildRecords(): Row[] {
  const random = rng(42);
  const rows: Row[] = [];
  for (const date of DATES) {
    const scored = holdings.map((h) => {
      const contrib: Record<string, number> = {};
      for (const f of FEATURES) contrib[f] = Math.round((random() - 0.5) * 2e5) / 1e7;
      const score = 0.004 + FEATURES.reduce((a, f) => a + contrib[f], 0);
      return { h, contrib, score };
    });
    const equities = scored.filter((s) => s.h.sector !== 'Cash and/or Derivatives');
    const top = new Set([...equities].sort((a, b) => b.score - a.score).slice(0, 80).map((s) => s.h.ticker));
    for (const s of scored) {
      const held = top.has(s.h.ticker);
      rows.push({ date, stock: s.h.ticker, sector: s.h.sector, country: s.h.country, weight: held ? 100 / 80 : 0, bench: s.h.weight, contrib: s.contrib, score: s.score });
    }
  }
  return rows;
}

async function loadEngine(records: Row[]): Promise<PanelEngine> {
  const equities = records.filter((r) => r.sector !== 'Cash and/or Derivatives');
  const contributions = aq.table({
    date: equities.map((r) => r.date),
    stock: equities.map((r) => r.stock),
    base_value: equities.map(() => 0.004),
    score: equities.map((r) => r.score),
    ...Object.fromEntries(FEATURES.map((f) => [f, equities.map((r) => r.contrib[f])])),
  });
  const weights = aq.table({
    date: records.map((r) => r.date),
    ticker: records.map((r) => r.stock),
    port_weight: records.map((r) => r.weight),
    bmk_weight: records.map((r) => r.bench),
    gics_sector: records.map((r) => r.sector),
    country: records.map((r) => r.country),
  });
  const { manifest, diagnostics } = parseManifest(JSON.stringify({ contributions: 'c.parquet', weights: 'w.csv', factors: FACTORS }), 'ijr.glassbox.json');
  return loadRun(
    { source: 'ijr.glassbox.json', manifest, manifestDiagnostics: diagnostics, files: [{ role: 'contributions', name: 'c.parquet', bytes: new Uint8Array() }, { role: 'weights', name: 'w.csv', bytes: new Uint8Array() }] },
    tableReader({ 'c.parquet': contributions, 'w.csv': weights }),
  );
}

const near = (a: number | null | undefined, b: number, what: string) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-10, `${what}: ${a} vs ${b}`);

describe('PanelEngine on the real S&P SmallCap 600 holdings', () => {
  const records = buildRecords();
  let engine: PanelEngine;
  before(async () => {
    engine = await loadEngine(records);
  });

  it('detects percent weights and reports cash held in the benchmark without contributions', () => {
    const run = engine.summary();
    assert.equal(run.weightScale, 'percent');
    assert.equal(run.stockCount, holdings.length);
    assert.ok(run.diagnostics.some((d) => d.code === 'percent-weights'));
    assert.ok(run.diagnostics.some((d) => d.code === 'benchmark-without-contributions'));
    assert.ok(run.sectors.includes('Cash and/or Derivatives'));
  });

  for (const date of DATES) {
    it(`matches a naive computation of factor and sector attribution on ${date}`, () => {
      const rows = records.filter((r) => r.date === date);
      const fraction = (x: number) => x / 100;
      const expected = new Map<string, { portfolio: number; active: number }>();
      const bySector = new Map<string, number>();
      for (const r of rows) {
        const w = fraction(r.weight);
        const a = w - fraction(r.bench);
        const equity = r.sector !== 'Cash and/or Derivatives';
        for (const [factor, features] of Object.entries(FACTORS)) {
          const c = equity ? features.reduce((s, f) => s + r.contrib[f], 0) : 0;
          const e = expected.get(factor) ?? { portfolio: 0, active: 0 };
          e.portfolio += w * c;
          e.active += a * c;
          expected.set(factor, e);
          const key = `${r.sector}|${factor}`;
          bySector.set(key, (bySector.get(key) ?? 0) + w * c);
        }
      }
      const data = engine.factors(date, NO_FILTERS);
      for (const f of data.byFactor) {
        near(f.portfolio, expected.get(f.factor)?.portfolio ?? NaN, `${f.factor} portfolio`);
        near(f.active, expected.get(f.factor)?.active ?? NaN, `${f.factor} active`);
      }
      for (const cell of data.bySector) near(cell.portfolio, bySector.get(`${cell.group}|${cell.factor}`) ?? 0, `${cell.group} x ${cell.factor}`);

      const over = engine.overview(date, NO_FILTERS);
      const activeShare = rows.reduce((s, r) => s + Math.abs(fraction(r.weight) - fraction(r.bench)), 0) / 2;
      near(over.activeShare, activeShare, 'active share');
      assert.equal(over.holdings, 80);
      near(over.top10Weight, 10 / 80, 'top 10 weight');
      assert.equal(over.benchmarkNames, rows.filter((r) => r.bench > 0).length);
      assert.equal(over.integrity?.failures, 0);
    });
  }

  it('warns about the duplicate tickers of the published file, keeping the first', async () => {
    const raw = published.map((h) => ({ ...h, weight: h.weight }));
    const engine = await loadEngine(raw.map((h) => ({ date: DATES[0], stock: h.ticker, sector: h.sector, country: h.country, weight: 0, bench: h.weight, contrib: Object.fromEntries(FEATURES.map((f) => [f, 0])), score: 0.004 })));
    const duplicate = engine.summary().diagnostics.filter((d) => d.code === 'duplicate-keys');
    assert.equal(duplicate.length, 2, 'one for contributions, one for weights');
    assert.equal(duplicate[0].count, published.length - holdings.length);
    assert.match(duplicate[1].message, /^w\.csv: 28 duplicate \(date, stock\) rows, e\.g\. 2025-09-30, \S+ \(row \d+\); the first was kept/);
    const lumn = engine.stocks(DATES[0], NO_FILTERS).rows.find((r) => r.stock === 'LUMN');
    near(lumn?.benchmarkWeight, 0.0043, 'LUMN benchmark weight (the first row)');
  });

  it('matches a naive turnover and per-sector filter', () => {
    const weightOn = (date: string) => new Map(records.filter((r) => r.date === date).map((r) => [r.stock, r.weight / 100]));
    const before = weightOn(DATES[0]);
    const after = weightOn(DATES[1]);
    const names = new Set([...before.keys(), ...after.keys()]);
    let sum = 0;
    for (const n of names) sum += Math.abs((after.get(n) ?? 0) - (before.get(n) ?? 0));
    near(engine.overview(DATES[1], NO_FILTERS).turnover, sum / 2, 'turnover');

    const filters = { ...NO_FILTERS, sectors: ['Financials'] };
    const rows = engine.stocks(DATES[2], filters).rows;
    assert.equal(rows.length, holdings.filter((h) => h.sector === 'Financials').length);
    assert.ok(rows.every((r) => r.sector === 'Financials'));
  });
});

import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { activeWeightCheck, groupActiveWeights } from '../../../../src/model/guardrails/activeWeight';
import { checkGuardrails } from '../../../../src/model/guardrails/guardrails';
import { stockWeightCheck } from '../../../../src/model/guardrails/stockWeight';
import { trackingErrorCheck } from '../../../../src/model/guardrails/trackingError';
import { turnoverCheck } from '../../../../src/model/guardrails/turnover';
import { close, panelFrom } from '../performance/panelFixture';

const DATES = ['2024-01-31', '2024-02-29', '2024-03-28'];
const STOCKS = ['A', 'B', 'C', 'D', 'E'];
/**
 * Benchmark 20% each on every date. Date 1: A .33, B .20, C .17, D .20, E .10; dates 2 and 3:
 * A .25, B .25, C .20, D .20, E .10 (date 3 unchanged).
 * Sectors Tech (A, B), Health (C, D), Energy (E); countries US (A, B), Australia (C),
 * Germany (D, E); regions North America, Asia Pacific, Europe likewise.
 * Date 1 active: Tech/US/North America +.13, Health -.03, Australia/Asia Pacific -.03,
 * Energy -.10, Germany/Europe -.10. Date 2: Tech +.10, Health 0, Energy -.10.
 */
const WEIGHTS = [
  [0.33, 0.2, 0.17, 0.2, 0.1],
  [0.25, 0.25, 0.2, 0.2, 0.1],
  [0.25, 0.25, 0.2, 0.2, 0.1],
];

function weightsTable(withBenchmark = true) {
  const date = DATES.flatMap((d) => STOCKS.map(() => d));
  const stock = DATES.flatMap(() => STOCKS);
  const weight = WEIGHTS.flat();
  return aq.table(withBenchmark ? { date, stock, weight, benchmark_weight: weight.map(() => 0.2) } : { date, stock, weight });
}

const securities = () =>
  aq.table({
    stock: STOCKS,
    sector: ['Tech', 'Tech', 'Health', 'Health', 'Energy'],
    country: ['United States', 'United States', 'Australia', 'Germany', 'Germany'],
    region: ['North America', 'North America', 'Asia Pacific', 'Europe', 'Europe'],
  });

const panel = () => panelFrom({ weights: weightsTable(), securities: securities() });

describe('guardrails: active weights', () => {
  it('sums portfolio - benchmark per sector, country and region', () => {
    const p = panel();
    const p0 = p.benchmark as Float64Array;
    const sectors = Object.fromEntries(groupActiveWeights(p, p0, 0, 'sector').map((v) => [v.name, v.value]));
    close(sectors.Tech, 0.13, 'Tech');
    close(sectors.Health, -0.03, 'Health');
    close(sectors.Energy, -0.1, 'Energy');
    const countries = Object.fromEntries(groupActiveWeights(p, p0, 0, 'country').map((v) => [v.name, v.value]));
    close(countries['United States'], 0.13, 'US');
    close(countries.Australia, -0.03, 'Australia');
    close(countries.Germany, -0.1, 'Germany');
  });

  it('finds a breach, its worst group and every breach largest first', () => {
    const sector = activeWeightCheck(panel(), 0, 'sector', 0.12);
    assert.equal(sector.status, 'breach');
    assert.equal(sector.pass, false);
    assert.equal(sector.worst?.name, 'Tech');
    close(sector.worst?.value, 0.13);
    assert.deepEqual(sector.breaches.map((b) => b.name), ['Tech']);

    const region = activeWeightCheck(panel(), 0, 'region', 0.05);
    assert.deepEqual(region.breaches.map((b) => b.name), ['North America', 'Europe']);
    close(region.breaches[1].value, -0.1, 'Europe (a negative active weight breaches by its size)');
  });

  it('passes within the limit and reports the worst group all the same', () => {
    const country = activeWeightCheck(panel(), 0, 'country', 0.15);
    assert.equal(country.pass, true);
    assert.equal(country.status, 'pass');
    assert.equal(country.worst?.name, 'United States');
    assert.deepEqual(country.breaches, []);
    // Date 2: Tech +.10 against a .10 limit: on the limit passes.
    assert.equal(activeWeightCheck(panel(), 1, 'sector', 0.1).pass, true);
  });

  it('says "no benchmark" rather than passing silently', () => {
    const p = panelFrom({ weights: weightsTable(false), securities: securities() });
    const check = activeWeightCheck(p, 0, 'sector', 0.05);
    assert.equal(check.status, 'no-benchmark');
    assert.equal(check.pass, null);
    assert.equal(check.worst, null);
    const report = checkGuardrails(p, { sector: { maxActive: 0.05 }, stock: { maxWeight: 0.3 } });
    const sector = report.summary.find((s) => s.guardrail === 'sector');
    assert.equal(sector?.pass, null);
    assert.equal(sector?.checked, 0);
    assert.deepEqual(sector?.unchecked, [{ status: 'no-benchmark', dates: 3 }]);
    // The single-name cap does not need a benchmark.
    assert.equal(report.summary.find((s) => s.guardrail === 'stock')?.pass, false);
    assert.equal(report.pass, false);
  });

  it('says "no weights" for a run without portfolio weights', () => {
    const p = panelFrom({ contributions: aq.table({ date: DATES, stock: ['A', 'A', 'A'], f1: [0.1, 0.2, 0.3] }), securities: securities() });
    assert.equal(activeWeightCheck(p, 0, 'sector', 0.05).status, 'no-weights');
    assert.equal(stockWeightCheck(p, 0, 0.05).status, 'no-weights');
    assert.equal(turnoverCheck(p, 1, 0.05).status, 'no-weights');
  });

  it('rejects a bad date index or limit', () => {
    assert.throws(() => activeWeightCheck(panel(), 3, 'sector', 0.05), RangeError);
    assert.throws(() => activeWeightCheck(panel(), 0, 'sector', -0.05), RangeError);
    assert.throws(() => stockWeightCheck(panel(), 0, NaN), RangeError);
  });
});

describe('guardrails: single-name weight and turnover', () => {
  it('checks every position against the cap', () => {
    const check = stockWeightCheck(panel(), 0, 0.3);
    assert.equal(check.pass, false);
    assert.deepEqual(check.breaches.map((b) => b.name), ['A']);
    close(check.worst?.value, 0.33);
    assert.equal(stockWeightCheck(panel(), 1, 0.3).pass, true);
  });

  it('measures one-way turnover against the previous date', () => {
    const p = panel();
    assert.equal(turnoverCheck(p, 0, 0.05).status, 'no-previous-date');
    // |.25 - .33| + |.25 - .20| + |.20 - .17| = .16, one way .08
    const second = turnoverCheck(p, 1, 0.05);
    close(second.worst?.value, 0.08);
    assert.equal(second.pass, false);
    assert.deepEqual(second.breaches, [second.worst]);
  });

  it('gives an unchanged portfolio zero turnover', () => {
    const third = turnoverCheck(panel(), 2, 0);
    assert.equal(third.worst?.value, 0);
    assert.equal(third.pass, true);
  });

  it('counts names entering and leaving at their full weight', () => {
    const p = panelFrom({
      weights: aq.table({ date: [DATES[0], DATES[0], DATES[1], DATES[1]], stock: ['A', 'B', 'A', 'C'], weight: [0.5, 0.5, 0.5, 0.5] }),
    });
    // B .5 -> 0, C 0 -> .5: .5 one way
    close(turnoverCheck(p, 1, 1).worst?.value, 0.5);
  });
});

describe('checkGuardrails', () => {
  const constraints = { sector: { maxActive: 0.12 }, country: { maxActive: 0.15 }, region: { maxActive: 0.05 }, stock: { maxWeight: 0.3 }, turnover: { max: 0.05 } };

  it('checks every guardrail the manifest sets on every date', () => {
    const report = checkGuardrails(panel(), constraints);
    assert.equal(report.checks.length, 3 * 5);
    assert.deepEqual(report.checks.slice(0, 5).map((c) => c.guardrail), ['sector', 'country', 'region', 'stock', 'turnover']);
    assert.deepEqual(report.checks.map((c) => c.date), DATES.flatMap((d) => Array(5).fill(d)));
    const summary = Object.fromEntries(report.summary.map((s) => [s.guardrail, s]));
    assert.deepEqual(summary.sector.breachedDates, [DATES[0]]);
    assert.deepEqual(summary.country.breachedDates, []);
    assert.equal(summary.country.pass, true);
    assert.deepEqual(summary.region.breachedDates, DATES);
    assert.deepEqual(summary.stock.breachedDates, [DATES[0]]);
    assert.deepEqual(summary.turnover.breachedDates, [DATES[1]]);
    assert.equal(summary.turnover.checked, 2);
    assert.deepEqual(summary.turnover.unchecked, [{ status: 'no-previous-date', dates: 1 }]);
    assert.equal(summary.sector.worst?.date, DATES[0]);
    assert.equal(summary.sector.worst?.name, 'Tech');
    assert.equal(report.pass, false);
  });

  it('checks only what is set, and passes a book inside its limits', () => {
    const report = checkGuardrails(panel(), { sector: { maxActive: 0.2 }, turnover: { max: 0.1 } });
    assert.deepEqual(report.summary.map((s) => s.guardrail), ['sector', 'turnover']);
    assert.equal(report.pass, true);
    assert.equal(checkGuardrails(panel(), {}).pass, null);
  });

  it('reports tracking error only when returns are given', () => {
    const p = panel();
    const without = checkGuardrails(p, { trackingError: { max: 0.05 } });
    assert.equal(without.checks[0].status, 'no-returns');
    assert.equal(without.pass, null);
    // Returns by stock: A, B, C, D, E; the last date has none.
    const byDate = [
      [0.05, 0.01, -0.02, 0.03, 0.0],
      [0.02, -0.01, 0.0, 0.01, 0.02],
      [NaN, NaN, NaN, NaN, NaN],
    ];
    const returns = Float64Array.from({ length: p.rows }, (_, r) => byDate[p.rowDate[r]][p.rowStock[r]]);
    // Active: date 1 .33*.05+.2*.01+.17*(-.02)+.2*.03 = .0211 - .2*.07 = .0071;
    // date 2 .25*.02+.25*(-.01)+.2*.01+.1*.02 = .0065 - .2*.04 = -.0015. Two points: sd = |a1 - a2| / sqrt 2.
    const sd = Math.abs(0.0071 - -0.0015) / Math.SQRT2;
    const te = sd * Math.sqrt(12);
    const check = trackingErrorCheck(p, returns, 0.05);
    close(check.worst?.value, te, 'tracking error', 1e-12);
    assert.equal(check.date, DATES[1]);
    assert.equal(check.pass, true);
    assert.equal(trackingErrorCheck(p, returns, 0.01).pass, false);
    const report = checkGuardrails(p, { trackingError: { max: 0.01 } }, { returns });
    assert.deepEqual(report.summary[0].breachedDates, [DATES[1]]);
  });

  it('rejects returns not aligned to the panel', () => {
    assert.throws(() => checkGuardrails(panel(), {}, { returns: new Float64Array(2) }), RangeError);
  });
});

/**
 * The panel from a reader's wide contributions: rows put in (date, stock) order, each
 * feature's column copied once (or handed over when already in that order and finite), and
 * non-finite contributions counted and named in row order, then feature order.
 */
import { strict as assert } from 'node:assert';
import type { WideContributions } from '../../../../src/model/run/contributions';
import { contributionsOf } from '../../../../src/model/run/cells';
import { buildPanel } from '../../../../src/model/run/panel';
import type { Diagnostic } from '../../../../src/model/types';
import { random } from '../features/fixtures';

function wide(dates: string[], stocks: string[], columns: Record<string, number[]>): WideContributions {
  const features = Object.keys(columns);
  return { file: 'c.parquet', dates, stocks, features, contributions: features.map((f) => Float64Array.from(columns[f])), featureValues: null, baseValue: null, score: null, meta: {} };
}

const panelOf = (c: WideContributions, diagnostics: Diagnostic[] = []) => buildPanel({ contributions: c, weights: null, securities: null, factorMap: undefined }, diagnostics);

describe('buildPanel', () => {
  it('puts rows in date then stock order, with each row summed over features in feature order', () => {
    const c = wide(['2024-02-29', '2024-01-31', '2024-01-31'], ['A', 'B', 'A'], { x: [1, 2, 3], y: [0.1, 0.2, 0.3] });
    const panel = panelOf(c);
    assert.deepEqual(panel.dates, ['2024-01-31', '2024-02-29']);
    assert.deepEqual([...panel.rowStock].map((s) => panel.stocks[s]), ['A', 'B', 'A']);
    assert.deepEqual([...contributionsOf(panel, 0, null)], [3, 2, 1]);
    assert.deepEqual([...contributionsOf(panel, 1, null)], [0.3, 0.2, 0.1]);
    assert.deepEqual([...panel.sumContributions], [3 + 0.3, 2 + 0.2, 1 + 0.1]);
    assert.deepEqual([...panel.score], [3 + 0.3, 2 + 0.2, 1 + 0.1]);
  });

  it('hands over a column already in panel order and finite, and copies one that is not', () => {
    const c = wide(['2024-01-31', '2024-01-31'], ['A', 'B'], { x: [1, 2], y: [3, NaN] });
    const panel = panelOf(c);
    assert.equal(contributionsOf(panel, 0, null), c.contributions[0], 'in order and finite: the same array');
    assert.notEqual(contributionsOf(panel, 1, null), c.contributions[1]);
    assert.deepEqual([...contributionsOf(panel, 1, null)], [3, 0]);
    assert.ok(Number.isNaN(c.contributions[1][1]), "the reader's array is not changed");
  });

  it('counts NaN and infinite contributions as 0, naming the first in row order then feature order', () => {
    // Row order: (Jan, A), (Jan, B). A's bad value is in the last feature, B's in the first.
    const c = wide(['2024-01-31', '2024-01-31'], ['B', 'A'], { x: [NaN, 1], y: [2, 3], z: [4, Infinity] });
    const diagnostics: Diagnostic[] = [];
    const panel = panelOf(c, diagnostics);
    const d = diagnostics.find((x) => x.code === 'non-finite-contribution');
    assert.deepEqual([d?.count, d?.example], [2, '2024-01-31, A, z']);
    assert.deepEqual([...panel.sumContributions], [1 + 3, 2 + 4]);
  });

  it('sums each row over features in feature order, by factor too, across blocks of rows', () => {
    // 9,000 rows: more than two of the blocks the sums are built in. Values of mixed
    // magnitudes, so that adding them in another order would change the last bits.
    const rows = 9000;
    const draw = random(7);
    const stocks = Array.from({ length: rows }, (_, i) => `S${String(i).padStart(5, '0')}`);
    const columns: Record<string, number[]> = {};
    for (const f of ['a_1', 'b_1', 'a_2', 'b_2', 'a_3']) columns[f] = Array.from({ length: rows }, () => (draw() - 0.5) * 10 ** Math.floor(draw() * 12 - 6));
    // Non-finite cells: feature a_1 at row 8,000, b_1 at row 4,100 and a_2 at row 4,100 (the
    // first in row order, then feature order, is row 4,100 of b_1).
    columns.a_1[8000] = NaN;
    columns.b_1[4100] = Infinity;
    columns.a_2[4100] = NaN;
    const c = wide(new Array<string>(rows).fill('2024-01-31'), stocks, columns);
    const diagnostics: Diagnostic[] = [];
    const panel = buildPanel({ contributions: c, weights: null, securities: null, factorMap: { a: ['a_1', 'a_2', 'a_3'], b: ['b_1', 'b_2'] } }, diagnostics);
    const features = Object.keys(columns);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      const byFactor = new Map<string, number>(panel.factors.map((f) => [f, 0]));
      for (const f of features) {
        const v = columns[f][r];
        if (!Number.isFinite(v)) continue;
        sum += v;
        byFactor.set(f[0], (byFactor.get(f[0]) as number) + v);
      }
      assert.equal(panel.sumContributions[r], sum, `row ${r}`);
      panel.factors.forEach((factor, k) => assert.equal(panel.factorSums[k][r], byFactor.get(factor), `row ${r}, factor ${factor}`));
    }
    const d = diagnostics.find((x) => x.code === 'non-finite-contribution');
    assert.deepEqual([d?.count, d?.example], [3, '2024-01-31, S04100, b_1']);
  });

  it('ranks each date\'s finite scores highest first, equal scores (0 and -0 among them) in row order, from the least to the largest doubles', () => {
    const draw = random(11);
    const dates = ['2024-01-31', '2024-02-29', '2024-03-28'];
    const stocks = Array.from({ length: 500 }, (_, i) => `S${String(i).padStart(3, '0')}`);
    const rowDates = dates.flatMap((d) => stocks.map(() => d));
    const rowStocks = dates.flatMap(() => stocks);
    // Few distinct values, so that most scores tie; NaN and infinite scores are not ranked.
    const pool = [0, -0, 1.5, -2, 1e-300, -1e-300, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, NaN, Infinity, -Infinity, 3, 0.1 + 0.2, 0.3];
    const score = Float64Array.from(rowDates, () => pool[Math.floor(draw() * pool.length)]);
    const c = { ...wide(rowDates, rowStocks, { x: Array.from(score, () => 0) }), score };
    const panel = panelOf(c);
    for (let d = 0; d < dates.length; d++) {
      const rows: number[] = [];
      for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) if (Number.isFinite(panel.score[r])) rows.push(r);
      // The definition: a stable sort of the rows by score, highest first.
      const expected = new Int32Array(panel.dateStart[d + 1] - panel.dateStart[d]);
      [...rows].sort((a, b) => panel.score[b] - panel.score[a]).forEach((r, i) => (expected[r - panel.dateStart[d]] = i + 1));
      assert.deepEqual([...panel.scoreRank.subarray(panel.dateStart[d], panel.dateStart[d + 1])], [...expected], dates[d]);
    }
    assert.ok(panel.scoreRank.some((rank) => rank === 0), 'a row without a finite score has rank 0');
  });
});


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
});

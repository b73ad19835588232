/**
 * DuckDB's result columns as the engine receives them: numbers as Float64Array with NULL as
 * NaN, and lists of numbers as one Float64Array per row, read from node-api's buffers; and
 * how the long pivot places those lists, checking that they kept one order.
 */
import assert from 'node:assert/strict';
import { scatterCells } from '../../../src/duckdb/cellLists';
import { numberLists, numbers } from '../../../src/sql/connection';
import { sharedConnection } from './testSource';

describe('duckdb/connection', () => {
  it('returns lists of doubles and integers per row, NULL elements as NaN and a NULL list as empty', async () => {
    const db = await sharedConnection();
    const result = await db.query(`SELECT i::DOUBLE AS i, a, b FROM (VALUES (1, [1.5, NULL, -3.25]::DOUBLE[], [7, 8]::INTEGER[]), (2, NULL, []::INTEGER[])) t(i, a, b) ORDER BY i`);
    assert.deepEqual(numbers(result, 'i'), Float64Array.from([1, 2]));
    assert.deepEqual(numberLists(result, 'a'), [Float64Array.from([1.5, NaN, -3.25]), new Float64Array(0)]);
    assert.deepEqual(numberLists(result, 'b'), [Float64Array.from([7, 8]), new Float64Array(0)]);
  });

  for (const [groups, total] of [
    [2500, 2500 * 3 + 1234],
    [3, 20_000],
  ]) {
    it(`reads each row of a list column from its own offset: ${groups} rows (more than a 2,048-row chunk, or lists longer than one)`, async () => {
      const db = await sharedConnection();
      // Row g holds g, g + groups, g + 2 x groups, ... below total; every 997th value NULL.
      const result = await db.query(`SELECT (i % ${groups})::DOUBLE AS g, list(CASE WHEN i % 997 = 0 THEN NULL ELSE i::DOUBLE END ORDER BY i) AS v FROM range(${total}) r(i) GROUP BY g ORDER BY g`);
      const g = numbers(result, 'g');
      const v = numberLists(result, 'v');
      assert.equal(result.rows, groups);
      for (let row = 0; row < result.rows; row++) {
        const expected: number[] = [];
        for (let i = g[row]; i < total; i += groups) expected.push(i % 997 === 0 ? NaN : i);
        assert.deepEqual(v[row], Float64Array.from(expected), `row ${row}`);
      }
    });
  }

  for (const expectedRows of [5000, 1, 4999, 5001, 100_000]) {
    it(`gives the same numbers whatever row count the caller expects (${expectedRows} for 5,000)`, async () => {
      const db = await sharedConnection();
      const result = await db.query('SELECT i::DOUBLE AS i, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 2 END AS half FROM range(5000) r(i) ORDER BY i', [], { expectedRows });
      assert.deepEqual(numbers(result, 'i'), Float64Array.from({ length: 5000 }, (_, i) => i));
      assert.deepEqual(numbers(result, 'half'), Float64Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? NaN : i / 2)));
    });
  }
});

describe('duckdb/long pivot: placing a feature\'s cells', () => {
  const lists = (ki: number[], contribution: number[], check: number) => ({
    names: ['fi', 'ki', 'contribution', 'check'],
    columns: [Float64Array.from([1]), [Float64Array.from(ki)], [Float64Array.from(contribution)], Float64Array.from([check])],
    rows: 1,
  });
  const target = () => ({ nFeatures: 2, seen: new Uint8Array(6), contributions: [new Float64Array(3).fill(NaN), new Float64Array(3).fill(NaN)], featureValues: null });

  it('places each cell at its key and counts a repeat, when the checksum agrees', () => {
    const into = target();
    // 0 x 0.5 + 2 x 0.25 + 2 x 9 (a repeat of key 2) = 18.5
    assert.equal(scatterCells(lists([0, 2, 2], [0.5, 0.25, 9], 18.5), into), 1);
    assert.deepEqual(into.contributions[1], Float64Array.from([0.5, NaN, 0.25]));
  });

  it('stops with an error when the lists disagree with the checksum (cells that would land in the wrong keys)', () => {
    assert.throws(() => scatterCells(lists([0, 2], [0.25, 0.5], 0.5), target()), /lists of different orders/);
    assert.throws(() => scatterCells(lists([0, 2, 1], [0.25, 0.5], 1), target()), /lists of different orders/);
  });

  it('does not check a sum that overflows: a corrupt page is named by the range check instead', () => {
    assert.equal(scatterCells(lists([1, 2], [-1.6e308, -1.6e308], -Infinity), target()), 0);
  });
});

import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { InputError } from '../../../../src/model/errors';
import { alignReturns, readReturns } from '../../../../src/model/performance/returns';
import { panelFrom } from './panelFixture';

const D1 = '2024-01-31';
const D2 = '2024-02-29';

const panel = () =>
  panelFrom({
    weights: aq.table({ date: [D1, D1, D1, D2, D2], stock: ['A', 'B', 'C', 'A', 'B'], weight: [0.5, 0.5, 0, 0.6, 0.4] }),
  });

describe('readReturns', () => {
  it('reads date, stock and forward return by alias', () => {
    const returns = readReturns(aq.table({ AsOf: ['20240131', '2024-02-29'], Ticker: ['A', 'B'], Fwd_Return: ['0.01', -0.02] }), 'r.csv');
    assert.deepEqual(returns.dates, [D1, D2]);
    assert.deepEqual(returns.stocks, ['A', 'B']);
    assert.deepEqual([...returns.values], [0.01, -0.02]);
  });

  it('names the file, row and column of a bad value', () => {
    assert.throws(() => readReturns(aq.table({ date: [D1, D1], stock: ['A', 'B'], ret: [0.01, 'n/a'] }), 'r.csv'), (e: unknown) => e instanceof InputError && e.row === 2 && /r\.csv, row 2, column 'ret'/.test(e.message));
    assert.throws(() => readReturns(aq.table({ date: [D1], stock: ['A'] }), 'r.csv'), /no 'return' column \(looked for return, fwd_return/);
    assert.throws(() => readReturns(aq.table({ date: [D1], stock: [''], ret: [0.1] }), 'r.csv'), /stock id is empty/);
  });
});

describe('alignReturns', () => {
  it('puts each return on its panel row, NaN where a row has none', () => {
    const p = panel();
    const aligned = alignReturns(p, readReturns(aq.table({ date: [D1, D1, D1, D2], stock: ['B', 'A', 'C', 'A'], ret: [0.02, 0.01, 0.03, 0.04] }), 'r.csv'));
    const byKey = Object.fromEntries(Array.from({ length: p.rows }, (_, r) => [`${p.dates[p.rowDate[r]]} ${p.stocks[p.rowStock[r]]}`, aligned.values[r]]));
    assert.deepEqual(byKey, { [`${D1} A`]: 0.01, [`${D1} B`]: 0.02, [`${D1} C`]: 0.03, [`${D2} A`]: 0.04, [`${D2} B`]: NaN });
    assert.equal(aligned.matched, 4);
    assert.equal(aligned.unmatched, 0);
    assert.deepEqual(aligned.datesWithReturns, [D1, D2]);
    const held = aligned.diagnostics.find((d) => d.code === 'held-without-return');
    assert.equal(held?.count, 1);
    assert.equal(held?.example, `B on ${D2}`);
  });

  it('reports returns that match no row, unknown dates, duplicates and missing values', () => {
    const p = panel();
    const table = aq.table({ date: [D1, D1, D1, D1, '2024-03-28', D1], stock: ['A', 'A', 'Z', 'B', 'A', 'C'], ret: [0.01, 0.5, 0.02, null, 0.03, 0.01] });
    const aligned = alignReturns(p, readReturns(table, 'r.csv'));
    const codes = Object.fromEntries(aligned.diagnostics.map((d) => [d.code, d]));
    assert.equal(aligned.unmatched, 2);
    assert.equal(codes['returns-unmatched'].count, 2);
    assert.match(codes['returns-unmatched'].message, /r\.csv: 2 return rows match no \(date, stock\) of the run \(e\.g\. Z on 2024-01-31 \(row 3\)\)/);
    assert.equal(codes['returns-unknown-dates'].example, '2024-03-28');
    assert.equal(codes['returns-duplicates'].count, 1);
    assert.equal(aligned.values[p.rowAt[0 * p.stocks.length + 0]], 0.01, 'the first duplicate is kept');
    assert.equal(codes['returns-non-finite'].count, 1);
    assert.equal(codes['dates-without-returns'].example, D2);
  });

  it('takes an undated returns table as of the latest date', () => {
    const p = panel();
    const aligned = alignReturns(p, readReturns(aq.table({ stock: ['A', 'B'], ret: [0.01, 0.02] }), 'r.csv'));
    assert.deepEqual(aligned.datesWithReturns, [D2]);
    assert.ok(aligned.diagnostics.some((d) => d.code === 'undated-returns'));
  });
});

import assert from 'node:assert/strict';
import { InputError } from '../../../src/model/errors';
import { readTable } from '../../../src/model/read';
import { col, utf8, values } from './fixtures';

async function rejects(text: string, name: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readTable(utf8(text), name), (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(error.message.startsWith(name), error.message);
    return true;
  });
}

describe('read/json', () => {
  it('reads an array of records, typing each column from all its values', async () => {
    const records = [
      { date: '2024-01-31', stock: 'AAA', weight: 0.5, held: true },
      { date: '2024-01-31', stock: 'BBB', weight: null, held: false, sector: 'Energy' },
      { date: '2024-01-31', stock: 'CCC', weight: 0.25 },
    ];
    const { table, format } = await readTable(utf8(JSON.stringify(records)), 'weights.json');
    assert.equal(format, 'json');
    assert.deepEqual(table.columnNames(), ['date', 'stock', 'weight', 'held', 'sector']);
    assert.ok(col(table, 'weight') instanceof Float64Array);
    assert.deepEqual(values(table, 'weight'), [0.5, NaN, 0.25]);
    assert.deepEqual(values(table, 'held'), [true, false, null]);
    assert.deepEqual(values(table, 'sector'), [null, 'Energy', null]);
    assert.deepEqual(values(table, 'date'), ['2024-01-31', '2024-01-31', '2024-01-31']);
  });

  it('keeps a column with mixed numbers and text as text', async () => {
    const { table } = await readTable(utf8('[{"w": 0.5}, {"w": "n/a"}, {"w": 1}]'), 'w.json');
    assert.deepEqual(values(table, 'w'), ['0.5', 'n/a', '1']);
  });

  it("reads Arquero's column-object form and its toJSON form", async () => {
    const { table } = await readTable(utf8('{"stock": ["A", "B"], "weight": [0.5, 0.5]}'), 'cols.json');
    assert.deepEqual(values(table, 'stock'), ['A', 'B']);
    assert.deepEqual(values(table, 'weight'), [0.5, 0.5]);
    const { table: t2 } = await readTable(utf8('{"schema": {"fields": [{"name": "x"}]}, "data": {"x": [1, 2]}}'), 'aq.json');
    assert.deepEqual(values(t2, 'x'), [1, 2]);
  });

  it('reads JSON in a .txt file', async () => {
    const { format } = await readTable(utf8(' [{"x": 1}]'), 'rows.txt');
    assert.equal(format, 'json');
  });

  it('rejects invalid JSON, wrong shapes, ragged columns and no rows', async () => {
    await rejects('[{"x": 1},', 'bad.json', /not valid JSON/);
    await rejects('[1, 2]', 'bad.json', /record 1 is not an object/);
    await rejects('{"x": 1}', 'bad.json', /expected a JSON array of records/);
    await rejects('{"x": [1, 2], "y": [1]}', 'bad.json', /column 'y' has 1 values but 'x' has 2/);
    await rejects('[]', 'empty.json', /no rows/);
    await rejects('stock,weight\nA,1\n', 'w.json', /expected JSON but the content looks like text/);
  });
});

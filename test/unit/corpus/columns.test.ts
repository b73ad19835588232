/**
 * Columns that collide and numbers that are not decimal: each format refuses them the same
 * way, naming the file and the column (and the row for a value), never picking silently.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseRun, corpusText, load, refusal } from './run';
import { NO_FILTERS } from '../../../src/model/types';

const fixture = (name: string) => new Uint8Array(readFileSync(join(process.cwd(), 'test/fixtures/read', name)));
const WEIGHTS = corpusText('weights.csv');
const weights = (bytes: Uint8Array | string, name = 'weights.csv') => baseRun({ weights: { name, bytes } });
const contributions = (bytes: Uint8Array | string, name = 'contributions.csv') => baseRun({ contributions: { name, bytes } });

describe('corpus: two columns of one name', function () {
  this.timeout(20_000);

  for (const [name, label] of [
    ['duplicate-columns.parquet', 'Parquet'],
    ['duplicate-columns.feather', 'Arrow IPC'],
  ]) {
    it(`${label}: refused, naming the column`, async () => {
      const r = await refusal(contributions(fixture(name), name));
      assert.equal(r.file, name);
      assert.equal(r.column, 'f1');
      assert.match(r.message, new RegExp(`^${name.replace('.', '\\.')}: two columns are named 'f1'`));
    });
  }

  for (const position of ['first', 'last']) {
    it(`CSV, the repeated name ${position}: refused, naming the column`, async () => {
      const header = position === 'first' ? 'date,date,stock,weight' : 'date,stock,weight,weight';
      const r = await refusal(weights(`${header}\n2024-01-31,2024-01-31,A,0.5\n`));
      assert.equal(r.file, 'weights.csv');
      assert.equal(r.column, position === 'first' ? 'date' : 'weight');
      assert.match(r.message, /^weights\.csv: two columns are named/);
    });
  }

  it('`Weight` beside `weight`: refused, naming both; the manifest\'s columns mapping settles it', async () => {
    const lines = WEIGHTS.trimEnd().split('\n').map((line, i) => {
      const cells = line.split(',');
      cells.splice(2, 0, i === 0 ? 'Weight' : String(Number(cells[2]) * 100));
      return cells.join(',');
    });
    const r = await refusal(weights(`${lines.join('\n')}\n`));
    assert.equal(r.file, 'weights.csv');
    assert.equal(r.column, 'weight');
    assert.match(r.message, /^weights\.csv: columns 'Weight' and 'weight' both read as 'weight'/);
  });
});

describe('corpus: numbers are decimal notation only', function () {
  this.timeout(20_000);

  it("'0x10' where a weight belongs is an error naming the row and the column, not 16", async () => {
    const lines = WEIGHTS.split('\n');
    const cells = lines[2].split(',');
    cells[2] = '0x10';
    lines[2] = cells.join(',');
    const r = await refusal(weights(lines.join('\n')));
    assert.equal(r.file, 'weights.csv');
    assert.equal(r.row, 2);
    assert.equal(r.column, 'weight');
  });

  it("'0b11', '0o7', '1_000' and ' 0x1p3' are not numbers either; '007', '.5', '5.' and '1e-3' are", async () => {
    const { numberFromText } = await import('../../../src/model/schema/values');
    for (const text of ['0x10', '0b11', '0o7', '1_000', '0x1p3', '1,5', '--1']) assert.equal(numberFromText(text), undefined, text);
    assert.equal(numberFromText('007'), 7);
    assert.equal(numberFromText('.5'), 0.5);
    assert.equal(numberFromText('5.'), 5);
    assert.equal(numberFromText(' 1e-3 '), 0.001);
    assert.equal(numberFromText('-inf'), -Infinity);
  });
});

describe('corpus: compressed Feather, as pyarrow writes it', function () {
  this.timeout(20_000);

  for (const codec of ['lz4', 'zstd']) {
    it(`weights.${codec}.feather loads as weights`, async () => {
      const { engine } = await load(weights(fixture(`weights.${codec}.feather`), `weights.${codec}.feather`));
      const rows = engine.stocks('2024-01-31', NO_FILTERS).rows;
      assert.equal(rows.find((r) => r.stock === 'AAA')?.weight, 0.5);
    });
  }
});

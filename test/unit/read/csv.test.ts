import assert from 'node:assert/strict';
import { InputError } from '../../../src/model/errors';
import { readTable } from '../../../src/model/read';
import { detectDelimiter, parseNumberText } from '../../../src/model/read/csv';
import { col, fixture, utf8, values } from './fixtures';

async function readCsv(text: string | Uint8Array, name = 'weights.csv') {
  return readTable(typeof text === 'string' ? utf8(text) : text, name);
}

async function rejects(text: string | Uint8Array, name: string, pattern: RegExp): Promise<InputError> {
  let caught: unknown;
  try {
    await readCsv(text, name);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  assert.ok(caught.message.startsWith(name), `message should name the file: ${caught.message}`);
  return caught;
}

describe('read/csv', () => {
  it('reads numbers as Float64Array and text as strings', async () => {
    const { table, format, notes } = await readCsv('date,stock,weight\n2024-01-31,AAA,0.5\n2024-01-31,BBB,-1.25e-3\n');
    assert.equal(format, 'csv');
    assert.deepEqual(table.columnNames(), ['date', 'stock', 'weight']);
    assert.ok(col(table, 'weight') instanceof Float64Array);
    assert.deepEqual(values(table, 'weight'), [0.5, -0.00125]);
    assert.deepEqual(values(table, 'date'), ['2024-01-31', '2024-01-31'], 'dates stay strings');
    assert.deepEqual(values(table, 'stock'), ['AAA', 'BBB']);
    assert.deepEqual(notes, []);
  });

  it('keeps only the requested columns, case-insensitively', async () => {
    const { table } = await readTable(utf8('Date,Stock,Weight\n2024-01-31,AAA,0.5\n'), 'w.csv', { columns: ['stock', 'WEIGHT', 'sector'] });
    assert.deepEqual(table.columnNames(), ['Stock', 'Weight']);
    assert.deepEqual(values(table, 'Weight'), [0.5]);
  });

  it('strips a UTF-8 byte-order mark from the first column name', async () => {
    const { table } = await readCsv('\uFEFFstock,weight\nAAA,1\n');
    assert.deepEqual(table.columnNames(), ['stock', 'weight']);
    assert.deepEqual(values(table, 'weight'), [1]);
  });

  it('reads CRLF line endings without keeping carriage returns', async () => {
    const { table } = await readCsv('stock,sector\r\nAAA,Energy\r\nBBB,Utilities\r\n');
    assert.deepEqual(values(table, 'sector'), ['Energy', 'Utilities']);
    assert.equal(table.numRows(), 2);
  });

  it('reads lone CR line endings', async () => {
    const { table } = await readCsv('stock,weight\rAAA,1\rBBB,2\r');
    assert.deepEqual(values(table, 'weight'), [1, 2]);
  });

  it('reads quoted fields with delimiters, doubled quotes and newlines inside', async () => {
    const text = 'stock,name,weight\r\nAAA,"Acme, Inc.",0.1\r\nBBB,"The ""Best"" Co",0.2\r\nCCC,"two\r\nlines",0.3\r\n';
    const { table } = await readCsv(text);
    assert.deepEqual(values(table, 'name'), ['Acme, Inc.', 'The "Best" Co', 'two\r\nlines']);
    assert.deepEqual(values(table, 'weight'), [0.1, 0.2, 0.3]);
  });

  it('reads quoted numbers as numbers', async () => {
    const { table } = await readCsv('"stock","weight"\n"AAA","0.25"\n"BBB",""\n');
    assert.ok(col(table, 'weight') instanceof Float64Array);
    assert.deepEqual(values(table, 'weight'), [0.25, NaN]);
  });

  for (const [delimiter, name] of [[',', 'comma'], [';', 'semicolon'], ['\t', 'tab'], ['|', 'pipe']] as const) {
    it(`detects the ${name} delimiter`, async () => {
      const text = ['date', 'stock', 'weight'].join(delimiter) + '\n' + ['2024-01-31', 'AAA', '0.5'].join(delimiter) + '\n' + ['2024-01-31', 'BBB', '1.5'].join(delimiter) + '\n';
      const { table, notes } = await readCsv(text, delimiter === '\t' ? 'w.tsv' : 'w.csv');
      assert.deepEqual(table.columnNames(), ['date', 'stock', 'weight']);
      assert.deepEqual(values(table, 'weight'), [0.5, 1.5]);
      if (delimiter !== ',') assert.ok(notes.some((n) => n.code === 'delimiter' && n.message.includes(name)));
    });
  }

  it('ignores delimiters inside quotes when detecting', () => {
    assert.equal(detectDelimiter('"a;b";"c;d"\n"1,2";"3,4"\n'), ';');
    assert.equal(detectDelimiter('"a;b",c,d\nx,y,z\n'), ',');
    assert.equal(detectDelimiter('stock\nAAA\n'), ',');
    assert.equal(detectDelimiter('stock\nAAA\n', true), '\t');
  });

  it('detects semicolons with decimal commas and converts them, with a note', async () => {
    const text = 'date;stock;weight;score\n2024-01-31;AAA;0,125;-1,5\n2024-01-31;BBB;0,875;2\n';
    const { table, notes } = await readCsv(text, 'weights_de.csv');
    assert.deepEqual(values(table, 'weight'), [0.125, 0.875]);
    assert.deepEqual(values(table, 'score'), [-1.5, 2]);
    const note = notes.find((n) => n.code === 'decimal-comma');
    assert.ok(note, 'a decimal-comma note');
    assert.equal(note.severity, 'info');
    assert.match(note.message, /weights_de\.csv: semicolon-delimited with decimal commas \('0,125' read as 0\.125\)/);
  });

  it('does not take commas in comma-delimited files as decimal commas', async () => {
    const { table } = await readCsv('stock,weight\nAAA,"0,5"\n');
    assert.deepEqual(values(table, 'weight'), ['0,5']);
  });

  it('keeps a column as text when any value is not a number, even far down the file', async () => {
    const lines = ['stock,weight,score'];
    for (let i = 0; i < 5000; i++) lines.push(`S${i},${(i / 10000).toFixed(4)},${i}`);
    lines.push('LAST,n/a,1');
    const { table } = await readCsv(lines.join('\n'));
    const weight = col(table, 'weight') as unknown[];
    assert.ok(Array.isArray(weight), 'weight stays text');
    assert.equal(weight[0], '0.0000');
    assert.equal(weight[1234], '0.1234');
    assert.equal(weight[5000], 'n/a');
    assert.ok(col(table, 'score') instanceof Float64Array);
    assert.equal((col(table, 'score') as Float64Array)[4999], 4999);
  });

  it('reads empty values as NaN in numeric columns and null in text columns', async () => {
    const { table } = await readCsv('stock,sector,weight\nAAA,,0.5\n,Energy,\nCCC,Energy,1\n');
    assert.deepEqual(values(table, 'weight'), [0.5, NaN, 1]);
    assert.deepEqual(values(table, 'sector'), [null, 'Energy', 'Energy']);
    assert.deepEqual(values(table, 'stock'), ['AAA', null, 'CCC']);
  });

  it('fills short rows with missing values and reads a column with no values as nulls', async () => {
    const { table } = await readCsv('stock,weight,benchmark_weight\nAAA,0.5\nBBB,0.25,\n');
    assert.deepEqual(values(table, 'weight'), [0.5, 0.25]);
    assert.deepEqual(values(table, 'benchmark_weight'), [null, null]);
  });

  it('keeps identifiers with leading zeros as text', async () => {
    const { table } = await readCsv('stock,weight\n000001,0.5\n600519,0.5\n');
    assert.deepEqual(values(table, 'stock'), ['000001', '600519']);
    assert.deepEqual(values(table, 'weight'), [0.5, 0.5]);
  });

  it('reads NaN, inf, exponents, long decimals and signs as numbers', async () => {
    const { table } = await readCsv('x\n1e-3\n+2\n-0.5\nNaN\ninf\n-Infinity\n0.12345678901234567\n 3 \n.5\n');
    assert.deepEqual(values(table, 'x'), [0.001, 2, -0.5, NaN, Infinity, -Infinity, Number('0.12345678901234567'), 3, 0.5]);
  });

  it('parses numbers exactly as Number() does', () => {
    for (const text of ['0.1', '123456.789', '-0.000123', '999999999999999', '1.7976931348623157e308', '5e-324']) {
      assert.equal(parseNumberText(text, false), Number(text));
    }
    assert.equal(parseNumberText('0x10', false), undefined);
    assert.equal(parseNumberText('1,5', false), undefined);
    assert.equal(parseNumberText('1,5', true), 1.5);
    assert.equal(parseNumberText('', false), undefined);
    assert.equal(parseNumberText('1.2.3', false), undefined);
  });

  it('agrees with Number() on many fast-path values', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2000; i++) numbers.push((Math.random() * 10 ** ((i % 9) - 4)).toFixed(i % 12), String(-Math.random()));
    const { table } = await readCsv('x\n' + numbers.join('\n'));
    const read = col(table, 'x') as Float64Array;
    numbers.forEach((text, i) => assert.equal(read[i], Number(text), text));
  });

  it('names empty header fields, with a note, and keeps names that differ only in case', async () => {
    const { table, notes } = await readCsv('stock,weight,Weight,\nAAA,1,2,3\n');
    assert.deepEqual(table.columnNames(), ['stock', 'weight', 'Weight', 'column_4']);
    assert.ok(notes.some((n) => n.code === 'renamed-columns'));
  });

  it("reads a quote inside an unquoted field as a character: every row kept (`screen 5\" size`)", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `S${i},${i},0.${i}`);
    const { table } = await readCsv(`stock,screen 5" size,weight\n${rows.join('\n')}\n`);
    assert.deepEqual(table.columnNames(), ['stock', 'screen 5" size', 'weight']);
    assert.equal(table.numRows(), 10);
    assert.deepEqual(values(table, 'weight'), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });

  it('reads a quote inside an unquoted data field as a character too', async () => {
    const { table } = await readCsv('stock,name,weight\nA,5" screens,0.5\nB,"quoted, name",0.5\n');
    assert.deepEqual(values(table, 'name'), ['5" screens', 'quoted, name']);
  });

  it('keeps every row when line endings mix LF, CRLF and lone CR', async () => {
    const { table } = await readCsv('stock,weight\rA,0.1\nB,0.2\r\nC,0.3\rD,0.4\nE,0.5\r\nF,0.6\rG,0.7\nH,0.8\n');
    assert.deepEqual(values(table, 'stock'), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    assert.deepEqual(values(table, 'weight'), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
  });

  it('refuses a header that repeats a name, naming it (as every format does)', async () => {
    await assert.rejects(readCsv('stock,f1,f1\nAAA,1,2\n'), /two columns are named 'f1'/);
  });

  it('skips blank lines and says so when they sit between rows', async () => {
    const { table, notes } = await readCsv('stock,weight\n\nAAA,1\n\nBBB,2\n\n\n');
    assert.deepEqual(values(table, 'weight'), [1, 2]);
    assert.ok(notes.some((n) => n.code === 'blank-lines' && /2 blank lines/.test(n.message)));
  });

  it('reads a header with quoted names, newlines included', async () => {
    const { table } = await readCsv('"stock","weight\n(%)"\nAAA,1\n');
    assert.deepEqual(table.columnNames(), ['stock', 'weight\n(%)']);
    assert.deepEqual(values(table, 'weight\n(%)'), [1]);
  });

  it('ignores a trailing delimiter on data rows', async () => {
    const { table } = await readCsv('stock,weight\nAAA,1,\nBBB,2,\n');
    assert.deepEqual(values(table, 'weight'), [1, 2]);
  });

  it('reads UTF-16 text with a byte-order mark (Excel "Unicode text")', async () => {
    const text = 'stock\tweight\nÄÖÜ\t0.5\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const { table } = await readCsv(bytes, 'export.txt');
    assert.deepEqual(values(table, 'stock'), ['ÄÖÜ']);
    assert.deepEqual(values(table, 'weight'), [0.5]);
  });

  it('reads Windows-1252 text with a note', async () => {
    const { table, notes } = await readCsv(fixture('cp1252-semicolon.csv'), 'cp1252-semicolon.csv');
    assert.deepEqual(values(table, 'name'), ['Société Générale', 'Nestlé']);
    assert.deepEqual(values(table, 'weight'), [0.5, 1.25]);
    assert.ok(notes.some((n) => n.code === 'encoding' && n.message.includes('Windows-1252')));
  });

  it('rejects an empty file', async () => {
    await rejects('', 'weights.csv', /the file is empty/);
    await rejects('\n\r\n  \n', 'weights.csv', /the file is empty/);
  });

  it('rejects a file with only a header', async () => {
    await rejects('date,stock,weight\n', 'weights.csv', /header \(3 columns\) but no data rows/);
    await rejects('\uFEFFdate,stock,weight\r\n\r\n', 'weights.csv', /no data rows/);
    await rejects('date\tstock\n \t \n\t\t\n', 'weights.tsv', /no data rows/);
  });

  it('rejects binary data posing as CSV', async () => {
    const garbage = new Uint8Array(512);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) % 256;
    await rejects(garbage, 'weights.csv', /expected CSV\/TSV but the content looks like binary data/);
  });

  it('rejects a Parquet file named .csv and says how to fix it', async () => {
    const bytes = utf8('PAR1\u0000\u0000\u0000\u0000PAR1');
    await rejects(bytes, 'weights.csv', /looks like a Parquet file; rename it to \.parquet/);
  });

  it('rejects an unterminated quote naming the row', async () => {
    const error = await rejects('stock,name\nAAA,"Acme\nBBB,x\n', 'weights.csv', /row 1: a quoted field opens here and never closes/);
    assert.equal(error.row, 1);
  });

  it('rejects a row with more fields than the header', async () => {
    const error = await rejects('stock,weight\nAAA,1\nBBB,2,3\n', 'weights.csv', /row 2: more fields than the 2 header columns/);
    assert.equal(error.row, 2);
  });

  it('re-reads a column that turns to text midway with the exact original text', async () => {
    const { table } = await readCsv('id,x\n1,"a,b"\n2.50,y\n007,z\n', 'ids.csv');
    assert.deepEqual(values(table, 'id'), ['1', '2.50', '007']);
    assert.deepEqual(values(table, 'x'), ['a,b', 'y', 'z']);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readTable } from '../../../src/model/read';
import { parseNumberText } from '../../../src/model/read/csv';
import { utf8 } from './fixtures';

const SPECIAL = /[,;\t|"\r\n]/;

/** RFC 4180 quoting: quote a field when it holds a delimiter, a quote or a line break. */
function quote(field: string): string {
  return SPECIAL.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** What the reader should make of one column's texts (the typing rule, stated plainly). */
function expectedColumn(texts: string[], decimalComma: boolean): unknown[] {
  const present = texts.filter((t) => t.trim() !== '');
  if (present.length === 0) return texts.map(() => null);
  if (present.every((t) => parseNumberText(t, decimalComma) !== undefined)) {
    return texts.map((t) => (t.trim() === '' ? NaN : parseNumberText(t, decimalComma)));
  }
  return texts.map((t) => (t === '' ? null : t));
}

const fieldText = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', '\n', '\r', ' ', '1', '0', '.', '-', 'e', 'é', '\t', '|'), maxLength: 6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constant(''),
);

describe('read/csv (property)', () => {
  it('reads back any table written with standard quoting, typing each column by all its values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.record({
            width: fc.constant(width),
            rows: fc.array(fc.array(fieldText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 25 }),
            delimiter: fc.constantFrom(',', ';', '\t', '|'),
            // Each record's own ending: files that mix LF, CRLF and lone CR must lose no row.
            newlines: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 26, maxLength: 26 }),
            bom: fc.boolean(),
          }),
        ),
        async ({ width, rows, delimiter, newlines, bom }) => {
          const names = ['id', ...Array.from({ length: width }, (_, i) => `c${i}`)];
          // A leading id column keeps every record non-blank.
          const body = rows.map((row, r) => [`r${r}`, ...row].map(quote).join(delimiter));
          const text = (bom ? '\uFEFF' : '') + [names.join(delimiter), ...body].map((record, i) => record + newlines[i]).join('');
          const { table } = await readTable(utf8(text), delimiter === '\t' ? 'p.tsv' : 'p.csv');
          assert.deepEqual(table.columnNames(), names);
          assert.equal(table.numRows(), rows.length);
          for (let c = 0; c < width; c++) {
            const expected = expectedColumn(rows.map((row) => row[c]), delimiter !== ',');
            assert.deepEqual(Array.from(table.array(`c${c}`) as ArrayLike<unknown>), expected, `column c${c}`);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

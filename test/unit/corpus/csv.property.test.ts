/**
 * The CSV reader against tables written every way a writer may write them: any delimiter,
 * CRLF or LF, a BOM or not, text with delimiters, quotes, line breaks and any Unicode, empty
 * cells, numbers in '.' or (in semicolon files) ',' decimals. What is written is what is read;
 * one stray word in a numeric column keeps the whole column as text, and the schema layer
 * then names that word's row and column (never a NaN in its place).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { InputError } from '../../../src/model/errors';
import { readTable } from '../../../src/model/read/index';
import { numericColumn } from '../../../src/model/schema/values';
import { utf8 } from './run';

const NEEDS_QUOTES = /[,;\t|"\r\n]/;
const quote = (field: string) => (NEEDS_QUOTES.test(field) || field.trim() !== field ? `"${field.replace(/"/g, '""')}"` : field);

/** Text that no reader takes for a number: it always holds a letter (Object.prototype's names too). */
const word = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'NaNa', 'Infinityx') },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.string({ unit: 'grapheme', maxLength: 6 }),
        fc.constantFrom('a', 'Z', 'é', '株', 'x y', 'n/a'),
        fc.string({ unit: fc.constantFrom(',', ';', '\t', '|', '"', '\n', '\r\n', ' ', '1', '.'), maxLength: 4 }),
      )
      .map(([a, letter, b]) => a + letter + b),
  },
);
const textCell = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: fc.constant('') });
/** Doubles whose shortest text reads back exactly (every double's does). */
const number = fc
  .oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), fc.integer({ min: -1_000_000, max: 1_000_000 }))
  .map((v) => (Object.is(v, -0) ? 0 : v));
const numberCell = fc.option(number, { nil: null, freq: 6 });

interface Table {
  text: (string | null)[][];
  numbers: (number | null)[][];
}

const table = fc.record({
  textColumns: fc.integer({ min: 1, max: 3 }),
  numberColumns: fc.integer({ min: 1, max: 3 }),
  rows: fc.integer({ min: 1, max: 20 }),
}).chain(({ textColumns, numberColumns, rows }) =>
  fc.record({
    // Each text column has at least one word, so it is text whatever the other cells are.
    text: fc.array(fc.tuple(word, fc.array(textCell, { minLength: rows - 1, maxLength: rows - 1 }), fc.nat(rows - 1)).map(([w, rest, at]) => {
      const column: (string | null)[] = rest.map((t) => (t === '' ? null : t));
      column.splice(at, 0, w);
      return column;
    }), { minLength: textColumns, maxLength: textColumns }),
    numbers: fc.array(fc.array(numberCell, { minLength: rows, maxLength: rows }), { minLength: numberColumns, maxLength: numberColumns }),
  }),
);
const dialect = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  newline: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  decimalComma: fc.boolean(),
});

type Dialect = { delimiter: string; newline: string; bom: boolean; finalNewline: boolean; decimalComma: boolean };

function write(t: Table, d: Dialect, stray?: { column: number; row: number; word: string }): string {
  const names = ['id', ...t.text.map((_, i) => `t${i}`), ...t.numbers.map((_, i) => `n${i}`)];
  const commaDecimals = d.decimalComma && d.delimiter === ';';
  const rows = t.numbers[0].map((_, r) => {
    const cells = [`r${r}`];
    for (const column of t.text) cells.push(quote(column[r] ?? ''));
    t.numbers.forEach((column, c) => {
      if (stray && stray.column === c && stray.row === r) cells.push(quote(stray.word));
      else {
        const v = column[r];
        cells.push(v === null ? '' : commaDecimals ? String(v).replace('.', ',') : String(v));
      }
    });
    return cells.join(d.delimiter);
  });
  return (d.bom ? '\uFEFF' : '') + [names.join(d.delimiter), ...rows].join(d.newline) + (d.finalNewline ? d.newline : '');
}

describe('corpus: CSV reader (property)', function () {
  this.timeout(10_000);

  it('reads back every value as written: text as text, numbers as the same numbers, empty cells as missing', async () => {
    await fc.assert(
      fc.asyncProperty(table, dialect, async (t, d) => {
        const { table: read } = await readTable(utf8(write(t, d)), d.delimiter === '\t' ? 'p.tsv' : 'p.csv');
        assert.equal(read.numRows(), t.numbers[0].length);
        t.text.forEach((column, c) => assert.deepEqual(Array.from(read.array(`t${c}`) as ArrayLike<unknown>), column, `t${c}`));
        t.numbers.forEach((column, c) => {
          const values = Array.from(read.array(`n${c}`) as ArrayLike<unknown>);
          const present = column.filter((v) => v !== null);
          // A column with no number in it has nothing to be typed by: all missing.
          const expected = present.length === 0 ? column : column.map((v) => (v === null ? NaN : v));
          assert.deepEqual(values, expected, `n${c}`);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a numeric column as text when one value is a stray word, and the schema names its row and column', async () => {
    await fc.assert(
      fc.asyncProperty(
        table.chain((t) => fc.record({ t: fc.constant(t), column: fc.nat(t.numbers.length - 1), row: fc.nat(t.numbers[0].length - 1), word })),
        dialect,
        async ({ t, column, row, word: stray }, d) => {
          const { table: read } = await readTable(utf8(write(t, d, { column, row, word: stray })), d.delimiter === '\t' ? 'p.tsv' : 'p.csv');
          const values = Array.from(read.array(`n${column}`) as ArrayLike<unknown>);
          assert.equal(values[row], stray);
          assert.ok(values.every((v) => v === null || typeof v === 'string'), 'the column is text');
          assert.throws(
            () => numericColumn(values, 'p.csv', `n${column}`),
            (e: unknown) => e instanceof InputError && e.row === row + 1 && e.column === `n${column}` && e.message.startsWith(`p.csv, row ${row + 1}, column 'n${column}': `),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws anything but an InputError on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: fc.constantFrom('a', '1', ',', ';', '"', '\n', '\r', '\t', ' ', '.', 'é'), maxLength: 80 }).map(utf8)), async (bytes) => {
        try {
          await readTable(bytes, 'random.csv');
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          assert.ok(error.message.startsWith('random.csv'), error.message);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

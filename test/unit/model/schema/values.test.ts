import { strict as assert } from 'node:assert';
import { dateColumn, normalizeDate, numericColumn } from '../../../../src/model/schema/values';

describe('normalizeDate', () => {
  const cases: [unknown, string | null][] = [
    ['2024-01-31', '2024-01-31'],
    ['2024-01-31T00:00:00Z', '2024-01-31'],
    ['2024-01-31 16:00', '2024-01-31'],
    ['2024/1/31', '2024-01-31'],
    [20240131, '2024-01-31'],
    ['20240131', '2024-01-31'],
    [new Date(Date.UTC(2024, 1, 29)), '2024-02-29'],
    ['2023-02-29', null],
    ['31/01/2024', null],
    [2024.5, null],
    ['', null],
    [null, null],
  ];
  for (const [input, expected] of cases) {
    it(`${String(input)} -> ${expected}`, () => assert.equal(normalizeDate(input), expected));
  }

  it('names the row and column of a value that is not a date', () => {
    assert.throws(() => dateColumn(['2024-01-31', '2024-13-01'], 'c.csv', 'asof'), {
      message: "c.csv, row 2, column 'asof': '2024-13-01' is not a date. Write dates as yyyy-mm-dd (or yyyymmdd).",
    });
  });
});

describe('numericColumn', () => {
  it('keeps numbers, reads numeric text, and treats empty as missing', () => {
    assert.deepEqual([...numericColumn([1, '2.5', '', null, ' 3 '], 'f.csv', 'w')], [1, 2.5, NaN, NaN, 3]);
  });

  it('never turns text into NaN silently', () => {
    assert.throws(() => numericColumn([0.1, 'n/a'], 'weights.csv', 'weight'), {
      message: "weights.csv, row 2, column 'weight': 'n/a' is not a number. Write numbers with '.' as the decimal point and leave missing values empty.",
    });
  });
});

/**
 * Numbers in a CSV file too large to read whole are read by DuckDB (src/sql/csvQueries.ts):
 * every spelling must read as the model's own readers read it, value for value, and a
 * column's type must be the one the model's CSV reader gives it.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyCsvAsParquet, numericCsvColumns, readCsvLayout } from '../../../src/duckdb/csvFiles';
import { parseNumberText } from '../../../src/model/read/csv';
import { numberFromText } from '../../../src/model/schema/values';
import { sharedConnection } from '../duckdb/testSource';

/** Spellings a model's output has, and the ones DuckDB's cast reads differently from the model. */
const SPELLINGS = [
  '1', '-2', '+3', '0.5', '.5', '5.', '-.5', '+.5', '1e5', '1E-5', '1.5e+3', '1.e3', '00.5', '007', '-0', '0',
  ' 1.25 ', '\t2\t', '12345678901234567890', '9007199254740993', '1e400', '5e-400',
  'NaN', 'nan', 'NAN', 'inf', '-inf', '+inf', 'Inf', 'INFINITY', '-Infinity', '+infinity',
  '+nan', '-nan', 'nan(1)', '1_000', '_1', '+-1', '-+1', '--1', '++1', '1e', 'e5', '.', '+', '-', '1.2.3', '0x10', '1d', '1f',
  '1,5', ',5', '1 2', 'n/a', 'NA', 'null', 'true', '١٢', '∞', '1e5.5', '1ee5', '.e3',
];

describe('sql/csv numbers: DuckDB reads every spelling as the model does', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-csv-numbers-'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A one-row CSV file with a column per spelling (quoted: commas and tabs stay in the value). */
  function oneRow(name: string, values: readonly string[]): string {
    const path = join(dir, name);
    const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
    writeFileSync(path, `${values.map((_, i) => `v${i}`).join(',')}\n${values.map(quoted).join(',')}\n`);
    return path;
  }

  it('types a column a number exactly where the model reader does (leading zeros and 64-bit integers are text)', async () => {
    const db = await sharedConnection();
    const path = oneRow('types.csv', SPELLINGS);
    const { layout } = readCsvLayout(path, 'types.csv');
    const numeric = await numericCsvColumns(db, path, 'types.csv', layout);
    const got = SPELLINGS.filter((_, i) => numeric.has(`v${i}`));
    const expected = SPELLINGS.filter((v) => parseNumberText(v, false) !== undefined);
    assert.deepEqual(got, expected);
  });

  it('reads each number as numberFromText does, and refuses each value it refuses', async () => {
    const db = await sharedConnection();
    const numbers = SPELLINGS.filter((v) => numberFromText(v) !== undefined);
    const path = oneRow('numbers.csv', numbers);
    const { layout } = readCsvLayout(path, 'numbers.csv');
    const target = join(dir, 'numbers.parquet');
    await copyCsvAsParquet(db, path, 'numbers.csv', layout, new Set(layout.names), target);
    const result = await db.query(`SELECT * FROM read_parquet('${target}')`);
    numbers.forEach((v, i) => {
      const read = (result.columns[i] as Float64Array)[0];
      assert.ok(Object.is(read, numberFromText(v)) || (Number.isNaN(read) && Number.isNaN(numberFromText(v) as number)), `'${v}': ${read}`);
    });
    for (const v of SPELLINGS.filter((s) => numberFromText(s) === undefined)) {
      const bad = oneRow('bad.csv', ['0.5', v]);
      const badLayout = readCsvLayout(bad, 'bad.csv').layout;
      await assert.rejects(copyCsvAsParquet(db, bad, 'bad.csv', badLayout, new Set(['v0', 'v1']), join(dir, 'bad.parquet')), (error: Error & { row?: number; column?: string }) => {
        return error.row === 1 && error.column === 'v1' && error.message.startsWith("bad.csv, row 1, column 'v1'");
      }, `'${v}' is refused`);
    }
  });
});

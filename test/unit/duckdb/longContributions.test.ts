/**
 * Long contributions pivoted by DuckDB against the same rows pivoted by the model layer's own
 * long reader (the CSV path): two independent implementations must give the same run.
 */
import assert from 'node:assert/strict';
import { dateDay, float64, utf8 as utf8Type } from '@uwdata/flechette';
import { InputError } from '../../../src/model/errors';
import { loadRun, type RunFile } from '../../../src/model/run/loadRun';
import { readTable } from '../../../src/model/read/index';
import { NO_FILTERS } from '../../../src/model/types';
import { initParquetForTests, parquetBytes } from '../read/fixtures';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import { duckdbSource, sharedConnection } from './testSource';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A long file: 3 dates x 4 stocks x 3 features, rows shuffled, a few cells missing. */
function longRows() {
  const rows: { date: string; stock: string; feature: string; contribution: number; value: number; base: number; score: number; sector: string }[] = [];
  const dates = ['2024-03-29', '2024-01-31', '2024-02-29'];
  const stocks = ['ZZZ', 'AAA', '00123', 'MMM'];
  const features = ['momentum', 'ep_fy1', 'roe'];
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
  for (const date of dates)
    for (const stock of stocks)
      for (const feature of features) {
        if (stock === 'MMM' && feature === 'roe' && date === '2024-01-31') continue; // a missing cell
        rows.push({ date, stock, feature, contribution: rand() / 10, value: rand() * 3, base: 0.01, score: 0, sector: stock === 'AAA' ? 'Energy' : 'Financials' });
      }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor((rand() + 0.5) * (i + 1)) % (i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

type Row = ReturnType<typeof longRows>[number];

function asParquet(rows: Row[]): Uint8Array {
  return parquetBytes(
    {
      date: rows.map((r) => day(r.date)),
      stock: rows.map((r) => r.stock),
      feature: rows.map((r) => r.feature),
      contribution: Float64Array.from(rows, (r) => r.contribution),
      feature_value: Float64Array.from(rows, (r) => r.value),
      base_value: Float64Array.from(rows, (r) => r.base),
      sector: rows.map((r) => r.sector),
    },
    { date: dateDay(), stock: utf8Type(), feature: utf8Type(), contribution: float64(), feature_value: float64(), base_value: float64(), sector: utf8Type() },
    'zstd',
  );
}

function asCsv(rows: Row[]): Uint8Array {
  const lines = ['date,stock,feature,contribution,feature_value,base_value,sector', ...rows.map((r) => `${r.date},${r.stock},${r.feature},${r.contribution},${r.value},${r.base},${r.sector}`)];
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

async function load(file: RunFile, viaDuckDb: boolean, cellsPerQuery?: number) {
  const source = cellsPerQuery === undefined ? await duckdbSource() : new DuckDbTableSource(await sharedConnection(), { cellsPerQuery });
  const request = { source: 'run', manifest: null, manifestDiagnostics: [], files: [file] };
  return viaDuckDb ? loadRun(request, source) : loadRun(request, readTable);
}

describe('duckdb/long contributions', () => {
  before(initParquetForTests);

  it('pivots like the model layer does: same keys, features, cells, raw values, base values and metadata', async () => {
    const rows = longRows();
    const viaSql = await load({ role: 'contributions', name: 'long.parquet', bytes: asParquet(rows) }, true);
    const viaJs = await load({ role: 'contributions', name: 'long.csv', bytes: asCsv(rows) }, false);
    const a = viaSql.summary();
    const b = viaJs.summary();
    assert.deepEqual(a.dates, ['2024-01-31', '2024-02-29', '2024-03-29']);
    assert.deepEqual(a.dates, b.dates);
    assert.deepEqual(a.features, b.features, 'features in order of first appearance');
    assert.deepEqual(a.sectors, b.sectors);
    assert.equal(a.contributionCount, b.contributionCount);
    assert.equal(a.hasFeatureValues, true);
    for (const date of a.dates) {
      assert.deepEqual(viaSql.stocks(date, NO_FILTERS), viaJs.stocks(date, NO_FILTERS), date);
      for (const stock of ['ZZZ', 'AAA', '00123', 'MMM']) assert.deepEqual(viaSql.stock(date, stock, NO_FILTERS), viaJs.stock(date, stock, NO_FILTERS), `${date} ${stock}`);
    }
    // Independently of either reader: one cell from the raw rows.
    const cell = rows.find((r) => r.date === '2024-02-29' && r.stock === '00123' && r.feature === 'roe') as Row;
    const detail = viaSql.stock('2024-02-29', '00123', NO_FILTERS);
    assert.equal(detail.contributions.find((c) => c.feature === 'roe')?.contribution, cell.contribution);
    assert.equal(detail.contributions.find((c) => c.feature === 'roe')?.value, cell.value);
    assert.equal(detail.sector, 'Financials');
  });

  it('gives the same run when the cells come in several queries of a few features each', async () => {
    const rows = longRows();
    const bytes = asParquet(rows);
    const whole = await load({ role: 'contributions', name: 'long.parquet', bytes }, true);
    // 12 keys x 3 features: 12 cells per query is one feature per query.
    for (const cellsPerQuery of [12, 24]) {
      const split = await load({ role: 'contributions', name: 'long.parquet', bytes }, true, cellsPerQuery);
      assert.deepEqual(split.summary().features, whole.summary().features);
      for (const date of whole.summary().dates) {
        for (const stock of ['ZZZ', 'AAA', '00123', 'MMM']) assert.deepEqual(split.stock(date, stock, NO_FILTERS), whole.stock(date, stock, NO_FILTERS), `${cellsPerQuery}: ${date} ${stock}`);
      }
    }
  });

  for (const cellsPerQuery of [undefined, 12]) {
    it(`keeps the first of a repeated cell and says how many repeat, naming the first repeat${cellsPerQuery ? ' (one feature per query)' : ''}`, async () => {
      const rows = longRows();
      const first = rows[3];
      const repeat = { ...first, contribution: 99 };
      const withRepeats = [...rows.slice(0, 10), repeat, ...rows.slice(10), { ...first, contribution: 98 }];
      const run = await load({ role: 'contributions', name: 'long.parquet', bytes: asParquet(withRepeats) }, true, cellsPerQuery);
      const detail = run.stock(first.date, first.stock, NO_FILTERS);
      assert.equal(detail.contributions.find((c) => c.feature === first.feature)?.contribution, first.contribution);
      const duplicate = run.summary().diagnostics.find((d) => d.code === 'duplicate-keys');
      assert.ok(duplicate, 'a duplicate-keys warning');
      assert.equal(duplicate.count, 2);
      assert.equal(duplicate.example, 'row 11');
    });
  }

  it('refuses a blank feature name, naming the row', async () => {
    const rows = longRows();
    rows[5] = { ...rows[5], feature: ' ' };
    await assert.rejects(load({ role: 'contributions', name: 'long.parquet', bytes: asParquet(rows) }, true), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.row, 6);
      assert.equal(error.column, 'feature');
      assert.match(error.message, /^long\.parquet/);
      return true;
    });
  });

  it('refuses a corrupt data page that decodes without an error, by the footer\'s statistics', async () => {
    const x = new Float64Array(20_000).map((_, i) => Math.sin(i));
    const bytes = parquetBytes({ stock: Array.from(x, (_, i) => `S${i % 50}`), feature: Array.from(x, (_, i) => `f${Math.floor(i / 50)}`), contribution: x }, { stock: utf8Type(), feature: utf8Type(), contribution: float64() }, 'zstd');
    const corrupt = bytes.slice();
    // Flip bytes in the middle of the file, away from the header and the footer.
    for (let i = Math.floor(corrupt.length / 2); i < corrupt.length / 2 + 2000; i += 7) corrupt[i] ^= 0x5a;
    await assert.rejects(load({ role: 'contributions', name: 'long.parquet', bytes: corrupt }, true), /long\.parquet: the Parquet file cannot be decoded/);
  });
});

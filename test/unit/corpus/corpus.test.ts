/**
 * "Never breaks, never lies": one broken input per case, through the whole load path
 * (readTable + loadRun on real bytes), asserting exactly what the user sees. A run that
 * cannot be read is one InputError naming the file, the row or column where known, and the
 * fix; a run that can be read loads, and each problem is a diagnostic with a count and an
 * example. The well-formed run every case starts from is test/fixtures/corpus/.
 */
import { strict as assert } from 'node:assert';
import { arrowBytes, initParquetForTests, parquetBytes } from '../read/fixtures';
import { InputError } from '../../../src/model/errors';
import { parseManifest } from '../../../src/model/manifest';
import { messages } from '../../../src/model/messages';
import { readBytes as readTable } from '../duckdb/testSource';
import { NO_FILTERS } from '../../../src/model/types';
import { assertFiniteViews, baseRun, corpusText, diagnostic, load, problems, refusal } from './run';

const CONTRIBUTIONS = corpusText('contributions.csv');
const WEIGHTS = corpusText('weights.csv');
const D1 = '2024-01-31';
const D2 = '2024-02-29';

/** The base text with one line's (1-based, header = 0) content replaced. */
function withLine(text: string, row: number, line: string): string {
  const lines = text.split('\n');
  lines[row] = line;
  return lines.join('\n');
}

const contributions = (bytes: Uint8Array | string, name = 'contributions.csv') => baseRun({ contributions: { name, bytes } });
const weights = (bytes: Uint8Array | string, name = 'weights.csv') => baseRun({ weights: { name, bytes } });

/** The weight the Stocks tab shows for a stock on a date. */
function shownWeight(engine: Awaited<ReturnType<typeof load>>['engine'], date: string, stock: string): number | undefined {
  return engine.stocks(date, NO_FILTERS).rows.find((r) => r.stock === stock)?.weight;
}

describe('corpus: the base run', () => {
  it('loads cleanly: two dates, three stocks, no problems', async () => {
    const { engine, diagnostics } = await load(baseRun());
    assert.deepEqual(engine.summary().dates, [D1, D2]);
    assert.deepEqual(problems(diagnostics).filter((p) => !p.startsWith('missing-')), []);
    assert.equal(shownWeight(engine, D1, 'A'), 0.5);
    assertFiniteViews(engine, D1);
  });
});

describe('corpus: runs that cannot be read (one InputError: file, row/column, fix)', function () {
  this.timeout(20_000);
  before(() => initParquetForTests());

  it('an empty file', async () => {
    assert.deepEqual(await refusal(contributions('')), {
      message: 'contributions.csv: the file is empty. Re-export the table from the model run, or point the manifest at the right file.',
      file: 'contributions.csv',
    });
  });

  it('a file of blank lines', async () => {
    assert.deepEqual(await refusal(weights('\r\n  \n\n')), {
      message: 'weights.csv: the file is empty. Re-export the table from the model run, or point the manifest at the right file.',
      file: 'weights.csv',
    });
  });

  it('a header without rows', async () => {
    assert.deepEqual(await refusal(weights('date,stock,weight\n')), {
      message: 'weights.csv: the file has a header (3 columns) but no data rows. Re-export the table with its rows, or check that the model run finished writing it.',
      file: 'weights.csv',
    });
  });

  it('a truncated Parquet file', async () => {
    const bytes = parquetBytes({ date: [D1], stock: ['A'], weight: [1] });
    assert.deepEqual(await refusal(weights(bytes.slice(0, bytes.length - 20), 'weights.parquet')), {
      message: 'weights.parquet: the Parquet file is truncated (it does not end with the Parquet footer). Re-run the export and make sure the writer closed the file before it was copied.',
      file: 'weights.parquet',
    });
  });

  it('a truncated Arrow (Feather v2) file', async () => {
    const bytes = arrowBytes({ date: [D1], stock: ['A'], weight: [1] });
    assert.deepEqual(await refusal(weights(bytes.slice(0, bytes.length >> 1), 'weights.arrow')), {
      message: 'weights.arrow: the Arrow IPC data cannot be decoded: the file is truncated (it does not end with the ARROW1 footer). Re-run the export and make sure the writer closed the file before it was copied.',
      file: 'weights.arrow',
    });
  });

  it('a truncated Arrow IPC stream', async () => {
    const bytes = arrowBytes({ date: [D1], stock: ['A'], weight: [1] }, {}, 'stream');
    const r = await refusal(weights(bytes.slice(0, bytes.length - 10), 'weights.arrows'));
    assert.equal(r.file, 'weights.arrows');
    assert.match(r.message, /^weights\.arrows: the Arrow IPC data cannot be decoded \(Expected to read \d+ bytes for message body, but only read \d+\.\); the file may be truncated or corrupt\. Re-export it/);
  });

  it('a corrupt Parquet file (bytes flipped inside a data page)', async () => {
    const bytes = parquetBytes({ date: [D1, D1, D1], stock: ['A', 'B', 'C'], weight: [0.5, 0.3, 0.2] }, {}, 'snappy');
    // Flip the first bytes of the first data page, after the 4-byte magic and its page header.
    const broken = bytes.slice();
    for (let i = 60; i < 80; i++) broken[i] ^= 0xff;
    const r = await refusal(weights(broken, 'weights.parquet'));
    assert.equal(r.file, 'weights.parquet');
    assert.match(r.message, /^weights\.parquet: the Parquet file cannot be decoded \([^)\n]+\)\. Re-export it; if it came from an unusual writer, try pyarrow or DuckDB\.$/);
    // The WebAssembly reader survives a panic on bad data: the next file reads.
    assert.equal((await readTable(bytes, 'weights.parquet')).table.numRows(), 3);
  });

  it('text posing as Parquet', async () => {
    assert.deepEqual(await refusal(weights(WEIGHTS, 'weights.parquet')), {
      message: 'weights.parquet: expected Parquet but the content looks like text (CSV or TSV); rename it to .csv (or open it as CSV/TSV), or re-export it as Parquet.',
      file: 'weights.parquet',
    });
  });

  it('binary garbage posing as CSV', async () => {
    const garbage = new Uint8Array(2048);
    let seed = 7;
    for (let i = 0; i < garbage.length; i++) garbage[i] = seed = (seed * 1103515245 + 12345) & 0xff;
    assert.deepEqual(await refusal(contributions(garbage)), {
      message: 'contributions.csv: expected CSV/TSV but the content looks like binary data; re-export it as CSV/TSV, or check that it is the file you meant.',
      file: 'contributions.csv',
    });
  });

  describe('a missing required column, for each role', () => {
    const fix = (file: string, role: string, column: string, aliases: string) =>
      `${file}: no '${column}' column (looked for ${aliases}). Rename the column, or map it in the manifest: "columns": {"${role}": {"${column}": "<your column>"}}.`;

    it('contributions without stock', async () => {
      const text = CONTRIBUTIONS.replace('date,stock,', 'date,name,');
      assert.deepEqual(await refusal(contributions(text)), {
        message: fix('contributions.csv', 'contributions', 'stock', 'stock, ticker, symbol, asset, security_id, id'),
        file: 'contributions.csv',
        column: 'stock',
      });
    });

    it('long contributions without contribution', async () => {
      const text = 'date,stock,feature,shapley\n2024-01-31,A,ep,0.1\n';
      assert.deepEqual(await refusal(contributions(text)), {
        message:
          "contributions.csv: has a 'feature' column but no 'contribution' column. Long contributions need both (date, stock, feature, contribution); wide contributions need one numeric column per feature instead.",
        file: 'contributions.csv',
        column: 'feature',
      });
    });

    it('wide contributions without a single numeric feature column', async () => {
      const text = 'date,stock,sector\n2024-01-31,A,Tech\n';
      assert.deepEqual(await refusal(contributions(text)), {
        message:
          "contributions.csv: found no feature columns. Wide contributions need one numeric column per feature besides date and stock; long contributions need 'feature' and 'contribution' columns.",
        file: 'contributions.csv',
      });
    });

    it('weights without weight', async () => {
      assert.deepEqual(await refusal(weights(WEIGHTS.replace(',weight,', ',wgt,'))), {
        message: fix('weights.csv', 'weights', 'weight', 'weight, port_weight, portfolio_weight'),
        file: 'weights.csv',
        column: 'weight',
      });
    });

    it('weights without stock', async () => {
      assert.deepEqual(await refusal(weights(WEIGHTS.replace(',stock,', ',holding,'))), {
        message: fix('weights.csv', 'weights', 'stock', 'stock, ticker, symbol, asset, security_id, id'),
        file: 'weights.csv',
        column: 'stock',
      });
    });

    it('securities without stock', async () => {
      const files = baseRun({ securities: { name: 'securities.csv', bytes: 'company,sector\nAlpha,Tech\n' } });
      assert.deepEqual(await refusal(files), {
        message: fix('securities.csv', 'securities', 'stock', 'stock, ticker, symbol, asset, security_id, id'),
        file: 'securities.csv',
        column: 'stock',
      });
    });

    it('a factor table without factor', async () => {
      const files = baseRun({ factors: { name: 'factors.csv', bytes: 'feature,bucket\nvalue__ep,value\n' } });
      assert.deepEqual(await refusal(files), {
        message: fix('factors.csv', 'factors', 'factor', 'factor, group, style'),
        file: 'factors.csv',
        column: 'factor',
      });
    });

    it('returns without a forward return', async () => {
      const files = baseRun({ returns: { name: 'returns.csv', bytes: 'date,stock,perf\n2024-01-31,A,0.01\n' } });
      assert.deepEqual(await refusal(files), {
        message: fix('returns.csv', 'returns', 'return', 'return, fwd_return, forward_return, fwd_ret, ret'),
        file: 'returns.csv',
        column: 'return',
      });
    });
  });

  describe('a non-number where a number belongs (row and column named, never NaN)', () => {
    it('in the weights', async () => {
      assert.deepEqual(await refusal(weights(withLine(WEIGHTS, 3, '2024-01-31,C,n/a,0.3'))), {
        message: "weights.csv, row 3, column 'weight': 'n/a' is not a number. Write numbers with '.' as the decimal point and leave missing values empty.",
        file: 'weights.csv',
        row: 3,
        column: 'weight',
      });
    });

    it('in the weights, after NaN and a decimal comma that are numbers (the stray word is the one named)', async () => {
      const text = 'date;stock;weight\n2024-01-31;A;0,5\n2024-01-31;B;NaN\n2024-01-31;C;0.2 %\n';
      assert.deepEqual(await refusal(weights(text)), {
        message: "weights.csv, row 3, column 'weight': '0.2 %' is not a number. Write numbers with '.' as the decimal point and leave missing values empty.",
        file: 'weights.csv',
        row: 3,
        column: 'weight',
      });
    });

    it('in a long contribution column', async () => {
      const text = 'date,stock,feature,contribution\n2024-01-31,A,ep,0.1\n2024-01-31,A,bp,#DIV/0!\n';
      assert.deepEqual(await refusal(contributions(text)), {
        message: "contributions.csv, row 2, column 'contribution': '#DIV/0!' is not a number. Write numbers with '.' as the decimal point and leave missing values empty.",
        file: 'contributions.csv',
        row: 2,
        column: 'contribution',
      });
    });

    it('a feature column with one stray word', async () => {
      const text = withLine(withLine(CONTRIBUTIONS, 2, '2024-01-31,B,0.01,0.00,NaN,0.00,0.00'), 5, '2024-02-29,B,0.01,0.01,oops,0.00,0.00');
      assert.deepEqual(await refusal(contributions(text)), {
        message: "contributions.csv, row 5, column 'value__ep': 'oops' is not a number, but the other values of this feature column are. Fix the value or leave it empty.",
        file: 'contributions.csv',
        row: 5,
        column: 'value__ep',
      });
    });
  });

  it('an unparseable date (row named)', async () => {
    assert.deepEqual(await refusal(weights(withLine(WEIGHTS, 4, '29/02/2024,A,0.4,0.4'))), {
      message: "weights.csv, row 4, column 'date': '29/02/2024' is not a date. Write dates as yyyy-mm-dd (or yyyymmdd).",
      file: 'weights.csv',
      row: 4,
      column: 'date',
    });
  });

  it('an empty stock id in a column of numeric ids (never the id "NaN")', async () => {
    const text = 'date,stock,weight\n2024-01-31,1001,0.5\n2024-01-31,,0.3\n2024-01-31,1003,0.2\n';
    assert.deepEqual(await refusal(weights(text)), {
      message: "weights.csv, row 2, column 'stock': the stock id is empty. Every row needs a stock id.",
      file: 'weights.csv',
      row: 2,
      column: 'stock',
    });
  });

  it('an empty date in a column of yyyymmdd numbers (never the date "NaN")', async () => {
    const text = 'date,stock,weight\n20240131,A,0.5\n,B,0.3\n20240131,C,0.2\n';
    assert.deepEqual(await refusal(weights(text)), {
      message: "weights.csv, row 2, column 'date': the date is empty. Every row needs a date (yyyy-mm-dd), or drop the date column for a single snapshot.",
      file: 'weights.csv',
      row: 2,
      column: 'date',
    });
  });

  it('a JSON table with a syntax error (line and column)', async () => {
    const text = '[\n  {"date": "2024-01-31", "stock": "A", "weight": 0.5},\n  {"date": "2024-01-31", "stock": "B", "weight": .5}\n]';
    assert.deepEqual(await refusal(weights(text, 'weights.json')), {
      message: "weights.json, line 3, column 50: not valid JSON (expected a value, found '.'). Fix the syntax, or export the table as CSV or Parquet.",
      file: 'weights.json',
      row: 3,
    });
  });

  describe('an invalid manifest (line and column)', () => {
    const parse = (text: string) => {
      try {
        parseManifest(text, 'run.glassbox.json');
      } catch (error) {
        assert.ok(error instanceof InputError);
        return { message: error.message, file: error.file, row: error.row };
      }
      assert.fail('parsed');
    };

    it('a trailing comma', () => {
      assert.deepEqual(parse('{\n  "contributions": "c.csv",\n}'), {
        message: 'run.glassbox.json, line 3, column 1: not valid JSON (expected a double-quoted property name, found \'}\'; a trailing comma?). Fix the manifest\'s syntax.',
        file: 'run.glassbox.json',
        row: 3,
      });
    });

    it('an unquoted path (V8 gives no position for this one)', () => {
      assert.deepEqual(parse('{\n  "name": "v7",\n  "contributions": out/c.csv\n}'), {
        message: "run.glassbox.json, line 3, column 20: not valid JSON (expected a value, found 'o'). Fix the manifest's syntax.",
        file: 'run.glassbox.json',
        row: 3,
      });
    });

    it('a text cut short', () => {
      assert.deepEqual(parse('{\n  "contributions": "c.csv"'), {
        message: "run.glassbox.json, line 2, column 27: not valid JSON (the text ends before the object is closed; expected ',' or '}'). Fix the manifest's syntax.",
        file: 'run.glassbox.json',
        row: 2,
      });
    });
  });

  describe('a manifest naming a missing file', () => {
    it('the host\'s message names the manifest, the field, the path and the fix', () => {
      assert.equal(
        messages.fileNotFound('run.glassbox.json', 'weights', 'out/weights.csv'),
        'run.glassbox.json: "weights" names out/weights.csv, which does not exist. Fix the path (it is relative to the manifest).',
      );
    });

    it('reaches the user unchanged through loadRun', async () => {
      const message = messages.fileNotFound('run.glassbox.json', 'weights', 'weights.csv');
      const hostReader = async (bytes: Uint8Array, name: string) => {
        if (name === 'weights.csv') throw new InputError(message, 'run.glassbox.json');
        return readTable(bytes, name);
      };
      assert.deepEqual(await refusal(baseRun(), hostReader), { message, file: 'run.glassbox.json' });
    });
  });
});

describe('corpus: runs that load with problems (each a diagnostic with count and example)', function () {
  this.timeout(20_000);

  it('NaN and Infinity in wide contributions: counted, treated as 0', async () => {
    const text = withLine(withLine(CONTRIBUTIONS, 2, '2024-01-31,B,0.01,0.00,NaN,0.00,0.00'), 3, '2024-01-31,C,0.01,0.02,0.00,inf,0.00');
    const { engine, diagnostics } = await load(contributions(text));
    const d = diagnostic(diagnostics, 'non-finite-contribution');
    assert.equal(d.message, 'contributions.csv: 2 contributions are NaN or infinite (e.g. 2024-01-31, B, value__ep); treated as missing (0) in every sum. Fix the model\'s output.');
    assert.deepEqual([d.count, d.example], [2, '2024-01-31, B, value__ep']);
    const c = engine.stock(D1, 'C', NO_FILTERS).contributions.find((x) => x.feature === 'value__bp');
    assert.equal(c?.contribution, 0);
    assertFiniteViews(engine, D1);
  });

  it('a score of Infinity and an empty base value: counted, shown as missing', async () => {
    const text = withLine(withLine(CONTRIBUTIONS, 1, '2024-01-31,A,0.01,inf,0.01,0.01,0.01'), 2, '2024-01-31,B,,0.00,-0.01,0.00,0.00');
    const { engine, diagnostics } = await load(contributions(text));
    const d = diagnostic(diagnostics, 'non-finite-score');
    assert.equal(d.message, "contributions.csv: 2 rows have a score or base value that is missing, NaN or infinite (e.g. 2024-01-31, A); such a score is shown as missing (and left out of rankings), such a base value as 0. Fix the model's output.");
    assert.deepEqual([d.count, d.example], [2, '2024-01-31, A']);
    assert.equal(engine.stock(D1, 'A', NO_FILTERS).score, null);
    assertFiniteViews(engine, D1);
  });

  it('NaN and Infinity in long contributions: counted, treated as 0', async () => {
    const text = 'date,stock,feature,contribution\n2024-01-31,A,ep,0.1\n2024-01-31,A,bp,-Infinity\n2024-01-31,B,ep,nan\n2024-01-31,B,bp,0.2\n';
    const { engine, diagnostics } = await load(contributions(text));
    const d = diagnostic(diagnostics, 'non-finite-contribution');
    assert.deepEqual([d.count, d.example], [2, '2024-01-31, A, bp']);
    assertFiniteViews(engine, D1);
  });

  it('NaN and Infinity in the weights: counted, treated as 0', async () => {
    // Row 3 has neither weight (a NaN and an empty cell); a missing portfolio weight beside a
    // benchmark weight is a benchmark-only name, not a problem, so it is not counted.
    const text = withLine(withLine(withLine(WEIGHTS, 3, '2024-01-31,C,NaN,'), 6, '2024-02-29,C,inf,0.3'), 5, '2024-02-29,B,,0.3');
    const { engine, diagnostics } = await load(weights(text));
    const d = diagnostic(diagnostics, 'non-finite-weight');
    assert.equal(d.message, "weights.csv: 2 portfolio weights are missing, NaN or infinite (e.g. 2024-01-31, C (row 3)); treated as 0 (not held). Fix the model's output.");
    assert.deepEqual([d.count, d.example, d.row, d.column], [2, '2024-01-31, C (row 3)', 3, 'weight']);
    assert.equal(shownWeight(engine, D2, 'C'), 0);
    assertFiniteViews(engine, D1);
    assertFiniteViews(engine, D2);
  });

  it('duplicate (date, stock, feature) rows in long contributions', async () => {
    const text = 'date,stock,feature,contribution\n2024-01-31,A,ep,0.1\n2024-01-31,A,ep,0.3\n2024-01-31,B,ep,0.2\n';
    const { engine, diagnostics } = await load(contributions(text));
    const d = diagnostic(diagnostics, 'duplicate-keys');
    assert.equal(d.message, 'contributions.csv: 1 duplicate (date, stock, feature) row, e.g. 2024-01-31, A, ep (row 2); the first was kept. Make each key unique in the model\'s output.');
    assert.deepEqual([d.count, d.example], [1, '2024-01-31, A, ep (row 2)']);
    assert.equal(engine.stock(D1, 'A', NO_FILTERS).contributions[0].contribution, 0.1);
  });

  it('duplicate (date, stock) rows in wide contributions', async () => {
    const text = `${CONTRIBUTIONS.trimEnd()}\n2024-02-29,C,0.01,0.05,0.01,0.01,0.02\n`;
    const { diagnostics } = await load(contributions(text));
    const d = diagnostic(diagnostics, 'duplicate-keys');
    assert.equal(d.message, 'contributions.csv: 1 duplicate (date, stock) row, e.g. 2024-02-29, C (row 7); the first was kept. Make each key unique in the model\'s output.');
    assert.deepEqual([d.count, d.example], [1, '2024-02-29, C (row 7)']);
  });

  it('duplicate (date, stock) rows in the weights', async () => {
    const text = `${WEIGHTS.trimEnd()}\n2024-01-31,A,0.1,0\n2024-01-31,B,0.1,0\n`;
    const { engine, diagnostics } = await load(weights(text));
    const d = diagnostic(diagnostics, 'duplicate-keys');
    assert.equal(d.message, 'weights.csv: 2 duplicate (date, stock) rows, e.g. 2024-01-31, A (row 7); the first was kept. Make each key unique in the model\'s output.');
    assert.equal(shownWeight(engine, D1, 'A'), 0.5);
  });

  it('stocks held in weights but missing from contributions', async () => {
    const text = `${WEIGHTS.replace('2024-01-31,C,0.2,0.3', '2024-01-31,C,0.1,0.3')}2024-01-31,ZZZ,0.1,0\n`;
    const { engine, diagnostics } = await load(weights(text));
    const d = diagnostic(diagnostics, 'held-without-contributions');
    assert.equal(d.message, 'weights.csv: 1 held position (long or short) has no contributions (e.g. ZZZ on 2024-01-31), 5.0% of the gross weight on average; they count in weights but add nothing to attribution.');
    assert.deepEqual([d.count, d.example], [1, 'ZZZ on 2024-01-31']);
    assert.equal(engine.overview(D1, NO_FILTERS).holdingsWithoutContributions, 1);
  });

  it('stocks with contributions but no weights row (the reverse)', async () => {
    const text = WEIGHTS.split('\n').filter((l) => !l.includes(',C,')).join('\n').replace('2024-01-31,B,0.3', '2024-01-31,B,0.5').replace('2024-02-29,B,0.4', '2024-02-29,B,0.6');
    const { engine, diagnostics } = await load(weights(text));
    const d = diagnostic(diagnostics, 'contributions-without-weights');
    assert.equal(d.severity, 'info');
    assert.equal(d.message, 'weights.csv: 1 stock with contributions has no weights row (e.g. C on 2024-01-31); taken as not held (weight 0).');
    assert.deepEqual([d.count, d.example], [1, 'C on 2024-01-31']);
    assert.equal(shownWeight(engine, D1, 'C'), 0);
  });

  it('a semicolon CSV with decimal commas', async () => {
    const text = WEIGHTS.replace(/,/g, ';').replace(/(\d)\.(\d)/g, '$1,$2');
    const { engine, diagnostics } = await load(weights(text));
    assert.equal(diagnostic(diagnostics, 'decimal-comma').message, "weights.csv: semicolon-delimited with decimal commas ('0,5' read as 0.5).");
    assert.deepEqual(problems(diagnostics).filter((p) => !p.startsWith('missing-')), []);
    assert.equal(shownWeight(engine, D1, 'A'), 0.5);
  });

  it('a BOM and CRLF line endings', async () => {
    const { engine, diagnostics } = await load(weights(`\uFEFF${WEIGHTS.replace(/\n/g, '\r\n')}`));
    assert.deepEqual(problems(diagnostics).filter((p) => !p.startsWith('missing-')), []);
    assert.equal(shownWeight(engine, D2, 'C'), 0.2);
  });

  it('a 5 MB cell reads in bounded time', async function () {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const text = `date,stock,weight,name\n2024-01-31,A,0.5,"${big}"\n2024-01-31,B,0.3,Beta\n2024-01-31,C,0.2,Gamma\n`;
    const started = Date.now();
    const { engine } = await load(weights(text));
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    assert.equal(engine.stocks(D1, NO_FILTERS).rows.find((r) => r.stock === 'A')?.name.length, big.length);
  });

  it('weights that sum to 91.6%', async () => {
    const { diagnostics } = await load(weights(WEIGHTS.replace('2024-01-31,C,0.2,0.3', '2024-01-31,C,0.116,0.3')));
    const d = diagnostic(diagnostics, 'portfolio-weights-sum');
    assert.equal(d.message, 'weights.csv: portfolio weights do not sum to 100% on 1 date, e.g. 91.6% on 2024-01-31 (cash or missing names?).');
    assert.deepEqual([d.count, d.example], [1, D1]);
  });

  it('percent weights', async () => {
    const text = WEIGHTS.replace(/,0\.(\d)(?=,|\n)/g, (_m, d: string) => `,${d}0`);
    const { engine, diagnostics } = await load(weights(text));
    assert.equal(diagnostic(diagnostics, 'percent-weights').message, 'weights.csv: weights read as percentages (they sum to about 100.0 per date) and converted to fractions.');
    assert.equal(engine.summary().weightScale, 'percent');
    assert.equal(shownWeight(engine, D1, 'A'), 0.5);
  });

  it('a cash row', async () => {
    const text = `${WEIGHTS.replace('2024-01-31,C,0.2,0.3', '2024-01-31,C,0.15,0.3')}2024-01-31,CASH,0.05,0\n`;
    const { engine, diagnostics } = await load(weights(text));
    const d = diagnostic(diagnostics, 'held-without-contributions');
    assert.equal(d.example, 'CASH on 2024-01-31');
    assert.equal(shownWeight(engine, D1, 'CASH'), 0.05);
    assert.deepEqual(problems(diagnostics).filter((p) => p.startsWith('portfolio-weights-sum')), []);
  });

  it('negative weights (a long-short book)', async () => {
    const text = 'date,stock,weight\n2024-01-31,A,0.6\n2024-01-31,B,0.4\n2024-01-31,C,-1.0\n2024-02-29,A,1.0\n2024-02-29,B,-0.5\n2024-02-29,C,-0.5\n';
    const { engine, diagnostics } = await load(weights(text));
    const d = diagnostic(diagnostics, 'long-short');
    assert.equal(d.severity, 'info');
    assert.equal(d.message, 'weights.csv: 3 negative weights (short positions, e.g. C on 2024-01-31): read as a long-short book, long side 100.0%, net 0.0% (median per date); the sum-to-100% check is skipped.');
    assert.deepEqual(problems(diagnostics).filter((p) => /weight/.test(p)), []);
    assert.equal(engine.summary().weightScale, 'fraction');
    assert.equal(shownWeight(engine, D1, 'C'), -1);
  });

  it('a 130/30 book: holdings count shorts, coverage is on gross weight, a short without contributions is flagged', async () => {
    // D1: longs A 0.7, B 0.6 (1.3), shorts C -0.2 and ZZZ -0.1 (ZZZ has no contributions): gross 1.6.
    const text = 'date,stock,weight\n2024-01-31,A,0.7\n2024-01-31,B,0.6\n2024-01-31,C,-0.2\n2024-01-31,ZZZ,-0.1\n2024-02-29,A,0.8\n2024-02-29,B,0.5\n2024-02-29,C,-0.3\n';
    const { engine, diagnostics } = await load(weights(text));
    const d1 = engine.overview(D1, NO_FILTERS);
    assert.equal(d1.holdings, 4, 'two longs and two shorts');
    assert.equal(d1.holdingsWithoutContributions, 1);
    // Independent: |0.7| + |0.6| + |-0.2| = 1.5 of gross 1.6 has contributions.
    assert.ok(Math.abs(d1.weightCoverage - 1.5 / 1.6) < 1e-12, String(d1.weightCoverage));
    assert.ok(d1.weightCoverage <= 1);
    assert.equal(engine.overview(D2, NO_FILTERS).weightCoverage, 1);
    assert.equal(engine.overview(D2, NO_FILTERS).holdings, 3);
    const d = diagnostic(diagnostics, 'held-without-contributions');
    // D1: 0.1 of 1.6 missing; D2: none; average 3.125%.
    assert.equal(d.message, 'weights.csv: 1 held position (long or short) has no contributions (e.g. ZZZ on 2024-01-31), 3.1% of the gross weight on average; they count in weights but add nothing to attribution.');
    // The sector table counts the shorts among its holdings too.
    assert.equal(d1.sectorWeights.reduce((n, g) => n + g.holdings, 0), 4);
  });

  it('an all-NaN feature', async () => {
    const lines = CONTRIBUTIONS.trimEnd().split('\n').map((l, i) => `${l},${i === 0 ? 'quality__roe' : 'NaN'}`);
    const { engine, diagnostics } = await load(contributions(`${lines.join('\n')}\n`));
    const d = diagnostic(diagnostics, 'empty-feature');
    assert.equal(d.message, "contributions.csv: 1 feature has no values (quality__roe): every contribution is missing or NaN, so it adds 0 to every score. Check the model's output.");
    assert.deepEqual([d.count, d.example], [1, 'quality__roe']);
    assertFiniteViews(engine, D1);
  });

  it('contributions and weights that share no date', async () => {
    const { engine, diagnostics } = await load(weights(WEIGHTS.replace(/2024-01-31/g, '2024-01-30').replace(/2024-02-29/g, '2024-02-28')));
    const d = diagnostic(diagnostics, 'no-common-dates');
    assert.equal(
      d.message,
      'contributions.csv and weights.csv share no date: contributions cover 2024-01-31 to 2024-02-29 (2 dates), weights 2024-01-30 to 2024-02-28 (2 dates), so no held position has contributions. Check that both come from the same run and use the same date convention (e.g. month-end vs last business day).',
    );
    assert.equal(engine.summary().dates.length, 4);
    assertFiniteViews(engine, '2024-01-30');
  });
});

describe('corpus: names that are also JavaScript names', () => {
  it("a factor table with factors named 'constructor' and '__proto__' (it used to throw a TypeError)", async () => {
    const files = baseRun({ factors: { name: 'factors.csv', bytes: 'feature,factor\nvalue__ep,constructor\nvalue__bp,__proto__\n' } });
    const { engine } = await load(files);
    assert.deepEqual(engine.summary().features.map((f) => `${f.name}:${f.factor}`), ['value__ep:constructor', 'value__bp:__proto__', 'momentum__mom:momentum']);
  });
});

describe('corpus: values a double cannot hold', () => {
  it('64-bit integer stock ids stay distinct text, with a note', async () => {
    const text = 'date,stock,weight\n2024-01-31,9007199254740993,0.5\n2024-01-31,9007199254740992,0.5\n';
    const { engine, diagnostics } = await load(baseRun({ contributions: { name: 'contributions.csv', bytes: 'date,stock,ep\n2024-01-31,9007199254740993,0.1\n2024-01-31,9007199254740992,0.2\n' }, weights: { name: 'weights.csv', bytes: text } }));
    assert.deepEqual(engine.stocks(D1, NO_FILTERS).rows.map((r) => r.stock).sort(), ['9007199254740992', '9007199254740993']);
    const notes = diagnostics.filter((d) => d.code === 'large-integers').map((d) => d.message);
    assert.equal(notes[1], "weights.csv: column 'stock' holds 64-bit integers beyond 2^53 that numbers cannot hold exactly; it was read as text.");
  });
});

/**
 * Which columns of a wide contributions file are features: every numeric column but the
 * ids, the known metadata and the declared raw values, whatever it is called. Names that
 * are aliases elsewhere (`value`), JavaScript names (`__proto__`, `constructor`) and names
 * with the raw-value suffix (`book_value` beside `book`) are data like any other.
 */
import { strict as assert } from 'node:assert';
import { NO_FILTERS } from '../../../src/model/types';
import { baseRun, corpusText, diagnostic, load } from './run';

const D1 = '2024-01-31';

/** The base run's wide contributions with extra columns appended (header, then a value per row). */
function withColumns(extra: Record<string, (row: number) => string>): string {
  const lines = corpusText('contributions.csv').trimEnd().split('\n');
  return `${lines.map((line, i) => [line, ...Object.entries(extra).map(([name, value]) => (i === 0 ? name : value(i)))].join(',')).join('\n')}\n`;
}

const contributions = (text: string) => baseRun({ contributions: { name: 'contributions.csv', bytes: text } });

/** The features the run found, and one stock's contribution of one feature on D1. */
async function features(text: string) {
  const { engine, diagnostics } = await load(contributions(text));
  const names = engine.summary().features.map((f) => f.name);
  const contribution = (stock: string, feature: string) => engine.stock(D1, stock, NO_FILTERS).contributions.find((c) => c.feature === feature);
  return { names, contribution, diagnostics, engine };
}

describe('corpus: which wide columns are features', function () {
  this.timeout(20_000);

  it("a feature named 'value' (an alias of the long form's raw value) is a feature", async () => {
    const { names, contribution } = await features(withColumns({ value: (i) => String(0.01 * i) }));
    assert.ok(names.includes('value'), names.join(', '));
    assert.equal(contribution('A', 'value')?.contribution, 0.01);
  });

  it("JavaScript names as features: '__proto__', 'constructor', 'toString'", async () => {
    const { names, contribution } = await features(withColumns({ ['__proto__']: () => '0.02', constructor: () => '0.03', toString: () => '-0.01' }));
    for (const name of ['__proto__', 'constructor', 'toString']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.equal(contribution('B', '__proto__')?.contribution, 0.02);
    assert.equal(contribution('B', 'constructor')?.contribution, 0.03);
  });

  it("'book_value' beside 'book' is book's raw value only when the manifest says so; else both are features, and a note says which key settles it", async () => {
    const text = withColumns({ book: () => '0.01', book_value: () => '0.5' });
    const { names, diagnostics } = await features(text);
    assert.ok(names.includes('book') && names.includes('book_value'), names.join(', '));
    const note = diagnostic(diagnostics, 'ambiguous-raw-value');
    assert.match(note.message, /book_value/);
    assert.match(note.message, /rawValueSuffix/);
  });

  it("a 'weight' column in a contributions file is not a feature, and a note says so", async () => {
    const { names, diagnostics } = await features(withColumns({ weight: () => '0.25' }));
    assert.ok(!names.includes('weight'), names.join(', '));
    assert.match(diagnostic(diagnostics, 'weight-in-contributions').message, /weight/);
  });
});

import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { readContributions } from '../../../../src/model/run/contributions';
import { assignFactors, factorFromName } from '../../../../src/model/run/factors';
import type { Diagnostic } from '../../../../src/model/types';
import { DATES, HAND, loadHand } from '../fixtures';
import { NO_FILTERS } from '../../../../src/model/types';

/** The hand-computed run's wide contributions, folded to long. */
function handLong() {
  return HAND.contributions()
    .fold(['v1', 'v2', 'm1'], { as: ['signal', 'shap'] })
    .rename({ ticker: 'symbol' });
}

describe('readContributions', () => {
  it('reads wide files: every numeric column but the keys is a feature, X_value is X raw value', () => {
    const table = aq.table({ date: ['2024-01-31'], stock: ['A'], ep: [0.1], ep_value: [1.5], mom: [0.2], sector: ['Tech'], note: ['n'] });
    const diagnostics: Diagnostic[] = [];
    const wide = readContributions(table, 'c.csv', undefined, diagnostics);
    assert.deepEqual(wide.features, ['ep', 'mom']);
    assert.deepEqual([...(wide.featureValues?.[0] ?? [])], [1.5]);
    assert.equal(wide.featureValues?.[1], null);
    assert.deepEqual(wide.meta.sector, ['Tech']);
    assert.match(diagnostics[0].message, /c\.csv: ignored text column note/);
  });

  it('pivots long files to the same numbers as wide files', async () => {
    const wide = await loadHand();
    const long = await loadHand({ contributions: handLong() });
    for (const date of [DATES.D1, DATES.D2]) {
      assert.deepEqual(long.factors(date, NO_FILTERS).byFactor, wide.factors(date, NO_FILTERS).byFactor);
      assert.deepEqual(long.stocks(date, NO_FILTERS).rows, wide.stocks(date, NO_FILTERS).rows);
    }
  });

  it('keeps the first of duplicate (date, stock, feature) rows and says so', () => {
    const table = aq.table({ date: ['2024-01-31', '2024-01-31'], stock: ['A', 'A'], feature: ['ep', 'ep'], contribution: [0.1, 0.9] });
    const diagnostics: Diagnostic[] = [];
    const long = readContributions(table, 'c.csv', undefined, diagnostics);
    assert.deepEqual([...long.contributions[0]], [0.1]);
    assert.equal(diagnostics[0].code, 'duplicate-keys');
    assert.match(diagnostics[0].message, /c\.csv: 1 duplicate .* e\.g\. 2024-01-31, A, ep \(row 2\); the first was kept/);
  });

  it('rejects a feature column with a stray word, naming the row', () => {
    const table = aq.table({ stock: ['A', 'B', 'C'], ep: ['0.1', 'oops', '0.3'] });
    assert.throws(() => readContributions(table, 'c.csv', undefined, []), { message: "c.csv, row 2, column 'ep': 'oops' is not a number, but the other values of this feature column are. Fix the value or leave it empty." });
  });

  it('needs both feature and contribution for long files', () => {
    assert.throws(() => readContributions(aq.table({ stock: ['A'], feature: ['ep'] }), 'c.csv', undefined, []), /c\.csv: has a 'feature' column but no 'contribution' column/);
  });

  it('rejects a table with no feature columns, and an empty table', () => {
    assert.throws(() => readContributions(aq.table({ stock: ['A'], name: ['Alpha'] }), 'c.csv', undefined, []), /c\.csv: found no feature columns/);
    assert.throws(() => readContributions(aq.table({ stock: [] }), 'c.csv', undefined, []), /c\.csv: the table has no rows/);
  });

  it('rejects an empty stock id, naming the row', () => {
    assert.throws(() => readContributions(aq.table({ stock: ['A', ''], ep: [1, 2] }), 'c.csv', undefined, []), { message: "c.csv, row 2, column 'stock': the stock id is empty. Every row needs a stock id." });
  });
});

describe('factors', () => {
  it('takes factors from names: factor__feature and factor.feature', () => {
    assert.equal(factorFromName('value__ep_fy1'), 'value');
    assert.equal(factorFromName('quality.roe'), 'quality');
    assert.equal(factorFromName('ep_fy1'), null);
  });

  it('maps, names, and leaves the rest unassigned with a warning', () => {
    const diagnostics: Diagnostic[] = [];
    const { features, factors } = assignFactors(['ep', 'momentum__m1', 'x', 'roe'], { quality: ['roe'], value: ['ep', 'gone'] }, diagnostics);
    assert.deepEqual(features.map((f) => f.factor), ['value', 'momentum', 'unassigned', 'quality']);
    assert.deepEqual(factors, ['quality', 'value', 'momentum', 'unassigned']);
    assert.match(diagnostics[0].message, /1 feature is in no factor \(x\); shown under 'unassigned'/);
    assert.match(diagnostics[1].message, /the factor map names 1 feature \(its 'feature' entries\) the contributions do not have, e\.g\. 'gone'\./);
  });
});

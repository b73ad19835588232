import { strict as assert } from 'node:assert';
import { COLUMN_ALIASES, TABLE_COLUMNS } from '../../../../src/model/schema/aliases';
import { resolveColumns } from '../../../../src/model/schema/columns';
import { InputError } from '../../../../src/model/errors';

describe('resolveColumns', () => {
  // Every alias the data contract names, in every table that has the column.
  for (const [role, { required, optional }] of Object.entries(TABLE_COLUMNS)) {
    for (const column of [...required, ...optional]) {
      for (const alias of COLUMN_ALIASES[column]) {
        it(`${role}: '${alias.toUpperCase()}' is ${column}`, () => {
          const names = [...required.filter((c) => c !== column).map((c) => COLUMN_ALIASES[c][0]), alias.toUpperCase()];
          const map = resolveColumns(names, role as never, 'f.csv');
          assert.equal(map[column], alias.toUpperCase());
        });
      }
    }
  }

  it('matches spaces, dashes and case', () => {
    const map = resolveColumns(['Ticker', 'As Of', 'Port-Weight', 'Bmk Weight'], 'weights', 'w.csv');
    assert.deepEqual(map, { stock: 'Ticker', date: 'As Of', weight: 'Port-Weight', benchmark_weight: 'Bmk Weight' });
  });

  it('prefers the manifest mapping', () => {
    const map = resolveColumns(['stock', 'weight', 'port_pct'], 'weights', 'w.csv', { weight: 'port_pct' });
    assert.equal(map.weight, 'port_pct');
  });

  it('names the file, the column, the aliases and the fix when a column is missing', () => {
    assert.throws(
      () => resolveColumns(['ticker', 'wgt'], 'weights', 'weights.csv'),
      (e: InputError) =>
        e instanceof InputError &&
        e.column === 'weight' &&
        e.message === `weights.csv: no 'weight' column (looked for weight, port_weight, portfolio_weight). Rename the column, or map it in the manifest: "columns": {"weights": {"weight": "<your column>"}}.`,
    );
  });

  it('says so when a mapped column does not exist', () => {
    assert.throws(() => resolveColumns(['stock', 'weight'], 'weights', 'w.csv', { weight: 'pct' }), /w\.csv: the manifest maps 'weight' to 'pct'.*the file has stock, weight/);
  });
});

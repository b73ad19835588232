/**
 * Schema detection against the ways real files spell their headers: any order, any case,
 * any alias, spaces/dashes/dots for underscores, surrounding spaces, extra columns. The
 * canonical columns resolve to the file's own names; a missing required column is always
 * an InputError naming the file and that column.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { InputError } from '../../../src/model/errors';
import { COLUMN_ALIASES, type CanonicalColumn, TABLE_COLUMNS } from '../../../src/model/schema/aliases';
import { resolveColumns } from '../../../src/model/schema/columns';
import type { TableRole } from '../../../src/model/types';

const ROLES = Object.keys(TABLE_COLUMNS) as TableRole[];
const ALL_ALIASES = new Set(Object.values(COLUMN_ALIASES).flat());

/** One header spelling of an alias: random case, separators and padding. */
function spelling(alias: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: alias.length, maxLength: alias.length }),
      fc.array(fc.constantFrom('_', ' ', '-', '.', '  ', '/'), { minLength: alias.length, maxLength: alias.length }),
      fc.constantFrom('', ' ', '  '),
      fc.constantFrom('', ' ', '\t'),
    )
    .map(([upper, separators, before, after]) => {
      const body = [...alias].map((c, i) => (c === '_' ? separators[i] : upper[i] ? c.toUpperCase() : c)).join('');
      return before + body + after;
    });
}

/** A table's header: some columns of the role (spelled some way), noise columns, shuffled. */
function header(role: TableRole) {
  const { required, optional } = TABLE_COLUMNS[role];
  return fc
    .tuple(fc.subarray(optional), fc.array(fc.stringMatching(/^x_[a-z0-9]{1,6}$/), { maxLength: 3 }))
    .chain(([chosenOptional, noise]) => {
      const columns = [...required, ...chosenOptional];
      return fc.record({
        columns: fc.constant(columns),
        names: fc.tuple(...columns.map((c) => fc.constantFrom(...COLUMN_ALIASES[c]).chain(spelling))),
        noise: fc.constant(noise.filter((n) => !ALL_ALIASES.has(n))),
      });
    })
    .chain(({ columns, names, noise }) =>
      fc.shuffledSubarray([...names.map((name, i) => ({ column: columns[i] as CanonicalColumn | null, name })), ...noise.map((name) => ({ column: null, name }))], {
        minLength: names.length + noise.length,
      }),
    );
}

describe('corpus: schema detection (property)', () => {
  it('aliases are unique across canonical columns (so a header cannot mean two things)', () => {
    const seen = new Map<string, string>();
    for (const [column, aliases] of Object.entries(COLUMN_ALIASES)) {
      for (const alias of aliases) {
        assert.ok(!seen.has(alias), `${alias} is an alias of ${seen.get(alias)} and ${column}`);
        seen.set(alias, column);
      }
    }
  });

  for (const role of ROLES) {
    it(`resolves every spelling and order of the ${role} columns`, () => {
      fc.assert(
        fc.property(header(role), (cols) => {
          const map = resolveColumns(cols.map((c) => c.name), role, 't.csv');
          const expected: Record<string, string> = {};
          for (const c of cols) if (c.column) expected[c.column] = c.name;
          assert.deepEqual({ ...map }, expected);
        }),
        { numRuns: 300 },
      );
    });

    it(`names the missing required column of ${role}`, () => {
      const { required } = TABLE_COLUMNS[role];
      fc.assert(
        fc.property(header(role), fc.constantFrom(...required), (cols, missing) => {
          const names = cols.filter((c) => c.column !== missing).map((c) => c.name);
          assert.throws(
            () => resolveColumns(names, role, 't.csv'),
            (error: unknown) =>
              error instanceof InputError &&
              error.file === 't.csv' &&
              error.column === missing &&
              error.message.startsWith(`t.csv: no '${missing}' column (looked for ${COLUMN_ALIASES[missing].join(', ')})`) &&
              error.message.includes(`"columns": {"${role}": {"${missing}": "<your column>"}}`),
          );
        }),
        { numRuns: 200 },
      );
    });
  }
});

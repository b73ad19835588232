import type { ColumnTable } from 'arquero';
import { InputError } from '../errors';
import { messages } from '../messages';
import { readMessages } from '../read/messages';
import type { TableRole } from '../types';
import { COLUMN_ALIASES, type CanonicalColumn, TABLE_COLUMNS, normalizeColumnName } from './aliases';

/** Canonical column -> the file's own column name, for the columns a table has. */
export type ColumnMap = Partial<Record<CanonicalColumn, string>>;

/**
 * Finds a table's canonical columns by alias (case-insensitive), honouring the manifest's
 * explicit `columns` mapping first. Throws an InputError naming the file and the aliases
 * tried when a required column is missing.
 * @example resolveColumns(['Ticker', 'AsOf', 'Port_Weight'], 'weights', 'w.csv') // { stock: 'Ticker', date: 'AsOf', weight: 'Port_Weight' }
 */
export function resolveColumns(
  columnNames: readonly string[],
  role: TableRole,
  file: string,
  overrides: Record<string, string> = {},
): ColumnMap {
  const byNormalized = new Map<string, string>();
  const sameKey = new Map<string, string[]>();
  for (const name of columnNames) {
    const key = normalizeColumnName(name);
    if (!byNormalized.has(key)) byNormalized.set(key, name);
    sameKey.set(key, [...(sameKey.get(key) ?? []), name]);
  }
  const { required, optional } = TABLE_COLUMNS[role];
  const map: ColumnMap = {};
  for (const column of [...required, ...optional]) {
    const mapped = overrides[column];
    if (mapped !== undefined) {
      // The manifest's name settles a collision when it spells one column exactly.
      const actual = columnNames.includes(mapped) ? mapped : byNormalized.get(normalizeColumnName(mapped));
      if (actual === undefined) throw new InputError(messages.mappedColumnMissing(file, role, column, mapped, columnNames), file, undefined, mapped);
      map[column] = actual;
      continue;
    }
    const alias = COLUMN_ALIASES[column].find((a) => byNormalized.has(a));
    if (alias !== undefined) {
      // `Weight` beside `weight`: never pick one silently.
      const candidates = sameKey.get(alias) ?? [];
      if (candidates.length > 1) throw new InputError(readMessages.collidingColumns(file, column, candidates), file, undefined, candidates[1]);
      map[column] = byNormalized.get(alias);
    }
  }
  // An alias may only claim a column once: `id` must not be both stock and something else.
  const claimed = new Set<string>();
  for (const column of [...required, ...optional]) {
    const actual = map[column];
    if (actual === undefined) continue;
    if (claimed.has(actual) && overrides[column] === undefined) delete map[column];
    else claimed.add(actual);
  }
  for (const column of required) {
    if (map[column] === undefined) throw new InputError(messages.missingColumn(file, role, column, COLUMN_ALIASES[column]), file, undefined, column);
  }
  return map;
}

/** resolveColumns for an Arquero table. */
export function resolveTableColumns(table: ColumnTable, role: TableRole, file: string, overrides?: Record<string, string>): ColumnMap {
  return resolveColumns(table.columnNames(), role, file, overrides);
}

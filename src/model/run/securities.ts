/** Reads the securities table: one row per stock with its classification. */
import type { ColumnTable } from 'arquero';
import { InputError } from '../errors';
import { messages } from '../messages';
import { resolveTableColumns } from '../schema/columns';
import { columnValues, numericColumn, textColumn } from '../schema/values';
import { META_COLUMNS, type StockMeta } from './contributions';

export interface Securities {
  file: string;
  stocks: string[];
  meta: StockMeta;
}

export function readSecurities(table: ColumnTable, file: string, overrides?: Record<string, string>): Securities {
  if (table.numRows() === 0) throw new InputError(messages.emptyTable(file), file);
  const columns = resolveTableColumns(table, 'securities', file, overrides);
  const stocks = textColumn(columnValues(table, columns.stock as string));
  const meta: StockMeta = {};
  for (const key of META_COLUMNS) {
    const column = columns[key];
    if (column !== undefined) meta[key] = textColumn(columnValues(table, column));
  }
  if (columns.market_cap !== undefined) meta.market_cap = numericColumn(columnValues(table, columns.market_cap), file, columns.market_cap);
  return { file, stocks, meta };
}

/**
 * A run whose tables live in a ClickHouse database, as the loader's TableSource: each RunFile
 * names a table of the manifest's database (`file.name`). Long contributions are pivoted on
 * the server (only a number per cell and the keys travel, in ClickHouse's binary Native format); every other table is read whole,
 * its columns normalised in SQL as the DuckDB source normalises a Parquet file's.
 *
 * Long contributions stay on the server when the loader groups features (it always does):
 * the keys and their per-factor sums travel at open, and a date's cells when a view asks for
 * it (cellsByDate.ts). The connection then stays open while such a run lives: close() closes
 * it once the last of them is closed. A wide contributions table travels whole.
 */
import { table as arqueroTable } from 'arquero';
import { InputError } from '../model/errors';
import type { NormalColumn } from '../model/read/arrow';
import { storedColumnName } from '../model/read/columnNames';
import type { ReadResult } from '../model/read/index';
import { readMessages } from '../model/read/messages';
import { type FeatureGrouping, reportEmptyFeatures, type WideContributions } from '../model/run/contributions';
import type { RunFile, TableSource } from '../model/run/loadRun';
import { resolveColumns } from '../model/schema/columns';
import { dateColumn, textColumn } from '../model/schema/values';
import type { Diagnostic } from '../model/types';
import { numbers, type SqlResult, texts } from '../sql/connection';
import { longColumns, numericLongColumns, perStockValues } from '../sql/contributionQueries';
import { readLongByDate } from './cellsByDate';
import { ClickHouseConnection, ClickHouseError } from './clickhouseConnection';
import {
  cellsQuery,
  type ClickHouseColumn,
  columnFactsQuery,
  columnKind,
  describeQuery,
  featuresQuery,
  keysQuery,
  type LongColumns,
  type Query,
  readTableQuery,
  repeatedCellsQuery,
  rowCountQuery,
  tableExistsQuery,
  tableRelation,
} from './queries';

/**
 * Most cells a table may hold to be pulled whole: JSON text of a few tens of bytes per cell
 * must stay under V8's largest string (about 512 MB). Long contributions are pivoted on the
 * server and are not bound by it.
 */
export const MAX_PULLED_CELLS = 12_000_000;

export class ClickHouseTableSource implements TableSource {
  /** Runs read by date from this source that are not closed yet: each reads over the connection. */
  private readers = 0;
  private closing = false;

  constructor(
    private readonly db: ClickHouseConnection,
    private readonly database: string,
  ) {}

  /** Closes the connection now, or once the last run read by date from it is closed. */
  close(): void {
    this.closing = true;
    if (this.readers === 0) this.db.close();
  }

  /** How messages name a table: `db.table at http://host:8123`. */
  private where(table: string): string {
    return `${this.database}.${table} at ${this.db.source}`;
  }

  async read(file: RunFile): Promise<ReadResult> {
    const relation = tableRelation(this.database, file.name);
    const columns = await this.describe(file.name);
    const rows = numbers(await this.query(file.name, rowCountQuery(relation)), 'row_count')[0];
    if (rows * columns.length > MAX_PULLED_CELLS) {
      throw new InputError(
        `${this.where(file.name)}: ${rows} rows x ${columns.length} columns is more than Glass Box reads whole from a database (${MAX_PULLED_CELLS} cells). Store contributions long (date, stock, feature, contribution): they are pivoted on the server.`,
        file.name,
      );
    }
    if (rows === 0) throw new InputError(readMessages.noRows(this.where(file.name)), file.name);
    const facts = await this.facts(relation, columns, file.name);
    const result = await this.query(file.name, readTableQuery(relation, columns, facts));
    const data = new Map<string, NormalColumn>();
    const notes: Diagnostic[] = [];
    columns.forEach((c, i) => {
      if (columnKind(c.type) === 'wide-integer' && facts[i] === false) notes.push({ severity: 'info', code: 'large-integers', message: readMessages.noteLargeIntegers(file.name, c.name), file: file.name, column: c.name });
      data.set(storedColumnName(c.name), result.columns[i] as NormalColumn);
    });
    // Typed columns, as a Parquet scan hands them over (the loader does not read `format`).
    return { table: arqueroTable(data, columns.map((c) => storedColumnName(c.name))), format: 'parquet', notes };
  }

  /**
   * Long contributions pivoted on the server; null when the table is wide (read whole).
   * Keys are numbered in (date, stock) order and features in name order: a database table
   * has no row order, so there is no "first appearance" as in a file, and a repeated
   * (date, stock, feature) cell is refused rather than resolved by an arbitrary row.
   * With `grouping` the cells stay on the server and are read by date (cellsByDate.ts).
   */
  async readLongContributions(file: RunFile, overrides: Record<string, string> | undefined, diagnostics: Diagnostic[], grouping?: FeatureGrouping): Promise<WideContributions | null> {
    const relation = tableRelation(this.database, file.name);
    const described = await this.describe(file.name);
    const byName = new Map(described.map((c) => [c.name, c]));
    const map = resolveColumns(
      described.map((c) => c.name),
      'contributions',
      file.name,
      overrides,
    );
    if (map.feature === undefined || map.contribution === undefined) return null;
    const columns: LongColumns = longColumns(map, byName);
    for (const numeric of numericLongColumns(columns)) {
      if (columnKind(numeric.type) !== 'number') {
        throw new InputError(`${this.where(file.name)}: column ${numeric.name} is ${numeric.type}; contributions, values, base value, score and market cap must be numeric columns.`, file.name, undefined, numeric.name);
      }
    }
    const dateFact = columns.date && columnKind(columns.date.type) === 'timestamp' ? (await this.facts(relation, [columns.date], file.name))[0] : undefined;
    const featureRows = await this.query(file.name, featuresQuery(relation, columns, grouping !== undefined));
    const features = textColumn(texts(featureRows, 'feature'));
    if (features.some((f) => f.trim() === '')) throw new InputError(`${this.where(file.name)}: a row has an empty feature name in column ${columns.feature.name}.`, file.name, undefined, columns.feature.name);
    if (grouping) {
      const byDate = await readLongByDate(
        {
          file: file.name,
          where: this.where(file.name),
          relation,
          columns,
          features,
          finite: numbers(featureRows, 'finite'),
          grouping,
          dateFact,
          query: (q) => this.query(file.name, q),
          released: () => {
            this.readers--;
            if (this.closing && this.readers === 0) this.db.close();
          },
        },
        diagnostics,
      );
      this.readers++;
      return byDate;
    }
    const keys = await this.query(file.name, keysQuery(relation, columns, dateFact));
    const stocks = textColumn(texts(keys, 'stock'));
    if (stocks.includes('')) throw new InputError(`${this.where(file.name)}: a row has an empty stock id in column ${columns.stock.name}.`, file.name, undefined, columns.stock.name);
    const dates = columns.date ? dateColumn(texts(keys, 'date'), file.name, columns.date.name) : null;
    const rows = keys.rows;
    const nFeatures = features.length;
    const cells = await this.query(file.name, cellsQuery(relation, columns, features));
    const contributions = features.map(() => new Float64Array(rows).fill(NaN));
    const featureValues = columns.value ? features.map(() => new Float64Array(rows).fill(NaN)) : null;
    // A repeated cell shows as a cell written twice; only then is it counted on the server.
    if (scatter(cells, nFeatures, contributions, featureValues)) {
      const repeated = await this.query(file.name, repeatedCellsQuery(relation, columns));
      const count = numbers(repeated, 'repeated')[0];
      const example = texts(repeated, 'example')[0];
      throw new InputError(`${this.where(file.name)}: ${count} rows repeat a (date, stock, feature) cell, e.g. ${example}. A database table has no row order to pick the first: remove the repeats.`, file.name);
    }
    reportEmptyFeatures(file.name, features, contributions, diagnostics);
    const { baseValue, score, meta } = perStockValues(columns, keys, file.name);
    return { file: file.name, dates, stocks, features, contributions, featureValues, baseValue, score, meta };
  }

  /** The table's columns; a missing table is refused naming it and the database. */
  private async describe(table: string): Promise<ClickHouseColumn[]> {
    const exists = numbers(await this.query(table, tableExistsQuery(this.database, table)), 'n')[0];
    if (!exists) throw new InputError(`${this.where(table)}: no such table in database ${this.database}. Check the manifest's table names.`, table);
    const result = await this.query(table, describeQuery(this.database, table));
    const names = texts(result, 'name') as string[];
    const types = texts(result, 'type') as string[];
    return names.map((name, i) => ({ name, type: types[i] }));
  }

  private async facts(relation: string, columns: ClickHouseColumn[], table: string): Promise<(boolean | undefined)[]> {
    const q = columnFactsQuery(relation, columns);
    if (!q) return columns.map(() => undefined);
    const result = await this.query(table, q);
    return columns.map((_, i) => (result.names.includes(`f${i}`) ? numbers(result, `f${i}`)[0] === 1 : undefined));
  }

  /** Runs a named query; a server failure becomes an InputError naming the source and the table. */
  private async query(table: string, q: Query): Promise<SqlResult> {
    try {
      return await this.db.query(q.sql, q.params);
    } catch (error) {
      if (error instanceof ClickHouseError) throw new InputError(`${this.where(table)}: ${error.unreachable ? `the server cannot be reached (${error.reason})` : error.reason}`, table);
      throw error;
    }
  }
}

/** Writes each cell's contribution (and value) into the per-feature columns; true when a cell came twice. */
function scatter(cells: SqlResult, nFeatures: number, contributions: Float64Array[], featureValues: Float64Array[] | null): boolean {
  const cell = numbers(cells, 'cell');
  const contribution = numbers(cells, 'contribution');
  const value = featureValues ? numbers(cells, 'value') : null;
  const rows = contributions[0]?.length ?? 0;
  const seen = new Uint8Array(rows * nFeatures);
  let repeated = false;
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (seen[c]) repeated = true;
    seen[c] = 1;
    const k = Math.floor(c / nFeatures);
    const f = c - k * nFeatures;
    contributions[f][k] = contribution[i];
    if (featureValues && value) featureValues[f][k] = value[i];
  }
  return repeated;
}

/**
 * Long contributions with more cells than the memory budget holds (a daily global model:
 * 567M of them), read by date. At open, one scan of the file sums every (date, stock) row
 * per factor in the database (what the panel, the cube and every run-wide figure need); the
 * cells of a date are read when a view asks for that date, a scan of the row groups that
 * hold it (the keys of the date hand their range to the file scan through the join).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../model/errors';
import { messages } from '../model/messages';
import { type CellReader, type FeatureGrouping, type KeptCells, reportFeaturesWithoutNumbers, type WideContributions } from '../model/run/contributions';
import { dateColumn, textColumn } from '../model/schema/values';
import type { Diagnostic } from '../model/types';
import { identifier, numbers, type SqlResult, texts } from '../sql/connection';
import {
  cellListsQuery,
  contributionsByDate,
  createKeySumsQuery,
  dateOrderQuery,
  dropTableQuery,
  firstRowsRelation,
  incompleteKeysQuery,
  keepKeysQuery,
  keepTableQuery,
  keptKeysQuery,
  keyLabelsQuery,
  keySumsQuery,
  type LongColumns,
  type NumberedRelation,
  repeatedCellsQuery,
  sortedCopyQuery,
} from '../sql/contributionQueries';
import type { DescribedColumn } from '../sql/tableQueries';
import { type CellTarget, DateCellReader } from '../sql/dateCellReader';
import { checkRange, scatterCells } from './cellLists';

type Query = { sql: string; params: NumberedRelation['params'] };

/** What reading by date needs from the source that opened the file. */
export interface ByDateContext {
  file: string;
  /** The Parquet file on disk (its footer says whether it is sorted by date). */
  path: string;
  relation: NumberedRelation;
  columns: LongColumns;
  /** Features in featuresQuery's order, and each one's count of finite contributions. */
  features: string[];
  finite: Float64Array;
  /** A temporary table name of the source's own making, kept until the reader closes (and `${keysTable}_rows`, a sorted copy of the file when it needs one). */
  keysTable: string;
  grouping: FeatureGrouping;
  dateIsMidnight: boolean | undefined;
  /** Each numeric column's range as the Parquet footer records it. */
  ranges: Map<string, [number, number]>;
  /** Runs a query on the file (a failure names the file). */
  query(q: Query): Promise<SqlResult>;
  /** Runs a statement on the file (a failure names the file). */
  run(q: Query): Promise<void>;
  /** Called once the reader is closed (the source may then remove its scratch copy of the file). */
  released(): void;
}

/** The table's keys, per-stock columns and per-row sums, with a reader for its cells by date. */
export async function readLongByDate(ctx: ByDateContext, diagnostics: Diagnostic[]): Promise<WideContributions> {
  const { file, columns, features, keysTable } = ctx;
  const { groupOf, groups } = ctx.grouping(features);
  let relation = ctx.relation;
  let sortedCopy = false;
  let firstRows = false;
  let open = true;
  try {
    // Reading a date from a file not sorted by date scans the whole file (0.3 s at 32M
    // cells against 0.03 s sorted): such a file is copied once, sorted, into the database
    // (in memory, spilling to its temporary folder), and read from there.
    const order = dateOrderQuery(ctx.path, columns);
    if (order && numbers(await ctx.query(order), 'unsorted')[0] > 0) {
      const copy = `${keysTable}_rows`;
      await ctx.run(sortedCopyQuery(relation, columns, copy));
      relation = { sql: identifier(copy), params: [], rowNumber: relation.rowNumber };
      sortedCopy = true;
    }
    await ctx.run(createKeySumsQuery(relation, columns, keysTable, features, groupOf, groups));
    // A key without each feature exactly once either misses cells (they count as not
    // finite, as in every reader) or repeats one: then the first row of each cell is the
    // one kept, as every reader keeps it, and the sums are taken again over those rows.
    if (numbers(await ctx.query(incompleteKeysQuery(keysTable)), 'incomplete')[0] > 0) {
      const repeated = await ctx.query(repeatedCellsQuery(relation, columns));
      const count = numbers(repeated, 'repeated')[0];
      if (count > 0) {
        const example = `row ${numbers(repeated, 'first_row')[0] + 1}`;
        diagnostics.push({ severity: 'warning', code: 'duplicate-keys', message: messages.duplicateKeys(file, count, example), file, count, example });
        relation = firstRowsRelation(relation, columns);
        firstRows = true;
        await ctx.run(dropTableQuery(keysTable));
        await ctx.run(createKeySumsQuery(relation, columns, keysTable, features, groupOf, groups));
      }
    }
    const keys = await ctx.query(keySumsQuery(columns, keysTable, features.length, groups));
    const stockLabels = await ctx.query(keyLabelsQuery(columns, keysTable, 'stock', undefined));
    const stockNames = textColumn(texts(stockLabels, 'label'));
    const emptyStock = stockNames.indexOf('');
    if (emptyStock >= 0) {
      const row = numbers(stockLabels, 'first_row')[emptyStock] + 1;
      throw new InputError(messages.missingStock(file, columns.stock.name, row), file, row, columns.stock.name);
    }
    const stocks = byNumber(numbers(keys, 'si'), stockNames);
    const dates = columns.date ? byNumber(numbers(keys, 'di'), await dateLabels(ctx, columns.date.name)) : null;
    reportFeaturesWithoutNumbers(file, features, (f) => ctx.finite[f] > 0, diagnostics);
    const read = contributionsByDate(file, columns, keys, { dates, stocks, features }, groups, new DuckDbCellReader({ ...ctx, relation, sortedCopy, firstRows }, numbers(keys, 'di')));
    open = false;
    return read;
  } finally {
    if (open) {
      await dropTables(ctx);
      ctx.released();
    }
  }
}

/** Drops the reader's tables: its keys and the sorted copy of the file, if it made one. */
async function dropTables(ctx: Pick<ByDateContext, 'keysTable' | 'run'>): Promise<void> {
  await ctx.run(dropTableQuery(ctx.keysTable));
  await ctx.run(dropTableQuery(`${ctx.keysTable}_rows`));
}

/** Each key's label from its number: one string per distinct value, shared by its keys. */
function byNumber(numbersOfKeys: Float64Array, labels: readonly string[]): string[] {
  const out = new Array<string>(numbersOfKeys.length);
  for (let i = 0; i < out.length; i++) out[i] = labels[numbersOfKeys[i]];
  return out;
}

/** The distinct dates' labels, checked as every reader checks dates; a bad one names its first file row. */
async function dateLabels(ctx: ByDateContext, column: string): Promise<string[]> {
  const result = await ctx.query(keyLabelsQuery(ctx.columns, ctx.keysTable, 'date', ctx.dateIsMidnight));
  const raw = texts(result, 'label');
  try {
    return dateColumn(raw, ctx.file, column);
  } catch (error) {
    if (!(error instanceof InputError) || error.row === undefined) throw error;
    const value = raw[error.row - 1];
    const row = numbers(result, 'first_row')[error.row - 1] + 1;
    throw new InputError(value === null || value.trim() === '' ? messages.missingDate(ctx.file, column, row) : messages.badDate(ctx.file, column, row, value), ctx.file, row, column);
  }
}

/** What a reader by date needs: the file's relation as read (a sorted copy, first rows only) and its keys. */
type ReaderContext = Pick<ByDateContext, 'file' | 'path' | 'columns' | 'features' | 'keysTable' | 'ranges' | 'query' | 'run' | 'released'> & {
  relation: NumberedRelation;
  /** Whether `relation` reads the sorted copy `${keysTable}_rows` rather than the file. */
  sortedCopy: boolean;
  /** Whether `relation` keeps each cell's first row only (the file repeats cells). */
  firstRows: boolean;
};

/** What the run cache keeps of a DuckDB reader by date (KeptCells.source says whose it is). */
export const KEPT_SOURCE = 'duckdb:long-parquet';
const KEYS_FILE = 'keys.parquet';
const ROWS_FILE = 'rows.parquet';

interface KeptSpec {
  /** How messages name the file (as the run names it). */
  file: string;
  /** The Parquet file read by date: the run cache's key says it is unchanged. */
  path: string;
  columns: LongColumns;
  features: string[];
  sortedCopy: boolean;
  firstRows: boolean;
  ranges: [string, [number, number]][];
  /** Each key's date number, in key order (what the reader groups a read's rows by). */
  keyDate: Int32Array;
}

/** Reads the cells of a few dates at a time from the file, through the table of its keys. */
class DuckDbCellReader extends DateCellReader {
  /**
   * @param keyDate each key's date number (`di`), the unit the file is read by
   * @param prepare makes the reader's tables before its first read (a reopened reader loads
   * its keys then, not before the first view)
   */
  constructor(
    private readonly ctx: ReaderContext,
    keyDate: Float64Array | Int32Array,
    private prepare: (() => Promise<void>) | null = null,
  ) {
    super(ctx.file, keyDate, ctx.features.length, ctx.columns.value !== undefined);
  }

  private async prepared(): Promise<void> {
    const prepare = this.prepare;
    this.prepare = null;
    await prepare?.();
  }

  protected async readDates(dates: number[], into: CellTarget): Promise<void> {
    await this.prepared();
    const { features, columns } = this.ctx;
    for (const range of consecutiveRuns(dates)) {
      const result = await this.ctx.query(cellListsQuery(this.ctx.relation, columns, this.ctx.keysTable, features, 0, features.length, range));
      // The relation keeps one row per cell (repeats were found at open): a repeat now
      // means the file changed under the run.
      if (scatterCells(result, { nFeatures: features.length, seen: into.seen, contributions: into.contributions, featureValues: into.values, slot: into.slot }) > 0) {
        throw new InputError(`${this.ctx.file}: the file changed since the run was opened (a cell now repeats). Reopen the run.`, this.ctx.file);
      }
    }
    checkRange(this.ctx.file, columns.contribution.name, into.contributions, this.ctx.ranges.get(columns.contribution.name));
    if (into.values && columns.value) checkRange(this.ctx.file, columns.value.name, into.values, this.ctx.ranges.get(columns.value.name));
  }

  /**
   * Writes the keys (and the sorted copy of a file not sorted by date, which took a sort of
   * every cell to make) into the folder `dir`, for reopenLongByDate, once the views' reads
   * leave the database a moment.
   */
  keep(dir: string): Promise<KeptCells> {
    return this.whenQuiet(async () => {
      await this.prepared();
      const { columns, keysTable } = this.ctx;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await this.ctx.run(keepKeysQuery(columns, keysTable, join(dir, KEYS_FILE)));
      if (this.ctx.sortedCopy) await this.ctx.run(keepTableQuery(`${keysTable}_rows`, join(dir, ROWS_FILE)));
      const spec: KeptSpec = {
        file: this.ctx.file,
        path: this.ctx.path,
        columns,
        features: this.ctx.features,
        sortedCopy: this.ctx.sortedCopy,
        firstRows: this.ctx.firstRows,
        ranges: [...this.ctx.ranges],
        keyDate: Int32Array.from(this.keyDate),
      };
      return { source: KEPT_SOURCE, spec };
    });
  }

  protected async release(): Promise<void> {
    try {
      await dropTables(this.ctx);
    } finally {
      this.ctx.released();
    }
  }
}

/**
 * A reader by date as DuckDbCellReader.keep left it in `dir`, reading its dates as the first
 * open did, without summing the file again: its kept files are copied where the source may
 * read them after the run cache has moved on (`copy`: the source's scratch folder), and the
 * keys go back into a table before the first read, so the first view does not wait for
 * them. Null when `kept` is not a DuckDB reader's or is damaged.
 */
export async function reopenLongByDate(
  kept: KeptCells,
  dir: string,
  ctx: Pick<ByDateContext, 'keysTable' | 'query' | 'run' | 'released'> & { copy(path: string): Promise<string> },
): Promise<CellReader | null> {
  const spec = kept.source === KEPT_SOURCE ? keptSpec(kept.spec) : null;
  if (!spec) return null;
  const keys = await ctx.copy(join(dir, KEYS_FILE));
  let relation: NumberedRelation = { sql: 'read_parquet($1, file_row_number = true)', params: [spec.path], rowNumber: 'file_row_number' };
  if (spec.sortedCopy) relation = { sql: 'read_parquet($1)', params: [await ctx.copy(join(dir, ROWS_FILE))], rowNumber: 'file_row_number' };
  if (spec.firstRows) relation = firstRowsRelation(relation, spec.columns);
  return new DuckDbCellReader(
    { ...ctx, file: spec.file, path: spec.path, columns: spec.columns, features: spec.features, ranges: new Map(spec.ranges), relation, sortedCopy: false, firstRows: spec.firstRows },
    spec.keyDate,
    () => ctx.run(keptKeysQuery(keys, ctx.keysTable)),
  );
}

/** `value` as a KeptSpec, or null when it is not one (a cache file from elsewhere, damaged). */
function keptSpec(value: unknown): KeptSpec | null {
  const v = value as Partial<KeptSpec> | null;
  const isColumn = (c: unknown) => typeof (c as DescribedColumn | undefined)?.name === 'string' && typeof (c as DescribedColumn).type === 'string';
  const columns = v?.columns;
  if (
    !v ||
    typeof v.file !== 'string' ||
    typeof v.path !== 'string' ||
    !Array.isArray(v.features) ||
    !v.features.every((f) => typeof f === 'string') ||
    typeof v.sortedCopy !== 'boolean' ||
    typeof v.firstRows !== 'boolean' ||
    !(v.keyDate instanceof Int32Array) ||
    !Array.isArray(v.ranges) ||
    !columns ||
    !isColumn(columns.stock) ||
    !isColumn(columns.feature) ||
    !isColumn(columns.contribution) ||
    (columns.date !== undefined && !isColumn(columns.date)) ||
    (columns.value !== undefined && !isColumn(columns.value)) ||
    !Array.isArray(columns.perStock)
  ) {
    return null;
  }
  return v as KeptSpec;
}

/** Sorted integers as [low, high] runs of consecutive values: one query per run. */
export function consecutiveRuns(sorted: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  return runs;
}

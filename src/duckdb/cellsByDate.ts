/**
 * Long contributions with more cells than the memory budget holds (a daily global model:
 * 567M of them), read by date; wide ones too, their rows presented as cells (wideQueries.ts).
 * At open, one scan of the file sums every (date, stock) row per factor in the database
 * (what the panel, the cube and every run-wide figure need); the cells of a date are read
 * when a view asks for that date, a scan of the row groups that hold it (the keys of the
 * date hand their range to the file scan through the join).
 */
import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../model/errors';
import { messages } from '../model/messages';
import { type CellReader, type FeatureGrouping, type KeptCells, reportFeaturesWithoutNumbers, type WideContributions } from '../model/run/contributions';
import { dateColumn, textColumn } from '../model/schema/values';
import type { Diagnostic } from '../model/types';
import { column, identifier, numberLists, numbers, type SqlColumn, type SqlResult, texts } from '../sql/connection';
import {
  addChunkKeysQuery,
  cellListsQuery,
  chunkSumsQuery,
  contributionsByDate,
  createKeyChunkQuery,
  createKeySumsQuery,
  dateCellsQuery,
  dateOrderQuery,
  dropColumnQuery,
  dropTableQuery,
  firstRowsRelation,
  incompleteKeysQuery,
  keepKeysQuery,
  keepTableQuery,
  keptKeysQuery,
  type KeyChunk,
  keyCellsQuery,
  keyLabelsQuery,
  keyNumbersQuery,
  keySumsQuery,
  type LongColumns,
  type NumberedRelation,
  numberKeysQuery,
  repeatedCellsQuery,
  rowGroupDatesQuery,
  sortedCopyQuery,
  unreadKeyColumnsQuery,
} from '../sql/contributionQueries';
import type { DescribedColumn } from '../sql/tableQueries';
import { type CellTarget, DateCellReader } from '../sql/dateCellReader';
import { createWideKeySumsQuery, firstKeyRowsRelation, keyOfRowQuery, repeatedRowsQuery, wideAsLong, type WideLayout } from '../sql/wideQueries';
import { checkRange, scatterCells } from './cellLists';

type Query = { sql: string; params: NumberedRelation['params'] };

/** What reading by date needs from the source that opened the file. */
export interface ByDateContext {
  file: string;
  /** The Parquet file on disk as DuckDB reads it (its footer says whether it is sorted by date). */
  path: string;
  /** The run's file when `path` is a link to it (a name DuckDB would read as a glob): what the run cache keeps. */
  filePath?: string;
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
  /**
   * Whether `path` is the source's own copy of the run's file (a CSV file too large to read
   * whole, copied as Parquet): the run cache then keeps the copy too, which goes with the source.
   */
  copied?: boolean;
  /** Runs a query on the file (a failure names the file). */
  query(q: Query): Promise<SqlResult>;
  /** Runs a statement on the file (a failure names the file). */
  run(q: Query): Promise<void>;
  /** Called once the reader is closed (the source may then remove its scratch copy of the file). */
  released(): void;
  /** Rows past which a long file sorted by date has its keys summed a chunk of dates at a time (default KEY_CHUNK_ROWS; tests lower it). */
  keyChunkRows?: number;
  /**
   * Set for a wide file: `relation` then holds its rows, one per (date, stock), `columns`
   * the cells `asLong` presents them as (wideQueries.ts). A repeated (date, stock) row is
   * counted as a row and left to the panel to report, as for the file read whole.
   */
  wide?: { layout: WideLayout; asLong(rows: NumberedRelation): NumberedRelation; keySums(rows: NumberedRelation, target: string, groupOf: Int32Array, groups: number): Query };
}

/** The table's keys, per-stock columns and per-row sums, with a reader for its cells by date. */
export async function readLongByDate(ctx: ByDateContext, diagnostics: Diagnostic[]): Promise<WideContributions> {
  const { file, columns, features, keysTable } = ctx;
  const { groupOf, groups } = ctx.grouping(features);
  // The file's rows, and the cells the queries read: the same relation for a long file.
  let rows = ctx.relation;
  const cellsOf = (of: NumberedRelation) => (ctx.wide ? ctx.wide.asLong(of) : of);
  let relation = cellsOf(rows);
  let repeatedRows: { count: number; key: number; row: number } | undefined;
  // How the reader's relation was made, for the run cache to make it again.
  let sortedCopy = false;
  let firstRows = false;
  // A long file sorted by date in many rows is summed a chunk of dates at a time (its sums
  // then reach the reader chunk by chunk, and the keys table keeps no sums).
  let chunks: KeyChunks | null = null;
  let chunkedSums: SqlResult | null = null;
  // A wide file's keys are summed from its rows, a long file's from its cells.
  const sumKeys = async () => {
    chunkedSums = chunks ? await sumKeysByChunk(ctx, relation, chunks, groupOf, groups) : null;
    if (!chunkedSums) await ctx.run(ctx.wide ? ctx.wide.keySums(rows, keysTable, groupOf, groups) : createKeySumsQuery(relation, columns, keysTable, features, groupOf, groups));
  };
  let open = true;
  try {
    // Reading a date from a file not sorted by date scans the whole file (0.3 s at 32M
    // cells against 0.03 s sorted): such a file is copied once, sorted, into the database
    // (in memory, spilling to its temporary folder), and read from there.
    const order = dateOrderQuery(ctx.path, columns);
    if (order && numbers(await ctx.query(order), 'unsorted')[0] > 0) {
      const copy = `${keysTable}_rows`;
      await ctx.run(sortedCopyQuery(rows, columns, copy));
      rows = { sql: identifier(copy), params: [], rowNumber: rows.rowNumber };
      relation = cellsOf(rows);
      sortedCopy = true;
    } else if (order && !ctx.wide) {
      chunks = await keyChunks(ctx, columns, ctx.keyChunkRows ?? KEY_CHUNK_ROWS);
    }
    await sumKeys();
    // A key without each feature exactly once either misses cells (they count as not
    // finite, as in every reader) or repeats one: then the first row of each cell is the
    // one kept, as every reader keeps it, and the sums are taken again over those rows.
    const incomplete = numbers(await ctx.query(incompleteKeysQuery(keysTable)), 'incomplete')[0] > 0;
    if (incomplete && ctx.wide) {
      // A wide row holds each feature once: an incomplete key is a repeated row. The sums
      // are taken again over each key's first row, the row the panel keeps.
      const repeated = await ctx.query(repeatedRowsQuery(rows, columns));
      const count = numbers(repeated, 'repeated')[0];
      if (count > 0) {
        rows = firstKeyRowsRelation(rows, columns);
        relation = cellsOf(rows);
        firstRows = true;
        await ctx.run(dropTableQuery(keysTable));
        await sumKeys();
        const key = numbers(await ctx.query(keyOfRowQuery(keysTable, numbers(repeated, 'key_row')[0])), 'ki')[0];
        repeatedRows = { count, key, row: numbers(repeated, 'first_row')[0] };
      }
    } else if (incomplete) {
      const repeated = await ctx.query(repeatedCellsQuery(relation, columns));
      const count = numbers(repeated, 'repeated')[0];
      if (count > 0) {
        const example = `row ${numbers(repeated, 'first_row')[0] + 1}`;
        diagnostics.push({ severity: 'warning', code: 'duplicate-keys', message: messages.duplicateKeys(file, count, example), file, count, example });
        relation = firstRowsRelation(relation, columns);
        firstRows = true;
        await ctx.run(dropTableQuery(keysTable));
        // Whole: a chunk's date filter would not reach under the window that keeps first rows.
        chunks = null;
        await sumKeys();
      }
    }
    const keys = chunkedSums ?? (await ctx.query(keySumsQuery(columns, keysTable, features.length, groups)));
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
    const dateCells = numbers(await ctx.query(dateCellsQuery(keysTable)), 'cells');
    // What a date's read needs of the keys, kept while the run is open; the rest dropped in
    // place (a copy of the columns kept held both tables for a moment).
    for (const name of texts(await ctx.query(unreadKeyColumnsQuery(columns, keysTable)), 'name')) await ctx.run(dropColumnQuery(keysTable, name as string));
    const read = contributionsByDate(file, columns, keys, { dates, stocks, features }, groups, new DuckDbCellReader({ ...ctx, relation, sortedCopy, firstRows, dateCells }, numbers(keys, 'di')));
    if (read.byDate && repeatedRows) read.byDate.repeatedRows = repeatedRows;
    open = false;
    return read;
  } finally {
    if (open) {
      await dropTables(ctx);
      ctx.released();
    }
  }
}

/**
 * Rows of a long file sorted by date past which its keys are summed a chunk of dates at a
 * time: one aggregation over every key of the XL run (5.67M keys, 567M cells) held a hash
 * table of about 2 GB, then the sums of every key in the keys table beside the reader's
 * copy of them. A chunk of about 75 of its dates holds 340,000 keys.
 */
const KEY_CHUNK_ROWS = 2 ** 25;

/** A file's dates in chunks, and the rows its row groups hold: what a scan of every row reads. */
interface KeyChunks {
  chunks: KeyChunk[];
  rows: number;
}

/**
 * The file's dates as chunks of about `chunkRows` rows, cut at the lowest date of a row
 * group (from the footer; a date is in one chunk, its row groups read by the chunks on
 * either side of a cut); null when there would be one chunk, or a row group has no date
 * statistics or may hold a NULL date. The rows are the row groups' own counts, which the
 * scan reads by (the file-level count is a separate field a file could set to anything).
 */
async function keyChunks(ctx: Pick<ByDateContext, 'path' | 'query'>, columns: LongColumns, chunkRows: number): Promise<KeyChunks | null> {
  const dates = rowGroupDatesQuery(ctx.path, columns);
  if (!dates) return null;
  const groups = await ctx.query(dates.query);
  const rows = numbers(groups, 'rows');
  const low = texts(groups, 'low');
  const rank = numbers(groups, 'low_rank');
  const unusable = column(groups, 'unusable') as (boolean | null)[];
  const chunks: KeyChunk[] = [];
  let chunk: KeyChunk = { low: null, high: null, type: dates.type };
  let chunkRank = rank[0];
  let rowsIn = 0;
  let total = 0;
  for (let g = 0; g < groups.rows; g++) {
    if (unusable[g] !== false) return null;
    total += rows[g];
    if (rowsIn >= chunkRows && rank[g] > chunkRank) {
      chunk.high = low[g];
      chunks.push(chunk);
      chunk = { low: low[g], high: null, type: dates.type };
      chunkRank = rank[g];
      rowsIn = 0;
    }
    rowsIn += rows[g];
  }
  chunks.push(chunk);
  return chunks.length > 1 ? { chunks, rows: total } : null;
}

/**
 * Sums the keys a chunk of dates at a time (createKeySumsQuery's aggregates, each chunk's
 * scan reading the row groups its dates may be in), keeps each key's numbers in the keys
 * table and hands back the sums as keySumsQuery gives them, in key order (keys are
 * numbered in first-row order: the chunks' keys sorted by their first row). Every cell
 * must be in one chunk: the cells counted must be the rows of the file's row groups. A
 * footer that lies (a date outside its row group's statistics, skipped by a chunk's scan)
 * breaks that, and the keys are then summed whole (null).
 */
async function sumKeysByChunk(ctx: ByDateContext, relation: NumberedRelation, { chunks, rows: cells }: KeyChunks, groupOf: Int32Array, groups: number): Promise<SqlResult | null> {
  const { columns, features, keysTable } = ctx;
  const chunkTable = `${keysTable}_chunk`;
  const keys = `${keysTable}_unnumbered`;
  const pieces: SqlResult[] = [];
  let order: Int32Array | null = null;
  try {
    let offset = 0;
    for (const [i, chunk] of chunks.entries()) {
      await ctx.run(createKeyChunkQuery(relation, columns, chunkTable, features, groupOf, groups, chunk));
      await ctx.run(addChunkKeysQuery(columns, chunkTable, keys, i === 0, offset));
      const piece = await ctx.query(chunkSumsQuery(columns, chunkTable, features.length, groups));
      pieces.push(piece);
      offset += piece.rows;
      await ctx.run(dropTableQuery(chunkTable));
    }
    order = firstRowOrder(concatColumns(pieces.map((p) => numbers(p, 'first_row'))) as Float64Array);
    await ctx.run(numberKeysQuery(columns, keys, keysTable, order !== null));
  } finally {
    await ctx.run(dropTableQuery(chunkTable));
    await ctx.run(dropTableQuery(keys));
  }
  if (numbers(await ctx.query(keyCellsQuery(keysTable)), 'cells')[0] !== cells) {
    await ctx.run(dropTableQuery(keysTable));
    return null;
  }
  const numbered = await ctx.query(keyNumbersQuery(keysTable));
  // Every column but the first rows (they gave the order), a column at a time, each one's
  // pieces let go once copied.
  const names = pieces[0].names.filter((name) => name !== 'first_row');
  const columnsOut = names.map((name) => {
    const c = pieces[0].names.indexOf(name);
    const whole = concatColumns(pieces.map((p) => p.columns[c]), order);
    for (const p of pieces) p.columns[c] = [];
    return whole;
  });
  return { names: [...numbered.names, ...names], columns: [...numbered.columns, ...columnsOut], rows: numbered.rows };
}

/**
 * The positions of `firstRows` in ascending order; null when they are so already (a file
 * sorted by date within its row groups too, the usual case). Each first row is packed with
 * its position into one double and sorted as numbers where that is exact (below 2^53: the
 * XL run's 567M rows x 5.67M keys is 2^51.5); compared pairwise past it.
 */
function firstRowOrder(firstRows: Float64Array): Int32Array | null {
  let sorted = true;
  let highest = 0;
  for (let i = 0; i < firstRows.length; i++) {
    if (i > 0 && firstRows[i - 1] >= firstRows[i]) sorted = false;
    highest = Math.max(highest, firstRows[i]);
  }
  if (sorted) return null;
  const n = firstRows.length;
  if ((highest + 1) * n > Number.MAX_SAFE_INTEGER) return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => firstRows[a] - firstRows[b]);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = firstRows[i] * n + i;
  packed.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i] % n;
  return order;
}

/** One result column from its pieces, in order, or in `order` (positions into the pieces joined). */
function concatColumns(pieces: SqlColumn[], order: Int32Array | null = null): SqlColumn {
  if (pieces.every((p) => p instanceof Float64Array)) {
    const out = new Float64Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces as Float64Array[]) {
      out.set(p, at);
      at += p.length;
    }
    return order ? out.map((_, i) => out[order[i]]) : out;
  }
  const joined = (pieces as unknown[][]).flat();
  return (order ? Array.from(order, (i) => joined[i]) : joined) as SqlColumn;
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
type ReaderContext = Pick<ByDateContext, 'file' | 'path' | 'filePath' | 'columns' | 'features' | 'keysTable' | 'ranges' | 'copied' | 'query' | 'run' | 'released' | 'wide'> & {
  relation: NumberedRelation;
  /** Whether `relation` reads the sorted copy `${keysTable}_rows` rather than the file. */
  sortedCopy: boolean;
  /** Whether `relation` keeps each cell's first row only (each key's first row, for a wide file). */
  firstRows: boolean;
  /** Per date number, the cells the scan at open counted (dateCellsQuery). */
  dateCells: Float64Array;
};

/** What the run cache keeps of a DuckDB reader by date (KeptCells.source says whose it is). */
export const KEPT_SOURCE = 'duckdb:parquet-by-date';
const KEYS_FILE = 'keys.parquet';
const ROWS_FILE = 'rows.parquet';
const FILE_COPY = 'file.parquet';

interface KeptSpec {
  /** How messages name the file (as the run names it). */
  file: string;
  /** The Parquet file read by date: the run cache's key says it is unchanged. */
  path: string;
  /** Whether the file read is a copy of the run's file (a CSV file's, as Parquet), kept in the folder as FILE_COPY. */
  copied: boolean;
  columns: LongColumns;
  features: string[];
  sortedCopy: boolean;
  firstRows: boolean;
  ranges: [string, [number, number]][];
  /** Each key's date number, in key order (what the reader groups a read's rows by). */
  keyDate: Int32Array;
  /** Per date number, its cells as counted at open. */
  dateCells: Float64Array;
  /** A wide file's feature and raw-value columns (its rows are read as cells); null for a long file. */
  layout: WideLayout | null;
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
    // A wide file gives raw values for the features that have a column of them, null for the rest (as read whole).
    super(ctx.file, keyDate, ctx.features.length, ctx.wide?.layout.values ? ctx.wide.layout.values.map((v) => v !== null) : ctx.columns.value !== undefined);
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
      // The scan skips the row groups whose footer statistics leave the dates out: a footer
      // that lies (or a file changed since the open) would leave cells behind as zeros.
      let read = 0;
      for (const keys of numberLists(result, 'ki')) read += keys.length;
      let counted = 0;
      for (let d = range[0]; d <= range[1]; d++) counted += this.ctx.dateCells[d] ?? 0;
      if (read !== counted) throw new InputError(messages.cellsNotWhereFooterSays(this.ctx.file, read, counted), this.ctx.file);
    }
    const { ranges, file, wide } = this.ctx;
    if (wide) {
      // Each feature (and raw-value) column against its own footer range, as the file read whole is checked.
      wide.layout.features.forEach((name, f) => checkRange(file, name, into.contributions[f], ranges.get(name)));
      wide.layout.values?.forEach((name, f) => {
        const values = into.values?.[f];
        if (name !== null && values) checkRange(file, name, values, ranges.get(name));
      });
      return;
    }
    checkRange(file, columns.contribution.name, into.contributions, ranges.get(columns.contribution.name));
    if (into.values && columns.value) checkRange(file, columns.value.name, into.values, ranges.get(columns.value.name));
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
      // The source's copy of a CSV file goes with the source: the cache keeps its own (a sorted copy is read instead).
      const copied = this.ctx.copied === true && !this.ctx.sortedCopy;
      if (copied) await copyFile(this.ctx.path, join(dir, FILE_COPY), constants.COPYFILE_FICLONE);
      const spec: KeptSpec = {
        file: this.ctx.file,
        path: this.ctx.filePath ?? this.ctx.path,
        copied,
        columns,
        features: this.ctx.features,
        sortedCopy: this.ctx.sortedCopy,
        firstRows: this.ctx.firstRows,
        ranges: [...this.ctx.ranges],
        keyDate: Int32Array.from(this.keyDate),
        dateCells: this.ctx.dateCells,
        layout: this.ctx.wide?.layout ?? null,
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
  ctx: Pick<ByDateContext, 'keysTable' | 'query' | 'run' | 'released'> & { copy(path: string): Promise<string>; readable(path: string): string },
): Promise<CellReader | null> {
  const spec = kept.source === KEPT_SOURCE ? keptSpec(kept.spec) : null;
  if (!spec) return null;
  const keys = await ctx.copy(join(dir, KEYS_FILE));
  const { columns, layout } = spec;
  // The relation made as the first open made it: the file's rows (or their sorted copy),
  // each key's (or cell's) first row where the file repeats them, a wide file's rows as cells.
  const path = spec.copied ? await ctx.copy(join(dir, FILE_COPY)) : ctx.readable(spec.path);
  let rows: NumberedRelation = { sql: 'read_parquet($1, file_row_number = true)', params: [path], rowNumber: 'file_row_number' };
  if (spec.sortedCopy) rows = { sql: 'read_parquet($1)', params: [await ctx.copy(join(dir, ROWS_FILE))], rowNumber: 'file_row_number' };
  const wide = layout ? { layout, asLong: (of: NumberedRelation) => wideAsLong(of, columns, layout), keySums: (of: NumberedRelation, target: string, groupOf: Int32Array, groups: number) => createWideKeySumsQuery(of, columns, layout, target, groupOf, groups) } : undefined;
  let relation: NumberedRelation;
  if (wide) relation = wide.asLong(spec.firstRows ? firstKeyRowsRelation(rows, columns) : rows);
  else relation = spec.firstRows ? firstRowsRelation(rows, columns) : rows;
  return new DuckDbCellReader(
    { ...ctx, file: spec.file, path, filePath: spec.copied ? undefined : spec.path, copied: spec.copied, columns, features: spec.features, ranges: new Map(spec.ranges), relation, sortedCopy: false, firstRows: spec.firstRows, dateCells: spec.dateCells, wide },
    spec.keyDate,
    () => ctx.run(keptKeysQuery(keys, ctx.keysTable)),
  );
}

/** Whether `value` is a WideLayout: feature columns, and per feature a raw-value column or null. */
function isLayout(value: unknown): value is WideLayout {
  const layout = value as Partial<WideLayout> | undefined;
  return Array.isArray(layout?.features) && layout.features.every((f) => typeof f === 'string') && (layout.values === null || (Array.isArray(layout.values) && layout.values.every((v) => v === null || typeof v === 'string')));
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
    typeof v.copied !== 'boolean' ||
    !Array.isArray(v.features) ||
    !v.features.every((f) => typeof f === 'string') ||
    typeof v.sortedCopy !== 'boolean' ||
    typeof v.firstRows !== 'boolean' ||
    !(v.keyDate instanceof Int32Array) ||
    !(v.dateCells instanceof Float64Array) ||
    (v.layout !== null && !isLayout(v.layout)) ||
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

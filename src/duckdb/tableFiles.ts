/**
 * A run's files as DuckDB reads them: Parquet straight from disk (no whole-file buffer in
 * JavaScript, no size ceiling but the disk's), long contributions pivoted by DuckDB, every
 * other format through the model layer's readers. A file that exists only as bytes (a `git:`
 * revision, a test) is written to a private temporary file first, outside the workspace.
 */
import { closeSync, constants, copyFileSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { table as arqueroTable } from 'arquero';
import { InputError } from '../model/errors';
import { messages } from '../model/messages';
import type { NormalColumn } from '../model/read/arrow';
import { storedColumnName } from '../model/read/columnNames';
import { readTable, resolveFormat, type ReadResult, type TableFormat } from '../model/read/index';
import { readMessages } from '../model/read/messages';
import { type CellReader, type FeatureGrouping, type KeptCells, META_COLUMNS, RAW_VALUE_SUFFIX_KEY, rawValueColumns, reportEmptyFeatures, reportIgnoredText, sampleStep, textColumnRole, type WideContributions, wideCandidates, wideColumnMap } from '../model/run/contributions';
import type { RunFile, TableSource } from '../model/run/loadRun';
import { estimateLoadBytes } from '../model/run/memoryEstimate';
import { type ColumnMap, resolveColumns } from '../model/schema/columns';
import { dateColumn, textColumn } from '../model/schema/values';
import type { Diagnostic } from '../model/types';
import { numbers, type SqlColumn, type SqlConnection, texts } from '../sql/connection';
import { cellListsQuery, createKeysQuery, dateOrderQuery, dropTableQuery, featuresQuery, firstCellListsQuery, keysQuery, type LongColumns, longColumns, type NumberedRelation, numericLongColumns, perStockValues, repeatedCellsQuery } from '../sql/contributionQueries';
import { readLongByDate, reopenLongByDate } from './cellsByDate';
import { arrowShape, copyArrowAsParquet } from './arrowFiles';
import { copyCsvAsParquet, copyWideCsvAsParquet, readCsvLayout } from './csvFiles';
import { checkExtent, checkRange, scatterCells } from './cellLists';
import { firstNotNumberQuery } from '../sql/csvQueries';
import { createWideKeySumsQuery, distinctValuesQuery, finiteCountsQuery, sampledValuesQuery, WIDE_CELLS, wideAsLong, type WideLayout } from '../sql/wideQueries';
import { columnFactsQuery, columnKind, type DescribedColumn, describeQuery, parquetColumnNamesQuery, parquetRangesQuery, parquetRowCountQuery, readTableQuery } from '../sql/tableQueries';

const PROBE_BYTES = 64 * 1024;

/** Numbers the keys tables of every source in the process: sources may share one database. */
let keysTables = 0;

/** The first bytes of a file and its last four (where Parquet's footer magic sits). */
function probe(path: string): Uint8Array {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    if (size <= PROBE_BYTES + 4) {
      const all = new Uint8Array(size);
      readSync(fd, all, 0, size, 0);
      return all;
    }
    const out = new Uint8Array(PROBE_BYTES + 4);
    readSync(fd, out, 0, PROBE_BYTES, 0);
    readSync(fd, out, PROBE_BYTES, 4, size - 4);
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Most distinct values of a wide file's text column read by date to decide what it is
 * (metadata such as an ISIN has one per stock); a column of more is read whole.
 */
const DISTINCT_TEXT_LIMIT = 100_000;

/** What reading a Parquet file's columns notes: integers past 2^53 kept as text, nested values as JSON. */
function columnNotes(file: string, columns: DescribedColumn[], facts: (boolean | undefined)[]): Diagnostic[] {
  const notes: Diagnostic[] = [];
  columns.forEach((c, i) => {
    const kind = columnKind(c.type);
    if (kind === 'wide-integer' && facts[i] === false) notes.push({ severity: 'info', code: 'large-integers', message: readMessages.noteLargeIntegers(file, c.name), file, column: c.name });
    if (kind === 'nested') notes.push({ severity: 'info', code: 'nested-column', message: readMessages.noteNestedColumn(file, c.name, c.type.toLowerCase()), file, column: c.name });
  });
  return notes;
}

/** Turns DuckDB's error text into the reason a user reads (first line, no SQL echo). */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * Largest text table (CSV, TSV, JSON) read as text: V8 cannot hold a string much over
 * 512 MB, and a read past that aborts the process instead of throwing.
 */
const MAX_TEXT_MB = 480;
/** Largest Arrow IPC file: flechette decodes from one buffer, and Node reads at most 2 GiB at once. */
const MAX_ARROW_MB = 2000;
/** Bytes of memory per decoded cell while a run loads: the double, and the panel's copies of it. */
const BYTES_PER_CELL = 8 * 4;
/** Cells past which a Parquet file of fewer row groups than threads is read as several queries of its columns at once (readColumns). */
const SPLIT_SCAN_CELLS = 1_000_000;
/**
 * The most queries such a file is read as: the chunks they return are copied into
 * JavaScript on one thread however many there are (measured on 2 threads only).
 */
const MAX_SCAN_PARTS = 4;

/** Megabytes of memory `rows` x `columns` decoded cells take while a run loads. */
const neededMB = (rows: number, columns: number) => Math.ceil((rows * columns * BYTES_PER_CELL) / 2 ** 20);

/**
 * The scratch folders of this process's sources still open, removed when it exits: a
 * command that read a run by date keeps its reader (and the files it reads) to the end.
 */
const scratchFolders = new Set<string>();
process.once('exit', () => {
  for (const folder of scratchFolders) rmSync(folder, { recursive: true, force: true });
});

/** A new private folder for a source's copies of files, in `parent` or the OS temporary folder. */
function scratchFolder(parent: string | undefined): string {
  const folder = mkdtempSync(join(parent ?? tmpdir(), 'glassbox-files-'));
  scratchFolders.add(folder);
  return folder;
}

export interface TableSourceOptions {
  /**
   * Refuse, before decoding, a Parquet file whose rows x columns would need more memory;
   * contributions past it, long or wide, are read by date instead (when the loader groups features).
   */
  memoryBudgetMB?: number;
  /**
   * Where the source's copies of files go (a file given as bytes, a kept reader's files):
   * the loader worker's spill folder, which its host removes even when it ends the worker.
   * Default: the OS temporary folder.
   */
  scratchIn?: string;
  /** Read contributions in Parquet (long or wide) by date whatever their size (tests, the benchmark). */
  alwaysByDate?: boolean;
  /** Cells per query when long contributions are pivoted (default CELLS_PER_QUERY; tests lower it). */
  cellsPerQuery?: number;
  /** Cells past which long Parquet contributions sorted by date are read by date though they fit (default BY_DATE_CELLS; tests lower it). */
  byDateCells?: number;
  /** The largest row group such a file may have to be read by date though it fits (default BY_DATE_GROUP_ROWS; tests lower it). */
  byDateGroupRows?: number;
  /** Rows past which a long file read by date, sorted by date, has its keys summed a chunk of dates at a time (tests lower it). */
  keyChunkRows?: number;
}

export class DuckDbTableSource implements TableSource {
  private scratch: string | null = null;
  private scratchFiles = 0;
  /** Readers by date still open: they read the file (perhaps a scratch copy) after the load. */
  private openReaders = 0;
  private disposed = false;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly db: SqlConnection,
    private readonly options: TableSourceOptions = {},
  ) {}

  async read(file: RunFile): Promise<ReadResult> {
    const { path, format } = this.locate(file);
    if (format !== 'parquet') return readTable(file.bytes ?? readWhole(path, file.name, format), file.name, { format });
    const relation = parquetRelation(path, false);
    const columns = await this.describe(relation, file.name);
    const { rows, rowGroups } = await this.checkDecodedSize(path, file.name, columns.length);
    const facts = await this.facts(relation, columns, file.name);
    const result = await this.guard(file.name, () => this.readColumns(relation, columns, facts, rows, rowGroups));
    const notes = columnNotes(file.name, columns, facts);
    const data = new Map<string, NormalColumn>();
    columns.forEach((c, i) => data.set(storedColumnName(c.name), result.columns[i] as NormalColumn));
    if (result.rows === 0 && columns.length > 0) throw new InputError(readMessages.noRows(file.name), file.name);
    const ranges = await this.footerRanges(path, file.name);
    columns.forEach((c, i) => {
      const values = result.columns[i];
      // A connection that measured no extents has each value checked instead.
      if (result.extents) {
        const extent = result.extents[i];
        if (extent) checkExtent(file.name, c.name, extent, ranges.get(c.name));
      } else if (values instanceof Float64Array) checkRange(file.name, c.name, values, ranges.get(c.name));
    });
    return { table: arqueroTable(data, columns.map((c) => storedColumnName(c.name))), format, notes };
  }

  /**
   * Long contributions pivoted by DuckDB (Parquet only for now: its row numbers are exact),
   * or wide ones read by date (past the budget, with `grouping`); null when the file is wide
   * and fits, or is another format, for the caller to read whole.
   */
  async readLongContributions(file: RunFile, overrides: Record<string, string> | undefined, diagnostics: Diagnostic[], grouping?: FeatureGrouping): Promise<WideContributions | null> {
    const located = this.locate(file);
    let path = located.path;
    // A CSV or Arrow file too large to read whole is copied as Parquet, then read by date like one.
    const copied = grouping !== undefined && path !== '' && ((located.format === 'csv' && this.csvByDate(path, file.name)) || (located.format === 'arrow' && this.arrowByDate(path, file.name, overrides)));
    if (copied) {
      path = located.format === 'csv' ? await this.csvAsParquet(path, file.name, overrides, diagnostics) : await this.arrowAsParquet(path, file.name, overrides, diagnostics);
    } else if (located.format !== 'parquet') return null;
    // The run's file, where DuckDB reads it through a link (its name holds glob characters).
    const filePath = !copied && file.path !== undefined && path !== file.path ? file.path : undefined;
    const relation = parquetRelation(path, true);
    const described = await this.describe(parquetRelation(path, false), file.name);
    const byName = new Map(described.map((c) => [c.name, c]));
    const map = resolveColumns(described.map((c) => c.name), 'contributions', file.name, overrides);
    if (map.feature === undefined && map.contribution === undefined && grouping !== undefined) return this.readWideByDate(file.name, path, described, map, overrides, diagnostics, grouping, copied, filePath);
    if (map.feature === undefined || map.contribution === undefined) return null;
    // The pivot holds a cell per line: the long file's rows decide the memory it needs.
    // Past the budget, the cells stay in the file and are read by date.
    const size = await this.decodedSize(path, file.name, 2);
    const columns: LongColumns = longColumns(map, byName);
    const byDate = grouping !== undefined && (this.options.alwaysByDate === true || !size.fits || copied || (size.rows > (this.options.byDateCells ?? BY_DATE_CELLS) && (await this.sortedByDate(path, file.name, columns))));
    if (!byDate && !size.fits) throw this.tooManyCells(file.name, size.rows, 2);
    // A numeric column stored as text is read whole, so that the schema layer names the row
    // of the first value that is not a number.
    for (const numeric of numericLongColumns(columns)) {
      if (columnKind(numeric.type) !== 'number') return null;
    }
    const midnight = columns.date && columnKind(columns.date.type) === 'timestamp' ? (await this.facts(relation, [columns.date], file.name))[0] : undefined;
    const run = (q: { sql: string; params: NumberedRelation['params'] }) => this.guard(file.name, () => this.db.query(q.sql, q.params));

    const featureRows = await run(featuresQuery(relation, columns, byDate));
    const ranges = await this.footerRanges(path, file.name);
    const features = textColumn(texts(featureRows, 'feature'));
    const blank = features.findIndex((f) => f.trim() === '');
    if (blank >= 0) {
      const row = numbers(featureRows, 'first_row')[blank] + 1;
      throw new InputError(messages.missingStock(file.name, columns.feature.name, row).replace('stock id', 'feature name'), file.name, row, columns.feature.name);
    }
    const keysTable = `glassbox_keys_${keysTables++}`;
    if (byDate) {
      this.openReaders++;
      return readLongByDate(
        {
          file: file.name,
          path,
          relation,
          columns,
          features,
          finite: numbers(featureRows, 'finite'),
          keysTable,
          grouping,
          dateIsMidnight: midnight,
          ranges,
          copied,
          filePath,
          query: run,
          run: (q) => this.guard(file.name, () => this.db.run(q.sql, q.params)),
          released: () => this.readerClosed(),
          keyChunkRows: this.options.keyChunkRows,
        },
        diagnostics,
      );
    }
    await this.guard(file.name, async () => {
      const q = createKeysQuery(relation, columns, keysTable);
      await this.db.run(q.sql, q.params);
    });
    try {
      const keys = await run(keysQuery(columns, keysTable, midnight));
      const stocks = textColumn(texts(keys, 'stock'));
      const emptyStock = stocks.indexOf('');
      if (emptyStock >= 0) throw new InputError(messages.missingStock(file.name, columns.stock.name, emptyStock + 1), file.name, undefined, columns.stock.name);
      const dates = columns.date ? dateColumn(texts(keys, 'date'), file.name, columns.date.name) : null;
      const rows = keys.rows;
      const nFeatures = features.length;
      const contributions = features.map(() => new Float64Array(rows).fill(NaN));
      const featureValues = columns.value ? features.map(() => new Float64Array(rows).fill(NaN)) : null;
      const seen = new Uint8Array(rows * nFeatures);
      // Features in even batches of at most about CELLS_PER_QUERY cells: the database holds a
      // batch's lists until its query ends, and each query scans the whole file.
      const perQuery = Math.ceil(nFeatures / Math.max(1, Math.ceil((rows * nFeatures) / (this.options.cellsPerQuery ?? CELLS_PER_QUERY))));
      const readCells = async (query: typeof cellListsQuery): Promise<number> => {
        let repeats = 0;
        for (let first = 0; first < nFeatures; first += perQuery) {
          repeats += scatterCells(await run(query(relation, columns, keysTable, features, first, perQuery)), { nFeatures, seen, contributions, featureValues });
        }
        return repeats;
      };
      // Cells come in no particular order, so a repeated cell's first row (the one the
      // run keeps, as every reader does) is found again in file order, only when there is one.
      if ((await readCells(cellListsQuery)) > 0) {
        contributions.forEach((c) => c.fill(NaN));
        featureValues?.forEach((c) => c.fill(NaN));
        seen.fill(0);
        await readCells(firstCellListsQuery);
        const repeated = await run(repeatedCellsQuery(relation, columns));
        const count = numbers(repeated, 'repeated')[0];
        const example = `row ${numbers(repeated, 'first_row')[0] + 1}`;
        diagnostics.push({ severity: 'warning', code: 'duplicate-keys', message: messages.duplicateKeys(file.name, count, example), file: file.name, count, example });
      }
      checkRange(file.name, columns.contribution.name, contributions, ranges.get(columns.contribution.name));
      if (featureValues && columns.value) checkRange(file.name, columns.value.name, featureValues, ranges.get(columns.value.name));
      reportEmptyFeatures(file.name, features, contributions, diagnostics);
      const { baseValue, score, meta } = perStockValues(columns, keys, file.name);
      return { file: file.name, dates, stocks, features, contributions, featureValues, baseValue, score, meta };
    } finally {
      await this.db.run(dropTableQuery(keysTable).sql);
    }
  }

  /**
   * Whether the CSV file at `path` is read by date: too large to hold as text, or its
   * estimated memory past the budget (the estimate the editor's size guard makes).
   */
  private csvByDate(path: string, file: string): boolean {
    const size = statSync(path).size;
    const budget = this.options.memoryBudgetMB;
    return this.options.alwaysByDate === true || size > MAX_TEXT_MB * 2 ** 20 || (budget !== undefined && estimateLoadBytes([{ name: file, size }]) > budget * 2 ** 20);
  }

  /**
   * Whether the Arrow IPC file at `path` is read by date: more than Node reads at once, its
   * estimated memory past the budget, or long contributions of more than BY_DATE_CELLS rows
   * (from the batches' headers). The database must append rows (DuckDB embedded).
   * Measured on the L long run as `write_feather` writes it (209 MB, 32.4M rows): read whole
   * in 23.7 s at 3.0 GB peak (the whole file decoded, then pivoted with every id as text);
   * copied and read by date in 19-24 s at 1.2-1.9 GB, a date change then p95 8 ms.
   */
  private arrowByDate(path: string, file: string, overrides: Record<string, string> | undefined): boolean {
    if (!this.db.appendRows) return false;
    const size = statSync(path).size;
    const budget = this.options.memoryBudgetMB;
    if (this.options.alwaysByDate === true || size > MAX_ARROW_MB * 2 ** 20 || (budget !== undefined && estimateLoadBytes([{ name: file, size }]) > budget * 2 ** 20)) return true;
    try {
      const { names, rows } = arrowShape(path, file);
      const map = resolveColumns(names, 'contributions', file, overrides);
      return map.feature !== undefined && map.contribution !== undefined && rows > (this.options.byDateCells ?? BY_DATE_CELLS);
    } catch {
      // A file the headers do not describe: the whole read names what is wrong with it.
      return false;
    }
  }

  /** The Arrow IPC file at `path` copied as typed Parquet into the scratch folder, a record batch at a time (arrowFiles.ts). */
  private async arrowAsParquet(path: string, file: string, overrides: Record<string, string> | undefined, diagnostics: Diagnostic[]): Promise<string> {
    this.scratch ??= scratchFolder(this.options.scratchIn);
    const target = join(this.scratch, `${this.scratchFiles++}.parquet`);
    const keys = (names: string[]) => {
      const map = resolveColumns(names, 'contributions', file, overrides);
      return { text: new Set([map.date, map.stock, map.feature, ...META_COLUMNS.map((key) => map[key])].filter((name): name is string => name !== undefined)), date: map.date };
    };
    const { notes, rows } = await copyArrowAsParquet(this.db, path, file, keys, target);
    // The message reading it whole gives for a file of columns and no rows.
    if (rows === 0) throw new InputError(readMessages.noRows(file), file);
    diagnostics.push(...notes);
    return target;
  }

  /**
   * The CSV file at `path` copied as typed Parquet into the scratch folder: long
   * contributions' numeric columns are known from the header, a wide table's are the ones
   * the model's CSV reader types as numbers (copyWideCsvAsParquet).
   */
  private async csvAsParquet(path: string, file: string, overrides: Record<string, string> | undefined, diagnostics: Diagnostic[]): Promise<string> {
    const { layout, notes, headNumbers } = readCsvLayout(path, file);
    const map = resolveColumns(layout.names, 'contributions', file, overrides);
    this.scratch ??= scratchFolder(this.options.scratchIn);
    const target = join(this.scratch, `${this.scratchFiles++}.parquet`);
    if (map.feature === undefined || map.contribution === undefined) {
      const keys = new Set([map.date, map.stock, ...META_COLUMNS.map((key) => map[key])].filter((name): name is string => name !== undefined));
      await copyWideCsvAsParquet(this.db, path, file, layout, headNumbers, keys, target);
    } else await copyCsvAsParquet(this.db, path, file, layout, new Set(numericLongColumns(longColumns(map, new Map(layout.names.map((name) => [name, name]))))), target);
    // A header and no data: the message reading it whole gives.
    const q = parquetRowCountQuery(target);
    if (numbers(await this.guard(file, () => this.db.query(q.sql, q.params)), 'row_count')[0] === 0) throw new InputError(readMessages.headerOnly(file, layout.names.length), file);
    diagnostics.push(...notes);
    return target;
  }

  /**
   * A reader by date the run cache kept (cellsByDate.ts keeps and reopens it), reading the
   * same file; null when `kept` is not one this source made.
   */
  async reopenCells(kept: KeptCells, dir: string): Promise<CellReader | null> {
    const file = String((kept.spec as { file?: unknown } | null)?.file ?? 'the run cache');
    const keysTable = `glassbox_keys_${keysTables++}`;
    this.openReaders++;
    let reader: CellReader | null = null;
    try {
      reader = await reopenLongByDate(kept, dir, {
        keysTable,
        query: (q) => this.guard(file, () => this.db.query(q.sql, q.params)),
        run: (q) => this.guard(file, () => this.db.run(q.sql, q.params)),
        released: () => this.readerClosed(),
        copy: (path) => this.scratchCopy(path),
        readable: (path) => this.readable(path),
      });
      return reader;
    } finally {
      if (!reader) this.readerClosed();
    }
  }

  /**
   * A copy of a run cache's file in the source's scratch folder: the cache may remove its own
   * (to keep to its cap) while the run still reads it.
   */
  private async scratchCopy(path: string): Promise<string> {
    this.scratch ??= scratchFolder(this.options.scratchIn);
    const copy = join(this.scratch, `${this.scratchFiles++}.parquet`);
    await copyFile(path, copy, constants.COPYFILE_FICLONE);
    return copy;
  }

  /**
   * A wide file past the memory budget (any, with alwaysByDate) read by date: its columns
   * decided from its schema by the rules the file read whole is decided by (wideCandidates,
   * rawValueColumns, textColumnRole), its rows presented to the long reader by date as cells
   * (wideAsLong). Null to read it whole (past the budget, that refuses it with the fix),
   * which is what happens to a file this reader cannot decide the same way: a numeric column
   * stored as text, a text column of more distinct values than DISTINCT_TEXT_LIMIT, other
   * types (booleans, dates, nested values, integers past 2^53) beside the features, per-stock
   * numbers stored as text. Reading whole names the row of the first value that is not a
   * number; by date that would take a scan of its own.
   */
  private async readWideByDate(
    file: string,
    path: string,
    described: DescribedColumn[],
    map: ColumnMap,
    overrides: Record<string, string> | undefined,
    diagnostics: Diagnostic[],
    grouping: FeatureGrouping,
    copied: boolean,
    filePath: string | undefined,
  ): Promise<WideContributions | null> {
    const size = await this.decodedSize(path, file, described.length);
    if (size.rows === 0 || (size.fits && this.options.alwaysByDate !== true && !copied)) return null;
    // Read whole, the file would name the row of a value that is not a number; a file that
    // cannot be (past the budget, or a CSV file's copy) names it from a scan of that column.
    const whole = size.fits && !copied;
    const rows = parquetRelation(path, true);
    const run = (q: { sql: string; params: NumberedRelation['params'] }) => this.guard(file, () => this.db.query(q.sql, q.params));
    const columns = wideColumnMap(map, overrides);
    const facts = await this.facts(rows, described, file);
    // What the file read whole would note, in the same order: its notes come first.
    const notes = columnNotes(file, described, facts);
    const kindOf = new Map(described.map((c, i) => [c.name, columnKind(c.type) === 'wide-integer' && facts[i] !== false ? 'number' : columnKind(c.type)]));
    const candidates = wideCandidates(described.map((c) => c.name), columns, file, notes);
    if (candidates.some((name) => kindOf.get(name) !== 'number' && kindOf.get(name) !== 'text')) return null;
    // Text columns are not features: the raw-value convention is judged on the numeric ones.
    const numeric = candidates.filter((name) => kindOf.get(name) === 'number');
    const valueColumnOf = rawValueColumns(numeric, overrides?.[RAW_VALUE_SUFFIX_KEY], file, notes);
    const valueColumns = new Set(valueColumnOf.values());
    const features: string[] = [];
    const ignoredText: string[] = [];
    for (const name of candidates) {
      if (valueColumns.has(name)) continue;
      if (kindOf.get(name) === 'text') {
        const role = await this.textColumnRole(rows, name, size.rows, file);
        const broken = role === 'broken' && !whole ? await this.notANumber(rows, name, file, messages.textFeatureColumn) : null;
        if (broken) throw broken;
        if (role !== 'ignored') return null;
        ignoredText.push(name);
        continue;
      }
      features.push(name);
    }
    if (features.length === 0) throw new InputError(messages.noFeatures(file), file);
    const layout: WideLayout = { features, values: valueColumnOf.size ? features.map((f) => valueColumnOf.get(f) ?? null) : null };
    // The cells' columns beside the file's own: a feature, its contribution and its raw value.
    const byName = new Map<string, DescribedColumn>(described.map((c) => [c.name, c]));
    byName.set(WIDE_CELLS.feature, { name: WIDE_CELLS.feature, type: 'VARCHAR' });
    byName.set(WIDE_CELLS.contribution, { name: WIDE_CELLS.contribution, type: 'DOUBLE' });
    byName.set(WIDE_CELLS.value, { name: WIDE_CELLS.value, type: 'DOUBLE' });
    const cells = longColumns({ ...columns, feature: WIDE_CELLS.feature, contribution: WIDE_CELLS.contribution, feature_value: layout.values ? WIDE_CELLS.value : undefined }, byName);
    // Per-stock numbers stored as text are read whole, where the schema layer names the row of the first value that is not a number.
    for (const column of numericLongColumns(cells)) {
      if (columnKind(column.type) === 'number') continue;
      const stray = !whole && columnKind(column.type) === 'text' ? await this.notANumber(rows, column.name, file, messages.notNumeric) : null;
      if (stray) throw stray;
      return null;
    }
    const finiteCounts = await run(finiteCountsQuery(rows, features));
    const finite = Float64Array.from(features, (_, i) => numbers(finiteCounts, `f${i}`)[0]);
    const ranges = await this.footerRanges(path, file);
    diagnostics.push(...notes);
    const dateIndex = cells.date ? described.indexOf(cells.date) : -1;
    this.openReaders++;
    const read = await readLongByDate(
      {
        file,
        path,
        relation: rows,
        columns: cells,
        features,
        finite,
        keysTable: `glassbox_keys_${keysTables++}`,
        grouping,
        dateIsMidnight: cells.date && columnKind(cells.date.type) === 'timestamp' ? facts[dateIndex] : undefined,
        ranges,
        query: run,
        run: (q) => this.guard(file, () => this.db.run(q.sql, q.params)),
        released: () => this.readerClosed(),
        copied,
        filePath,
        wide: { layout, asLong: (of) => wideAsLong(of, cells, layout), keySums: (of, target, groupOf, groups) => createWideKeySumsQuery(of, cells, layout, target, groupOf, groups) },
      },
      diagnostics,
    );
    reportIgnoredText(file, ignoredText, diagnostics);
    return read;
  }

  /**
   * A wide file's text column as the file read whole decides it (textColumnRole): from its
   * distinct values and the rows the schema layer samples; null when it has too many
   * distinct values to fetch, or none but NULL (then it is numeric, a feature stored as text).
   */
  private async textColumnRole(rows: NumberedRelation, column: string, rowCount: number, file: string): Promise<'feature' | 'ignored' | 'broken' | null> {
    const run = (q: { sql: string; params: NumberedRelation['params'] }) => this.guard(file, () => this.db.query(q.sql, q.params));
    const distinct = texts(await run(distinctValuesQuery(rows, column, DISTINCT_TEXT_LIMIT)), 'value');
    if (distinct.length > DISTINCT_TEXT_LIMIT || distinct.every((v) => v === null)) return null;
    const sample = texts(await run(sampledValuesQuery(rows, column, sampleStep(rowCount))), 'value');
    return textColumnRole(distinct, sample);
  }

  /**
   * The error naming the first row of a text column whose value is not a number (`message`
   * says what the column is), as the file read whole names it; null when every value is a
   * number after all (numbers stored as text: read whole, or refused past the budget).
   */
  private async notANumber(rows: NumberedRelation, column: string, file: string, message: (file: string, column: string, row: number, value: string) => string): Promise<InputError | null> {
    const q = firstNotNumberQuery(rows, column, false);
    const found = await this.guard(file, () => this.db.query(q.sql, q.params));
    if (found.rows === 0) return null;
    const row = numbers(found, 'row')[0] + 1;
    return new InputError(message(file, column, row, texts(found, 'value')[0] ?? ''), file, row, column);
  }

  /** Removes the temporary copies of byte-only files (once no reader by date needs them). */
  dispose(): void {
    this.disposed = true;
    if (this.openReaders > 0) return;
    if (this.scratch) {
      rmSync(this.scratch, { recursive: true, force: true });
      scratchFolders.delete(this.scratch);
    }
    this.scratch = null;
  }

  private readerClosed(): void {
    this.openReaders--;
    if (this.disposed) this.dispose();
    if (this.openReaders === 0) for (const idle of this.idle.splice(0)) idle();
  }

  /** Calls `idle` once no reader by date is open (at once when none is): the database may close then. */
  whenReadersClosed(idle: () => void): void {
    if (this.openReaders === 0) idle();
    else this.idle.push(idle);
  }

  /**
   * The path DuckDB is given for a file on disk. DuckDB reads `*`, `?` and `[...]` in a path
   * as a glob (`x[1].parquet` read `x1.parquet`, `y*.parquet` every match), so a file whose
   * path holds one is read through a link of a plain name in the scratch folder (a copy
   * where links cannot be made).
   */
  private readable(path: string): string {
    if (!/[*?[\]{}]/.test(path)) return path;
    this.scratch ??= scratchFolder(this.options.scratchIn);
    const link = join(this.scratch, `${this.scratchFiles++}${extname(path)}`);
    try {
      symlinkSync(path, link);
    } catch {
      copyFileSync(path, link, constants.COPYFILE_FICLONE);
    }
    return link;
  }

  /** The file on disk to read (as DuckDB reads it), and its format (checked against its content). */
  private locate(file: RunFile): { path: string; format: TableFormat } {
    if (file.path !== undefined) {
      let head: Uint8Array;
      try {
        head = probe(file.path);
      } catch (error) {
        throw new InputError(readMessages.unreadableFile(file.name, reason(error)), file.name);
      }
      return { path: this.readable(file.path), format: resolveFormat(head, file.name) };
    }
    const bytes = file.bytes ?? new Uint8Array();
    const format = resolveFormat(bytes, file.name);
    if (format !== 'parquet') return { path: '', format };
    this.scratch ??= scratchFolder(this.options.scratchIn);
    const path = join(this.scratch, `${this.scratchFiles++}.parquet`);
    writeFileSync(path, bytes);
    return { path, format };
  }

  /** The file's columns and types; two columns of one name are refused, as every reader does. */
  private async describe(relation: NumberedRelation | ReturnType<typeof parquetRelation>, file: string): Promise<DescribedColumn[]> {
    const q = describeQuery(relation);
    const result = await this.guard(file, () => this.db.query(q.sql, q.params));
    const names = texts(result, 'column_name') as string[];
    const types = texts(result, 'column_type') as string[];
    const written = await this.guard(file, () => this.db.query(parquetColumnNamesQuery(relation.params[0] as string).sql, [relation.params[0]]));
    const children = numbers(written, 'children');
    // Flat files only: the schema's first entry is its root, the rest are the columns.
    if (children.slice(1).every((n) => n === 0)) {
      const raw = texts(written, 'name').slice(1) as string[];
      const duplicate = raw.find((name, i) => raw.indexOf(name) !== i);
      if (duplicate !== undefined) throw new InputError(readMessages.duplicateColumn(file, duplicate), file, undefined, duplicate);
    }
    return names.map((name, i) => ({ name, type: types[i] }));
  }

  private async facts(relation: NumberedRelation | ReturnType<typeof parquetRelation>, columns: DescribedColumn[], file: string): Promise<(boolean | undefined)[]> {
    const q = columnFactsQuery(relation, columns);
    if (!q) return columns.map(() => undefined);
    const result = await this.guard(file, () => this.db.query(q.sql, q.params));
    return columns.map((_, i) => {
      const values = result.names.includes(`f${i}`) ? result.columns[result.names.indexOf(`f${i}`)] : null;
      return values ? ((values as (boolean | null)[])[0] ?? undefined) : undefined;
    });
  }

  /**
   * The Parquet file's row count and row groups (its footer says), refusing the file when its
   * decoded rows would not fit the memory budget.
   */
  private async checkDecodedSize(path: string, file: string, columns: number): Promise<{ rows: number; rowGroups: number }> {
    const size = await this.decodedSize(path, file, columns);
    if (!size.fits) throw this.tooManyCells(file, size.rows, columns);
    return size;
  }

  /** The Parquet file's row count and row groups (its footer says), and whether its decoded rows fit the memory budget (they do without one). */
  private async decodedSize(path: string, file: string, columns: number): Promise<{ rows: number; rowGroups: number; fits: boolean }> {
    const q = parquetRowCountQuery(path);
    const result = await this.guard(file, () => this.db.query(q.sql, q.params));
    const rows = numbers(result, 'row_count')[0];
    const budget = this.options.memoryBudgetMB;
    return { rows, rowGroups: numbers(result, 'row_groups')[0], fits: !budget || neededMB(rows, columns) <= budget };
  }

  /**
   * A Parquet file's columns as the schema layer reads them, each numeric one with its
   * extent. DuckDB decodes a row group on one thread, so a large file of fewer row groups
   * than the database has threads is read as that many queries at once, each of a share of
   * the columns (rows come in file order in each: DuckDB keeps insertion order). Measured on
   * the bench's L wide file (one row group, 540,000 rows x 64 columns), on 2 threads: the
   * read took 1.0 s as one query, 0.8 s as two (DuckDB alone, the chunks not copied: 0.7 s
   * and 0.47 s).
   */
  private async readColumns(relation: ReturnType<typeof parquetRelation>, columns: DescribedColumn[], facts: (boolean | undefined)[], rows: number, rowGroups: number): Promise<{ columns: SqlColumn[]; extents: (readonly [number, number] | null)[] | null; rows: number }> {
    const threads = this.db.threads ?? 1;
    const parts = this.db.queryAll && rows * columns.length >= SPLIT_SCAN_CELLS ? Math.max(1, Math.min(columns.length, MAX_SCAN_PARTS, Math.floor(threads / Math.max(1, rowGroups)))) : 1;
    const options = { expectedRows: rows, extents: true };
    if (parts === 1) {
      const result = await this.db.query(readTableQuery(relation, columns, facts).sql, relation.params, options);
      return { columns: result.columns, extents: result.extents ?? null, rows: result.rows };
    }
    // Column i goes to part i mod parts: the text columns (dates, ids) cost the most and come first.
    const share = (p: number) => columns.map((_, i) => i).filter((i) => i % parts === p);
    const shares = Array.from({ length: parts }, (_, p) => share(p));
    const results = await this.db.queryAll!(shares.map((indexes) => ({ sql: readTableQuery(relation, indexes.map((i) => columns[i]), indexes.map((i) => facts[i])).sql, params: relation.params, options })));
    if (results.some((r) => r.rows !== results[0].rows)) throw new Error(`the database read ${results.map((r) => r.rows).join(' and ')} rows of one file in queries of its columns`);
    const out: SqlColumn[] = new Array(columns.length);
    const extents: (readonly [number, number] | null)[] = new Array(columns.length).fill(null);
    shares.forEach((indexes, p) =>
      indexes.forEach((column, j) => {
        out[column] = results[p].columns[j];
        extents[column] = results[p].extents?.[j] ?? null;
      }),
    );
    return { columns: out, extents: results.every((r) => r.extents) ? extents : null, rows: results[0].rows };
  }

  /**
   * Whether a Parquet file's row groups are in date order and small (its footer says so): a
   * date's read then scans only the few groups that hold it.
   */
  private async sortedByDate(path: string, file: string, columns: LongColumns): Promise<boolean> {
    const q = dateOrderQuery(path, columns);
    if (!q) return false;
    const order = await this.guard(file, () => this.db.query(q.sql, q.params));
    return numbers(order, 'unsorted')[0] === 0 && numbers(order, 'largest_group')[0] <= (this.options.byDateGroupRows ?? BY_DATE_GROUP_ROWS);
  }

  private tooManyCells(file: string, rows: number, columns: number): InputError {
    return new InputError(readMessages.tooManyCells(file, rows, columns, neededMB(rows, columns), this.options.memoryBudgetMB as number), file);
  }

  /** Each numeric column's [low, high] as the Parquet footer records it. */
  private async footerRanges(path: string, file: string): Promise<Map<string, [number, number]>> {
    const q = parquetRangesQuery(path);
    const result = await this.guard(file, () => this.db.query(q.sql, q.params));
    const names = texts(result, 'name');
    const low = numbers(result, 'low');
    const high = numbers(result, 'high');
    return new Map(names.map((name, i) => [name ?? '', [low[i], high[i]]]));
  }

  /** Runs a query on a file; a DuckDB failure becomes an InputError naming the file. */
  private async guard<T>(file: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(readMessages.corruptParquet(file, reason(error)), file);
    }
  }
}

/**
 * Cells per query when long contributions are pivoted (see readLongContributions): memory
 * is the harder limit. Measured with `glassbox attribution` on 4,500 x 120 x 60 (32.4M
 * cells, long Parquet): 16M per query (3 queries) 7.5 s at 1.55 GB peak, 8M (5 queries)
 * 8.3 s at 1.37 GB; the row-by-row fetch before took 11.3 s at 1.60 GB.
 */
const CELLS_PER_QUERY = 8_000_000;

/**
 * Past this many cells, long Parquet contributions sorted by date in row groups of at most
 * BY_DATE_GROUP_ROWS rows are read by date even when they fit: one scan sums the keys, and
 * a view reads the few row groups of its date. Measured on the bench L long file (32.4M
 * cells in 264 row groups in date order), loadRun on the main thread: 4.9 s to open by date
 * against 9.5 s read whole (the whole read fetches every cell, CELLS_PER_QUERY a query,
 * about 1 s each), peak 0.7 GB against 1.2 GB; a date change through the worker p95 6 ms.
 * At or below one query's cells the whole read is as fast and a date change costs nothing.
 * A file not sorted by date would need a sorted copy first (19 s at L), and one in large
 * row groups a scan of most of the file per date (0.3 s at L), so they are read whole while
 * they fit.
 */
const BY_DATE_CELLS = CELLS_PER_QUERY;
/** Twice pyarrow's default row group (1,048,576 rows); DuckDB writes 122,880. */
const BY_DATE_GROUP_ROWS = 2 ** 21;

/** A text or Arrow file's bytes, refused with the fix when they are more than can be read whole. */
function readWhole(path: string, file: string, format: TableFormat): Uint8Array {
  const limit = format === 'arrow' ? MAX_ARROW_MB : MAX_TEXT_MB;
  const megabytes = Math.ceil(statSync(path).size / 2 ** 20);
  if (megabytes > limit) throw new InputError(readMessages.tooLargeToReadWhole(file, format === 'arrow' ? 'Arrow IPC' : 'text (CSV, TSV or JSON)', megabytes, limit), file);
  // The Buffer's own memory as a plain Uint8Array, not a copy of it (a 355 MB CSV file
  // took 0.25 s and as much memory again to copy). A small file's Buffer may be a slice of
  // Node's shared pool: that one is copied, so that no reader sees the pool's other bytes.
  const buffer = readFileSync(path);
  return buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer);
}

/** A Parquet file as a relation; with row numbers for the queries that need "first". */
function parquetRelation(path: string, numbered: true): NumberedRelation;
function parquetRelation(path: string, numbered: false): { sql: string; params: string[] };
function parquetRelation(path: string, numbered: boolean): NumberedRelation | { sql: string; params: string[] } {
  return numbered ? { sql: 'read_parquet($1, file_row_number = true)', params: [path], rowNumber: 'file_row_number' } : { sql: 'read_parquet($1)', params: [path] };
}

/**
 * DuckDB embedded (`@duckdb/node-api`) behind the engine's SqlConnection. One in-memory
 * database per loader worker or CLI process: it scans the run's files where they lie, and
 * spills to a temporary folder outside the workspace when a query outgrows its memory limit.
 */
import { BOOLEAN, DOUBLE, DuckDBConnection, DuckDBDataChunk, DuckDBInstance, type DuckDBListType, DuckDBTypeId, type DuckDBValue, INTEGER, VARCHAR } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendBatch, QueryOptions, SqlColumn, SqlConnection, SqlQuery, SqlResult, SqlValue } from '../sql/connection';

export interface DuckDbOptions {
  /** DuckDB's memory_limit in megabytes: beyond it, operators spill to `temp_directory`. */
  memoryLimitMB?: number;
  /** Worker threads for DuckDB's scans and aggregations (default: DuckDB's own, the core count). */
  threads?: number;
  /**
   * The spill folder, made and removed by the caller (the host, for its loader worker: a
   * terminated worker runs no cleanup of its own). Default: a fresh one under the OS temp
   * folder, removed on close or when the process exits.
   */
  spillFolder?: string;
}

/** DuckDB's vector size: the rows of a data chunk. */
const CHUNK_ROWS = 2048;

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
]);

/** Whether bit `bit` of a validity mask is set: a 64-bit word per 64 rows, little-endian, so bit (i mod 32) of 32-bit word i / 32. */
function valid(words: Uint32Array, bit: number): boolean {
  return ((words[bit >>> 5] >>> (bit & 31)) & 1) === 1;
}

/**
 * Copies `n` values of a DOUBLE or INTEGER vector from `offset` at once, NULLs as NaN; false
 * when the vector is not laid out as expected (then the caller reads item by item).
 * node-api's `getItem` tests validity with BigInt arithmetic per value, which made reading
 * 32M doubles take seconds; this reads the same buffers (node-api 1.5.5: `items`, and
 * `validity` with a 64-bit word per 64 rows). With `extent` ([lowest, highest] so far), the
 * copied values widen it, NaN aside: measured while they are in the cache, where a pass of
 * its own over a 32M-cell column set costs a tenth of a second more.
 */
function copyNumbers(vector: unknown, offset: number, n: number, out: Float64Array, extent?: Float64Array): boolean {
  const v = vector as { items?: unknown; validity?: { data: BigUint64Array | null; offset: number } };
  const items = v.items;
  if (!(items instanceof Float64Array || items instanceof Int32Array) || items.length < offset + n || !v.validity || v.validity.offset !== 0) return false;
  out.set(offset === 0 && n === items.length ? items : items.subarray(offset, offset + n));
  const mask = v.validity.data;
  if (mask) {
    const words = new Uint32Array(mask.buffer, mask.byteOffset, mask.length * 2);
    for (let i = 0; i < n; i++) {
      // A word of 32 valid rows is skipped whole: most are, in a column with a few NULLs.
      const bit = offset + i;
      if ((bit & 31) === 0 && i + 32 <= n && words[bit >>> 5] === 0xffffffff) {
        i += 31;
        continue;
      }
      if (!valid(words, bit)) out[i] = NaN;
    }
  }
  if (extent) widen(extent, out, n);
  return true;
}

/** Widens [lowest, highest] by the first `n` values (NaN compares false, so it is left out). */
function widen(extent: Float64Array, values: Float64Array, n: number): void {
  let low = extent[0];
  let high = extent[1];
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x < low) low = x;
    if (x > high) high = x;
  }
  extent[0] = low;
  extent[1] = high;
}

const textDecoder = new TextDecoder();

/**
 * The strings of recent short values by their DuckDB slot: a text column of dates or stock
 * ids holds a few thousand distinct values over a million rows, and a string made once per
 * distinct value spares the collector a string per row. A slot hashes to one entry, its 16
 * bytes compared in full: a hit is the same bytes, so the same value.
 */
class ShortTexts {
  private static readonly SIZE = 1 << 13;
  private readonly slots = new Uint32Array(ShortTexts.SIZE * 4);
  private readonly texts: (string | undefined)[] = new Array(ShortTexts.SIZE);

  /** The value in the slot at `s` (a 16-byte slot of up to 12 bytes, as 4 words of `words`). */
  get(words: Uint32Array, bytes: Uint8Array, s: number): string {
    const entry = (Math.imul(words[s + 1] ^ Math.imul(words[s + 2], 0x9e3779b1) ^ Math.imul(words[s + 3] ^ words[s], 0x85ebca6b), 0xc2b2ae35) >>> 19) & (ShortTexts.SIZE - 1);
    const e = entry * 4;
    const known = this.texts[entry];
    if (known !== undefined && this.slots[e] === words[s] && this.slots[e + 1] === words[s + 1] && this.slots[e + 2] === words[s + 2] && this.slots[e + 3] === words[s + 3]) return known;
    const length = words[s];
    const value = bytes.subarray(s * 4 + 4, s * 4 + 4 + length);
    let ascii = true;
    for (let b = 0; b < length; b++) if (value[b] > 0x7f) ascii = false;
    const text = ascii ? String.fromCharCode.apply(null, value as unknown as number[]) : textDecoder.decode(value);
    this.slots.set(words.subarray(s, s + 4), e);
    this.texts[entry] = text;
    return text;
  }
}

/**
 * Copies the `n` values of a VARCHAR vector into `out` (NULL as null); false when the vector
 * is not laid out as expected (then the caller reads item by item). node-api's `getItem`
 * decodes each value through a TextDecoder call and tests validity in BigInt arithmetic:
 * 0.36 s for the 1.08M dates and stock ids of the bench L weights file, against 0.06 s for
 * DuckDB to read them. DuckDB keeps a value of up to 12 bytes in its 16-byte slot (its
 * length, then the bytes), read here through `short`; a longer one is read as node-api does.
 */
function copyTexts(vector: unknown, n: number, out: (string | boolean | null)[], short: ShortTexts): boolean {
  const v = vector as { dataView?: unknown; validity?: { data: BigUint64Array | null; offset: number }; getItem(i: number): string | null };
  const view = v.dataView;
  if (!(view instanceof DataView) || view.byteLength < n * 16 || view.byteOffset % 4 !== 0 || !v.validity || v.validity.offset !== 0) return false;
  const words = new Uint32Array(view.buffer, view.byteOffset, n * 4);
  const bytes = new Uint8Array(view.buffer, view.byteOffset, n * 16);
  const mask = v.validity.data;
  const validity = mask ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length * 2) : null;
  for (let i = 0; i < n; i++) {
    if (validity && !valid(validity, i)) out.push(null);
    else if (words[i * 4] > 12) out.push(v.getItem(i));
    else out.push(short.get(words, bytes, i * 4));
  }
  return true;
}

/** A LIST vector's rows as node-api 1.5.5 lays them out: offsets and lengths into one child vector. */
interface ListVector {
  childVector: unknown;
  getEntryOffset(row: number): number;
  getEntryLength(row: number): number;
  validity: { itemValid(row: number): boolean };
}

/** One LIST(number) cell as a Float64Array (NaN for NULL elements); an empty array for a NULL list. */
function copyList(vector: ListVector, row: number): Float64Array {
  if (!vector.validity.itemValid(row)) return new Float64Array(0);
  const length = vector.getEntryLength(row);
  const out = new Float64Array(length);
  if (!copyNumbers(vector.childVector, vector.getEntryOffset(row), length, out)) {
    const child = vector.childVector as { getItem(i: number): number | null };
    const offset = vector.getEntryOffset(row);
    for (let i = 0; i < length; i++) out[i] = child.getItem(offset + i) ?? NaN;
  }
  return out;
}

interface BuilderOptions {
  /** A numeric column's row count, when the caller knows it (QueryOptions.expectedRows). */
  expectedRows?: number;
  /** A VARCHAR column: its values are copied from the vector's slots (copyTexts). */
  texts?: boolean;
  /** Measure a numeric column's extent (QueryOptions.extents). */
  extent?: boolean;
}

/** Column builders: numbers into growing Float64Array pieces, lists into one array each, the rest into arrays. */
class ColumnBuilder {
  private readonly pieces: Float64Array[] = [];
  private readonly values: (string | boolean | null)[] = [];
  private readonly lists: Float64Array[] = [];
  /** The whole numeric column when the caller said how many rows come, filled chunk by chunk. */
  private whole: Float64Array | null;
  private filled = 0;
  private readonly shortTexts: ShortTexts | null;
  /** A numeric column's [lowest, highest] value, NaN aside, when the query asked for extents. */
  readonly extent: Float64Array | null;

  constructor(
    readonly kind: 'number' | 'list' | 'value',
    { expectedRows = 0, texts = false, extent = false }: BuilderOptions = {},
  ) {
    this.shortTexts = texts ? new ShortTexts() : null;
    this.whole = kind === 'number' && expectedRows > 0 ? new Float64Array(expectedRows) : null;
    this.extent = kind === 'number' && extent ? Float64Array.of(Infinity, -Infinity) : null;
  }

  add(chunk: DuckDBDataChunk, index: number): void {
    const vector = chunk.getColumnVector(index);
    const n = chunk.rowCount;
    if (this.kind === 'list') {
      for (let i = 0; i < n; i++) this.lists.push(copyList(vector as unknown as ListVector, i));
    } else if (this.kind === 'number') {
      const target = this.numberTarget(n);
      if (!copyNumbers(vector, 0, n, target, this.extent ?? undefined)) {
        for (let i = 0; i < n; i++) {
          const v = vector.getItem(i) as number | null;
          target[i] = v === null ? NaN : v;
        }
        if (this.extent) widen(this.extent, target, n);
      }
    } else if (!this.shortTexts || !copyTexts(vector, n, this.values, this.shortTexts)) {
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i) as DuckDBValue;
        this.values.push(v === null || typeof v === 'string' || typeof v === 'boolean' ? v : String(v));
      }
    }
  }

  /** Where the next `n` numbers go: the whole column while they fit, else a piece of their own. */
  private numberTarget(n: number): Float64Array {
    if (this.whole && this.filled + n <= this.whole.length) {
      this.filled += n;
      return this.whole.subarray(this.filled - n, this.filled);
    }
    if (this.whole) {
      // More rows than expected: what came so far becomes the first piece.
      this.pieces.push(this.whole.slice(0, this.filled));
      this.whole = null;
    }
    const piece = new Float64Array(n);
    this.pieces.push(piece);
    return piece;
  }

  build(): SqlColumn {
    if (this.kind === 'list') return this.lists;
    if (this.kind === 'value') return this.values as (string | null)[];
    if (this.whole) return this.filled === this.whole.length ? this.whole : this.whole.slice(0, this.filled);
    if (this.pieces.length === 1) return this.pieces[0];
    const total = this.pieces.reduce((sum, p) => sum + p.length, 0);
    const out = new Float64Array(total);
    let offset = 0;
    for (const p of this.pieces) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

/** A connection to `instance`, its dates printed as ISO and instants as UTC whatever the machine's zone. */
async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

/**
 * The spill folders of this process's open connections, removed when it exits (a command
 * that read a run by date leaves its database open to the end, and may have spilled
 * gigabytes there).
 */
const spillFolders = new Set<string>();
process.once('exit', () => {
  for (const folder of spillFolders) rmSync(folder, { recursive: true, force: true });
});

export class DuckDbConnection implements SqlConnection {
  /** Connections beside the first, made when queryAll first needs them, kept for the next. */
  private readonly spare: DuckDBConnection[] = [];
  /**
   * Per connection, its latest statement: the next waits for it. DuckDB ends a streaming
   * result, without an error, when its connection starts another statement, and callers
   * do overlap (the run cache copying a run's keys while the baseline's tables are read).
   */
  private readonly turns = new WeakMap<DuckDBConnection, Promise<unknown>>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The spill folder to remove on close, when this connection made it. */
    private readonly ownSpillFolder: string | null,
    readonly threads: number,
  ) {
    if (ownSpillFolder) spillFolders.add(ownSpillFolder);
  }

  /**
   * Opens an in-memory database. Its spill folder is a fresh one under the OS temp folder
   * (never the workspace), removed on close.
   */
  static async open(options: DuckDbOptions = {}): Promise<DuckDbConnection> {
    const spillFolder = options.spillFolder ?? mkdtempSync(join(tmpdir(), 'glassbox-duckdb-'));
    const config: Record<string, string> = { temp_directory: spillFolder, enable_external_access: 'true', autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' };
    if (options.memoryLimitMB) config.memory_limit = `${Math.round(options.memoryLimitMB)}MB`;
    if (options.threads) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await connect(instance);
    const threads = Number((await connection.runAndReadAll("SELECT current_setting('threads')::DOUBLE AS threads")).getColumns()[0][0]);
    return new DuckDbConnection(instance, connection, options.spillFolder ? null : spillFolder, Number.isFinite(threads) && threads >= 1 ? threads : 1);
  }

  query(sql: string, params: readonly SqlValue[] = [], options: QueryOptions = {}): Promise<SqlResult> {
    return this.inTurn(this.connection, () => this.queryOn(this.connection, { sql, params, options }));
  }

  /** Runs `task` on `connection` once its statements before have ended. */
  private inTurn<T>(connection: DuckDBConnection, task: () => Promise<T>): Promise<T> {
    const next = (this.turns.get(connection) ?? Promise.resolve()).then(task, task);
    this.turns.set(connection, next.catch(() => undefined));
    return next;
  }

  async queryAll(queries: readonly SqlQuery[]): Promise<SqlResult[]> {
    while (this.spare.length < queries.length - 1) this.spare.push(await connect(this.instance));
    const connections = [this.connection, ...this.spare];
    let failure: { error: unknown } | null = null;
    const running = queries.map(() => true);
    const results = await Promise.allSettled(
      queries.map((q, i) =>
        this.inTurn(connections[i], () => this.queryOn(connections[i], q))
          .finally(() => (running[i] = false))
          .catch((error: unknown) => {
            if (!failure) {
              failure = { error };
              // Only the parts still running: a finished part's connection may be running another caller's statement.
              running.forEach((on, j) => on && connections[j].interrupt());
            }
            throw error;
          }),
      ),
    );
    if (failure) throw (failure as { error: unknown }).error;
    return results.map((r) => (r as PromiseFulfilledResult<SqlResult>).value);
  }

  private async queryOn(connection: DuckDBConnection, { sql, params = [], options = {} }: SqlQuery): Promise<SqlResult> {
    const result = await connection.stream(sql, params.length ? (params as DuckDBValue[]) : undefined);
    const names = result.columnNames();
    const builders = result.columnTypes().map((type) => {
      if (type.typeId === DuckDBTypeId.VARCHAR) return new ColumnBuilder('value', { texts: true });
      if (type.typeId === DuckDBTypeId.BOOLEAN) return new ColumnBuilder('value');
      if (NUMERIC.has(type.typeId)) return new ColumnBuilder('number', { expectedRows: options.expectedRows, extent: options.extents });
      if (type.typeId === DuckDBTypeId.LIST && NUMERIC.has((type as DuckDBListType).valueType.typeId)) return new ColumnBuilder('list');
      throw new Error(`query returns a ${type.toString()} column; cast it to DOUBLE, VARCHAR, BOOLEAN or a LIST of DOUBLE in the SQL`);
    });
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      rows += chunk.rowCount;
      builders.forEach((b, i) => b.add(chunk, i));
    }
    const columns = builders.map((b) => b.build());
    if (!options.extents) return { names, columns, rows };
    return { names, columns, rows, extents: builders.map((b) => (b.extent ? ([b.extent[0], b.extent[1]] as const) : null)) };
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.inTurn(this.connection, () => this.connection.run(sql, params.length ? (params as DuckDBValue[]) : undefined));
  }

  interrupt(): void {
    // An idle connection ignores it (its next statement runs).
    this.connection.interrupt();
    for (const c of this.spare) c.interrupt();
  }

  /**
   * Appends the batches' rows to a temporary table through one appender, flushed once at
   * the end, a data chunk of 2,048 rows at a time. A numeric column's values are copied into
   * its vector at once (node-api 1.5.5: `items`, written to the database by `flush`), where
   * node-api's value-by-value writes cross into native code once per value, as they still
   * do for text and booleans (the dictionaries of coded columns: a value each, not a row).
   * The full chunk is made once and refilled (the appender copies what it is given): 8M
   * rows of four columns in 0.4 s, against 1.1 s with a chunk made each time.
   */
  appendRows(table: string, batches: Iterable<AppendBatch>): Promise<void> {
    return this.inTurn(this.connection, () => this.append(table, batches));
  }

  private async append(table: string, batches: Iterable<AppendBatch>): Promise<void> {
    const appender = await this.connection.createAppender(table, null, 'temp');
    let full = null as { types: string; chunk: DuckDBDataChunk } | null;
    try {
      for (const { columns, rows } of batches) {
        const types = columns.map((c) => (c instanceof Float64Array ? DOUBLE : c instanceof Int32Array ? INTEGER : c.some((v) => typeof v === 'boolean') ? BOOLEAN : VARCHAR));
        const signature = types.join(',');
        for (let start = 0; start < rows; start += CHUNK_ROWS) {
          const n = Math.min(CHUNK_ROWS, rows - start);
          if (n === CHUNK_ROWS && full?.types !== signature) full = { types: signature, chunk: DuckDBDataChunk.create(types, n) };
          const chunk = n === CHUNK_ROWS && full ? full.chunk : DuckDBDataChunk.create(types, n);
          columns.forEach((values, i) => {
            if (!(values instanceof Float64Array || values instanceof Int32Array)) return chunk.setColumnValues(i, values.slice(start, start + n));
            const vector = chunk.getColumnVector(i) as unknown as { items?: unknown; flush(): void };
            if (!(vector.items instanceof (values instanceof Float64Array ? Float64Array : Int32Array))) throw new Error(`appendRows: column ${i} is not laid out as expected`);
            (vector.items as Float64Array | Int32Array).set(values.subarray(start, start + n));
            vector.flush();
          });
          appender.appendDataChunk(chunk);
        }
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  close(): void {
    for (const c of this.spare) c.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.ownSpillFolder) {
      spillFolders.delete(this.ownSpillFolder);
      rmSync(this.ownSpillFolder, { recursive: true, force: true });
    }
  }
}

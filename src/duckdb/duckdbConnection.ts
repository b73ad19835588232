/**
 * DuckDB embedded (`@duckdb/node-api`) behind the engine's SqlConnection. One in-memory
 * database per loader worker or CLI process: it scans the run's files where they lie, and
 * spills to a temporary folder outside the workspace when a query outgrows its memory limit.
 */
import { DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBDataChunk, type DuckDBValue } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlColumn, SqlConnection, SqlResult, SqlValue } from '../sql/connection';

export interface DuckDbOptions {
  /** DuckDB's memory_limit in megabytes: beyond it, operators spill to `temp_directory`. */
  memoryLimitMB?: number;
  /** Worker threads for DuckDB's scans and aggregations (default: DuckDB's own, the core count). */
  threads?: number;
}

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

/**
 * Copies a DOUBLE vector's values at once, NULLs as NaN; false when the vector is not laid out
 * as expected (then the caller reads item by item). node-api's `getItem` tests validity with
 * BigInt arithmetic per value, which made reading 32M doubles take seconds; this reads the
 * same buffers (node-api 1.5.5: `items`, and `validity` with a 64-bit word per 64 rows).
 */
function copyDoubles(vector: unknown, n: number, out: Float64Array): boolean {
  const v = vector as { items?: unknown; validity?: { data: BigUint64Array | null; offset: number } };
  if (!(v.items instanceof Float64Array) || v.items.length < n || !v.validity || v.validity.offset !== 0) return false;
  out.set(n === v.items.length ? v.items : v.items.subarray(0, n));
  const mask = v.validity.data;
  if (mask) {
    // Little-endian: bit i of the mask is bit (i mod 32) of 32-bit word i / 32.
    const words = new Uint32Array(mask.buffer, mask.byteOffset, mask.length * 2);
    for (let i = 0; i < n; i++) if (((words[i >>> 5] >>> (i & 31)) & 1) === 0) out[i] = NaN;
  }
  return true;
}

/** Column builders: numbers into growing Float64Array pieces, the rest into arrays. */
class ColumnBuilder {
  private readonly pieces: Float64Array[] = [];
  private readonly values: (string | boolean | null)[] = [];
  constructor(readonly numeric: boolean) {}

  add(chunk: DuckDBDataChunk, index: number): void {
    const vector = chunk.getColumnVector(index);
    const n = chunk.rowCount;
    if (this.numeric) {
      const piece = new Float64Array(n);
      if (!copyDoubles(vector, n, piece)) {
        for (let i = 0; i < n; i++) {
          const v = vector.getItem(i) as number | null;
          piece[i] = v === null ? NaN : v;
        }
      }
      this.pieces.push(piece);
    } else {
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i) as DuckDBValue;
        this.values.push(v === null || typeof v === 'string' || typeof v === 'boolean' ? v : String(v));
      }
    }
  }

  build(): SqlColumn {
    if (!this.numeric) return this.values as (string | null)[];
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

export class DuckDbConnection implements SqlConnection {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly spillFolder: string,
  ) {}

  /**
   * Opens an in-memory database. Its spill folder is a fresh one under the OS temp folder
   * (never the workspace), removed on close.
   */
  static async open(options: DuckDbOptions = {}): Promise<DuckDbConnection> {
    const spillFolder = mkdtempSync(join(tmpdir(), 'glassbox-duckdb-'));
    const config: Record<string, string> = { temp_directory: spillFolder, enable_external_access: 'true', autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' };
    if (options.memoryLimitMB) config.memory_limit = `${Math.round(options.memoryLimitMB)}MB`;
    if (options.threads) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    // Dates print as ISO and instants as UTC whatever the machine's zone.
    await connection.run("SET TimeZone = 'UTC'");
    return new DuckDbConnection(instance, connection, spillFolder);
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<SqlResult> {
    const result = await this.connection.stream(sql, params.length ? (params as DuckDBValue[]) : undefined);
    const names = result.columnNames();
    const builders = result.columnTypes().map((type) => {
      if (type.typeId === DuckDBTypeId.VARCHAR || type.typeId === DuckDBTypeId.BOOLEAN) return new ColumnBuilder(false);
      if (NUMERIC.has(type.typeId)) return new ColumnBuilder(true);
      throw new Error(`query returns a ${type.toString()} column; cast it to DOUBLE, VARCHAR or BOOLEAN in the SQL`);
    });
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      rows += chunk.rowCount;
      builders.forEach((b, i) => b.add(chunk, i));
    }
    return { names, columns: builders.map((b) => b.build()), rows };
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.connection.run(sql, params.length ? (params as DuckDBValue[]) : undefined);
  }

  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.spillFolder, { recursive: true, force: true });
  }
}

/**
 * The engine's DuckDB-backed table source for tests: one in-memory database per test
 * process, as one loader worker has. Files given as bytes go through its private scratch
 * folder, exactly as `git:` revisions do in the editor.
 */
import { DuckDbConnection } from '../../../src/duckdb/duckdbConnection';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import type { ReadResult } from '../../../src/model/read/index';

let connection: Promise<DuckDbConnection> | undefined;
let source: Promise<DuckDbTableSource> | undefined;

/** The shared database (opened on first use; the process's exit closes it). */
export function sharedConnection(): Promise<DuckDbConnection> {
  connection ??= DuckDbConnection.open({ threads: 2 });
  return connection;
}

/** The shared source over the shared database. */
export function duckdbSource(): Promise<DuckDbTableSource> {
  source ??= sharedConnection().then((db) => new DuckDbTableSource(db));
  return source;
}

/** Reads one table from its bytes as the engine does. */
export async function readBytes(bytes: Uint8Array, name: string): Promise<ReadResult> {
  return (await duckdbSource()).read({ role: 'auto', name, bytes });
}

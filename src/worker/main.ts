/**
 * The loader worker's entry: reads a run's tables and answers view queries, off the
 * extension host's main thread (which every extension shares).
 */
import { parentPort } from 'node:worker_threads';
import { DuckDbConnection } from '../duckdb/duckdbConnection';
import { LazyDuckDbSource } from '../duckdb/lazySource';
import { openRemoteSource, withFiles } from '../clickhouse/remoteSource';
import type { AttributionEngine } from '../model/engine/engine';
import { InputError } from '../model/errors';
import { loadRun } from '../model/run/loadRun';
import type { UserError } from '../protocol';
import type { FromWorker, ToWorker } from './messages';
import { answerHeldQuery } from './answerQuery';
import { reviewSummary } from '../export/reviewSummary';
import { buildIdentity } from '../runCache/cacheFolders';
import { FileRunCache } from '../runCache/fileRunCache';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');

let engine: AttributionEngine | null = null;
/**
 * The database connection of the run loading or loaded from a server: a run read by date
 * reads a view's date over it while it lives, so closing the view stops that query too.
 */
let remoteConnection: { cancel(): Promise<void> } | null = null;
/** One embedded database per worker, opened on the first load and closed with the worker. */
let database: Promise<DuckDbConnection> | null = null;

function send(message: FromWorker): void {
  port?.postMessage(message);
}

function toUserError(error: unknown): { error: UserError; internal: boolean } {
  if (error instanceof InputError) return { error: { message: error.message, file: error.file, row: error.row, column: error.column }, internal: false };
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  return { error: { message }, internal: true };
}

port.on('message', async (message: ToWorker) => {
  try {
    if (message.type === 'load') {
      const started = performance.now();
      // A run read by date keeps a table of its keys in the database until the next run.
      const previous = engine;
      engine = null;
      await previous?.close();
      const { memoryLimitMB, threads } = message.options;
      const source = new LazyDuckDbSource(() => (database ??= DuckDbConnection.open({ memoryLimitMB, threads, spillFolder: message.spillFolder })), memoryLimitMB, false, message.spillFolder);
      // A run in a database (the host checked that the user allows its URL): its tables
      // are read over the connection opened here. Its contributions stay on the server, read
      // by date: the connection closes when the run is closed (the next load, above), or at
      // once when nothing was read by date (a failed load, wide contributions).
      const remote = message.manifest?.source ? openRemoteSource(message.manifest.source, message.credentials ?? {}) : null;
      remoteConnection = remote?.connection ?? null;
      try {
        const cache = message.cache ? new FileRunCache({ dir: message.cache.dir, maxBytes: message.cache.maxMB * 2 ** 20, build: buildIdentity(__filename) }) : null;
        engine = await loadRun(message, remote ? withFiles(remote.source, source) : source, (text) => send({ type: 'progress', id: message.id, message: text }), cache);
      } finally {
        await source.close();
        remote?.source.close();
      }
      send({ type: 'loaded', id: message.id, summary: engine.summary(), milliseconds: performance.now() - started });
    } else if (message.type === 'cancel') {
      await remoteConnection?.cancel();
      send({ type: 'cancelled', id: message.id });
    } else if (message.type === 'report') {
      if (!engine) throw new Error('no run is loaded');
      send({ type: 'result', id: message.id, result: await reviewSummary(engine, message.format, message.options) });
    } else {
      if (!engine) throw new Error('no run is loaded');
      send({ type: 'result', id: message.id, result: await answerHeldQuery(engine, message.query) });
    }
  } catch (error) {
    send({ type: 'failed', id: message.id, ...toUserError(error) });
  }
});

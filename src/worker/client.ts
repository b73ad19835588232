/**
 * The host's handle on a loader worker: one per open run. Loading transfers the file bytes
 * (no copy); cancelling terminates the worker, which frees everything it held, after a run
 * in a database has asked the server to stop its queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineOptions } from '../model/engine/engine';
import type { Manifest } from '../model/manifest';
import type { RunFile, RunInput } from '../model/run/loadRun';
import type { Diagnostic, RunSummary } from '../model/types';
import type { Query, QueryResult, UserError } from '../protocol';
import { PendingRequests } from '../rpc/pendingRequests';
import type { CacheSettings, FromWorker, ToWorker } from './messages';
import type { SummaryFormat, SummaryOptions } from '../export/reviewSummary';
import type { Credentials } from '../clickhouse/remoteSource';

/** A failure inside the worker, carrying the user-facing error. */
export class WorkerError extends Error {
  constructor(
    readonly userError: UserError,
    readonly internal: boolean,
  ) {
    super(userError.message);
  }
}

export class CancelledError extends Error {
  constructor() {
    super('Loading was cancelled.');
  }
}

export interface LoadInput {
  source: string;
  manifest: Manifest | null;
  manifestDiagnostics: Diagnostic[];
  files: RunFile[];
  baseline: RunInput | null;
  options: EngineOptions;
  cache?: CacheSettings | null;
  /** For a run in a database: the credentials to connect with (src/clickhouse/remoteSource.ts). */
  credentials?: Credentials;
}

/**
 * The spill folders of this process's workers still running, removed when the process
 * exits: a worker ended by the process's exit sends no 'exit' event to its host.
 */
const liveSpillFolders = new Set<string>();
process.once('exit', () => {
  for (const folder of liveSpillFolders) rmSync(folder, { recursive: true, force: true });
});

/**
 * How long a closing view waits for the worker to ask a database server to stop its queries
 * before terminating it anyway (a server that went away does not answer).
 */
const CANCEL_GRACE_MS = 2000;

export class RunWorker {
  private readonly worker: Worker;
  private readonly pending = new PendingRequests();
  private terminated = false;
  /** Whether a run in a database was loaded (its queries run on a server, not in this worker). */
  private remote = false;
  private cancelTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The worker's database spill folder, made and removed here: a terminated worker runs no
   * cleanup, and a run read by date may spill gigabytes (a sorted copy of its file).
   */
  private readonly spillFolder = mkdtempSync(join(tmpdir(), 'glassbox-duckdb-'));

  constructor(scriptPath: string) {
    liveSpillFolders.add(this.spillFolder);
    this.worker = new Worker(scriptPath);
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => {
      rmSync(this.spillFolder, { recursive: true, force: true });
      liveSpillFolders.delete(this.spillFolder);
      this.failAll(new CancelledError());
    });
  }

  /** Loads a run; resolves with its summary. Aborting terminates the worker. */
  load(input: LoadInput, onProgress: (message: string) => void, signal?: AbortSignal): Promise<{ summary: RunSummary; milliseconds: number }> {
    // Files on disk go by path (the worker's DuckDB reads them where they lie). Bytes are
    // transferred, not copied; a view into a shared buffer (Node's pool) is copied first.
    const own = (list: RunFile[]) => list.map((f) => (!f.bytes || (f.bytes.byteOffset === 0 && f.bytes.byteLength === f.bytes.buffer.byteLength) ? f : { ...f, bytes: f.bytes.slice() }));
    const files = own(input.files);
    const baseline = input.baseline ? { ...input.baseline, files: own(input.baseline.files) } : null;
    const transfer = [...files, ...(baseline?.files ?? [])].flatMap((f) => (f.bytes ? [f.bytes.buffer as ArrayBuffer] : []));
    this.remote ||= input.manifest?.source !== undefined;
    const result = this.request<{ summary: RunSummary; milliseconds: number }>({ type: 'load', id: 0, ...input, files, baseline, spillFolder: this.spillFolder }, transfer, onProgress);
    signal?.addEventListener('abort', () => this.dispose(), { once: true });
    return result;
  }

  query(query: Query): Promise<QueryResult<Query['kind']>> {
    return this.request<QueryResult<Query['kind']>>({ type: 'query', id: 0, query }, []);
  }

  /** The loaded run's review summary as Markdown or self-contained HTML. */
  report(format: SummaryFormat, options: SummaryOptions = {}): Promise<string> {
    return this.request<string>({ type: 'report', id: 0, format, options }, []);
  }

  dispose(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.failAll(new CancelledError());
    if (!this.remote) {
      void this.worker.terminate();
      return;
    }
    // Terminating closes the worker's connections, but a server does not stop a query when
    // its client goes (ClickHouse before 19.x runs it to its timeout): the worker first asks
    // it to (KILL QUERY), and is terminated once it has, or after CANCEL_GRACE_MS.
    this.cancelTimer = setTimeout(() => void this.worker.terminate(), CANCEL_GRACE_MS);
    this.worker.postMessage({ type: 'cancel', id: 0 } satisfies ToWorker);
  }

  private request<T>(message: ToWorker, transfer: ArrayBuffer[], onProgress?: (message: string) => void): Promise<T> {
    if (this.terminated) return Promise.reject(new CancelledError());
    return this.pending.start<T>(undefined, (id) => this.worker.postMessage({ ...message, id }, transfer), onProgress);
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        this.pending.progress(message.id, message.message);
        return;
      case 'loaded':
        this.pending.resolve(message.id, { summary: message.summary, milliseconds: message.milliseconds });
        return;
      case 'result':
        this.pending.resolve(message.id, message.result);
        return;
      case 'failed':
        this.pending.reject(message.id, new WorkerError(message.error, message.internal));
        return;
      case 'cancelled':
        clearTimeout(this.cancelTimer);
        void this.worker.terminate();
        return;
    }
  }

  private failAll(error: Error): void {
    this.pending.rejectWhere(error);
  }
}

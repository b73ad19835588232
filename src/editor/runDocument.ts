/**
 * One opened run: loads it in a worker (with a cancellable progress notification), answers
 * the views' queries, and reloads when its files change on disk, keeping the user's view
 * state. Several panels may show the same document.
 */
import * as vscode from 'vscode';
import { InputError } from '../model/errors';
import type { RunSummary } from '../model/types';
import type { Query, QueryResult, UserError, ViewState } from '../protocol';
import { CancelledError, RunWorker, WorkerError } from '../worker/client';
import { Disposable } from './disposable';
import { readRunSource } from './runSource';
import { readSettings } from './settings';
import { estimateLoadBytes, formatBytes, refusableFiles } from '../model/run/memoryEstimate';
import { messages } from '../model/messages';
import type { RunInput } from '../model/run/loadRun';
import type { SummaryFormat } from '../export/reviewSummary';

/**
 * A baseline other than the one the manifest names (e.g. the run at a Git ref): read again
 * on each load, so a reload after a change on disk compares with it still.
 */
/** A view query the run could not answer, with the file, row and column when the error names them. */
export class QueryFailed extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
    this.name = 'QueryFailed';
  }
}

export interface BaselineOverride {
  /** How messages name it, e.g. `HEAD (a1b2c3d)`. */
  label: string;
  /** The Git ref (or other origin) it was asked for, e.g. `HEAD~1`. */
  ref: string;
  read(): Promise<RunInput>;
}

export type RunStatus =
  | { kind: 'loading'; message: string }
  | { kind: 'ready'; summary: RunSummary }
  | { kind: 'failed'; error: UserError };

/** How long to wait after a change on disk before reloading (writers touch files in bursts). */
const RELOAD_DEBOUNCE_MS = 400;
/** A file caught half-written is tried again this many times, this far apart. */
const RELOAD_RETRIES = 3;
const RELOAD_RETRY_MS = 1000;

export class RunDocument extends Disposable implements vscode.CustomDocument {
  private worker: RunWorker | null = null;
  private generation = 0;
  private watchers: vscode.Disposable[] = [];
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly statusEmitter = this.register(new vscode.EventEmitter<RunStatus>());
  /** Fires whenever the status changes (loading, ready, failed). */
  readonly onDidChangeStatus = this.statusEmitter.event;
  status: RunStatus = { kind: 'loading', message: 'Opening…' };
  private state: ViewState | null = null;
  private readonly dateEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when the date the views show changes (hovers and CodeLenses follow it). */
  readonly onDidChangeViewDate = this.dateEmitter.event;
  private override: BaselineOverride | null = null;

  constructor(
    readonly uri: vscode.Uri,
    private readonly workerScript: string,
    private readonly log: vscode.LogOutputChannel,
    /** Where the worker keeps loaded runs between opens; null: no cache. */
    private readonly cacheDir: string | null = null,
  ) {
    super();
  }

  /** The last view state a panel reported; restored after a reload or when a panel reopens. */
  get viewState(): ViewState | null {
    return this.state;
  }

  set viewState(state: ViewState | null) {
    const before = this.state?.date ?? null;
    this.state = state;
    if ((state?.date ?? null) !== before) this.dateEmitter.fire();
  }

  /** The baseline compared with instead of the manifest's, if any. */
  get baselineOverride(): BaselineOverride | null {
    return this.override;
  }

  /**
   * Compares with `override` instead of the manifest's baseline (null: back to the
   * manifest's) and reloads; resolves when the load ends.
   */
  async setBaselineOverride(override: BaselineOverride | null): Promise<void> {
    this.override = override;
    await this.load();
  }

  /** Loads (or reloads) the run. `retries` > 0 when a change on disk triggered it. */
  async load(retries = 0): Promise<void> {
    const generation = ++this.generation;
    const name = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    this.setStatus({ kind: 'loading', message: retries ? `${name} changed on disk; reloading…` : `Opening ${name}…` });
    const worker = new RunWorker(this.workerScript);
    try {
      const { summary, milliseconds } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Glass Box: ${name}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          progress.report({ message: 'reading files…' });
          const override = this.override;
          const source = await readRunSource(this.uri, (files) => this.checkSize(files, retries > 0), { withBaseline: !override });
          if (override) {
            progress.report({ message: `reading the baseline ${override.label}…` });
            try {
              source.baseline = await override.read();
            } catch (error) {
              // As for a manifest's baseline: the run still opens; Compare says why there is no baseline.
              const reason = error instanceof Error ? error.message : String(error);
              source.manifestDiagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(override.label, reason), file: source.source });
            }
          }
          if (token.isCancellationRequested) throw new CancelledError();
          this.watch(source.uris);
          const settings = readSettings(this.uri);
          return worker.load({ ...source, options: { integrityTolerance: settings.integrityTolerance, riskFreeRate: settings.riskFreeRate, memoryLimitMB: settings.memoryBudgetBytes / 1024 / 1024, threads: settings.threads }, cache: this.cacheDir && settings.cacheSizeMB > 0 ? { dir: this.cacheDir, maxMB: settings.cacheSizeMB } : null }, (message) => {
            progress.report({ message });
            if (generation === this.generation) this.setStatus({ kind: 'loading', message });
          }, abort.signal);
        },
      );
      if (generation !== this.generation || this.isDisposed) return worker.dispose();
      this.worker?.dispose();
      this.worker = worker;
      this.log.info(`loaded ${this.uri.toString(true)} in ${milliseconds.toFixed(0)} ms: ${summary.dates.length} dates, ${summary.stockCount} stocks, ${summary.features.length} features`);
      this.setStatus({ kind: 'ready', summary });
    } catch (error) {
      worker.dispose();
      if (generation !== this.generation || this.isDisposed) return;
      if (retries > 0 && !(error instanceof CancelledError)) {
        // A model still writing its outputs leaves files half-written: wait and try again.
        this.setStatus({ kind: 'loading', message: `${name}: a file is being written; retrying…` });
        await new Promise((resolve) => setTimeout(resolve, RELOAD_RETRY_MS));
        if (generation === this.generation && !this.isDisposed) return this.load(retries - 1);
        return;
      }
      // A failed reload keeps the last good run's worker: the view goes on showing that run
      // ("Showing the run as it was last loaded") and its tabs must still be answered.
      this.setStatus({ kind: 'failed', error: this.toUserError(error) });
    }
  }

  /**
   * The size guard, before any byte is read: a run estimated above the memory budget is
   * refused with its size and the limit; a large one is loaded only if the user says so
   * (not asked again when the model rewrites the files of a run already open).
   */
  private async checkSize(files: { name: string; size: number; role?: string }[], reloading: boolean): Promise<void> {
    const settings = readSettings(this.uri);
    const total = files.reduce((a, f) => a + f.size, 0);
    const estimate = estimateLoadBytes(files);
    if (estimateLoadBytes(refusableFiles(files)) > settings.memoryBudgetBytes) {
      throw new InputError(
        `This run's files add up to ${formatBytes(total)} and would need about ${formatBytes(estimate)} of memory to load, above the limit of ${formatBytes(settings.memoryBudgetBytes)} (setting glassbox.memoryBudgetMB). Raise the limit if this machine has the memory, or open a run with fewer dates.`,
      );
    }
    if (reloading || settings.confirmAboveBytes === 0 || total <= settings.confirmAboveBytes) return;
    this.setStatus({ kind: 'loading', message: `Waiting: the run is ${formatBytes(total)}; open it anyway?` });
    const answer = await vscode.window.showWarningMessage(
      `Glass Box: this run's files add up to ${formatBytes(total)} (about ${formatBytes(estimate)} of memory to load). Open it anyway?`,
      'Open anyway',
    );
    if (answer !== 'Open anyway') throw new CancelledError();
  }

  /** Answers a view's query from the loaded run. */
  async query<K extends Query['kind']>(query: Query & { kind: K }): Promise<QueryResult<K>> {
    // While a reload runs or after one failed, the last good run answers (the view says so).
    if (!this.worker) throw new QueryFailed({ message: 'The run is not loaded.' });
    try {
      return (await this.worker.query(query as Query)) as QueryResult<K>;
    } catch (error) {
      throw new QueryFailed(this.toUserError(error));
    }
  }

  /** The loaded run's review summary (computed in the worker, which holds the engine). */
  async reviewSummary(format: SummaryFormat, generator: string): Promise<string> {
    if (!this.worker || this.status.kind !== 'ready') throw new Error('The run is not loaded.');
    try {
      return await this.worker.report(format, { generator });
    } catch (error) {
      throw new Error(this.toUserError(error).message);
    }
  }

  override dispose(): void {
    clearTimeout(this.reloadTimer);
    this.generation++;
    this.worker?.dispose();
    this.worker = null;
    this.watchers.forEach((w) => w.dispose());
    super.dispose();
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.statusEmitter.fire(status);
  }

  private toUserError(error: unknown): UserError {
    if (error instanceof WorkerError) {
      if (error.internal) this.log.error(error.userError.message);
      return error.internal ? { message: `Glass Box failed unexpectedly: ${error.userError.message.split('\n')[0]} (details in the Glass Box output).` } : error.userError;
    }
    if (error instanceof InputError) return { message: error.message, file: error.file, row: error.row, column: error.column };
    if (error instanceof CancelledError) return { message: 'Loading was cancelled. Use Refresh to load the run again.' };
    if (error instanceof vscode.FileSystemError) return { message: `${error.message}. Check that the file exists and can be read.` };
    this.log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { message: `Glass Box failed unexpectedly: ${error instanceof Error ? error.message : String(error)} (details in the Glass Box output).` };
  }

  /** Watches the run's files; a change reloads the run (debounced), keeping the view state. */
  private watch(uris: vscode.Uri[]): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = [];
    if (!readSettings(this.uri).reloadOnChange) return;
    for (const uri of uris) {
      const slash = uri.path.lastIndexOf('/');
      const folder = uri.with({ path: uri.path.slice(0, slash) || '/' });
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, uri.path.slice(slash + 1)));
      const onChange = () => this.scheduleReload();
      watcher.onDidChange(onChange);
      watcher.onDidCreate(onChange);
      watcher.onDidDelete(onChange);
      this.watchers.push(watcher);
    }
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.load(RELOAD_RETRIES), RELOAD_DEBOUNCE_MS);
  }
}

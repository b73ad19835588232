/**
 * Definition searches that the user's regular expressions cannot hang. The built-in forms
 * run in-process (they are linear); each user pattern runs on its own in a worker thread
 * (patternWorker.ts) with a time limit, and the results are merged as one search would
 * give them. A pattern that runs out of time has its worker terminated (another starts on
 * the next search) and is ignored from then on, with a warning naming it.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PendingRequests } from '../rpc/pendingRequests';
import { type CodeLanguage, type DefinitionCandidate, findDefinitions, mergeCandidates, mergeDefinitions, type PatternWarning, scanDefinitions } from './definitions';
import { codeMessages } from './messages';

/** How long a search with user patterns may take before it is stopped. */
export const PATTERN_TIME_LIMIT_MS = 1000;

type FindResult = ReturnType<typeof findDefinitions>;
type ScanResult = ReturnType<typeof scanDefinitions>;

/** A search sent to the worker. */
export type PatternRequest =
  | { id: number; kind: 'find'; text: string; language: CodeLanguage; feature: string; patterns: string[] }
  | { id: number; kind: 'scan'; text: string; language: CodeLanguage; patterns: string[] };

/** The worker's answer. */
export type PatternResponse = { id: number; kind: 'find'; result: FindResult } | { id: number; kind: 'scan'; result: ScanResult } | { id: number; kind: 'error'; message: string };

type Search = { kind: 'find'; text: string; language: CodeLanguage; feature: string } | { kind: 'scan'; text: string; language: CodeLanguage };

class Timeout extends Error {}

export class PatternRunner {
  private worker: Worker | null = null;
  /** Each search waiting for its answer, with the worker it went to. */
  private readonly pending = new PendingRequests<Worker>();
  /** Patterns stopped once: ignored from then on (a changed pattern is a new string). */
  private readonly stopped = new Set<string>();

  /** `workerPath`: the built patternWorker.js (dist/patternWorker.js). */
  constructor(
    private readonly workerPath: string,
    private readonly limitMs = PATTERN_TIME_LIMIT_MS,
  ) {}

  /** findDefinitions, with the user's patterns run under the time limit. `file` names the text in warnings. */
  async find(text: string, language: CodeLanguage, feature: string, patterns: readonly string[], file: string): Promise<{ candidates: DefinitionCandidate[]; warnings: PatternWarning[] }> {
    return (await this.search({ kind: 'find', text, language, feature }, patterns, file)) as FindResult;
  }

  /** scanDefinitions, with the user's patterns run under the time limit. */
  async scan(text: string, language: CodeLanguage, patterns: readonly string[], file: string): Promise<ScanResult> {
    return (await this.search({ kind: 'scan', text, language }, patterns, file)) as ScanResult;
  }

  /** Ends the worker (a later search starts another). */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.pending.rejectWhere(() => new Error('the pattern worker was stopped'));
  }

  private inProcess(search: Search, patterns: string[]): FindResult | ScanResult {
    return search.kind === 'find' ? findDefinitions(search.text, search.language, search.feature, { userPatterns: patterns }) : scanDefinitions(search.text, search.language, { userPatterns: patterns });
  }

  /**
   * The built-in forms in-process, then each user pattern on its own in the worker, under
   * the time limit: the one that runs out of time is the one to blame, and is stopped.
   */
  private async search(search: Search, patterns: readonly string[], file: string): Promise<FindResult | ScanResult> {
    const builtIn = this.inProcess(search, []);
    const results: (FindResult | ScanResult)[] = [builtIn];
    const warnings: PatternWarning[] = [];
    for (const pattern of patterns) {
      if (this.stopped.has(pattern)) continue;
      try {
        results.push(await this.inWorker(search, [pattern]));
      } catch (error) {
        if (!(error instanceof Timeout)) throw error;
        this.stopped.add(pattern);
        warnings.push({ pattern, message: codeMessages.patternTimedOut(pattern, this.limitMs, file), timedOut: true });
      }
    }
    if (results.length === 1 && warnings.length === 0) return builtIn;
    const allWarnings = [...results.flatMap((r) => r.warnings), ...warnings];
    if (search.kind === 'find') return { candidates: mergeCandidates(results.map((r) => (r as FindResult).candidates)), warnings: allWarnings };
    return { definitions: mergeDefinitions(results.map((r) => (r as ScanResult).definitions)), warnings: allWarnings };
  }

  private async inWorker(search: Search, patterns: string[]): Promise<FindResult | ScanResult> {
    const worker = this.start();
    const answer = this.pending.start<PatternResponse>(worker, (id) => worker.postMessage({ id, ...search, patterns } satisfies PatternRequest));
    const timer = setTimeout(() => {
      // The regex cannot be interrupted: end the thread it runs in. Searches queued behind
      // it are answered as timed out too (each is then retried pattern by pattern).
      if (this.worker === worker) this.worker = null;
      void worker.terminate();
      this.pending.rejectWhere(() => new Timeout(), (w) => w === worker);
    }, this.limitMs);
    try {
      const response = await answer;
      if (response.kind === 'error') throw new Error(response.message);
      return response.result;
    } finally {
      clearTimeout(timer);
    }
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    worker.unref();
    worker.on('message', (response: PatternResponse) => this.pending.resolve(response.id, response));
    worker.on('error', (error) => {
      this.pending.rejectWhere(error, (w) => w === worker);
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }
}

let shared: PatternRunner | undefined;

/** The extension's runner, with the worker built beside the extension's bundle (dist/). */
export function sharedPatternRunner(): PatternRunner {
  return (shared ??= new PatternRunner(join(__dirname, 'patternWorker.js')));
}

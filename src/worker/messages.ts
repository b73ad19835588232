/**
 * Messages between the extension host and its loader worker. The worker owns the run's
 * tables and engine; the host only relays small query results to the webview.
 */
import type { EngineOptions } from '../model/engine/engine';
import type { Manifest } from '../model/manifest';
import type { RunFile, RunInput } from '../model/run/loadRun';
import type { Diagnostic, RunSummary } from '../model/types';
import type { Query, UserError } from '../protocol';
import type { SummaryFormat, SummaryOptions } from '../export/reviewSummary';
import type { Credentials } from '../clickhouse/remoteSource';

/** Where the worker keeps loaded runs between opens (the extension's global storage). */
export interface CacheSettings {
  dir: string;
  maxMB: number;
}

export type ToWorker =
  /** Read and aggregate a run; answered by `progress`* then `loaded` or `failed`. */
  | { type: 'load'; id: number; source: string; manifest: Manifest | null; manifestDiagnostics: Diagnostic[]; files: RunFile[]; baseline: RunInput | null; options: EngineOptions; cache?: CacheSettings | null; credentials?: Credentials; spillFolder?: string }
  /** Answer one view query from the loaded run; answered by `result` or `failed`. */
  | { type: 'query'; id: number; query: Query }
  /** The review summary of the loaded run (Markdown, or HTML with inline SVG charts); answered by `result` (the text) or `failed`. */
  | { type: 'report'; id: number; format: SummaryFormat; options: SummaryOptions }
  /** Stop what the run's database is running (the view is closing); answered by `cancelled`. */
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; message: string }
  | { type: 'loaded'; id: number; summary: RunSummary; milliseconds: number }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: UserError; internal: boolean }
  | { type: 'cancelled'; id: number };

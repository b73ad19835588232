/**
 * What the code links need from the rest of the extension: the open runs (RunDocument has
 * this shape), their load events, and a way to show a view state. Kept as an interface so
 * src/code depends on no editor class, and the tests can hand in a stand-in.
 */
import type * as vscode from 'vscode';
import type { PanelInfo } from '../api';
import type { Filters, RunSummary } from '../model/types';
import type { UserError, ViewState } from '../protocol';

/**
 * The worker queries the code links ask (to be added to protocol.ts's `Query`; like every
 * query they carry a date and filters): `featureStats` answers a FeatureStats
 * (src/code/featureStats.ts), `problems` a RunProblems (src/code/runProblems.ts; the whole
 * run, whatever the date and filters).
 */
export type CodeQuery = { kind: 'featureStats'; date: string; filters: Filters; feature: string } | { kind: 'problems'; date: string; filters: Filters };

/** One open run: RunDocument's uri, status, view state and query. */
export interface CodeRun {
  readonly uri: vscode.Uri;
  /** The state its views restore (sent with `init`): how a view still opening is told what to show. */
  viewState: ViewState | null;
  readonly status: { kind: 'loading'; message: string } | { kind: 'ready'; summary: RunSummary } | { kind: 'failed'; error: UserError };
  query(query: CodeQuery): Promise<unknown>;
}

export interface CodeLinksHost {
  /** The runs open in Glass Box views (loaded or not). */
  runs(): readonly CodeRun[];
  /** Fires each time a run's load ends, well or not (RunEditorProvider.onDidLoad). */
  readonly onDidLoad: vscode.Event<PanelInfo>;
  /** Fires with a run's URI when the date its views show changes (RunEditorProvider.onDidChangeViewDate). */
  readonly onDidChangeViewDate?: vscode.Event<string>;
  /** Shows a tab or a feature in every view of `uri` (RunEditorProvider.show). */
  show(uri: string, state: Partial<ViewState>): void;
  readonly log: vscode.LogOutputChannel;
}

/** The custom editor of manifests (package.json contributes.customEditors). */
export const RUN_VIEW_TYPE = 'glassbox.run';

/** Whether a URI names a run manifest. */
export function isManifestUri(uri: vscode.Uri): boolean {
  return /\.glassbox\.json$/i.test(uri.path);
}

/**
 * The Problems panel: for each run open in a view, its guardrail breaches, integrity
 * failures and load problems as diagnostics on the manifest, each on the JSON key it
 * concerns. Updated on every load (a reload after an edit replaces them); cleared when the
 * run's last view closes.
 */
import * as vscode from 'vscode';
import type { PanelInfo } from '../api';
import { Disposable } from '../editor/disposable';
import { type Manifest, parseManifest } from '../model/manifest';
import { NO_FILTERS } from '../model/types';
import { type CodeLinksHost, isManifestUri, RUN_VIEW_TYPE } from './host';
import { keyRange } from './manifestRanges';
import type { RunProblems } from '../model/engine/integrity';
import { loadFailureProblem, type ManifestProblem, manifestProblems } from './runProblems';

const SEVERITY: Record<ManifestProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class ManifestDiagnostics extends Disposable {
  readonly collection = this.register(vscode.languages.createDiagnosticCollection('glassbox'));
  /** The latest load of each manifest, so that a slower, older update never overwrites a newer one. */
  private readonly generation = new Map<string, number>();

  constructor(private readonly host: CodeLinksHost) {
    super();
    this.register(host.onDidLoad((info) => void this.update(info)));
    this.register(vscode.window.tabGroups.onDidChangeTabs((event) => this.onTabsClosed(event.closed)));
    // Runs that finished loading before the code links were registered.
    for (const run of host.runs()) {
      if (run.status.kind === 'loading') continue;
      void this.update({ uri: run.uri.toString(), status: run.status.kind, run: run.status.kind === 'ready' ? run.status.summary : undefined, error: run.status.kind === 'failed' ? run.status.error : undefined });
    }
  }

  /** Replaces the manifest's diagnostics with those of the load that just ended. */
  async update(info: PanelInfo): Promise<void> {
    const uri = vscode.Uri.parse(info.uri);
    if (!isManifestUri(uri)) return;
    const generation = (this.generation.get(info.uri) ?? 0) + 1;
    this.generation.set(info.uri, generation);
    try {
      const text = await this.text(uri);
      const manifest = parseQuietly(text, uri);
      let problems: ManifestProblem[];
      if (info.status === 'failed' && info.error) problems = [loadFailureProblem(manifest, info.error)];
      else if (info.status === 'ready' && info.run) {
        const run = this.host.runs().find((r) => r.uri.toString() === info.uri && r.status.kind === 'ready');
        if (!run) return;
        const dates = info.run.dates;
        const answer = (await run.query({ kind: 'problems', date: dates[dates.length - 1] ?? '', filters: NO_FILTERS })) as RunProblems;
        problems = manifestProblems(manifest, answer, info.run.diagnostics, info.run.findings.gateFailures);
      } else return;
      if (this.generation.get(info.uri) !== generation || this.isDisposed) return;
      this.collection.set(uri, problems.map((problem) => toDiagnostic(problem, text)));
    } catch (error) {
      this.host.log.warn(`could not list the problems of ${info.uri}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onTabsClosed(closed: readonly vscode.Tab[]): void {
    for (const tab of closed) {
      if (!(tab.input instanceof vscode.TabInputCustom) || tab.input.viewType !== RUN_VIEW_TYPE) continue;
      const uri = tab.input.uri;
      const stillOpen = vscode.window.tabGroups.all.some((group) => group.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString()));
      if (!stillOpen) {
        this.generation.set(uri.toString(), (this.generation.get(uri.toString()) ?? 0) + 1);
        this.collection.delete(uri);
      }
    }
  }

  private async text(uri: vscode.Uri): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  }
}

function parseQuietly(text: string, uri: vscode.Uri): Manifest | null {
  try {
    return parseManifest(text, uri.path.slice(uri.path.lastIndexOf('/') + 1)).manifest;
  } catch {
    return null;
  }
}

function toDiagnostic(problem: ManifestProblem, text: string): vscode.Diagnostic {
  const { range } = keyRange(text, problem.path);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), problem.message, SEVERITY[problem.severity]);
  diagnostic.source = 'Glass Box';
  diagnostic.code = problem.code;
  return diagnostic;
}

/**
 * From the code to a chart: a hover and a CodeLens on each line of research code that
 * defines a feature of a run in the workspace, with the feature's attribution when its run
 * is loaded and a link that opens the run beside the code on that feature.
 */
import * as vscode from 'vscode';
import { definitionPatterns } from './codeSettings';
import { type DefinitionCandidate, languageOf } from './definitions';
import { sharedPatternRunner } from './patternRunner';
import type { FeatureMatch } from './featureCatalog';
import { type HoverEntry, hoverMarkdown, lensTitle, SHOW_FEATURE_COMMAND } from './featureHover';
import { manifestFolder } from './codeFiles';
import type { WorkspaceRuns } from './workspaceRuns';

/** The research languages (by id, and by file name for editors without an R, Julia or SQL extension). */
export const RESEARCH_SELECTOR: vscode.DocumentSelector = [
  { language: 'python' },
  { language: 'typescript' },
  { language: 'javascript' },
  { language: 'sql' },
  { language: 'r' },
  { language: 'julia' },
  { pattern: '**/*.{R,r,jl,sql}' },
];

/** CodeLenses per definition line at most (a feature in a run and its baseline gives two). */
const LENSES_PER_LINE = 2;

type Definition = Omit<DefinitionCandidate, 'exact'>;

export class FeatureLinks implements vscode.HoverProvider, vscode.CodeLensProvider {
  private readonly scans = new Map<string, { version: number; patterns: string; definitions: Definition[] }>();
  /** Asks VS Code for CodeLenses again when runs or manifests change. */
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly runs: WorkspaceRuns) {
    this.onDidChangeCodeLenses = runs.onDidChange;
  }

  /** Registers the hover and CodeLens providers for research files. */
  register(): vscode.Disposable[] {
    return [
      vscode.languages.registerHoverProvider(RESEARCH_SELECTOR, this),
      vscode.languages.registerCodeLensProvider(RESEARCH_SELECTOR, this),
      vscode.workspace.onDidCloseTextDocument((document) => this.scans.delete(document.uri.toString())),
    ];
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const definition = (await this.definitions(document)).find((d) => d.line === position.line && position.character >= d.column && position.character <= d.column + d.length);
    if (!definition) return undefined;
    const matches = await this.matches(document, definition);
    if (!matches.length || token.isCancellationRequested) return undefined;
    const entries = await Promise.all(matches.map((match) => this.entry(match)));
    if (token.isCancellationRequested) return undefined;
    const markdown = new vscode.MarkdownString(hoverMarkdown(entries));
    markdown.isTrusted = { enabledCommands: [SHOW_FEATURE_COMMAND] };
    return new vscode.Hover(markdown, new vscode.Range(definition.line, definition.column, definition.line, definition.column + definition.length));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const lenses: vscode.CodeLens[] = [];
    const lensLines = new Set<number>();
    for (const definition of await this.definitions(document)) {
      if (token.isCancellationRequested) break;
      if (lensLines.has(definition.line)) continue;
      const matches = (await this.matches(document, definition)).slice(0, LENSES_PER_LINE);
      if (!matches.length) continue;
      lensLines.add(definition.line);
      const range = new vscode.Range(definition.line, definition.column, definition.line, definition.column + definition.length);
      for (const match of matches) {
        const entry = await this.entry(match);
        lenses.push(
          new vscode.CodeLens(range, {
            title: matches.length > 1 ? `${lensTitle(entry)} (${match.run.label})` : lensTitle(entry),
            tooltip: entry.stats
              ? `Show ${match.feature.name} in ${match.run.label} on ${entry.stats.date} (${entry.dateSource === 'view' ? 'the date in the view' : 'the run’s latest date'})`
              : `Show ${match.feature.name} in ${match.run.label}`,
            command: SHOW_FEATURE_COMMAND,
            arguments: [match.run.manifest, match.feature.name],
          }),
        );
      }
    }
    return lenses;
  }

  /** The definitions of a document, scanned once per version (and per pattern setting). */
  private async definitions(document: vscode.TextDocument): Promise<Definition[]> {
    const id = document.uri.toString();
    const patterns = definitionPatterns(document.uri);
    const key = JSON.stringify(patterns);
    const cached = this.scans.get(id);
    if (cached && cached.version === document.version && cached.patterns === key) return cached.definitions;
    // Bad user patterns are reported by the locator and on settings change; here they are
    // skipped, and a slow one is stopped in the pattern worker (patternRunner.ts).
    const { definitions, warnings } = await sharedPatternRunner().scan(document.getText(), languageOf(document.uri.path), patterns, vscode.workspace.asRelativePath(document.uri));
    for (const warning of warnings) if (warning.timedOut) void vscode.window.showWarningMessage(warning.message);
    this.scans.set(id, { version: document.version, patterns: key, definitions });
    return definitions;
  }

  /**
   * The run features a definition refers to, among the runs whose `code.features` globs
   * cover the document. A run without globs covers every research file, but only counts
   * when it is loaded or no run claims the file by its globs (a baseline manifest without
   * `code` would otherwise double every lens). Loaded runs first.
   */
  private async matches(document: vscode.TextDocument, definition: Definition): Promise<FeatureMatch[]> {
    const catalog = await this.runs.catalog();
    const covered = catalog.lookup(definition.name).filter((match) => this.covers(match, document));
    const claimed = covered.filter((match) => match.run.codeGlobs.length > 0 || match.run.loaded);
    const chosen = claimed.some((match) => match.run.codeGlobs.length > 0) ? claimed : covered;
    return chosen.sort((a, b) => Number(b.run.loaded) - Number(a.run.loaded) || Number(b.run.codeGlobs.length > 0) - Number(a.run.codeGlobs.length > 0));
  }

  private covers(match: FeatureMatch, document: vscode.TextDocument): boolean {
    if (!match.run.codeGlobs.length) return true;
    const folder = manifestFolder(vscode.Uri.parse(match.run.manifest));
    return match.run.codeGlobs.some((glob) => vscode.languages.match({ pattern: new vscode.RelativePattern(folder, glob) }, document) > 0);
  }

  private async entry(match: FeatureMatch): Promise<HoverEntry> {
    if (!match.run.loaded) return { match, stats: null };
    const answer = await this.runs.featureStats(match.run.manifest, match.feature.name);
    return { match, stats: answer.stats, error: answer.error, dateSource: answer.dateSource };
  }
}

/**
 * From a chart to the code: `glassbox.openFeatureDefinition(feature, runUri?)` finds where a
 * feature is defined in the run's research code (src/code/definitions.ts) and opens it in
 * the editor column beside the Glass Box view: one candidate opens at its line; several
 * offer a QuickPick; none says where Glass Box looked and how to teach it more forms.
 */
import * as vscode from 'vscode';
import { CodeTextCache, searchScope } from './codeFiles';
import { definitionPatterns, DEFINITION_PATTERNS_SETTING } from './codeSettings';
import { type DefinitionCandidate, languageOf, rankAcrossFiles } from './definitions';
import { type CodeLinksHost, isManifestUri, RUN_VIEW_TYPE } from './host';
import { sharedPatternRunner } from './patternRunner';
import { codeMessages } from './messages';
import type { WorkspaceRuns } from './workspaceRuns';

export const OPEN_FEATURE_DEFINITION_COMMAND = 'glassbox.openFeatureDefinition';

/** One place a feature may be defined. */
export interface FeatureDefinition {
  uri: vscode.Uri;
  candidate: DefinitionCandidate;
}

export class FeatureLocator implements vscode.Disposable {
  private readonly texts = new CodeTextCache();
  private readonly disposables: vscode.Disposable[] = [];
  /** The column of the text editor the user last worked in (the research code's column). */
  private lastTextColumn: vscode.ViewColumn | undefined;
  /** Pattern warnings already shown, so a bad setting is reported once, not on every search. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly host: CodeLinksHost,
    private readonly runs: WorkspaceRuns,
  ) {
    this.lastTextColumn = vscode.window.activeTextEditor?.viewColumn;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.viewColumn) this.lastTextColumn = editor.viewColumn;
      }),
    );
  }

  /** Registers `glassbox.openFeatureDefinition`. */
  registerCommand(): vscode.Disposable {
    return vscode.commands.registerCommand(OPEN_FEATURE_DEFINITION_COMMAND, (feature?: unknown, runUri?: unknown) => this.open(feature, runUri));
  }

  /**
   * Opens the definition of `feature` (asked for when not given) in the research code of
   * the run `runUri` (a manifest; any run of the workspace when not given). Returns where it
   * opened, or undefined when nothing was opened.
   */
  async open(feature?: unknown, runUri?: unknown): Promise<FeatureDefinition | undefined> {
    const run = runUri instanceof vscode.Uri ? runUri : typeof runUri === 'string' && runUri ? vscode.Uri.parse(runUri) : undefined;
    const name = typeof feature === 'string' && feature.trim() ? feature.trim() : await this.pickFeature();
    if (!name) return undefined;
    const found = await this.find(name, run);
    if (found.definitions.length === 0) {
      const action = await vscode.window.showInformationMessage(codeMessages.noDefinition(name, found.where), codeMessages.openPatternsSetting);
      if (action === codeMessages.openPatternsSetting) await vscode.commands.executeCommand('workbench.action.openSettings', DEFINITION_PATTERNS_SETTING);
      return undefined;
    }
    const chosen = found.definitions.length === 1 ? found.definitions[0] : await this.pickDefinition(name, found.definitions);
    if (!chosen) return undefined;
    await this.reveal(chosen, run);
    return chosen;
  }

  /**
   * Every place `feature` may be defined, best first, and a description of where Glass Box
   * looked (for the message when there is none).
   */
  async find(feature: string, runUri?: vscode.Uri, token?: vscode.CancellationToken): Promise<{ definitions: FeatureDefinition[]; where: string }> {
    const manifests: { uri: vscode.Uri; globs: string[] }[] = [];
    if (runUri && isManifestUri(runUri)) {
      const manifest = await this.runs.manifest(runUri);
      manifests.push({ uri: runUri, globs: manifest?.code?.features ?? [] });
    } else if (!runUri) {
      // No run named: the code of every run that has the feature.
      const catalog = await this.runs.catalog();
      for (const match of catalog.lookup(feature)) {
        if (!match.exact) continue;
        const uri = vscode.Uri.parse(match.run.manifest);
        if (isManifestUri(uri)) manifests.push({ uri, globs: match.run.codeGlobs });
      }
    }
    const scope = await searchScope(manifests, token);
    for (const warning of scope.warnings) this.warn(warning);
    const patterns = definitionPatterns(runUri);
    const perFile: { file: vscode.Uri; candidates: DefinitionCandidate[] }[] = [];
    for (const file of scope.files) {
      if (token?.isCancellationRequested) break;
      const text = await this.texts.text(file);
      if (text === null) continue;
      // User patterns run in a worker with a time limit (patternRunner.ts).
      const { candidates, warnings } = await sharedPatternRunner().find(text, languageOf(file.path), feature, patterns, vscode.workspace.asRelativePath(file));
      for (const warning of warnings) this.warn(warning.message);
      if (candidates.length) perFile.push({ file, candidates });
    }
    return { definitions: rankAcrossFiles(perFile).map(({ file, candidate }) => ({ uri: file, candidate })), where: scope.description };
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  private warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.host.log.warn(message);
    void vscode.window.showWarningMessage(message);
  }

  private async pickFeature(): Promise<string | undefined> {
    const names = (await this.runs.catalog()).featureNames();
    if (!names.length) {
      void vscode.window.showInformationMessage(codeMessages.noFeatureGiven());
      return undefined;
    }
    return vscode.window.showQuickPick(names, { title: 'Glass Box: Go to Feature Definition', placeHolder: 'Feature' });
  }

  private async pickDefinition(feature: string, definitions: FeatureDefinition[]): Promise<FeatureDefinition | undefined> {
    const items = definitions.map((definition) => ({
      label: `${vscode.workspace.asRelativePath(definition.uri)}:${definition.candidate.line + 1}`,
      description: definition.candidate.kind === 'sqlAlias' ? 'SQL alias' : definition.candidate.kind === 'dictKey' ? 'dict key' : definition.candidate.kind,
      detail: definition.candidate.text,
      definition,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: codeMessages.pickDefinition(feature, definitions.length), matchOnDetail: true });
    return picked?.definition;
  }

  /**
   * Opens the definition in the research code's column: the last text editor's column when
   * it still exists and is not the view's own, else beside the view; the line is centred.
   */
  private async reveal(definition: FeatureDefinition, runUri: vscode.Uri | undefined): Promise<void> {
    const { candidate } = definition;
    const range = new vscode.Range(candidate.line, candidate.column, candidate.line, candidate.column + candidate.length);
    const document = await vscode.workspace.openTextDocument(definition.uri);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: this.codeColumn(runUri), selection: range, preview: true });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }

  private codeColumn(runUri: vscode.Uri | undefined): vscode.ViewColumn {
    const viewColumns = new Set<vscode.ViewColumn>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        const input = tab.input;
        if (input instanceof vscode.TabInputCustom && input.viewType === RUN_VIEW_TYPE && (!runUri || input.uri.toString() === runUri.toString())) viewColumns.add(group.viewColumn);
      }
    }
    const exists = (column: vscode.ViewColumn | undefined): column is vscode.ViewColumn => column !== undefined && vscode.window.tabGroups.all.some((g) => g.viewColumn === column);
    if (exists(this.lastTextColumn) && !viewColumns.has(this.lastTextColumn)) return this.lastTextColumn;
    const visible = vscode.window.visibleTextEditors.map((e) => e.viewColumn).find((c) => c !== undefined && !viewColumns.has(c));
    // Beside the view when there is one; else (from the command palette) where the user is.
    return visible ?? (viewColumns.size ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
  }
}

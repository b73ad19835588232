/**
 * Beside the research code, both ways: from a feature in a view to its
 * definition (`glassbox.openFeatureDefinition`), from a definition to the view (hover,
 * CodeLens, `glassbox.showFeature`), and the runs' problems on their manifests.
 * `activate()` calls `registerCodeLinks` once and pushes what it returns into
 * `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { DEFINITION_PATTERNS_SETTING, definitionPatterns } from './codeSettings';
import { checkUserPatterns } from './definitions';
import { SHOW_FEATURE_COMMAND } from './featureHover';
import { FeatureLinks } from './featureLinks';
import { FeatureLocator } from './featureLocator';
import { defaultViewState } from '../protocol';
import { type CodeLinksHost, RUN_VIEW_TYPE } from './host';
import { ManifestDiagnostics } from './manifestDiagnostics';
import { sharedPatternRunner } from './patternRunner';
import { WorkspaceRuns } from './workspaceRuns';

export type { CodeLinksHost, CodeQuery, CodeRun } from './host';

/** Registers the commands, providers and the diagnostic collection of the code links. */
export function registerCodeLinks(host: CodeLinksHost): vscode.Disposable[] {
  const runs = new WorkspaceRuns(host);
  const locator = new FeatureLocator(host, runs);
  const links = new FeatureLinks(runs);
  return [
    runs,
    locator,
    locator.registerCommand(),
    ...links.register(),
    new ManifestDiagnostics(host),
    { dispose: () => sharedPatternRunner().dispose() },
    vscode.commands.registerCommand(SHOW_FEATURE_COMMAND, (manifest?: unknown, feature?: unknown) => showFeature(host, manifest, feature)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(DEFINITION_PATTERNS_SETTING)) return;
      for (const warning of checkUserPatterns(definitionPatterns())) {
        host.log.warn(warning.message);
        void vscode.window.showWarningMessage(warning.message);
      }
    }),
  ];
}

/**
 * Opens the run `manifest` in Glass Box on the Features tab, focused on `feature`: in the
 * group where its view already is, else beside the code. Loads the run when it is not open.
 */
export async function showFeature(host: CodeLinksHost, manifest: unknown, feature: unknown): Promise<void> {
  const uri = manifest instanceof vscode.Uri ? manifest : typeof manifest === 'string' && manifest ? vscode.Uri.parse(manifest) : undefined;
  if (!uri) {
    await vscode.commands.executeCommand('glassbox.openRun');
    return;
  }
  const existing = vscode.window.tabGroups.all.find((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.viewType === RUN_VIEW_TYPE && tab.input.uri.toString() === uri.toString()));
  await vscode.commands.executeCommand('vscode.openWith', uri, RUN_VIEW_TYPE, existing?.viewColumn ?? vscode.ViewColumn.Beside);
  if (typeof feature !== 'string' || !feature) return;
  const state = { tab: 'features', feature } as const;
  // A view still opening has not asked for its state yet: it starts from the document's.
  // A view already showing the run is told directly.
  const run = host.runs().find((r) => r.uri.toString() === uri.toString());
  if (run) run.viewState = { ...(run.viewState ?? defaultViewState()), ...state };
  host.show(uri.toString(), state);
}

/** Glass Box: registers the custom editor and the commands; nothing else happens here. */
import * as vscode from 'vscode';
import type { GlassBoxApi } from './api';
import { registerCodeLinks } from './code/codeLinks';
import { registerCommands } from './editor/commands';
import { openDemoLayout } from './editor/demoLayout';
import { RunEditorProvider } from './editor/runEditorProvider';
import { registerRemoteAccess } from './editor/remoteAccess';

export function activate(context: vscode.ExtensionContext): GlassBoxApi {
  const log = vscode.window.createOutputChannel('Glass Box', { log: true });
  const provider = new RunEditorProvider(context, log);
  context.subscriptions.push(log, provider, ...registerCommands(provider, log, String(context.extension.packageJSON.version ?? '')), ...registerRemoteAccess(context));
  context.subscriptions.push(
    ...registerCodeLinks({
      runs: () => provider.openDocuments(),
      onDidLoad: provider.onDidLoad,
      onDidChangeViewDate: provider.onDidChangeViewDate,
      show: (uri, state) => provider.show(uri, state),
      log,
    }),
  );
  void openDemoLayout(context.workspaceState, log);
  return {
    onDidRender: provider.onDidRender,
    onDidLoad: provider.onDidLoad,
    panels: () => provider.panelInfos(),
    show: async (uri, state) => provider.show(uri, state),
  };
}

export function deactivate(): void {}

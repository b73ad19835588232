/** The commands in package.json's `contributes.commands`, each registered here. */
import * as vscode from 'vscode';
import { RUN_VIEW_TYPE, TABLE_VIEW_TYPE, type RunEditorProvider } from './runEditorProvider';
import { isManifest } from './runSource';
import { compareOptions, compareWithRef } from '../git/compareWithRef';
import { registerGitCliFileSystem } from '../git/gitCliFs';
import { exportOptions, exportSummary } from '../export/exportSummary';

export function registerCommands(provider: RunEditorProvider, log: vscode.LogOutputChannel, version: string): vscode.Disposable[] {
  return [
    // Files at a commit of a repository the Git extension has not opened (see git/gitApi.ts).
    registerGitCliFileSystem(),
    // `(options | uri)`: code passes `{ ref, run }` (ref null: back to the manifest's baseline); a menu passes the run's URI.
    vscode.commands.registerCommand('glassbox.compareWithRef', (arg?: unknown) => compareWithRef(provider, compareOptions(arg), log)),
    // `(options | uri)`: code passes `{ format, target, run }` to skip the questions; a menu passes the run's URI.
    vscode.commands.registerCommand('glassbox.exportSummary', (arg?: unknown) => exportSummary(provider, exportOptions(arg), provider.saveTargets, `Glass Box ${version} for VS Code`)),
    vscode.commands.registerCommand('glassbox.openRun', async (target?: vscode.Uri) => {
      const uri =
        target ??
        (
          await vscode.window.showOpenDialog({
            title: 'Open Model Run',
            openLabel: 'Open in Glass Box',
            canSelectMany: false,
            filters: { 'Model runs': ['json', 'parquet', 'csv', 'tsv', 'arrow', 'feather'] },
          })
        )?.[0];
      if (!uri) return;
      await vscode.commands.executeCommand('vscode.openWith', uri, isManifest(uri) ? RUN_VIEW_TYPE : TABLE_VIEW_TYPE, vscode.ViewColumn.Beside);
    }),
    vscode.commands.registerCommand('glassbox.refresh', async () => {
      const document = provider.activeDocument();
      if (!document) {
        void vscode.window.showInformationMessage('Glass Box: open a model run first (Glass Box: Open Model Run…).');
        return;
      }
      await document.load();
    }),
  ];
}

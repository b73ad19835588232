/**
 * Where exports go: always where the user says in a save dialog (or the target a caller
 * passes), never into the run's folder on its own. The dialog starts in the folder of the
 * last export, else the home folder.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';

const LAST_FOLDER_KEY = 'glassbox.export.lastFolder';

export class SaveTargets {
  constructor(private readonly state: vscode.Memento) {}

  /** Asks where to save `fileName`; undefined when the user cancels. */
  async ask(fileName: string, filters: Record<string, string[]>, title: string): Promise<vscode.Uri | undefined> {
    const last = this.state.get<string>(LAST_FOLDER_KEY);
    const folder = last ? vscode.Uri.parse(last) : vscode.Uri.file(homedir());
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, fileName), filters, title, saveLabel: 'Export' });
    if (target) await this.state.update(LAST_FOLDER_KEY, vscode.Uri.joinPath(target, '..').toString());
    return target;
  }

  /** Writes `bytes` to `target` and says so, with a button to open it. */
  async write(target: vscode.Uri, bytes: Uint8Array, what: string): Promise<void> {
    await vscode.workspace.fs.writeFile(target, bytes);
    const shown = target.scheme === 'file' ? target.fsPath : target.toString(true);
    void vscode.window.showInformationMessage(`Glass Box: exported ${what} to ${shown}.`, 'Open').then((answer) => {
      if (answer === 'Open') void vscode.commands.executeCommand('vscode.open', target);
    });
  }
}

/** A target given as a URI or a path (from a command argument). */
export function targetUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value) return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) ? vscode.Uri.file(value) : vscode.Uri.parse(value);
  return undefined;
}

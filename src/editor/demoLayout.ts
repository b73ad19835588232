/**
 * `npm run demo`'s opening layout: the run in Glass Box in the first editor group and the
 * research code beside it in the second. The demo script names both files in the environment
 * of the VS Code it starts (GLASSBOX_DEMO_LAYOUT); the extension opens them once per demo
 * session, when it activates, so that its custom editor is registered by then. A later
 * reload of the window restores what is open instead (VS Code restores custom editors whose
 * provider is registered; a URL that names files to open would replace the restore).
 */
import * as vscode from 'vscode';
import { RUN_VIEW_TYPE } from './runEditorProvider';

/** The environment variable: JSON `{ "session": "…", "run": "/abs/run.glassbox.json", "code": "/abs/research.py" }`. */
export const DEMO_LAYOUT_VARIABLE = 'GLASSBOX_DEMO_LAYOUT';

interface DemoLayout {
  session: string;
  run: string;
  code?: string;
}

function parseLayout(text: string | undefined): DemoLayout | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<DemoLayout>;
    if (typeof value.session !== 'string' || typeof value.run !== 'string') return null;
    return { session: value.session, run: value.run, code: typeof value.code === 'string' ? value.code : undefined };
  } catch {
    return null;
  }
}

/** Opens the demo's layout if the environment asks for one this session has not opened yet. */
export async function openDemoLayout(state: vscode.Memento, log: vscode.LogOutputChannel, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const layout = parseLayout(env[DEMO_LAYOUT_VARIABLE]);
  if (!layout) return;
  const key = `glassbox.demoLayout.${layout.session}`;
  if (state.get<boolean>(key)) return;
  await state.update(key, true);
  try {
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(layout.run), RUN_VIEW_TYPE, { viewColumn: vscode.ViewColumn.One, preview: false });
    if (layout.code) {
      await vscode.window.showTextDocument(vscode.Uri.file(layout.code), { viewColumn: vscode.ViewColumn.Two, preserveFocus: true, preview: false });
    }
    log.info(`demo: opened ${layout.run}${layout.code ? ` beside ${layout.code}` : ''}`);
  } catch (error) {
    log.warn(`demo: could not open the demo layout: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The custom editor: `glassbox.run` for manifests and `glassbox.table` (offered, never the
 * default) for data files. Keeps the open documents and panels for the commands and the API.
 */
import * as vscode from 'vscode';
import type { PanelInfo, RenderEvent } from '../api';
import type { ViewState } from '../protocol';
import { Disposable } from './disposable';
import { RunDocument } from './runDocument';
import { RunPanel } from './runPanel';
import { exportChart } from '../export/exportChart';
import { SaveTargets } from '../export/saveTarget';

export const RUN_VIEW_TYPE = 'glassbox.run';
export const TABLE_VIEW_TYPE = 'glassbox.table';

export class RunEditorProvider extends Disposable implements vscode.CustomReadonlyEditorProvider<RunDocument> {
  private readonly panels = new Set<RunPanel>();
  private readonly documents = new Set<RunDocument>();
  private readonly renderEmitter = this.register(new vscode.EventEmitter<RenderEvent>());
  private readonly loadEmitter = this.register(new vscode.EventEmitter<PanelInfo>());
  readonly onDidRender = this.renderEmitter.event;
  readonly onDidLoad = this.loadEmitter.event;
  private readonly viewDateEmitter = this.register(new vscode.EventEmitter<string>());
  /** Fires with a run's URI when the date its views show changes. */
  readonly onDidChangeViewDate = this.viewDateEmitter.event;
  private activePanel: RunPanel | undefined;
  /** Where exports are saved (the save dialog starts in the last export's folder). */
  readonly saveTargets: SaveTargets;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.saveTargets = new SaveTargets(context.globalState);
    const options = { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true };
    this.register(vscode.window.registerCustomEditorProvider(RUN_VIEW_TYPE, this, options));
    this.register(vscode.window.registerCustomEditorProvider(TABLE_VIEW_TYPE, this, options));
  }

  async openCustomDocument(uri: vscode.Uri): Promise<RunDocument> {
    // Loaded runs are kept in the extension's own storage, never in the workspace.
    const storage = this.context.globalStorageUri;
    const cacheDir = storage.scheme === 'file' ? vscode.Uri.joinPath(storage, 'runs').fsPath : null;
    const document = new RunDocument(uri, vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'worker.js').fsPath, this.log, cacheDir);
    this.documents.add(document);
    document.onDidChangeStatus((status) => {
      if (status.kind !== 'loading') this.loadEmitter.fire(this.info(document));
    });
    document.onDidChangeViewDate(() => this.viewDateEmitter.fire(document.uri.toString()));
    void document.load();
    return document;
  }

  async resolveCustomEditor(document: RunDocument, panel: vscode.WebviewPanel): Promise<void> {
    const runPanel = new RunPanel(document, panel, this.context.extensionUri, this.log, (event) => this.renderEmitter.fire(event), (document, message) => void exportChart(document, message, this.saveTargets));
    this.panels.add(runPanel);
    this.activePanel = runPanel;
    panel.onDidChangeViewState(() => {
      if (panel.active) this.activePanel = runPanel;
    });
    runPanel.onDidDispose(() => {
      this.panels.delete(runPanel);
      if (this.activePanel === runPanel) this.activePanel = undefined;
      if (![...this.panels].some((p) => p.document === document)) {
        this.documents.delete(document);
      }
    });
  }

  /** The document of the focused Glass Box view, if any. */
  activeDocument(): RunDocument | undefined {
    return this.activePanel?.document;
  }

  /** The open document of `uri`, if any. */
  documentOf(uri: vscode.Uri): RunDocument | undefined {
    const key = uri.toString();
    return [...this.documents].find((d) => d.uri.toString() === key);
  }

  /** The open documents (loaded or not), for the code links (src/code). */
  openDocuments(): RunDocument[] {
    return [...this.documents];
  }

  panelInfos(): PanelInfo[] {
    return [...this.documents].map((d) => this.info(d));
  }

  /** Shows a tab, stock or filters in every view of `uri`. */
  show(uri: string, state: Partial<ViewState>): void {
    for (const panel of this.panels) if (panel.document.uri.toString() === uri) panel.show(state);
  }

  private info(document: RunDocument): PanelInfo {
    const status = document.status;
    return {
      uri: document.uri.toString(),
      status: status.kind,
      run: status.kind === 'ready' ? status.summary : undefined,
      error: status.kind === 'failed' ? status.error : undefined,
      state: document.viewState ?? undefined,
    };
  }
}

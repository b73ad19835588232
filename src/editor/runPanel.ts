/**
 * One webview showing a run: builds its HTML, speaks the protocol (src/protocol.ts) and
 * relays the webview's queries to the document's worker. Every request gets a response.
 */
import * as vscode from 'vscode';
import type { RenderEvent } from '../api';
import type { FromWebview, ToWebview, ViewState } from '../protocol';
import { Disposable } from './disposable';
import { isFromWebview } from './messageGuard';
import { QueryFailed, type RunDocument } from './runDocument';
import { readSettings } from './settings';
import { inlineAssets } from './webviewAssets';
import { makeNonce, webviewHtml } from './webviewHtml';

export class RunPanel extends Disposable {
  private ready = false;
  private readonly disposeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly document: RunDocument,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onRender: (event: RenderEvent) => void,
    private readonly onExportChart: (document: RunDocument, message: Extract<FromWebview, { type: 'exportChart' }>) => void,
  ) {
    super();
    const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    // The bundle and styles travel in the page: a page that fetches its files through the
    // browser's webview service worker can wait 30 s for it (see InlineAssets).
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      inline: inlineAssets(extensionUri.fsPath),
      title: `Glass Box: ${document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1)}`,
    });
    this.register(webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)));
    this.register(document.onDidChangeStatus(() => this.sendStatus()));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /** Asks the webview to show something (a tab, a stock, filters). */
  show(state: Partial<ViewState>): void {
    this.post({ type: 'applyState', state });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposeEmitter.fire();
    super.dispose();
  }

  private post(message: ToWebview): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private sendStatus(): void {
    if (!this.ready) return;
    const status = this.document.status;
    switch (status.kind) {
      case 'loading':
        return this.post({ type: 'loading', message: status.message });
      case 'ready':
        return this.post({ type: 'init', run: status.summary, state: this.document.viewState, settings: { defaultTab: readSettings(this.document.uri).defaultTab } });
      case 'failed':
        return this.post({ type: 'loadFailed', error: status.error });
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isFromWebview(message)) {
      this.log.warn(`dropped a malformed message from the webview: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    await this.handle(message);
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendStatus();
        return;
      case 'request':
        try {
          const result = await this.document.query(message.query);
          this.post({ type: 'response', id: message.id, result });
        } catch (error) {
          this.post({ type: 'response', id: message.id, error: error instanceof QueryFailed ? error.userError : { message: error instanceof Error ? error.message : String(error) } });
        }
        return;
      case 'stateChanged':
        this.document.viewState = message.state;
        return;
      case 'rendered':
        this.onRender({ uri: this.document.uri.toString(), tab: message.tab, charts: message.charts });
        return;
      case 'refresh':
        void this.document.load();
        return;
      case 'webviewError':
        this.log.error(`webview: ${message.message}`);
        return;
      case 'exportChart':
        this.onExportChart(this.document, message);
        return;
      case 'openFeature':
        // Registered by src/code (the feature <-> definition links).
        void vscode.commands.executeCommand('glassbox.openFeatureDefinition', message.feature, this.document.uri);
        return;
    }
  }
}

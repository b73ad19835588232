/**
 * What `activate()` returns: a small API for the integration tests (and other extensions)
 * to observe Glass Box views without reaching into the webview.
 */
import type * as vscode from 'vscode';
import type { RunSummary } from './model/types';
import type { RenderedChart, Tab, UserError, ViewState } from './protocol';

/** A tab of an open view as the webview reported it drawn. */
export interface RenderEvent {
  /** The document (manifest or table) the view shows. */
  uri: string;
  tab: Tab;
  charts: RenderedChart[];
}

/** One open Glass Box view. */
export interface PanelInfo {
  uri: string;
  status: 'loading' | 'ready' | 'failed';
  run?: RunSummary;
  error?: UserError;
  /** The last state the webview reported. */
  state?: ViewState;
}

export interface GlassBoxApi {
  /** Fires each time a view finishes drawing a tab. */
  readonly onDidRender: vscode.Event<RenderEvent>;
  /** Fires each time a view's load ends, well or not. */
  readonly onDidLoad: vscode.Event<PanelInfo>;
  /** The open views. */
  panels(): PanelInfo[];
  /** Ask the view of `uri` to show a tab, a stock or filters, as a user would by clicking. */
  show(uri: string, state: Partial<ViewState>): Promise<void>;
}

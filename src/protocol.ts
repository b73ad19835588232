/**
 * The one wire protocol between the extension host and the webview, imported by both.
 * Every request carries an id and gets exactly one `response`, with a result or an error.
 * Flow: the webview posts `ready`; the host answers with `loading` and then once with
 * `init` (or `loadFailed`); after that the webview asks for each view's data by `request`.
 */
import type {
  Filters,
  FactorsData,
  OverviewData,
  RunSummary,
  StockDetailData,
  StocksData,
} from './model/types';

/** The tabs of the view, in display order. */
export const TABS = ['overview', 'factors', 'stocks'] as const;
export type Tab = (typeof TABS)[number];

/** Everything the user chose; kept when the view is hidden, restored, or the run reloads. */
export interface ViewState {
  tab: Tab;
  /** ISO date; null means the latest date. */
  date: string | null;
  filters: Filters;
  /** The stock whose waterfall is shown on the Stocks tab. */
  stock: string | null;
  /** Stocks table sort. */
  sort: { column: string; descending: boolean };
  /** Stocks table text filter (ticker, name). */
  search: string;
}

/** Host settings the webview needs (from `glassbox.*`). */
export interface WebviewSettings {
  defaultTab: Tab;
}

/** What the webview can ask for; each answered from the precomputed aggregates. */
export type Query =
  /** Headline numbers of a date. */
  | { kind: 'overview'; date: string; filters: Filters }
  /** Factor attribution on a date and over time. */
  | { kind: 'factors'; date: string; filters: Filters }
  /** Every stock of a date passing the filters. */
  | { kind: 'stocks'; date: string; filters: Filters }
  /** One stock's contributions on a date and its history. */
  | { kind: 'stock'; date: string; stock: string; filters: Filters };

/** The result type of each query kind. */
export interface QueryResults {
  overview: OverviewData;
  factors: FactorsData;
  stocks: StocksData;
  stock: StockDetailData;
}
export type QueryKind = Query['kind'];
export type QueryResult<K extends QueryKind> = QueryResults[K];

/** A failure the user can act on: what went wrong and where. */
export interface UserError {
  /** One sentence naming the file, the row or column, and the fix. */
  message: string;
  file?: string;
  row?: number;
  column?: string;
}

/** Messages from the host to the webview. */
export type ToWebview =
  /** The run is being read; `message` says which step. */
  | { type: 'loading'; message: string }
  /** Answer to `ready` (and after a reload): everything needed to start. */
  | { type: 'init'; run: RunSummary; state: ViewState | null; settings: WebviewSettings }
  /** The run could not be read; the view shows the error and stays usable. */
  | { type: 'loadFailed'; error: UserError }
  /** The answer to one `request`. */
  | { type: 'response'; id: number; result?: unknown; error?: string }
  /** The host asks the view to show something (a tab, a stock, filters), e.g. from a command. */
  | { type: 'applyState'; state: Partial<ViewState> };

/** Messages from the webview to the host. */
export type FromWebview =
  /** The webview has loaded and can receive messages. */
  | { type: 'ready' }
  /** Ask for a view's data; answered by one `response` with the same id. */
  | { type: 'request'; id: number; query: Query }
  /** The user changed something worth keeping (tab, date, filters, selection). */
  | { type: 'stateChanged'; state: ViewState }
  /** A tab finished drawing: how many marks each chart drew (for tests and diagnostics). */
  | { type: 'rendered'; tab: Tab; charts: RenderedChart[] }
  /** The user asked to load the run again. */
  | { type: 'refresh' }
  /** Something failed inside the webview; the host logs it. */
  | { type: 'webviewError'; message: string };

/** One chart as drawn: its name and the number of marks (bars, points, cells) in it. */
export interface RenderedChart {
  name: string;
  marks: number;
}

/** The state of a newly opened run. */
export function defaultViewState(tab: Tab = 'overview'): ViewState {
  return {
    tab,
    date: null,
    filters: { sectors: [], countries: [], regions: [], factors: [] },
    stock: null,
    sort: { column: 'weight', descending: true },
    search: '',
  };
}

/**
 * The one wire protocol between the extension host and the webview, imported by both.
 * Every request carries an id and gets exactly one `response`, with a result or an error.
 * Flow: the webview posts `ready`; the host answers with `loading` and then once with
 * `init` (or `loadFailed`); after that the webview asks for each view's data by `request`.
 */
import type { PerformanceData } from './model/performance/performance';
import type {
  CompareData,
  FeaturesData,
  Filters,
  FactorsData,
  OverviewData,
  PortfolioData,
  RunSummary,
  StockDetailData,
  StocksData,
} from './model/types';
import type { FeatureStats } from './model/features/featureStats';
import type { RunProblems } from './model/engine/integrity';
import type { SignalStatsData } from './model/signals/signalStats';
import type { AttributionStability } from './model/stability/attributionStability';
import type { HoldingExplanation } from './model/explain/explainHolding';
import type { TransferCoefficients } from './model/performance/transferCoefficient';

/** The tabs of the view, in display order. */
export const TABS = ['overview', 'factors', 'stocks', 'features', 'portfolio', 'compare', 'performance'] as const;
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
  // Added with the Features, Portfolio, Compare and Performance tabs: optional so that a
  // state saved by an earlier version still restores (absent means the default).
  /** Attribution weighted by portfolio or active weight (Factors tab); default portfolio. */
  measure?: 'portfolio' | 'active';
  /** The feature of the Features tab's dependence plot; null = the most important. */
  feature?: string | null;
  /** The feature colouring the dependence plot; null = the suggested interaction. */
  colorBy?: string | null;
  /** What the Compare tab compares with; default the previous date. */
  compareAgainst?: 'previous' | 'baseline';
  /** The Compare tab's "only what changed" toggle; default off. */
  compareOnlyChanges?: boolean;
  /** Its threshold: changes of at most this (absolute) are hidden, as `glassbox diff --only-changes`. */
  compareThreshold?: number;
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
  | { kind: 'stock'; date: string; stock: string; filters: Filters }
  /** Feature importance, beeswarm and dependence on a date. */
  | { kind: 'features'; date: string; filters: Filters; feature: string | null; colorBy: string | null }
  /**
   * Only the dependence plot of `features` (another feature or colour picked on the same
   * date and filters): the rest of the tab is unchanged, and resending it was most of the
   * feature switch's time at 4,500 stocks.
   */
  | { kind: 'dependence'; date: string; filters: Filters; feature: string | null; colorBy: string | null }
  /** Active weights against limits, concentration, weight against score, guardrails. */
  | { kind: 'portfolio'; date: string; filters: Filters }
  /** The date against the previous one, or the run against its baseline. */
  | { kind: 'compare'; date: string; filters: Filters; against: 'previous' | 'baseline'; stock: string | null }
  /**
   * Returns, IC, quantiles and Brinson attribution over the whole run (needs returns). The
   * whole book over every date: date and filters travel like every query's but do not
   * change the answer.
   */
  | { kind: 'performance'; date: string; filters: Filters }
  // Asked by the host itself (src/code: hovers, CodeLenses, the Problems panel), never by the webview.
  /** One feature's importance rank, mean |contribution|, active share and top stocks on a date. */
  | { kind: 'featureStats'; date: string; filters: Filters; feature: string }
  /** Guardrail breaches and integrity over the whole run (date and filters do not change the answer). */
  | { kind: 'problems'; date: string; filters: Filters }
  /** Rank IC statistics with Newey-West t-statistics over the whole run (needs returns; date and filters do not change the answer). */
  | { kind: 'signals'; date: string; filters: Filters }
  /** Attribution drift per date against the previous date and the baseline (whole run; date and filters do not change the answer). */
  | { kind: 'stability'; date: string; filters: Filters }
  /** Why a stock is held on a date (the Stocks drill-down; filters do not change the answer). */
  | { kind: 'explain'; date: string; filters: Filters; stock: string }
  /** The transfer coefficient on every date (whole run; date and filters do not change the answer). */
  | { kind: 'transferCoefficient'; date: string; filters: Filters };

/** The result type of each query kind. */
export interface QueryResults {
  overview: OverviewData;
  factors: FactorsData;
  stocks: StocksData;
  stock: StockDetailData;
  features: FeaturesData;
  dependence: FeaturesData['dependence'];
  portfolio: PortfolioData;
  compare: CompareData;
  performance: PerformanceData | null;
  featureStats: FeatureStats;
  problems: RunProblems;
  signals: SignalStatsData | null;
  stability: AttributionStability;
  explain: HoldingExplanation;
  transferCoefficient: TransferCoefficients | null;
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
  | { type: 'response'; id: number; result?: unknown; error?: UserError }
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
  /** The user clicked a feature: open its definition in the research code beside the view. */
  | { type: 'openFeature'; feature: string }
  /** Something failed inside the webview; the host logs it. */
  | { type: 'webviewError'; message: string }
  /** The user exported a chart: its SVG text or PNG data URL (`data:image/png;base64,…`); the host asks where to save it. */
  | { type: 'exportChart'; name: string; format: 'svg' | 'png'; data: string };

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

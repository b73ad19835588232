/**
 * The shapes the model layer produces: a run's summary, the filters every view shares,
 * and the small per-view payloads the host sends to the webview. Plain data only (they
 * cross the worker and webview boundaries as structured clones).
 */

/** Guardrails the portfolio must respect (fractions, e.g. 0.05 for 5%). */
export interface Constraints {
  sector?: { maxActive?: number };
  country?: { maxActive?: number };
  region?: { maxActive?: number };
  stock?: { maxWeight?: number };
  turnover?: { max?: number };
  trackingError?: { max?: number };
  /** Least share of gross weight with contributions on every date (`glassbox check`; default 0.95). */
  coverage?: { min?: number };
  /** The score's Newey-West t-statistic of its mean rank IC must reach minTstat. */
  signals?: { minTstat?: number };
  /** Feature importance's rank correlation with the previous date and the baseline must reach minRankCorrelation. */
  stability?: { minRankCorrelation?: number };
}

/** The check gates of a manifest's `constraints` (besides the guardrails). */
export type CheckGate = 'coverage' | 'signals' | 'stability';

/** A check gate that failed, with what to tell the user (the Problems panel's message). */
export interface GateFailure {
  gate: CheckGate;
  message: string;
}

/** How many findings of each severity; `problems` = errors + warnings (what a badge and the Problems panel count). */
export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
  problems: number;
  /** Errors by kind, for a one-line summary. */
  guardrailBreaches: number;
  integrityFailures: boolean;
  /** The check gates that failed, in the order coverage, signals, stability. */
  gateFailures: GateFailure[];
}

/** How serious a diagnostic is: an error stops the run loading; the others load with a note. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem a user should know about, named precisely enough to fix.
 * @example { severity: 'warning', code: 'weights-sum', message: "weights.csv: weights on 2024-03-29 sum to 91.6%…", file: 'weights.csv', count: 1 }
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. `unmapped-feature`, `missing-sector`. */
  code: string;
  /** One sentence naming the file, what is wrong, and the fix. */
  message: string;
  file?: string;
  /** 1-based data row (the header is row 0) where known. */
  row?: number;
  column?: string;
  /** How many rows or items are affected. */
  count?: number;
  /** One affected item, e.g. a stock id, for the user to look up. */
  example?: string;
}

/** The role a table plays in a run (the README's data contract). */
export type TableRole = 'contributions' | 'weights' | 'securities' | 'factors' | 'returns';

/** One feature of the model and the factor it belongs to (`unassigned` when none). */
export interface FeatureInfo {
  name: string;
  factor: string;
}

/** What the webview needs to start: everything but the data itself. */
export interface RunSummary {
  /** Display name: the manifest's `name`, else the file name. */
  name: string;
  /** The manifest or table file the run was opened from. */
  source: string;
  /** The files that were read, with their roles. */
  files: { role: TableRole; name: string }[];
  /** ISO dates (yyyy-mm-dd), ascending. A snapshot without dates has one date, `snapshot`. */
  dates: string[];
  sectors: string[];
  countries: string[];
  regions: string[];
  /** Factor names in display order; `unassigned` last when present. */
  factors: string[];
  features: FeatureInfo[];
  /** Distinct stocks across all dates. */
  stockCount: number;
  hasWeights: boolean;
  hasBenchmark: boolean;
  /** True when the contributions carried a score column; else score = base + sum of contributions. */
  hasScore: boolean;
  hasBaseValue: boolean;
  hasFeatureValues: boolean;
  /** What the weights were read as: fractions, or percentages converted to fractions. */
  weightScale: 'fraction' | 'percent' | 'none';
  /** Number of (date, stock, feature) contributions loaded. */
  contributionCount: number;
  /** True when forward returns were given (the Performance tab). */
  hasReturns: boolean;
  /** The baseline run's name when one was given and could be read (the Compare tab). */
  baseline: string | null;
  /** The manifest's guardrails, as given (fractions). */
  constraints: Constraints;
  diagnostics: Diagnostic[];
  /** The run's findings counted by the one severity model (model/findings.ts): guardrail breaches, integrity failures and diagnostics. */
  findings: FindingCounts;
}

/** The filters every tab shares. An empty list means "all". */
export interface Filters {
  sectors: string[];
  countries: string[];
  regions: string[];
  factors: string[];
}

export const NO_FILTERS: Filters = { sectors: [], countries: [], regions: [], factors: [] };

/** One factor's attribution: sum over stocks of weight x the factor's contributions. */
export interface FactorExposure {
  factor: string;
  /** Weighted by portfolio weight. */
  portfolio: number;
  /** Weighted by active weight (portfolio - benchmark); null without a benchmark. */
  active: number | null;
  /** Weighted by benchmark weight; null without a benchmark. */
  benchmark: number | null;
}

/** One sector's (or country's, region's) weights on a date. */
export interface GroupWeight {
  group: string;
  portfolio: number;
  benchmark: number | null;
  active: number | null;
  holdings: number;
}

/** A stock whose base value + sum of contributions differs from its score. */
export interface IntegrityOffender {
  stock: string;
  baseValue: number;
  sumContributions: number;
  score: number;
  /** base + sum - score. */
  error: number;
}

export interface IntegrityCheck {
  /** Stocks checked on the date (those with a score column value). */
  checked: number;
  failures: number;
  maxAbsError: number;
  tolerance: number;
  /** Largest |error| first, at most 10. */
  worst: IntegrityOffender[];
}

/** Overview tab: the headline numbers of one date under the filters. */
export interface OverviewData {
  date: string;
  previousDate: string | null;
  /** Stocks with a positive portfolio weight. */
  holdings: number;
  /** Stocks with contributions on the date. */
  universe: number;
  /** Stocks with a positive benchmark weight; null without a benchmark. */
  benchmarkNames: number | null;
  /** Sum of portfolio weights (1 for the whole, unfiltered portfolio). */
  portfolioWeight: number;
  /** 0.5 x sum |w - b| over the union of portfolio and benchmark names; null without a benchmark. */
  activeShare: number | null;
  /** Sum of the ten largest portfolio weights. */
  top10Weight: number;
  /** One-way turnover against the previous date: 0.5 x sum |w_t - w_{t-1}|; null on the first date. */
  turnover: number | null;
  /** Share of portfolio weight held in stocks that have contributions. */
  weightCoverage: number;
  /** Portfolio names with no contributions on the date. */
  holdingsWithoutContributions: number;
  /** Null when the run has no score column to check against. */
  integrity: IntegrityCheck | null;
  factorExposure: FactorExposure[];
  sectorWeights: GroupWeight[];
  /** Every guardrail of the manifest on this date (the whole book, whatever the filters). */
  guardrails: GuardrailCheck[];
}

/** One factor's attribution on one date (the Factors tab's timeline). */
export interface FactorHistoryPoint {
  date: string;
  factor: string;
  portfolio: number;
  active: number | null;
}

/** One cell of a factor x group heat map. */
export interface FactorGroupCell {
  group: string;
  factor: string;
  portfolio: number;
  active: number | null;
}

/** Factors tab. */
export interface FactorsData {
  date: string;
  byFactor: FactorExposure[];
  history: FactorHistoryPoint[];
  bySector: FactorGroupCell[];
  byCountry: FactorGroupCell[];
}

/** One row of the Stocks table. */
export interface StockRow {
  stock: string;
  name: string;
  sector: string;
  country: string;
  region: string;
  weight: number;
  benchmarkWeight: number | null;
  activeWeight: number | null;
  /** Score (or base + sum of contributions); null when the stock has no contributions. */
  score: number | null;
  /** The feature with the largest |contribution| (within the factor filter). */
  topDriver: string | null;
  topDriverContribution: number | null;
  /** The factor whose features sum to the largest |contribution|. */
  dominantFactor: string | null;
  dominantFactorContribution: number | null;
}

/** Stocks tab: every stock on the date that passes the filters. */
export interface StocksData {
  date: string;
  rows: StockRow[];
}

/** One feature's part in one stock's score. */
export interface FeatureContribution {
  feature: string;
  factor: string;
  contribution: number;
  /** The raw feature value, when the run has it. */
  value: number | null;
}

/** One date of a stock's history. */
export interface StockHistoryPoint {
  date: string;
  score: number | null;
  weight: number;
  benchmarkWeight: number | null;
  /** Rank of the score among the date's universe, 1 = best; null without a score. */
  rank: number | null;
}

/** Stocks tab, one stock selected: its waterfall and history. */
export interface StockDetailData {
  stock: string;
  name: string;
  sector: string;
  country: string;
  date: string;
  /** The model's base (expected) value; 0 when the run has none. */
  baseValue: number;
  score: number | null;
  /** Every feature, largest |contribution| first. */
  contributions: FeatureContribution[];
  history: StockHistoryPoint[];
}

import type { GuardrailCheck, GuardrailReport } from './guardrails/check';
import type { ChangeExplanation, ExposureChange, StockChange } from './compare/types';
export type { GuardrailCheck, GuardrailReport, ChangeExplanation, ExposureChange, StockChange };
import type { BeeswarmData, DependenceData, FeatureImportanceData, SectorImportanceData } from './features/types';

/** Features tab: what the model learned, feature by feature, on a date. */
export interface FeaturesData {
  date: string;
  importance: FeatureImportanceData;
  beeswarm: BeeswarmData;
  /** Null when the run has no features (a weights-only file). */
  dependence: DependenceData | null;
  bySector: SectorImportanceData;
}

/** One sector's (country's, region's) active weight against its limit. */
export interface GroupActive extends GroupWeight {
  /** The manifest's maxActive for this grouping; null when none is set. */
  limit: number | null;
  /** |active| above the limit. */
  breach: boolean;
}

/** One stock on the weight-against-score chart. */
export interface WeightScorePoint {
  stock: string;
  name: string;
  sector: string;
  weight: number;
  activeWeight: number | null;
  score: number;
  rank: number | null;
}

/** Portfolio tab: where the book stands against its guardrails, and whether it follows the model. */
export interface PortfolioData {
  date: string;
  bySector: GroupActive[];
  byCountry: GroupActive[];
  byRegion: GroupActive[];
  /** The largest positions against the single-name cap. */
  largest: { stock: string; name: string; weight: number }[];
  stockLimit: number | null;
  concentration: {
    holdings: number;
    top10Weight: number;
    activeShare: number | null;
    /** 1 / sum of squared weights: how many equal positions the book is worth. */
    effectiveNames: number;
    largestWeight: number;
  };
  weightVsScore: WeightScorePoint[];
  /** One-way turnover on each date after the first, with the limit. */
  turnover: { date: string; turnover: number }[];
  turnoverLimit: number | null;
  /** Every guardrail on every date (whole book). */
  guardrails: GuardrailReport;
}

/** Compare tab: a date against the previous one, or the run against its baseline. */
/**
 * The baseline date a run date is compared with (model/compare/baselineDate.ts).
 * @example { date: '2023-07-31', baselineDate: '2025-01-31', kind: 'later', sharedDates: 12, nearestShared: '2025-01-31' }
 */
export interface BaselineMatch {
  /** The run's date. */
  date: string;
  /** The baseline date used. */
  baselineDate: string;
  /** exact: the baseline has the date; earlier: its nearest earlier date; later: it starts after the date, its first date. */
  kind: 'exact' | 'earlier' | 'later';
  /** How many dates the run and the baseline both have. */
  sharedDates: number;
  /** The date of both closest to the run's date (the date itself when shared); null when they share none. */
  nearestShared: string | null;
}

export interface CompareData {
  against: 'previous' | 'baseline';
  /** Against the baseline: the baseline date used, and a sentence naming it when it is not the run's date. */
  baselineMatch: BaselineMatch | null;
  baselineNote: string | null;
  before: { label: string; date: string };
  after: { label: string; date: string };
  factors: string[];
  featuresOnlyBefore: string[];
  featuresOnlyAfter: string[];
  turnover: number;
  exposure: ExposureChange[];
  /** Why each name entered or left (all of them), largest weight first. */
  entered: ChangeExplanation[];
  left: ChangeExplanation[];
  /** The largest weight changes passing the filters (at most 100), and how many changed in all. */
  changes: StockChange[];
  changedCount: number;
  /** The selected stock's explanation, when a stock is selected and present on either side. */
  selected: ChangeExplanation | null;
}

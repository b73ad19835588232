/**
 * The Features tab's payloads: feature importance, beeswarm points, dependence points and
 * the interaction ranking, importance by sector. Plain data only (they cross the worker
 * and webview boundaries as structured clones).
 */

/**
 * One feature's importance on a date (or over all dates): how much it moves scores,
 * whichever way.
 * @example { feature: 'ep_fy1', factor: 'value', meanAbs: 0.0123, meanSigned: 0.0011, weightedMeanAbs: 0.0150, stocks: 1965 }
 */
export interface FeatureImportance {
  feature: string;
  factor: string;
  /** Mean |contribution| over the stocks with contributions that pass the filters. */
  meanAbs: number;
  /** Mean signed contribution over the same stocks (its direction on average). */
  meanSigned: number;
  /**
   * Portfolio-weighted mean |contribution|: sum w|c| / sum w over the same stocks, so the
   * held names count by their weight. Null when none of them is held (sum w = 0).
   */
  weightedMeanAbs: number | null;
  /** Stocks (rows, over all dates) averaged over. */
  stocks: number;
}

/** One factor's importance: its features' importances summed (see `featureImportance`). */
export interface FactorImportance {
  factor: string;
  /** Sum over the factor's features of their mean |contribution|. */
  meanAbs: number;
  /** Sum over the factor's features of their mean signed contribution. */
  meanSigned: number;
  /** Sum over the factor's features of their weighted mean |contribution|; null as for a feature. */
  weightedMeanAbs: number | null;
  /**
   * Mean |sum of the factor's contributions| per stock: lower than `meanAbs` when the
   * factor's features pull one stock's score in opposite directions.
   */
  meanAbsNet: number;
  /** Features of the factor that pass the filter. */
  features: number;
}

/** Importance of every feature (and factor) passing the filters, largest mean |c| first. */
export interface FeatureImportanceData {
  /** The date, or null for the mean over every date. */
  date: string | null;
  /** Stocks (rows, over all dates) with contributions that pass the filters. */
  stocks: number;
  features: FeatureImportance[];
  factors: FactorImportance[];
}

/**
 * One stock's contribution from one feature, a point of the beeswarm. Numbers are rounded
 * to 6 significant digits to keep the payload small.
 */
export interface BeeswarmPoint {
  feature: string;
  factor: string;
  stock: string;
  contribution: number;
  /** The feature's raw value for the stock; null when the run does not give it. */
  value: number | null;
  /** Portfolio weight (0 when not held). */
  weight: number;
}

export interface BeeswarmData {
  date: string;
  /** The features drawn, in row order (most important first), with their importance. */
  features: FeatureImportance[];
  /** Feature by feature in the order of `features`, stocks in id order within a feature. */
  points: BeeswarmPoint[];
}

/**
 * One stock (on one date) of a dependence plot: feature F's value against its
 * contribution, with a second feature G's value for the colour.
 */
export interface DependencePoint {
  stock: string;
  /** The row's date (useful when the points span every date). */
  date: string;
  /** F's raw value. */
  value: number;
  /** F's contribution. */
  contribution: number;
  /** G's raw value; null when missing or when no G is chosen. */
  colourValue: number | null;
}

/** How a candidate interaction feature G scores against F (see `suggestInteraction`). */
export interface InteractionScore {
  feature: string;
  factor: string;
  /** Bin-size-weighted mean |partial correlation| within F's value bins, 0 to 1. */
  strength: number;
  /** Rows that had both F's and G's value and fell into a bin large enough to use. */
  rows: number;
}

/** The ranking behind `suggestInteraction`: strongest first. */
export interface InteractionSuggestion {
  feature: string;
  /** The strongest candidate, or null when none could be scored. */
  suggested: string | null;
  /** Bins of F's value the scores were computed in. */
  bins: number;
  /** Every candidate with a finite score, strongest first. */
  ranking: InteractionScore[];
}

export interface DependenceData {
  feature: string;
  factor: string;
  /** G: the feature whose value colours the points; null when none. */
  colourFeature: string | null;
  colourFactor: string | null;
  /** The date, or null when the points span every date. */
  date: string | null;
  points: DependencePoint[];
  /** Rows with contributions that pass the filters and have F's value, before sampling. */
  eligible: number;
  /** Every `stride`-th eligible row was kept (1 = all), in date then stock order. */
  stride: number;
  /** Rows with contributions that pass the filters but have no value of F (not drawn). */
  missingValues: number;
  /** The ranking G was picked from, when it was picked automatically; else null. */
  interaction: InteractionSuggestion | null;
}

/**
 * Importance of one factor (or one feature) among one sector's stocks.
 * @example { sector: 'Financials', factor: 'value', feature: null, meanAbs: 0.021, share: 0.41, stocks: 312 }
 */
export interface SectorImportanceCell {
  sector: string;
  factor: string;
  /** The feature for per-feature cells; null for per-factor cells. */
  feature: string | null;
  /** Mean |contribution| over the sector's stocks (for a factor: summed over its features). */
  meanAbs: number;
  /**
   * This cell's meanAbs over the sector's total (per-factor cells: sum over the factors
   * shown; per-feature cells: sum over the features shown): which signals drive the sector.
   */
  share: number;
  stocks: number;
}

export interface SectorImportanceData {
  date: string;
  /** Sector x factor cells, sectors in the run's order, factors in the run's order. */
  byFactor: SectorImportanceCell[];
  /** Sector x feature cells for the top features on the date (overall importance order). */
  byFeature: SectorImportanceCell[];
}

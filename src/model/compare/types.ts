/**
 * What a comparison of two snapshots says about each stock and factor: plain types, imported
 * by the model's shared types (model/types.ts) without pulling in the computations.
 */

/**
 * One stock's change. Stocks are matched by id; a stock missing on one side has weight 0
 * and no score there.
 *
 * The score change splits exactly: scoreChange = baseChange + sum(factorChanges) +
 * residualChange, where a factor's change is the sum of its features' contributions after
 * minus before (a feature the other side lacks counts as 0 there), and residualChange is
 * the change in score - base - sum of contributions (0 when both sides pass the integrity
 * check).
 */
export interface StockChange {
  stock: string;
  name: string;
  sector: string;
  weightBefore: number;
  weightAfter: number;
  weightChange: number;
  /** entered: weight 0 -> > 0; left: > 0 -> 0; held: > 0 on both; none: held on neither side. */
  status: 'entered' | 'left' | 'held' | 'none';
  /** Null where the stock has no contributions on that side. */
  scoreBefore: number | null;
  scoreAfter: number | null;
  /** Null unless both sides have a score. */
  scoreChange: number | null;
  /** Rank of the score in its side's universe, 1 = best. */
  rankBefore: number | null;
  rankAfter: number | null;
  /** rankBefore - rankAfter: positive when the stock climbed. */
  rankChange: number | null;
  baseChange: number | null;
  /** Per Comparison.factors: the sum of each factor's contributions on each side; null where the stock has no contributions. */
  factorsBefore: number[] | null;
  factorsAfter: number[] | null;
  /** factorsAfter - factorsBefore; null unless both sides have contributions. */
  factorChanges: number[] | null;
  residualChange: number | null;
}

/** A factor's portfolio exposure (sum of weight x factor contribution) before and after. */
export interface ExposureChange {
  factor: string;
  before: number;
  after: number;
  /** after - before = fromWeights + fromSignals. */
  change: number;
  /** sum (w_after - w_before) x f_after: trading. */
  fromWeights: number;
  /** sum w_before x (f_after - f_before): the signals moving under the positions held. */
  fromSignals: number;
}

/** One factor's part in a stock's change. */
export interface FactorDriver {
  factor: string;
  /** Change of the factor's contribution sum (basis `change`), or its level on the one side that has it. */
  value: number;
}

export interface ChangeExplanation {
  stock: string;
  name: string;
  status: StockChange['status'];
  weightBefore: number;
  weightAfter: number;
  rankBefore: number | null;
  rankAfter: number | null;
  /** Positive when the stock climbed. */
  rankChange: number | null;
  scoreChange: number | null;
  baseChange: number | null;
  residualChange: number | null;
  /**
   * - `change`: scored on both sides; drivers are factor changes (after - before);
   * - `after-only` / `before-only`: scored on one side (a new or dropped name); drivers are that side's factor contributions;
   * - `none`: no contributions on either side.
   */
  basis: 'change' | 'after-only' | 'before-only' | 'none';
  /** Largest |value| first. */
  drivers: FactorDriver[];
}

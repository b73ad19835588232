/**
 * Which second feature G best explains how feature F's contribution varies beyond F's own
 * value: the interaction a dependence plot should be coloured by.
 */
import type { FilterMasks } from '../engine/filters';
import { cellOffset, contributionsOf, valuesOf } from '../run/cells';
import type { Panel } from '../run/panel';
import { contributionRows, featureIndex, passingFeatures, strideSample } from './rows';
import type { InteractionScore, InteractionSuggestion } from './types';

export interface InteractionOptions {
  /** Bins of F's value (quantiles); default 10 (deciles), fewer when there are under 50 rows. */
  bins?: number;
  /** With every date, at most this many rows are read (every k-th, deterministic); default 20,000. */
  maxRows?: number;
}

/** Fewest rows a bin needs to be scored (a partial correlation after two line fits). */
const MIN_BIN_ROWS = 5;
const DEFAULT_BINS = 10;
const DEFAULT_MAX_ROWS = 20_000;

/**
 * Ranks every other feature G (with raw values, passing the factor filter) by how well
 * its value explains F's contribution once F's own value is accounted for.
 *
 * Method: take the rows of the date (every date when null, sampled to `maxRows`) with F's
 * contribution and value, under the filters. Sort them by F's value and cut them into
 * quantile bins (deciles; equal values stay in one bin), so that within a bin F's value
 * is nearly constant and whatever smooth function of it the model learned is nearly
 * constant too. Within each bin, fit F's contribution and G's value each on a line in F's
 * value and correlate the two residuals: the partial correlation of contribution and G
 * given F, which also removes what is left of F's own effect inside the bin and G's
 * correlation with F. G's strength is the bin-size-weighted mean of |partial correlation|
 * over the bins (0 to 1). Taking |.| per bin matters: for a contribution a·x_F + b·x_F·x_G
 * the slope in G is b·x_F, which changes sign with x_F, so a single correlation over all
 * rows of G with the residual c − mean(c | bin) cancels out to about zero. (The same idea
 * as SHAP's `approximate_interactions`, with the within-bin linear adjustment added.)
 * Bins with fewer than 5 rows having G, or where G is constant or a line in F, are skipped
 * for G; a bin where F's contribution is exactly a line in F counts as 0.
 *
 * Returns the ranking, strongest first (ties by name), and the suggestion (its first
 * entry; null when F has no values or no candidate could be scored).
 * @example suggestInteraction(panel, d, 'ep_fy1', masks).suggested // 'roe'
 */
export function suggestInteraction(panel: Panel, date: number | null, feature: string, masks: FilterMasks, options: InteractionOptions = {}): InteractionSuggestion {
  const f = featureIndex(panel, feature);
  const bins = Math.max(1, Math.floor(Number.isFinite(options.bins) ? (options.bins as number) : DEFAULT_BINS));
  const maxRows = Math.max(1, Math.floor(Number.isFinite(options.maxRows) ? (options.maxRows as number) : DEFAULT_MAX_ROWS));
  return rankInteractions(panel, date, f, masks, bins, maxRows);
}

function rankInteractions(panel: Panel, date: number | null, f: number, masks: FilterMasks, maxBins: number, maxRows: number): InteractionSuggestion {
  const feature = panel.features[f].name;
  const x = valuesOf(panel, f, date);
  if (!x) return { feature, suggested: null, bins: 0, ranking: [] };
  const o = cellOffset(panel, date);
  const all = contributionRows(panel, date, masks);
  const rows = strideSample(all.filter((r) => Number.isFinite(x[r - o])), maxRows).rows;
  const n = rows.length;
  const bins = Math.min(maxBins, Math.floor(n / MIN_BIN_ROWS));
  if (bins < 1) return { feature, suggested: null, bins: 0, ranking: [] };

  // Rows by F's value; bin boundaries at quantiles, moved forward past ties.
  const sorted = Array.from(rows).sort((a, b) => x[a - o] - x[b - o] || a - b);
  const starts: number[] = [0];
  for (let b = 1; b < bins; b++) {
    let i = Math.max(Math.floor((b * n) / bins), starts[starts.length - 1] + 1);
    while (i < n && x[sorted[i] - o] === x[sorted[i - 1] - o]) i++;
    if (i < n && i > starts[starts.length - 1]) starts.push(i);
  }
  starts.push(n);

  const c = contributionsOf(panel, f, date);
  const ranking: InteractionScore[] = [];
  for (const g of passingFeatures(panel, masks)) {
    const y = valuesOf(panel, g, date);
    if (g === f || !y) continue;
    let weighted = 0;
    let used = 0;
    for (let b = 0; b + 1 < starts.length; b++) {
      const binRows = sorted.slice(starts[b], starts[b + 1]).filter((r) => Number.isFinite(y[r - o]));
      if (binRows.length < MIN_BIN_ROWS) continue;
      const partial = partialCorrelation(binRows.map((r) => c[r - o]), binRows.map((r) => y[r - o]), binRows.map((r) => x[r - o]));
      if (partial === null) continue;
      weighted += binRows.length * Math.abs(partial);
      used += binRows.length;
    }
    if (used > 0) ranking.push({ feature: panel.features[g].name, factor: panel.features[g].factor, strength: weighted / used, rows: used });
  }
  ranking.sort((a, b) => b.strength - a.strength || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  return { feature, suggested: ranking[0]?.feature ?? null, bins: starts.length - 1, ranking };
}

/** Relative size below which a residual counts as zero (a fit that is exact up to rounding). */
const EXACT = 1e-10;

/**
 * Correlation of `a` and `b` after each is fitted on a line in `z`: 0 when `a` is a line
 * in `z`, null when `b` is (or is constant), since then it carries no information.
 */
export function partialCorrelation(a: number[], b: number[], z: number[]): number | null {
  const ra = residuals(a, z);
  const rb = residuals(b, z);
  if (rb.ss <= EXACT * EXACT * Math.max(rb.total, 1e-300) || rb.total === 0) return null;
  if (ra.ss <= EXACT * EXACT * Math.max(ra.total, 1e-300) || ra.total === 0) return 0;
  let cross = 0;
  for (let i = 0; i < a.length; i++) cross += ra.values[i] * rb.values[i];
  return Math.max(-1, Math.min(1, cross / Math.sqrt(ra.ss * rb.ss)));
}

/** Residuals of `v` on a least-squares line in `z` (on its mean when `z` is constant). */
function residuals(v: number[], z: number[]): { values: number[]; ss: number; total: number } {
  const n = v.length;
  let mv = 0;
  let mz = 0;
  for (let i = 0; i < n; i++) {
    mv += v[i];
    mz += z[i];
  }
  mv /= n;
  mz /= n;
  let szz = 0;
  let szv = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    szz += (z[i] - mz) ** 2;
    szv += (z[i] - mz) * (v[i] - mv);
    total += (v[i] - mv) ** 2;
  }
  const slope = szz > 0 ? szv / szz : 0;
  const values = v.map((vi, i) => vi - mv - slope * (z[i] - mz));
  const ss = values.reduce((s, e) => s + e * e, 0);
  return { values, ss, total };
}

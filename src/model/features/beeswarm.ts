/** Beeswarm data: every stock's contribution from each of the most important features. */
import type { FilterMasks } from '../engine/filters';
import { cellOffset, contributionsOf, valuesOf } from '../run/cells';
import type { Panel } from '../run/panel';
import { featureImportance } from './importance';
import { contributionRows, featureIndex, roundSignificant } from './rows';
import type { BeeswarmData, BeeswarmPoint, FeatureImportance } from './types';

/** Most features a beeswarm draws (one row each). */
export const MAX_BEESWARM_FEATURES = 20;

export interface BeeswarmOptions {
  /**
   * The features to draw, in row order. Default: the `top` most important on the date
   * (mean |contribution| under the filters). Unknown names are an InputError.
   */
  features?: readonly string[];
  /** How many of the most important features when `features` is not given; default and at most 20. */
  top?: number;
}

/**
 * One point per (feature, stock) on the date, for stocks with contributions that pass the
 * filters: contribution, raw value (null when the run has none) and portfolio weight.
 * Contributions, values and weights are rounded to 6 significant digits (see
 * `roundSignificant`) to keep the payload small: 20 features x 4,500 stocks is 90,000 points.
 * At most 20 features; explicit ones beyond that are dropped.
 * @example beeswarmData(panel, d, masks, { top: 10 }).points[0] // { feature: 'ep_fy1', factor: 'value', stock: 'AAA', contribution: 0.0123, value: 0.081, weight: 0.004 }
 */
export function beeswarmData(panel: Panel, date: number, masks: FilterMasks, options: BeeswarmOptions = {}): BeeswarmData {
  const importance = featureImportance(panel, date, masks).features;
  let chosen: number[];
  if (options.features) {
    chosen = [...new Set(options.features.map((name) => featureIndex(panel, name)))].slice(0, MAX_BEESWARM_FEATURES);
  } else {
    const top = Math.max(0, Math.min(MAX_BEESWARM_FEATURES, Math.floor(Number.isFinite(options.top) ? (options.top as number) : MAX_BEESWARM_FEATURES)));
    chosen = importance.slice(0, top).map((row) => featureIndex(panel, row.feature));
  }
  const byName = new Map(importance.map((row) => [row.feature, row]));
  const rows = contributionRows(panel, date, masks);
  const points: BeeswarmPoint[] = [];
  const o = cellOffset(panel, date);
  for (const f of chosen) {
    const { name: feature, factor } = panel.features[f];
    const column = contributionsOf(panel, f, date);
    const values = valuesOf(panel, f, date);
    for (const r of rows) {
      const value = values ? values[r - o] : NaN;
      points.push({
        feature,
        factor,
        stock: panel.stocks[panel.rowStock[r]],
        contribution: roundSignificant(column[r - o]),
        value: Number.isFinite(value) ? roundSignificant(value) : null,
        weight: roundSignificant(panel.weight[r]),
      });
    }
  }
  // An explicitly chosen feature of a factor the filter leaves out still gets its row.
  const missing = chosen.some((f) => !byName.has(panel.features[f].name));
  if (missing) {
    const everyFactor = { ...masks, factor: new Uint8Array(panel.factors.length).fill(1) };
    for (const row of featureImportance(panel, date, everyFactor).features) if (!byName.has(row.feature)) byName.set(row.feature, row);
  }
  return {
    date: panel.dates[date],
    features: chosen.map((f) => byName.get(panel.features[f].name) as FeatureImportance),
    points,
  };
}

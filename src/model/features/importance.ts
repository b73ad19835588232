/** Feature importance: how much each feature moves scores, whichever way (mean |contribution|). */
import type { FilterMasks } from '../engine/filters';
import { cellOffset, contributionsOf } from '../run/cells';
import type { Panel } from '../run/panel';
import { contributionRows, passingFeatures } from './rows';
import type { FactorImportance, FeatureImportance, FeatureImportanceData } from './types';

/**
 * Per feature, over the date's stocks that have contributions and pass the filters: mean
 * |contribution|, mean signed contribution and the portfolio-weighted mean |contribution|
 * (sum w|c| / sum w, null when no such stock is held). Features of factors outside the
 * factor filter are left out.
 *
 * Per factor, `meanAbs` is the SUM of its features' mean |contribution| (not the mean
 * |sum|): a factor's importance is how much its signals move scores in total, even where
 * they cancel within a stock; `meanAbsNet` gives the mean |sum| beside it.
 *
 * Both lists are sorted by meanAbs, largest first (ties by name). With `date` null the
 * means run over every (date, stock) row instead: importance over the whole run.
 * @example featureImportance(panel, 3, filterMasks(panel, NO_FILTERS)).features[0] // { feature: 'ep_fy1', factor: 'value', meanAbs: 0.0123, ... }
 */
export function featureImportance(panel: Panel, date: number | null, masks: FilterMasks): FeatureImportanceData {
  const rows = contributionRows(panel, date, masks);
  const features = passingFeatures(panel, masks);
  let weightSum = 0;
  for (const r of rows) weightSum += panel.weight[r];
  const n = rows.length;
  const o = cellOffset(panel, date);

  const featureRows: FeatureImportance[] = features.map((f) => {
    const column = contributionsOf(panel, f, date);
    let abs = 0;
    let signed = 0;
    let weighted = 0;
    for (const r of rows) {
      const c = column[r - o];
      abs += Math.abs(c);
      signed += c;
      weighted += panel.weight[r] * Math.abs(c);
    }
    return {
      feature: panel.features[f].name,
      factor: panel.features[f].factor,
      meanAbs: n ? abs / n : 0,
      meanSigned: n ? signed / n : 0,
      weightedMeanAbs: weightSum > 0 ? weighted / weightSum : null,
      stocks: n,
    };
  });

  const byFactor = new Map<number, FactorImportance>();
  features.forEach((f, i) => {
    const k = panel.featureFactor[f];
    const row = featureRows[i];
    const factor = byFactor.get(k) ?? { factor: panel.factors[k], meanAbs: 0, meanSigned: 0, weightedMeanAbs: row.weightedMeanAbs === null ? null : 0, meanAbsNet: 0, features: 0 };
    factor.meanAbs += row.meanAbs;
    factor.meanSigned += row.meanSigned;
    if (factor.weightedMeanAbs !== null && row.weightedMeanAbs !== null) factor.weightedMeanAbs += row.weightedMeanAbs;
    factor.features++;
    byFactor.set(k, factor);
  });
  for (const [k, factor] of byFactor) {
    const sums = panel.factorSums[k];
    let net = 0;
    for (const r of rows) net += Math.abs(sums[r]);
    factor.meanAbsNet = n ? net / n : 0;
  }

  const byImportance = <T extends { meanAbs: number }>(name: (x: T) => string) => (a: T, b: T) => b.meanAbs - a.meanAbs || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
  return {
    date: date === null ? null : panel.dates[date],
    stocks: n,
    features: featureRows.sort(byImportance((x) => x.feature)),
    factors: [...byFactor.values()].sort(byImportance((x) => x.factor)),
  };
}

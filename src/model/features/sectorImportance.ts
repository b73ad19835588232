/** Importance by sector: which signals drive the scores of each sector's stocks. */
import type { FilterMasks } from '../engine/filters';
import { cellOffset, contributionsOf } from '../run/cells';
import type { Panel } from '../run/panel';
import { featureImportance } from './importance';
import { contributionRows, featureIndex, passingFeatures } from './rows';
import type { SectorImportanceCell, SectorImportanceData } from './types';

export interface SectorImportanceOptions {
  /** How many of the date's most important features get per-sector cells; default 10. */
  topFeatures?: number;
}

const DEFAULT_TOP_FEATURES = 10;

/**
 * Mean |contribution| per sector over the date's stocks with contributions that pass the
 * filters: per (sector, factor), summed over the factor's features as in
 * `featureImportance`; and per (sector, feature) for the date's `topFeatures` most
 * important features. `share` divides each cell by its sector's total over the cells
 * shown, so that sectors of different size and volatility compare: "Financials are
 * driven by value, Health Care by quality". Sectors without such stocks get no cells.
 * @example importanceBySector(panel, d, masks).byFactor[0] // { sector: 'Energy', factor: 'value', feature: null, meanAbs: 0.021, share: 0.41, stocks: 38 }
 */
export function importanceBySector(panel: Panel, date: number, masks: FilterMasks, options: SectorImportanceOptions = {}): SectorImportanceData {
  const top = Math.max(0, Math.floor(Number.isFinite(options.topFeatures) ? (options.topFeatures as number) : DEFAULT_TOP_FEATURES));
  const rows = contributionRows(panel, date, masks);
  const features = passingFeatures(panel, masks);
  const nSectors = panel.sectors.length;
  const stocks = new Int32Array(nSectors);
  for (const r of rows) stocks[panel.stockSector[panel.rowStock[r]]]++;

  // Sum |c| per (sector, feature).
  const nFeatures = panel.features.length;
  const absSum = new Float64Array(nSectors * nFeatures);
  const o = cellOffset(panel, date);
  for (const f of features) {
    const column = contributionsOf(panel, f, date);
    for (const r of rows) absSum[panel.stockSector[panel.rowStock[r]] * nFeatures + f] += Math.abs(column[r - o]);
  }
  const mean = (s: number, f: number) => absSum[s * nFeatures + f] / stocks[s];

  const factors = panel.factors.map((_, k) => k).filter((k) => masks.factor[k] && features.some((f) => panel.featureFactor[f] === k));
  const topFeatures = featureImportance(panel, date, masks).features.slice(0, top).map((row) => featureIndex(panel, row.feature));
  const byFactor: SectorImportanceCell[] = [];
  const byFeature: SectorImportanceCell[] = [];
  for (let s = 0; s < nSectors; s++) {
    if (!stocks[s]) continue;
    const sector = panel.sectors[s];
    const factorMeans = factors.map((k) => features.reduce((sum, f) => (panel.featureFactor[f] === k ? sum + mean(s, f) : sum), 0));
    const factorTotal = factorMeans.reduce((a, b) => a + b, 0);
    factors.forEach((k, i) => byFactor.push({ sector, factor: panel.factors[k], feature: null, meanAbs: factorMeans[i], share: factorTotal > 0 ? factorMeans[i] / factorTotal : 0, stocks: stocks[s] }));
    const featureMeans = topFeatures.map((f) => mean(s, f));
    const featureTotal = featureMeans.reduce((a, b) => a + b, 0);
    topFeatures.forEach((f, i) => byFeature.push({ sector, factor: panel.features[f].factor, feature: panel.features[f].name, meanAbs: featureMeans[i], share: featureTotal > 0 ? featureMeans[i] / featureTotal : 0, stocks: stocks[s] }));
  }
  return { date: panel.dates[date], byFactor, byFeature };
}

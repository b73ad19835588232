/** The Stocks tab: one row per stock of a date, and one stock's waterfall and history. */
import { cellOffset, contributionColumns, contributionsOf, valuesOf } from '../run/cells';
import type { Panel } from '../run/panel';
import type { FeatureContribution, StockDetailData, StockHistoryPoint, StockRow } from '../types';
import type { FilterMasks } from './filters';

/**
 * Every stock of the date passing the filters. The top driver and the dominant factor are
 * looked for within the factor filter, so filtering to "value" answers "which value signal
 * drives this name".
 */
export function stockRows(panel: Panel, date: number, masks: FilterMasks): StockRow[] {
  const rows: StockRow[] = [];
  const nFeatures = panel.features.length;
  const columns = contributionColumns(panel, date);
  const o = cellOffset(panel, date);
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    const s = panel.rowStock[r];
    if (!masks.stock[s]) continue;
    let topDriver: string | null = null;
    let topDriverContribution: number | null = null;
    let dominantFactor: string | null = null;
    let dominantFactorContribution: number | null = null;
    if (panel.hasContributions[r]) {
      let best = -1;
      for (let f = 0; f < nFeatures; f++) {
        if (!masks.factor[panel.featureFactor[f]]) continue;
        const v = columns[f][r - o];
        if (best < 0 || Math.abs(v) > Math.abs(columns[best][r - o])) best = f;
      }
      if (best >= 0) {
        topDriver = panel.features[best].name;
        topDriverContribution = columns[best][r - o];
      }
      let bestFactor = -1;
      for (let k = 0; k < panel.factors.length; k++) {
        if (!masks.factor[k]) continue;
        if (bestFactor < 0 || Math.abs(panel.factorSums[k][r]) > Math.abs(panel.factorSums[bestFactor][r])) bestFactor = k;
      }
      if (bestFactor >= 0) {
        dominantFactor = panel.factors[bestFactor];
        dominantFactorContribution = panel.factorSums[bestFactor][r];
      }
    }
    const benchmarkWeight = panel.benchmark ? panel.benchmark[r] : null;
    rows.push({
      stock: panel.stocks[s],
      name: panel.stockName[s],
      sector: panel.sectors[panel.stockSector[s]],
      country: panel.countries[panel.stockCountry[s]],
      region: panel.regions[panel.stockRegion[s]],
      weight: panel.weight[r],
      benchmarkWeight,
      activeWeight: benchmarkWeight === null ? null : panel.weight[r] - benchmarkWeight,
      score: Number.isFinite(panel.score[r]) ? panel.score[r] : null,
      topDriver,
      topDriverContribution,
      dominantFactor,
      dominantFactorContribution,
    });
  }
  return rows;
}

/** One stock on one date: every feature's contribution (largest first) and its history. */
export function stockDetail(panel: Panel, stock: number, date: number): StockDetailData {
  const r = panel.rowAt[date * panel.stocks.length + stock];
  const contributions: FeatureContribution[] = [];
  if (r >= 0 && panel.hasContributions[r]) {
    const o = cellOffset(panel, date);
    panel.features.forEach((feature, f) => {
      const values = valuesOf(panel, f, date);
      const value = values ? values[r - o] : NaN;
      contributions.push({ feature: feature.name, factor: feature.factor, contribution: contributionsOf(panel, f, date)[r - o], value: Number.isFinite(value) ? value : null });
    });
    contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature));
  }
  const history: StockHistoryPoint[] = [];
  panel.dates.forEach((d, i) => {
    const row = panel.rowAt[i * panel.stocks.length + stock];
    if (row < 0) return;
    history.push({
      date: d,
      score: Number.isFinite(panel.score[row]) ? panel.score[row] : null,
      weight: panel.weight[row],
      benchmarkWeight: panel.benchmark ? panel.benchmark[row] : null,
      rank: panel.scoreRank[row] || null,
    });
  });
  const base = r >= 0 && panel.baseValue ? panel.baseValue[r] : 0;
  return {
    stock: panel.stocks[stock],
    name: panel.stockName[stock],
    sector: panel.sectors[panel.stockSector[stock]],
    country: panel.countries[panel.stockCountry[stock]],
    date: panel.dates[date],
    baseValue: Number.isFinite(base) ? base : 0,
    score: r >= 0 && Number.isFinite(panel.score[r]) ? panel.score[r] : null,
    contributions,
    history,
  };
}

/**
 * One feature's attribution on one date, as a hover over its definition shows it: importance
 * rank and mean |contribution|, its share of the portfolio's active score, and the stocks it
 * moves most. Pure: answered in the run's worker from the panel (no vscode).
 */
import { assertDateIndex } from '../guardrails/check';
import { featureImportance } from './importance';
import { featureIndex } from './rows';
import { filterMasks } from '../engine/filters';
import { cellOffset, contributionsOf } from '../run/cells';
import type { Panel } from '../run/panel';
import { type Filters, NO_FILTERS } from '../types';

/** How many stocks a hover lists. */
export const TOP_STOCKS = 3;

/** A stock the feature moves, on the date. */
export interface FeatureStockContribution {
  stock: string;
  name: string;
  contribution: number;
  /** Portfolio weight (0 when not held). */
  weight: number;
}

/**
 * @example { feature: 'ep_fy1', factor: 'value', date: '2024-12-31', rank: 3, features: 48, meanAbs: 0.0123,
 *   stocks: 1965, portfolioAttribution: 0.0021, activeAttribution: 0.0009, activeShare: 0.12,
 *   topStocks: [{ stock: 'XYZ', name: 'Xyz Corp', contribution: 0.061, weight: 0.004 }, …] }
 */
export interface FeatureStats {
  feature: string;
  factor: string;
  date: string;
  /** Importance rank on the date among every feature, 1 = largest mean |contribution|. */
  rank: number;
  /** How many features were ranked. */
  features: number;
  /** Mean |contribution| over the date's stocks with contributions (passing the filters). */
  meanAbs: number;
  /** Stocks averaged over. */
  stocks: number;
  /** Sum over stocks of portfolio weight x contribution. */
  portfolioAttribution: number;
  /** Sum over stocks of active weight (portfolio - benchmark) x contribution; null without a benchmark. */
  activeAttribution: number | null;
  /**
   * The feature's active attribution over the portfolio's total active attribution (every
   * feature's, i.e. the active score) on the date; null without a benchmark or when that
   * total is 0. Signed: a feature can work against the active score, or exceed it.
   */
  activeShare: number | null;
  /** The stocks with the largest |contribution| on the date (none with exactly 0), at most TOP_STOCKS. */
  topStocks: FeatureStockContribution[];
}

/**
 * The hover numbers of `feature` on date index `date`, over the stocks passing the sector,
 * country and region filters (a hover passes none: the whole universe). The factor filter
 * is not applied: the rank is always among every feature. Throws a RangeError for a date
 * outside the run and an InputError naming the feature when the run has no such feature.
 * @example featureStats(panel, panel.dates.length - 1, 'ep_fy1').rank // 3
 */
export function featureStats(panel: Panel, date: number, feature: string, filters: Filters = NO_FILTERS): FeatureStats {
  assertDateIndex(panel.dates, date);
  return computeFeatureStats(panel, date, featureIndex(panel, feature), filters);
}

function computeFeatureStats(panel: Panel, date: number, f: number, filters: Filters): FeatureStats {
  const name = panel.features[f].name;
  const masks = filterMasks(panel, { ...filters, factors: [] });
  const importance = featureImportance(panel, date, masks);
  const position = importance.features.findIndex((x) => x.feature === name);
  const column = contributionsOf(panel, f, date);
  const o = cellOffset(panel, date);
  const benchmark = panel.benchmark;
  let portfolio = 0;
  let active = 0;
  let totalActive = 0;
  const movers: { row: number; abs: number }[] = [];
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    if (!panel.hasContributions[r] || !masks.stock[panel.rowStock[r]]) continue;
    const c = column[r - o];
    portfolio += panel.weight[r] * c;
    if (benchmark) {
      const activeWeight = panel.weight[r] - benchmark[r];
      active += activeWeight * c;
      totalActive += activeWeight * panel.sumContributions[r];
    }
    if (c !== 0) movers.push({ row: r, abs: Math.abs(c) });
  }
  // Rows are in stock order within a date, so ties keep the stock order.
  movers.sort((a, b) => b.abs - a.abs || a.row - b.row);
  return {
    feature: name,
    factor: panel.features[f].factor,
    date: panel.dates[date],
    rank: position + 1,
    features: importance.features.length,
    meanAbs: importance.features[position].meanAbs,
    stocks: importance.stocks,
    portfolioAttribution: portfolio,
    activeAttribution: benchmark ? active : null,
    activeShare: benchmark && totalActive !== 0 ? active / totalActive : null,
    topStocks: movers.slice(0, TOP_STOCKS).map(({ row }) => {
      const s = panel.rowStock[row];
      return { stock: panel.stocks[s], name: panel.stockName[s], contribution: column[row - o], weight: panel.weight[row] };
    }),
  };
}

/**
 * The transfer coefficient: per date, the cross-sectional correlation between the active
 * weights and the scores, over the date's stocks with a score. 1 would mean the portfolio
 * expresses the model's view exactly; constraints (sector, single-name, turnover) pull it
 * below. It needs no returns, only weights, a benchmark and scores.
 */
import type { Panel } from '../run/panel';
import { pearsonOfFinite } from './correlation';

export interface TransferCoefficientPoint {
  date: string;
  /** Stocks with a score on the date (held or not). */
  stocks: number;
  /** Pearson correlation of active weight (portfolio - benchmark) and score; null when undefined (fewer than 3 stocks, a constant side). */
  tc: number | null;
}

export interface TransferCoefficients {
  points: TransferCoefficientPoint[];
  /** Mean over the dates with a defined coefficient; null when none. */
  mean: number | null;
}

/**
 * The transfer coefficient on every date; null without benchmark weights (no active weight).
 * @example transferCoefficients(panel)?.points[0] // { date: '2021-01-29', stocks: 1873, tc: 0.41 }
 */
export function transferCoefficients(panel: Panel): TransferCoefficients | null {
  const benchmark = panel.benchmark;
  if (!benchmark || !panel.hasWeights) return null;
  const points: TransferCoefficientPoint[] = [];
  for (let d = 0; d < panel.dates.length; d++) {
    const active: number[] = [];
    const score: number[] = [];
    for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) {
      const w = panel.weight[r] - benchmark[r];
      if (!Number.isFinite(panel.score[r]) || !Number.isFinite(w)) continue;
      active.push(w);
      score.push(panel.score[r]);
    }
    points.push({ date: panel.dates[d], stocks: score.length, tc: pearsonOfFinite(active, score) });
  }
  const defined = points.map((p) => p.tc).filter((v): v is number => v !== null);
  return { points, mean: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null };
}

/**
 * The information coefficient: per date, the correlation across stocks between a signal
 * (the model's score, or one factor's summed contributions) and the forward return. It is
 * the model's predictive power in one number per date, before any portfolio construction.
 */
import type { Panel } from '../run/panel';
import { averageRanks, pearsonOfFinite } from './correlation';
import { assertAligned } from './validate';

/** One signal's IC on one date. */
export interface SignalIc {
  /** Pearson correlation of signal and forward return; null when undefined (fewer than 3 stocks, a constant side). */
  ic: number | null;
  /** Spearman (rank) correlation, average ranks for ties. */
  rankIc: number | null;
}

/** One date's ICs, over the stocks with contributions, a score and a forward return. */
export interface IcPoint {
  date: string;
  /** Stocks in the cross-section. */
  stocks: number;
  score: SignalIc;
  /** In panel.factors order. */
  factors: SignalIc[];
}

/** One signal's IC over time. */
export interface IcSummary {
  /** `score` or a factor name. */
  signal: string;
  dates: number;
  meanIc: number | null;
  meanRankIc: number | null;
  /** Sample standard deviation of the rank IC across dates. */
  rankIcStdev: number | null;
  /** Mean rank IC / its standard deviation (per period, not annualised). */
  rankIcIr: number | null;
  /** Share of dates with a positive rank IC. */
  rankIcHitRate: number | null;
}

export interface InformationCoefficients {
  factors: string[];
  /** Dates with at least 3 stocks carrying a score and a return, in date order. */
  points: IcPoint[];
  /** The score first, then each factor. */
  summary: IcSummary[];
}

/**
 * IC and rank IC of the score and of each factor's contribution sum, on every date with
 * returns. The cross-section is the whole universe of the date (held or not), as a
 * signal's quality is judged on every name it ranks.
 * @example informationCoefficients(panel, aligned.values).summary[0] // { signal: 'score', meanRankIc: 0.050, rankIcHitRate: 0.85, … }
 */
export function informationCoefficients(panel: Panel, returns: Float64Array): InformationCoefficients {
  assertAligned(panel, returns);
  return computeIcs(panel, returns);
}

function computeIcs(panel: Panel, returns: Float64Array): InformationCoefficients {
  const points: IcPoint[] = [];
  for (let d = 0; d < panel.dates.length; d++) {
    const rows: number[] = [];
    for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) {
      if (panel.hasContributions[r] && Number.isFinite(panel.score[r]) && Number.isFinite(returns[r])) rows.push(r);
    }
    if (rows.length < 3) continue;
    // Every value here is finite (factor sums are 0 where a feature is missing), so the
    // return ranks are computed once per date and shared by every signal.
    const forward = Float64Array.from(rows, (r) => returns[r]);
    const forwardRanks = averageRanks(forward);
    const signalIc = (signal: Float64Array): SignalIc => {
      const x = Float64Array.from(rows, (r) => signal[r]);
      return { ic: pearsonOfFinite(x, forward), rankIc: pearsonOfFinite(averageRanks(x), forwardRanks) };
    };
    points.push({ date: panel.dates[d], stocks: rows.length, score: signalIc(panel.score), factors: panel.factorSums.map(signalIc) });
  }
  const summary = [summarise('score', points.map((p) => p.score)), ...panel.factors.map((factor, k) => summarise(factor, points.map((p) => p.factors[k])))];
  return { factors: panel.factors, points, summary };
}

function summarise(signal: string, series: SignalIc[]): IcSummary {
  const ics = series.map((s) => s.ic).filter((v): v is number => v !== null);
  const ranks = series.map((s) => s.rankIc).filter((v): v is number => v !== null);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const meanRankIc = mean(ranks);
  let rankIcStdev: number | null = null;
  if (ranks.length > 1 && meanRankIc !== null) rankIcStdev = Math.sqrt(ranks.reduce((a, v) => a + (v - meanRankIc) ** 2, 0) / (ranks.length - 1));
  return {
    signal,
    dates: ranks.length,
    meanIc: mean(ics),
    meanRankIc,
    rankIcStdev,
    rankIcIr: meanRankIc !== null && rankIcStdev ? meanRankIc / rankIcStdev : null,
    rankIcHitRate: ranks.length ? ranks.filter((v) => v > 0).length / ranks.length : null,
  };
}

/**
 * Mean forward return by score quantile: whether the model's ordering pays across the
 * whole cross-section, not just at the top, and how wide the top-minus-bottom spread is.
 */
import type { Panel } from '../run/panel';
import { averageRanks } from './correlation';
import { assertAligned } from './validate';

/** One date's quantile returns. */
export interface QuantilePoint {
  date: string;
  /** Mean forward return per bucket, lowest score first (bucket q-1 holds the best scores); null for an empty bucket. */
  means: (number | null)[];
  counts: number[];
  /** Top bucket's mean minus bottom bucket's; null when either is empty. */
  spread: number | null;
}

export interface QuantileReturns {
  buckets: number;
  points: QuantilePoint[];
  /** Per bucket, the average over dates of its mean return (dates where it is empty left out). */
  averageMeans: (number | null)[];
  /** Average of the per-date spreads. */
  averageSpread: number | null;
}

/**
 * Splits each date's stocks that have a score and a forward return into `buckets`
 * equal-count groups by score and averages the forward return in each (equally weighted).
 *
 * Tie rule: stocks are ordered by score; a stock at 0-based position p (ties share the
 * average of the positions they span) goes to bucket floor(p x q / n). Without ties the
 * bucket sizes differ by at most one; tied scores always land in the same bucket.
 * @example quantileReturns(panel, aligned.values, 5).points[0] // { date: '2021-01-29', means: [0.002, 0.008, 0.010, 0.013, 0.015], counts: [376, 376, 376, 376, 376], spread: 0.013 }
 */
export function quantileReturns(panel: Panel, returns: Float64Array, buckets = 5): QuantileReturns {
  assertAligned(panel, returns);
  if (!Number.isInteger(buckets) || buckets < 2) throw new RangeError(`quantile buckets must be an integer of at least 2, got ${buckets}`);
  return computeQuantiles(panel, returns, buckets);
}

/** Bucket (0 = lowest) of each value under the tie rule above. */
export function quantileBuckets(values: ArrayLike<number>, buckets: number): Int32Array {
  const n = values.length;
  const ranks = averageRanks(values);
  return Int32Array.from(ranks, (rank) => Math.min(buckets - 1, Math.floor(((rank - 1) * buckets) / n)));
}

function computeQuantiles(panel: Panel, returns: Float64Array, buckets: number): QuantileReturns {
  const points: QuantilePoint[] = [];
  for (let d = 0; d < panel.dates.length; d++) {
    const rows: number[] = [];
    for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) {
      if (panel.hasContributions[r] && Number.isFinite(panel.score[r]) && Number.isFinite(returns[r])) rows.push(r);
    }
    if (rows.length === 0) continue;
    const bucket = quantileBuckets(Float64Array.from(rows, (r) => panel.score[r]), buckets);
    const sums = new Float64Array(buckets);
    const counts = new Array<number>(buckets).fill(0);
    rows.forEach((r, i) => {
      sums[bucket[i]] += returns[r];
      counts[bucket[i]]++;
    });
    const means = counts.map((c, b) => (c ? sums[b] / c : null));
    const top = means[buckets - 1];
    const bottom = means[0];
    points.push({ date: panel.dates[d], means, counts, spread: top !== null && bottom !== null ? top - bottom : null });
  }
  const average = (xs: (number | null)[]) => {
    const present = xs.filter((x): x is number => x !== null);
    return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
  };
  return {
    buckets,
    points,
    averageMeans: Array.from({ length: buckets }, (_, b) => average(points.map((p) => p.means[b]))),
    averageSpread: average(points.map((p) => p.spread)),
  };
}

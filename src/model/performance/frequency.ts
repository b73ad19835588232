/**
 * How often a run is rebalanced, inferred from its dates: annualising a tracking error or a
 * Sharpe ratio needs the number of periods per year, and the run does not say it.
 */

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual';

export interface DateFrequency {
  /** Null when there are fewer than two dates (or they are not ISO dates): nothing is annualised. */
  frequency: Frequency | null;
  /** 252, 52, 12, 4 or 1; null with `frequency`. */
  periodsPerYear: number | null;
  /** Median gap between consecutive dates, in calendar days; null for fewer than two dates. */
  medianGapDays: number | null;
}

/**
 * Upper bounds (inclusive) of the median gap in calendar days for each frequency: a
 * business-day series has gaps of 1 to 4 days (weekends, holidays), weekly 7, monthly
 * 28-31, quarterly 89-92, anything longer is annual.
 */
const BANDS: { frequency: Frequency; maxGap: number; periodsPerYear: number }[] = [
  { frequency: 'daily', maxGap: 4, periodsPerYear: 252 },
  { frequency: 'weekly', maxGap: 10, periodsPerYear: 52 },
  { frequency: 'monthly', maxGap: 45, periodsPerYear: 12 },
  { frequency: 'quarterly', maxGap: 135, periodsPerYear: 4 },
  { frequency: 'annual', maxGap: Infinity, periodsPerYear: 1 },
];

const DAY_MS = 86_400_000;

/**
 * The frequency whose band holds the median gap between consecutive distinct dates (the
 * median, so a missing month or a holiday does not change the answer).
 * @example inferFrequency(['2024-01-31', '2024-02-29', '2024-03-28']) // { frequency: 'monthly', periodsPerYear: 12, medianGapDays: 28.5 }
 */
export function inferFrequency(dates: readonly string[]): DateFrequency {
  const times = [...new Set(dates)].map((d) => Date.parse(`${d}T00:00:00Z`)).filter((t) => Number.isFinite(t));
  return frequencyOf(times.sort((a, b) => a - b));
}

function frequencyOf(times: number[]): DateFrequency {
  if (times.length < 2) return { frequency: null, periodsPerYear: null, medianGapDays: null };
  const gaps = times.slice(1).map((t, i) => (t - times[i]) / DAY_MS).sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const medianGapDays = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  const band = BANDS.find((b) => medianGapDays <= b.maxGap) as (typeof BANDS)[number];
  return { frequency: band.frequency, periodsPerYear: band.periodsPerYear, medianGapDays };
}

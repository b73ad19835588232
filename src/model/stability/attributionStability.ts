/**
 * Attribution drift: whether the model leans on the same features from one date to the next
 * and against its baseline. Per date, feature importance (mean |contribution| over the
 * date's stocks, features/importance.ts) is rank-correlated with the previous date's and
 * with the baseline run's on the same or nearest date; its concentration is the effective
 * number of features 1 / sum(share^2); and the features whose importance rank moved most
 * are named.
 */
import type { Constraints } from '../manifest';
import { NO_FILTERS } from '../types';
import { filterMasks } from '../engine/filters';
import { featureImportance } from '../features/importance';
import { spearman } from '../performance/correlation';
import { holdDates } from '../run/dateStore';
import type { Panel } from '../run/panel';

/** A feature whose importance rank changed against the previous date (rank 1 = most important). */
export interface RankMove {
  feature: string;
  rankBefore: number;
  rankAfter: number;
}

/** One date of the timeline. */
export interface StabilityPoint {
  date: string;
  /** Spearman correlation of feature importance with the previous date's; null on the first date. */
  previous: number | null;
  /** With the baseline's importance on `baselineDate`, over the features both runs have; null without a baseline. */
  baseline: number | null;
  /** The baseline date compared with: the same date, else the nearest one. */
  baselineDate: string | null;
  /** 1 / sum(share^2) with share = a feature's mean |contribution| / the sum over features; null when every contribution is 0. */
  effectiveFeatures: number | null;
  /** The (at most 3) largest rank moves against the previous date, largest first. */
  movers: RankMove[];
}

/** One comparison (with the previous date, or with the baseline) over the run. */
export interface StabilitySummary {
  /** Dates with a correlation. */
  dates: number;
  mean: number | null;
  min: number | null;
  /** The date of the minimum. */
  worstDate: string | null;
}

export interface AttributionStability {
  /** Features ranked (the run's features). */
  features: number;
  points: StabilityPoint[];
  previous: StabilitySummary;
  /** Null without a baseline. */
  baseline: StabilitySummary | null;
  baselineName: string | null;
  /** The manifest's `constraints.stability.minRankCorrelation`, or null. */
  minRankCorrelation: number | null;
  /** Every date whose correlation (with the previous date or the baseline) is below the minimum. */
  breaches: { date: string; against: 'previous' | 'baseline'; value: number }[];
  /** False when any date breaches; null without a limit or without any correlation. */
  pass: boolean | null;
}

/** How many rank moves each date names. */
export const TOP_MOVERS = 3;

/**
 * The attribution stability of a run over its dates.
 * @example attributionStability(panel, { panel: v6, name: 'v6' }, { stability: { minRankCorrelation: 0.7 } }).points[1]
 *   // { date: '2021-02-26', previous: 0.93, baseline: 0.88, baselineDate: '2021-02-26', effectiveFeatures: 31.2, movers: [{ feature: 'mom_3_1', rankBefore: 30, rankAfter: 12 }, …] }
 */
export function attributionStability(panel: Panel, baseline: { panel: Panel; name: string } | null, constraints: Constraints = {}, importance?: ImportanceByDate): AttributionStability {
  const limit = constraints.stability?.minRankCorrelation ?? null;
  if (limit !== null && !(limit >= -1 && limit <= 1)) throw new RangeError(`constraints.stability.minRankCorrelation must lie in [-1, 1], got ${limit}`);
  return compute(panel, baseline, limit, importance ?? { run: importanceByDate(panel), baseline: baseline ? importanceByDate(baseline.panel) : null });
}

/** Feature importance on every date of the run and of its baseline (importanceByDate's). */
export interface ImportanceByDate {
  run: (Float64Array | null)[];
  baseline: (Float64Array | null)[] | null;
}

/** Per date, each feature's mean |contribution| in the panel's feature order (null for a date without contributions). */
export function importanceByDate(panel: Panel): (Float64Array | null)[] {
  const on = importanceOn(panel);
  return panel.dates.map((_, d) => on(d));
}

/**
 * importanceByDate of a panel read by date, a few dates held at a time (all of them would
 * not fit: that is why it is read by date).
 */
export async function importanceByDateHeld(panel: Panel): Promise<(Float64Array | null)[]> {
  const on = importanceOn(panel);
  const out: (Float64Array | null)[] = [];
  for (let first = 0; first < panel.dates.length; first += IMPORTANCE_DATES_PER_READ) {
    const dates = Array.from({ length: Math.min(IMPORTANCE_DATES_PER_READ, panel.dates.length - first) }, (_, i) => first + i);
    const release = await holdDates(panel, dates);
    try {
      for (const d of dates) out.push(on(d));
    } finally {
      release();
    }
  }
  return out;
}

/** Dates read at once for importanceByDateHeld: one scan each, about 450,000 cells per date at 4,500 stocks x 100 features. */
const IMPORTANCE_DATES_PER_READ = 8;

/** Each feature's mean |contribution| on date d, in the panel's feature order (null without contributions). */
function importanceOn(panel: Panel): (d: number) => Float64Array | null {
  const masks = filterMasks(panel, NO_FILTERS);
  const index = new Map(panel.features.map((f, i) => [f.name, i]));
  return (d) => {
    const importance = featureImportance(panel, d, masks);
    if (importance.stocks === 0) return null;
    const values = new Float64Array(panel.features.length);
    for (const f of importance.features) values[index.get(f.feature) as number] = f.meanAbs;
    return values;
  };
}

function compute(panel: Panel, baseline: { panel: Panel; name: string } | null, limit: number | null, byDate: ImportanceByDate): AttributionStability {
  const importance = byDate.run;
  const names = panel.features.map((f) => f.name);
  const baselineImportance = baseline ? byDate.baseline : null;
  // The baseline's importance in this run's feature order (NaN where the baseline lacks a feature: spearman leaves the pair out).
  const baselineIndex = baseline ? new Map(baseline.panel.features.map((f, i) => [f.name, i])) : null;
  const aligned = (values: Float64Array | null) => (values && baselineIndex ? Float64Array.from(names, (name) => (baselineIndex.has(name) ? values[baselineIndex.get(name) as number] : NaN)) : null);

  const points: StabilityPoint[] = [];
  let previousImportance: Float64Array | null = null;
  panel.dates.forEach((date, d) => {
    const current = importance[d];
    if (!current) return;
    let baselineDate: string | null = null;
    let against: Float64Array | null = null;
    if (baseline && baselineImportance) {
      const b = nearestDate(baseline.panel.dates, date, (i) => baselineImportance[i] !== null);
      if (b !== null) {
        baselineDate = baseline.panel.dates[b];
        against = aligned(baselineImportance[b]);
      }
    }
    points.push({
      date,
      previous: previousImportance ? spearman(previousImportance, current) : null,
      baseline: against ? spearman(against, current) : null,
      baselineDate,
      effectiveFeatures: effectiveNumber(current),
      movers: previousImportance ? rankMoves(names, previousImportance, current) : [],
    });
    previousImportance = current;
  });

  const summarise = (key: 'previous' | 'baseline'): StabilitySummary => {
    const values = points.filter((p) => p[key] !== null) as (StabilityPoint & Record<typeof key, number>)[];
    if (!values.length) return { dates: 0, mean: null, min: null, worstDate: null };
    let worst = values[0];
    for (const p of values) if (p[key] < worst[key]) worst = p;
    return { dates: values.length, mean: values.reduce((a, p) => a + p[key], 0) / values.length, min: worst[key], worstDate: worst.date };
  };
  const previous = summarise('previous');
  const baselineSummary = baseline ? summarise('baseline') : null;
  const breaches: AttributionStability['breaches'] = [];
  if (limit !== null) {
    for (const p of points) {
      if (p.previous !== null && p.previous < limit) breaches.push({ date: p.date, against: 'previous', value: p.previous });
      if (p.baseline !== null && p.baseline < limit) breaches.push({ date: p.date, against: 'baseline', value: p.baseline });
    }
  }
  const checked = previous.dates + (baselineSummary?.dates ?? 0);
  return {
    features: names.length,
    points,
    previous,
    baseline: baselineSummary,
    baselineName: baseline?.name ?? null,
    minRankCorrelation: limit,
    breaches,
    pass: limit === null || checked === 0 ? null : breaches.length === 0,
  };
}

/** 1 / sum(share^2): N for equal importance, 1 when one feature carries everything. */
export function effectiveNumber(importance: ArrayLike<number>): number | null {
  let total = 0;
  for (let i = 0; i < importance.length; i++) total += importance[i];
  if (!(total > 0)) return null;
  let sum = 0;
  for (let i = 0; i < importance.length; i++) sum += (importance[i] / total) ** 2;
  return 1 / sum;
}

/** 1-based importance ranks, largest first, ties broken by feature order (so every rank is a whole number). */
function ranks(importance: Float64Array): Int32Array {
  const order = Array.from(importance, (_, i) => i).sort((a, b) => importance[b] - importance[a] || a - b);
  const out = new Int32Array(importance.length);
  order.forEach((f, k) => (out[f] = k + 1));
  return out;
}

function rankMoves(names: string[], before: Float64Array, after: Float64Array): RankMove[] {
  const rb = ranks(before);
  const ra = ranks(after);
  return names
    .map((feature, f) => ({ feature, rankBefore: rb[f], rankAfter: ra[f] }))
    .filter((m) => m.rankBefore !== m.rankAfter)
    .sort((a, b) => Math.abs(b.rankAfter - b.rankBefore) - Math.abs(a.rankAfter - a.rankBefore) || a.rankAfter - b.rankAfter)
    .slice(0, TOP_MOVERS);
}

/**
 * The index of `date` in `dates`, else of the nearest date by calendar days (the earlier on
 * a tie), among those `usable`; null when none is. Dates that are not ISO (a snapshot)
 * match only exactly, else the last usable date.
 */
export function nearestDate(dates: readonly string[], date: string, usable: (i: number) => boolean = () => true): number | null {
  const exact = dates.indexOf(date);
  if (exact >= 0 && usable(exact)) return exact;
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const target = day(date);
  let best: number | null = null;
  let bestGap = Infinity;
  for (let i = 0; i < dates.length; i++) {
    if (!usable(i)) continue;
    const gap = Math.abs(day(dates[i]) - target);
    if (Number.isNaN(gap)) continue;
    if (gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  }
  if (best !== null) return best;
  for (let i = dates.length - 1; i >= 0; i--) if (usable(i)) return i;
  return null;
}

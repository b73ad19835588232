/**
 * Whether a signal's rank IC is distinguishable from luck: for the score and each factor's
 * contribution, the per-date rank IC's mean, standard deviation, ICIR and hit rate (from
 * the IC summary of performance/informationCoefficient.ts, computed there once) and the
 * Newey-West t-statistic of its mean, which stays honest when forward returns overlap.
 */
import type { Constraints, SignalSettings } from '../manifest';
import type { InformationCoefficients } from '../performance/informationCoefficient';
import type { IcDecay } from './icDecay';
import { neweyWestLags, neweyWestMean } from './neweyWest';

/** One signal's rank IC over the run: the shape `glassbox check --json` prints under "signals". */
export interface SignalStat {
  /** `score` or a factor name. */
  signal: string;
  /** Dates with a defined rank IC. */
  dates: number;
  icMean: number | null;
  /** Sample standard deviation (n - 1) across dates. */
  icStd: number | null;
  /** icMean / icStd, per period (not annualised). */
  icir: number | null;
  /** Share of dates with a rank IC above 0. */
  hitRate: number | null;
  /** Newey-West t-statistic of icMean; null with fewer than 2 dates or no variation. */
  tstat: number | null;
  /** Newey-West lags used. */
  lags: number;
}

export interface SignalStatsData {
  /** Periods each forward return spans (manifest `signals.horizon`, default 1). */
  horizon: number;
  /** Where the lags came from: the manifest's `signals.neweyWestLags`, or the automatic rule. */
  lagRule: 'manifest' | 'automatic';
  /** The score first, then each factor. */
  stats: SignalStat[];
  /** The manifest's `constraints.signals.minTstat`, or null. */
  minTstat: number | null;
  /** The score's t-statistic against minTstat: null without a limit or a t-statistic. */
  pass: boolean | null;
  /** The rank IC by horizon (icDecay.ts) when the returns come at several horizons; null otherwise. */
  icDecay: IcDecay | null;
}

/**
 * The signal statistics of a run's ICs.
 * @example signalStats(informationCoefficients(panel, returns), { horizon: 3 }, { signals: { minTstat: 2 } })
 *   // { horizon: 3, lagRule: 'automatic', stats: [{ signal: 'score', dates: 59, icMean: 0.048, tstat: 4.1, lags: 3, … }, …], pass: true }
 */
export function signalStats(ic: InformationCoefficients, settings: SignalSettings = {}, constraints: Constraints = {}, decay: IcDecay | null = null): SignalStatsData {
  const horizon = settings.horizon ?? 1;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`signals.horizon must be a whole number of periods, at least 1, got ${horizon}`);
  const lags = settings.neweyWestLags;
  if (lags !== undefined && (!Number.isInteger(lags) || lags < 0)) throw new RangeError(`signals.neweyWestLags must be a whole number, at least 0, got ${lags}`);
  return { ...compute(ic, horizon, lags, constraints.signals?.minTstat ?? null), icDecay: decay };
}

function compute(ic: InformationCoefficients, horizon: number, configuredLags: number | undefined, minTstat: number | null): Omit<SignalStatsData, 'icDecay'> {
  const seriesOf = (k: number) => ic.points.map((p) => (k === 0 ? p.score : p.factors[k - 1]).rankIc);
  const stats = ic.summary.map((summary, k): SignalStat => {
    const defined = seriesOf(k).filter((v): v is number => v !== null);
    const lags = neweyWestLags(defined.length, { lags: configuredLags, horizon });
    const nw = defined.length > 1 ? neweyWestMean(defined, lags) : null;
    return {
      signal: summary.signal,
      dates: summary.dates,
      icMean: summary.meanRankIc,
      icStd: summary.rankIcStdev,
      icir: summary.rankIcIr,
      hitRate: summary.rankIcHitRate,
      tstat: nw?.tstat ?? null,
      lags,
    };
  });
  const score = stats[0]?.tstat ?? null;
  return {
    horizon,
    lagRule: configuredLags === undefined ? 'automatic' : 'manifest',
    stats,
    minTstat,
    pass: minTstat === null || score === null ? null : score >= minTstat,
  };
}

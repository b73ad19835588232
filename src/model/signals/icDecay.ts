/**
 * IC decay: how a signal's rank IC changes with the horizon of the forward return it is
 * judged on (1 month, 3 months, 6 months). A signal whose IC halves within a month has to be
 * traded fast; one whose IC holds for a year can be rebalanced slowly. The half-life is the
 * horizon at which the score's mean rank IC falls to half of the shortest horizon's.
 */
import { type Frequency, inferFrequency } from '../performance/frequency';
import { informationCoefficients } from '../performance/informationCoefficient';
import { type AlignedHorizon, type ReturnHorizon, TRADING_DAYS } from '../performance/returns';
import type { Panel } from '../run/panel';
import { neweyWestLags, neweyWestMean } from './neweyWest';

/** One signal's rank IC at one horizon. */
export interface HorizonIc {
  /** The horizon as the returns file names it: `1m`, `5d`, or a number of periods. */
  horizon: string;
  /** Its length in periods of the run's dates (5d on month-end dates is 0.24). */
  periods: number;
  /** Mean over dates of the per-date rank IC; null when no date has one. */
  icMean: number | null;
  /** Newey-West t-statistic of icMean; null with fewer than 2 dates or no variation. */
  tstat: number | null;
  /** Dates with a defined rank IC at this horizon. */
  dates: number;
  /** Newey-West lags: at least the horizon in periods minus 1, as its windows overlap. */
  lags: number;
}

/**
 * In periods of the run's dates: a number where the mean IC has fallen to half of the
 * shortest horizon's; `not reached` when it never does over the horizons given; null when
 * the shortest horizon's mean IC is not above 0 (nothing to halve).
 */
export type HalfLife = number | 'not reached' | null;

/** One factor's IC by horizon. */
export interface SignalDecay {
  signal: string;
  horizons: HorizonIc[];
  halfLife: HalfLife;
}

/** The shape `glassbox check --json` prints under "icDecay". */
export interface IcDecay {
  /** The run's date frequency, the unit of `periods` and `halfLife` (null with one date). */
  frequency: Frequency | null;
  /** The score's IC by horizon, shortest first. */
  horizons: HorizonIc[];
  halfLife: HalfLife;
  /** Each factor's contribution, in the run's factor order. */
  factors: SignalDecay[];
}

/** Trading days in one period of each frequency. */
const PERIOD_DAYS: Record<Frequency, number> = { daily: 1, weekly: 5, monthly: 21, quarterly: 63, annual: 252 };

/**
 * A horizon's length in periods of the run's dates (fractional: 5d on monthly dates is
 * 5/21). A bare number is already in periods; with no frequency (one date) a period is a day.
 * @example horizonPeriods({ label: '3m', count: 3, unit: 'm' }, 'monthly') // 3
 * @example horizonPeriods({ label: '20d', count: 20, unit: 'd' }, 'weekly') // 4
 */
export function horizonPeriods(horizon: ReturnHorizon, frequency: Frequency | null): number {
  if (horizon.unit === 'period') return horizon.count;
  return (horizon.count * TRADING_DAYS[horizon.unit]) / (frequency ? PERIOD_DAYS[frequency] : 1);
}

/**
 * Where the mean IC falls to half of the first (shortest) horizon's, interpolated linearly
 * between the two horizons around it; `points` shortest first, horizons without an IC skipped.
 * @example halfLife([{ periods: 1, icMean: 0.06 }, { periods: 3, icMean: 0.04 }, { periods: 6, icMean: 0.02 }]) // 4.5
 */
export function halfLife(points: readonly { periods: number; icMean: number | null }[]): HalfLife {
  const defined = points.filter((p): p is { periods: number; icMean: number } => p.icMean !== null && Number.isFinite(p.icMean));
  if (!defined.length || defined[0].icMean <= 0) return null;
  const target = defined[0].icMean / 2;
  for (let k = 1; k < defined.length; k++) {
    const [a, b] = [defined[k - 1], defined[k]];
    if (b.icMean > target) continue;
    return a.periods + ((a.icMean - target) / (a.icMean - b.icMean)) * (b.periods - a.periods);
  }
  return 'not reached';
}

/**
 * The rank IC of the score and of each factor's contribution at every horizon: per horizon
 * the per-date rank IC (as in informationCoefficients), its mean and its Newey-West
 * t-statistic with at least ceil(periods) - 1 lags (the manifest's `signals.neweyWestLags`
 * when larger, else the automatic rule), and the half-life of the mean.
 * @example icDecay(panel, [{ horizon: 1m, values }, { horizon: 3m, values }])
 *   // { frequency: 'monthly', horizons: [{ horizon: '1m', periods: 1, icMean: 0.05, tstat: 3.1, dates: 59, lags: 3 }, …], halfLife: 4.2, factors: [...] }
 */
export function icDecay(panel: Panel, horizons: readonly AlignedHorizon[], options: { neweyWestLags?: number } = {}): IcDecay {
  const lags = options.neweyWestLags;
  if (lags !== undefined && (!Number.isInteger(lags) || lags < 0)) throw new RangeError(`signals.neweyWestLags must be a whole number, at least 0, got ${lags}`);
  for (const h of horizons) if (h.values.length !== panel.rows) throw new RangeError(`horizon ${h.horizon.label}: ${h.values.length} returns for ${panel.rows} panel rows; align them with alignHorizons first`);
  return decay(panel, horizons, lags);
}

function decay(panel: Panel, horizons: readonly AlignedHorizon[], configuredLags: number | undefined): IcDecay {
  const { frequency } = inferFrequency(panel.dates);
  // One row per horizon, one column per signal (the score, then each factor).
  const table = horizons.map((h) => {
    const periods = horizonPeriods(h.horizon, frequency);
    const ic = informationCoefficients(panel, h.values);
    return ic.summary.map((_, k): HorizonIc => {
      const defined = ic.points.map((p) => (k === 0 ? p.score : p.factors[k - 1]).rankIc).filter((v): v is number => v !== null);
      const lags = neweyWestLags(defined.length, { lags: configuredLags, horizon: Math.max(1, Math.ceil(periods - 1e-9)) });
      const nw = defined.length > 1 ? neweyWestMean(defined, lags) : null;
      const icMean = defined.length ? defined.reduce((a, v) => a + v, 0) / defined.length : null;
      return { horizon: h.horizon.label, periods, icMean, tstat: nw?.tstat ?? null, dates: defined.length, lags };
    });
  });
  const column = (k: number) => table.map((row) => row[k]);
  const score = column(0);
  return {
    frequency,
    horizons: score,
    halfLife: halfLife(score),
    factors: panel.factors.map((signal, f) => ({ signal, horizons: column(f + 1), halfLife: halfLife(column(f + 1)) })),
  };
}

const PERIOD_NAMES: Record<Frequency, [string, string]> = { daily: ['trading day', 'trading days'], weekly: ['week', 'weeks'], monthly: ['month', 'months'], quarterly: ['quarter', 'quarters'], annual: ['year', 'years'] };

/** What one period of the run is called, plural: `months` for month-end dates. */
export function periodUnit(frequency: Frequency | null): string {
  return frequency ? PERIOD_NAMES[frequency][1] : 'periods';
}

/**
 * The half-life in words, as every surface (view, reports, CLI) says it.
 * @example halfLifeText({ frequency: 'monthly', halfLife: 4.5, horizons }) // '4.5 months'
 * @example halfLifeText({ frequency: 'monthly', halfLife: 'not reached', horizons }) // 'not reached by 12m'
 */
export function halfLifeText(decay: Pick<IcDecay, 'frequency' | 'halfLife' | 'horizons'>, halfLifeValue: HalfLife = decay.halfLife): string {
  if (halfLifeValue === null) return 'none (the shortest horizon’s mean IC is not above 0)';
  if (halfLifeValue === 'not reached') return `not reached by ${decay.horizons[decay.horizons.length - 1]?.horizon ?? 'the longest horizon'}`;
  const [one, many] = decay.frequency ? PERIOD_NAMES[decay.frequency] : ['period', 'periods'];
  const rounded = Number(halfLifeValue.toFixed(1));
  return `${rounded.toFixed(1)} ${rounded === 1 ? one : many}`;
}

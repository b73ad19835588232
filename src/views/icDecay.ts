/**
 * IC decay: the mean rank IC of the score (or of one factor) at each forward-return horizon,
 * as a line with a point per horizon, whiskers of ±1 Newey-West standard error, and the
 * half-life marked where the IC has fallen to half of the shortest horizon's.
 */
import type { TopLevelSpec } from 'vega-lite';
import { halfLifeText, periodUnit, type HalfLife, type HorizonIc, type IcDecay } from '../model/signals/icDecay';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import type { ChartTheme } from './theme';

export interface IcDecayOptions {
  /** `score` (default) or one of the decay's factors. */
  signal?: string;
}

/** One horizon's point; `horizon` is what a click yields. */
export interface IcDecayDatum extends HorizonIc {
  icMean: number;
  /** icMean ± its Newey-West standard error (icMean / tstat); absent without a t-statistic. */
  low?: number;
  high?: number;
}

/** The chart's stable name (`usermeta.name`). */
export const IC_DECAY_CHART = 'ic-decay';
const IC_FORMAT = '+.3f';

/**
 * The mean rank IC by horizon (x: the horizon's length in the run's periods, labelled as the
 * returns file names it). The half-life, when reached, is a dashed vertical rule with its
 * value, and half of the shortest horizon's IC a dashed horizontal rule; when it is not
 * reached (or there is none) the subtitle says so. Horizons without an IC are left out with a
 * warning, and an unknown signal falls back to the score with one.
 * @example icDecayChart(signals.icDecay, theme, { signal: 'value' })
 */
export function icDecayChart(decay: IcDecay, theme: ChartTheme, options: IcDecayOptions = {}): TopLevelSpec {
  if (!decay || !Array.isArray(decay.horizons) || !Array.isArray(decay.factors)) throw new TypeError('icDecayChart: decay must be an IC decay with horizons and factors');
  const warnings: string[] = [];
  let signal = options.signal ?? 'score';
  let series: { horizons: HorizonIc[]; halfLife: HalfLife } = decay;
  if (signal !== 'score') {
    const factor = decay.factors.find((f) => f.signal === signal);
    if (factor) series = factor;
    else {
      warnings.push(`Unknown signal ${JSON.stringify(signal)}: showing the score.`);
      signal = 'score';
    }
  }
  const values: IcDecayDatum[] = series.horizons
    .filter((h): h is IcDecayDatum => isFiniteNumber(h.icMean))
    .map((h) => {
      const se = isFiniteNumber(h.tstat) && h.tstat !== 0 ? Math.abs(h.icMean / h.tstat) : null;
      return { ...h, ...(se !== null ? { low: h.icMean - se, high: h.icMean + se } : {}) };
    });
  if (values.length < series.horizons.length) warnings.push(`${series.horizons.length - values.length} horizon(s) without a rank IC are not shown.`);

  // Horizons are placed by length (a half-life falls between them): the axis counts the run's periods.
  const x = { field: 'periods', type: 'quantitative', title: `Return horizon (${periodUnit(decay.frequency)})`, scale: { zero: false, nice: false, padding: 16 }, axis: { values: values.map((v) => v.periods), format: '.3~r', labelOverlap: 'greedy', grid: false } };
  const y = { field: 'icMean', type: 'quantitative', title: 'Mean rank IC', scale: { zero: true, nice: true }, axis: { format: '~r', tickCount: 5 } };
  const layer: Record<string, unknown>[] = [zeroRule(theme, 'y')];
  const half = values.length && values[0].icMean > 0 ? values[0].icMean / 2 : null;
  if (half !== null && typeof series.halfLife === 'number') {
    const dashed = { type: 'rule', color: theme.mutedForeground, strokeDash: [5, 3], strokeWidth: 1 };
    layer.push({
      data: { values: [{ half, halfLife: series.halfLife, label: `half-life ${halfLifeText(decay, series.halfLife)}` }] },
      layer: [
        { mark: dashed, encoding: { y: { field: 'half', type: 'quantitative' } } },
        { mark: dashed, encoding: { x: { field: 'halfLife', type: 'quantitative' } } },
        { mark: { type: 'point', shape: 'diamond', size: 70, filled: true, color: theme.foreground }, encoding: { x: { field: 'halfLife', type: 'quantitative' }, y: { field: 'half', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 5, dy: -4, color: theme.foreground }, encoding: { x: { field: 'halfLife', type: 'quantitative' }, y: { field: 'half', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } } },
      ],
    });
  }
  if (values.length) {
    const tooltip = [
      { field: 'horizon', type: 'nominal', title: 'Horizon' },
      { field: 'icMean', type: 'quantitative', title: 'Mean rank IC', format: IC_FORMAT },
      { field: 'tstat', type: 'quantitative', title: 't (Newey-West)', format: '.2f' },
      { field: 'lags', type: 'quantitative', title: 'Lags', format: 'd' },
      { field: 'dates', type: 'quantitative', title: 'Dates', format: ',d' },
    ];
    const color = signal === 'score' ? theme.accent : theme.categorical[Math.max(0, decay.factors.findIndex((f) => f.signal === signal)) % theme.categorical.length];
    layer.push({
      data: { values },
      layer: [
        ...(values.some((v) => v.low !== undefined) ? [{ transform: [{ filter: { field: 'low', valid: true } }], mark: { type: 'rule', color, strokeWidth: 1.5, opacity: 0.6 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } }] : []),
        ...(values.length > 1 ? [{ mark: { type: 'line', color, strokeWidth: 2 }, encoding: { x, y } }] : []),
        { mark: { type: 'circle', size: 60, opacity: 1, color }, encoding: { x, y, tooltip } },
      ],
    });
  }
  // Short enough for a report column: the title already says what is drawn.
  const who = signal === 'score' ? 'Score' : signal;
  const subtitle =
    typeof series.halfLife === 'number'
      ? `${who}: mean rank IC ±1 Newey-West s.e.; dashed: half the shortest horizon's`
      : `${who}: mean rank IC ±1 Newey-West s.e.; half-life ${halfLifeText(decay, series.halfLife)}`;
  const body = { title: { text: 'IC decay', subtitle }, width: 'container', height: 200, layer };
  return chartSpec(IC_DECAY_CHART, theme, body, warnings);
}

/**
 * The model's rank IC over time: per date, the Spearman correlation across the universe
 * between a signal (the score, or one factor's summed contributions) and the forward
 * return, as bars, with a trailing mean as a line.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { InformationCoefficients } from '../model/performance/informationCoefficient';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { signOf } from './format';
import { periodAxis, type PeriodFields } from './periodAxis';
import { numberText } from './textFormat';
import type { ChartTheme } from './theme';

export interface IcChartOptions {
  /** `score` (default) or one of `ic.factors`. */
  signal?: string;
  /** Dates in the trailing mean; default 12 (a year of monthly dates). */
  window?: number;
}

/** One date; `date` (the period's start) is what a click yields. */
export interface IcDatum extends PeriodFields {
  rankIc: number;
  /** 0: where the bar starts. */
  base: number;
  /** Pearson IC; absent when undefined on the date. */
  ic?: number;
  stocks: number;
  sign: 'positive' | 'negative';
  /** Mean rank IC of the `window` dates ending here; absent before the window fills. */
  rollingMean?: number;
}

/** The chart's stable name (`usermeta.name`). */
export const RANK_IC_CHART = 'rank-ic';
/** Dates in the trailing mean unless the caller says otherwise. */
export const DEFAULT_IC_WINDOW = 12;
const IC_FORMAT = '+.3f';

/**
 * Bars of rank IC per date (each spanning its forward-return period), coloured by sign,
 * and a line of the trailing mean over the last `window` dates (drawn from the window-th
 * date on, at the period's middle). Dates where the IC is undefined (fewer than 3 stocks, a
 * constant signal) are left out. An unknown signal falls back to the score with a warning.
 * @example icChart(performance.ic, theme, { signal: 'momentum', window: 6 })
 */
export function icChart(ic: InformationCoefficients, theme: ChartTheme, options: IcChartOptions = {}): TopLevelSpec {
  if (!ic || !Array.isArray(ic.points) || !Array.isArray(ic.factors)) throw new TypeError('icChart: ic must be information coefficients with points and factors');
  const warnings: string[] = [];
  let window = options.window ?? DEFAULT_IC_WINDOW;
  if (!Number.isInteger(window) || window < 1) {
    warnings.push(`Option window must be a whole number of at least 1, not ${JSON.stringify(options.window)}: using ${DEFAULT_IC_WINDOW}.`);
    window = DEFAULT_IC_WINDOW;
  }
  let signal = options.signal ?? 'score';
  let factorIndex = signal === 'score' ? -1 : ic.factors.indexOf(signal);
  if (signal !== 'score' && factorIndex < 0) {
    warnings.push(`Unknown signal ${JSON.stringify(signal)}: showing the score.`);
    signal = 'score';
    factorIndex = -1;
  }
  const axis = periodAxis(ic.points.map((p) => p.date));
  const series = ic.points
    .map((p) => ({ p, s: factorIndex < 0 ? p.score : p.factors[factorIndex] }))
    .filter(({ s }) => s && isFiniteNumber(s.rankIc))
    .sort((a, b) => axis.fields(a.p.date).dateOrder - axis.fields(b.p.date).dateOrder);
  const values: IcDatum[] = series.map(({ p, s }, i) => {
    const rankIc = (s.rankIc as number) + 0;
    const datum: IcDatum = { ...axis.fields(p.date), rankIc, base: 0, stocks: p.stocks, sign: signOf(rankIc) };
    if (isFiniteNumber(s.ic)) datum.ic = s.ic;
    if (i + 1 >= window) {
      const last = series.slice(i + 1 - window, i + 1);
      datum.rollingMean = last.reduce((a, x) => a + (x.s.rankIc as number), 0) / window;
    }
    return datum;
  });
  if (values.length < ic.points.length) warnings.push(`${ic.points.length - values.length} date(s) without a rank IC are not shown.`);
  const y = { field: 'rankIc', type: 'quantitative', title: 'Rank IC', scale: { nice: true }, axis: { format: '~r', tickCount: 6 } };
  const tooltipBase = [
    { field: 'date', type: 'nominal', title: 'Date' },
    { field: 'rankIc', type: 'quantitative', title: 'Rank IC', format: IC_FORMAT },
  ];
  const stocks = { field: 'stocks', type: 'quantitative', title: 'Stocks', format: ',d' };
  const withIc = { field: 'ic', valid: true };
  const variants = [
    { when: (d: IcDatum) => d.ic !== undefined, filter: withIc, tooltip: [...tooltipBase, { field: 'ic', type: 'quantitative', title: 'IC (Pearson)', format: IC_FORMAT }, stocks] },
    { when: (d: IcDatum) => d.ic === undefined, filter: { not: withIc }, tooltip: [...tooltipBase, stocks] },
  ].filter((v) => values.some(v.when));
  const layer: Record<string, unknown>[] = [];
  if (values.length) {
    layer.push({
      data: { values },
      layer: [
        ...variants.map((v) => ({
          transform: [{ filter: v.filter }],
          mark: { type: 'bar', ...(axis.temporal ? { stroke: theme.background, strokeWidth: 1 } : { width: { band: 0.8 } }) },
          encoding: {
            ...axis.band,
            y,
            y2: { field: 'base' },
            color: { field: 'sign', type: 'nominal', scale: { domain: ['positive', 'negative'], range: [theme.positive, theme.negative] }, legend: null },
            opacity: { value: 0.75 },
            tooltip: v.tooltip,
          },
        })),
        ...(values.some((v) => v.rollingMean !== undefined)
          ? [
              {
                transform: [{ filter: { field: 'rollingMean', valid: true } }],
                mark: { type: 'line', color: theme.foreground, strokeWidth: 2, interpolate: 'monotone' },
                encoding: { ...axis.mid, y: { field: 'rollingMean', type: 'quantitative' }, order: { field: 'dateOrder', type: 'quantitative' } },
              },
            ]
          : []),
      ],
    });
  }
  layer.push(zeroRule(theme, 'y'));
  const mean = values.length ? values.reduce((a, v) => a + v.rankIc, 0) / values.length : null;
  const what = signal === 'score' ? 'the score' : 'the factor';
  const subtitle = mean === null
    ? 'No dates with a rank IC'
    : `Spearman, ${what} vs forward return · mean ${numberText(mean, 2, true)} · line: ${window}-date trailing mean`;
  const body = { title: { text: signal === 'score' ? 'Rank IC of the score' : `Rank IC of ${signal}`, subtitle }, width: 'container', height: 200, layer };
  return chartSpec(RANK_IC_CHART, theme, body, warnings);
}

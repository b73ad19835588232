/**
 * Which signals predict returns: the mean rank IC of the score and of each factor over the
 * run, with ±1 standard error, and the IC's volatility, IR and hit rate in the tooltip.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { IcSummary, InformationCoefficients } from '../model/performance/informationCoefficient';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { signOf } from './format';
import type { ChartTheme } from './theme';

/** One bar; `signal` (`score` or a factor) is what a click yields. */
export interface IcSummaryDatum extends IcSummary {
  meanRankIc: number;
  order: number;
  sign: 'positive' | 'negative';
  /** `score` for the model's score, `factor` for the factors. */
  kind: 'score' | 'factor';
  /** mean ± stdev / sqrt(dates); absent with fewer than 2 dates. */
  low?: number;
  high?: number;
  side: 'right' | 'left';
  labelAt: number;
}

/** The chart's stable name (`usermeta.name`). */
export const IC_SUMMARY_CHART = 'ic-summary';
const IC_FORMAT = '+.3f';

/**
 * Horizontal bars of mean rank IC per signal, the score first (drawn in the accent) then the
 * factors (coloured by sign), each with a whisker of ±1 standard error of the mean
 * (stdev / sqrt(dates): whether the mean is told apart from 0). Signals without a mean are
 * left out with a warning.
 * @example icSummaryChart(performance.ic, theme)
 */
export function icSummaryChart(ic: InformationCoefficients, theme: ChartTheme): TopLevelSpec {
  if (!ic || !Array.isArray(ic.summary)) throw new TypeError('icSummaryChart: ic must be information coefficients with a summary');
  const warnings: string[] = [];
  const drawn = ic.summary.filter((s) => isFiniteNumber(s.meanRankIc));
  if (drawn.length < ic.summary.length) warnings.push(`${ic.summary.length - drawn.length} signal(s) without a rank IC are not shown.`);
  const values: IcSummaryDatum[] = drawn.map((s, order) => {
    const mean = (s.meanRankIc as number) + 0;
    const se = isFiniteNumber(s.rankIcStdev) && s.dates > 1 ? s.rankIcStdev / Math.sqrt(s.dates) : null;
    const side = mean < 0 ? 'left' : 'right';
    const reach = se === null ? mean : side === 'right' ? mean + se : mean - se;
    return {
      ...s,
      meanRankIc: mean,
      order,
      sign: signOf(mean),
      kind: order === 0 && s.signal === 'score' ? 'score' : 'factor',
      ...(se !== null ? { low: mean - se, high: mean + se } : {}),
      side,
      labelAt: side === 'right' ? Math.max(0, reach) : Math.min(0, reach),
    };
  });
  const y = { field: 'signal', type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' } };
  const x = { field: 'meanRankIc', type: 'quantitative', title: 'Mean rank IC', scale: { nice: true, padding: 44 }, axis: { format: '~r', tickCount: 6 } };
  const complete = values.filter((v) => [v.meanIc, v.rankIcStdev, v.rankIcIr, v.rankIcHitRate].every(isFiniteNumber));
  const base = [
    { field: 'signal', type: 'nominal', title: 'Signal' },
    { field: 'meanRankIc', type: 'quantitative', title: 'Mean rank IC', format: IC_FORMAT },
  ];
  const full = [
    ...base,
    { field: 'meanIc', type: 'quantitative', title: 'Mean IC (Pearson)', format: IC_FORMAT },
    { field: 'rankIcStdev', type: 'quantitative', title: 'Rank IC stdev', format: '.3f' },
    { field: 'rankIcIr', type: 'quantitative', title: 'IR (mean / stdev)', format: '+.2f' },
    { field: 'rankIcHitRate', type: 'quantitative', title: 'Hit rate', format: '.0%' },
    { field: 'dates', type: 'quantitative', title: 'Dates', format: ',d' },
  ];
  const isComplete = { field: 'rankIcHitRate', valid: true };
  const bars = [
    ...(complete.length ? [{ filter: { and: [isComplete, { field: 'rankIcIr', valid: true }, { field: 'meanIc', valid: true }] }, tooltip: full }] : []),
    ...(complete.length < values.length ? [{ filter: { not: { and: [isComplete, { field: 'rankIcIr', valid: true }, { field: 'meanIc', valid: true }] } }, tooltip: [...base, { field: 'dates', type: 'quantitative', title: 'Dates', format: ',d' }] }] : []),
  ];
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'x'),
  ];
  if (values.length) {
    layer.unshift({
      data: { values },
      layer: [
        ...bars.map((b) => ({
          transform: [{ filter: b.filter }],
          mark: { type: 'bar', height: { band: 0.66 }, cornerRadiusEnd: 2 },
          encoding: {
            y,
            x,
            color: {
              condition: { test: { field: 'kind', equal: 'score' }, value: theme.accent },
              field: 'sign',
              type: 'nominal',
              scale: { domain: ['positive', 'negative'], range: [theme.positive, theme.negative] },
              legend: null,
            },
            tooltip: b.tooltip,
          },
        })),
        ...(values.some((v) => v.low !== undefined)
          ? [
              {
                transform: [{ filter: { field: 'low', valid: true } }],
                mark: { type: 'rule', color: theme.foreground, strokeWidth: 1.5 },
                encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
              },
            ]
          : []),
        ...(['right', 'left'] as const)
          .filter((side) => values.some((v) => v.side === side))
          .map((side) => ({
            transform: [{ filter: { field: 'side', equal: side } }],
            mark: { type: 'text', align: side === 'right' ? 'left' : 'right', baseline: 'middle', dx: side === 'right' ? 5 : -5, color: theme.mutedForeground },
            encoding: { y, x: { field: 'labelAt', type: 'quantitative' }, text: { field: 'meanRankIc', type: 'quantitative', format: IC_FORMAT } },
          })),
      ],
    });
  }
  const body = {
    title: { text: 'Mean rank IC by signal', subtitle: 'Whiskers: ±1 standard error of the mean (stdev / √dates)' },
    width: 'container',
    height: 24 * Math.max(values.length, 1),
    layer,
  };
  return chartSpec(IC_SUMMARY_CHART, theme, body, warnings);
}

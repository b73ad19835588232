/**
 * Cumulative return over the run: the portfolio, the benchmark and the active return
 * (relative wealth, portfolio ÷ benchmark − 1), each compounded from the first date.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PerformancePoint } from '../model/performance/performance';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { periodAxis, type PeriodFields } from './periodAxis';
import { percentText } from './textFormat';
import type { ChartTheme } from './theme';

/** One point of one line; `date` (the period's start, an ISO string) is what a click yields. */
export interface CumulativeReturnDatum extends PeriodFields {
  series: 'Portfolio' | 'Benchmark' | 'Active';
  seriesOrder: number;
  /** Compounded return through the period's end. */
  value: number;
  /** The period's own return. */
  periodReturn: number;
}

/** The chart's stable name (`usermeta.name`). */
export const CUMULATIVE_RETURN_CHART = 'cumulative-return';
/** Cumulative and period returns in tooltips: `+12.34%`. */
const RETURN_FORMAT = '+.2%';

const SERIES = [
  { series: 'Portfolio', cumulative: 'cumulativePortfolio', period: 'portfolio' },
  { series: 'Benchmark', cumulative: 'cumulativeBenchmark', period: 'benchmark' },
  { series: 'Active', cumulative: 'cumulativeActive', period: 'active' },
] as const;

/**
 * Lines of cumulative portfolio, benchmark and active return. Each value is drawn at its
 * period's end (the date's forward return is earned until the next date), and every line
 * starts at 0 on the first date. Portfolio in the theme's first categorical colour,
 * benchmark dashed in the muted colour, active in the second categorical colour, thicker. Without a benchmark
 * only the portfolio is drawn.
 * @example cumulativeReturnChart(performance.points, theme)
 */
export function cumulativeReturnChart(points: readonly PerformancePoint[], theme: ChartTheme): TopLevelSpec {
  if (!Array.isArray(points)) throw new TypeError('cumulativeReturnChart: points must be an array of performance points');
  const warnings: string[] = [];
  const axis = periodAxis(points.map((p) => p.date));
  const sorted = [...points].sort((a, b) => axis.fields(a.date).dateOrder - axis.fields(b.date).dateOrder);
  const values: CumulativeReturnDatum[] = [];
  let skipped = 0;
  SERIES.forEach((s, seriesOrder) => {
    const own = sorted.filter((p) => isFiniteNumber(p[s.cumulative]) && isFiniteNumber(p[s.period]));
    if (s.series === 'Portfolio') skipped = sorted.length - own.length;
    if (!own.length) return;
    if (axis.temporal) {
      // The origin: nothing compounded yet at the first period's start.
      const first = axis.fields(own[0].date);
      values.push({ ...first, timeEnd: first.time, endDate: first.date, series: s.series, seriesOrder, value: 0, periodReturn: 0 });
    }
    for (const p of own) values.push({ ...axis.fields(p.date), series: s.series, seriesOrder, value: p[s.cumulative] as number, periodReturn: p[s.period] as number });
  });
  if (skipped) warnings.push(`${skipped} date(s) without a portfolio return are not shown.`);
  const present = SERIES.filter((s) => values.some((v) => v.series === s.series)).map((s) => s.series);
  const colours: Record<string, string> = { Portfolio: theme.categorical[0] ?? theme.positive, Benchmark: theme.mutedForeground, Active: theme.categorical[1] ?? theme.accent };
  const y = { field: 'value', type: 'quantitative', title: 'Cumulative return', axis: { format: '~%', tickCount: 6 } };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    sort: present,
    scale: { domain: present, range: present.map((s) => colours[s]) },
    legend: { orient: 'top', direction: 'horizontal', symbolType: 'stroke' },
  };
  const tooltip = [
    { field: 'series', type: 'nominal', title: 'Series' },
    { field: 'endDate', type: 'nominal', title: 'Through' },
    { field: 'value', type: 'quantitative', title: 'Cumulative return', format: RETURN_FORMAT },
    { field: 'date', type: 'nominal', title: 'Period from' },
    { field: 'periodReturn', type: 'quantitative', title: 'Period return', format: RETURN_FORMAT },
  ];
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'y', theme.gridColor),
  ];
  if (values.length) {
    layer.push({
      data: { values },
      layer: [
        {
          mark: { type: 'line', interpolate: 'linear' },
          encoding: {
            ...axis.end,
            y,
            color,
            strokeDash: { condition: { test: { field: 'series', equal: 'Benchmark' }, value: [5, 3] }, value: [1, 0] },
            strokeWidth: { condition: { test: { field: 'series', equal: 'Active' }, value: 2.5 }, value: 1.5 },
            order: { field: 'dateOrder', type: 'quantitative' },
          },
        },
        // Invisible points give each date its own tooltip (the origin points have none).
        {
          transform: [{ filter: { field: 'periodReturn', valid: true } }, { filter: 'datum.timeEnd > datum.time' }],
          mark: { type: 'point', size: 80, opacity: 0 },
          encoding: { ...axis.end, y, color, tooltip },
        },
      ],
    });
  }
  const last = sorted[sorted.length - 1];
  const parts: string[] = [];
  if (last && isFiniteNumber(last.cumulativePortfolio)) parts.push(`portfolio ${percentText(last.cumulativePortfolio, 1, true)}`);
  if (last && isFiniteNumber(last.cumulativeBenchmark)) parts.push(`benchmark ${percentText(last.cumulativeBenchmark, 1, true)}`);
  if (last && isFiniteNumber(last.cumulativeActive)) parts.push(`active ${percentText(last.cumulativeActive, 1, true)} (relative wealth)`);
  const body = {
    title: { text: 'Cumulative return', subtitle: parts.length ? `Over the run: ${parts.join(' · ')}` : 'No returns' },
    width: 'container',
    height: 260,
    layer,
  };
  return chartSpec(CUMULATIVE_RETURN_CHART, theme, body, warnings);
}

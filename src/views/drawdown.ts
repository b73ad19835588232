/**
 * The active drawdown: how far the relative wealth curve (portfolio ÷ benchmark) sits below
 * its running peak, as an area under zero.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PerformancePoint } from '../model/performance/performance';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { periodAxis, type PeriodFields } from './periodAxis';
import { percentText } from './textFormat';
import type { ChartTheme } from './theme';

/** One date; `date` (the period's start) is what a click yields. */
export interface DrawdownDatum extends PeriodFields {
  /** 0 or negative: relative wealth over its running peak, minus 1, at the period's end. */
  drawdown: number;
  cumulativeActive: number;
}

/** The chart's stable name (`usermeta.name`). */
export const DRAWDOWN_CHART = 'active-drawdown';

/**
 * Area from 0 down to the active drawdown at each period's end, in the theme's negative
 * colour, with its edge as a line; the deepest point is named in the subtitle. Without a
 * benchmark there is nothing to draw and the spec says so in a warning.
 * @example drawdownChart(performance.points, theme)
 */
export function drawdownChart(points: readonly PerformancePoint[], theme: ChartTheme): TopLevelSpec {
  if (!Array.isArray(points)) throw new TypeError('drawdownChart: points must be an array of performance points');
  const warnings: string[] = [];
  const drawn = points.filter((p) => isFiniteNumber(p.activeDrawdown) && isFiniteNumber(p.cumulativeActive));
  if (!drawn.length && points.length) warnings.push('No benchmark returns: the active drawdown is not available.');
  else if (drawn.length < points.length) warnings.push(`${points.length - drawn.length} date(s) without an active drawdown are not shown.`);
  const axis = periodAxis(drawn.map((p) => p.date));
  const values: DrawdownDatum[] = drawn
    .map((p) => ({ ...axis.fields(p.date), drawdown: Math.min(0, p.activeDrawdown as number) + 0, cumulativeActive: p.cumulativeActive as number }))
    .sort((a, b) => a.dateOrder - b.dateOrder);
  const lineValues = axis.temporal && values.length ? [{ ...values[0], timeEnd: values[0].time, drawdown: 0, origin: true }, ...values] : values;
  const y = { field: 'drawdown', type: 'quantitative', title: 'Active drawdown', scale: { domainMax: 0, nice: true }, axis: { format: '~%', tickCount: 5 } };
  const layer: Record<string, unknown>[] = [];
  if (values.length) {
    layer.push({
      data: { values: lineValues },
      layer: [
        { mark: { type: 'area', color: theme.negative, opacity: 0.3, interpolate: 'linear' }, encoding: { ...axis.end, y: { ...y, stack: null } } },
        { mark: { type: 'line', color: theme.negative, strokeWidth: 1.5, interpolate: 'linear' }, encoding: { ...axis.end, y, order: { field: 'dateOrder', type: 'quantitative' } } },
      ],
    });
    layer.push({
      data: { values },
      mark: { type: 'point', size: 80, opacity: 0 },
      encoding: {
        ...axis.end,
        y,
        tooltip: [
          { field: 'endDate', type: 'nominal', title: 'Through' },
          { field: 'drawdown', type: 'quantitative', title: 'Active drawdown', format: '.2%' },
          { field: 'cumulativeActive', type: 'quantitative', title: 'Cumulative active', format: '+.2%' },
        ],
      },
    });
  }
  layer.push(zeroRule(theme, 'y'));
  const deepest = values.reduce<DrawdownDatum | null>((m, v) => (!m || v.drawdown < m.drawdown ? v : m), null);
  const subtitle = !deepest ? 'No active returns' : deepest.drawdown < 0 ? `Deepest ${percentText(deepest.drawdown, 1)} through ${deepest.endDate} · relative wealth below its running peak` : 'Never below its running peak';
  const body = { title: { text: 'Active drawdown', subtitle }, width: 'container', height: 160, layer };
  return chartSpec(DRAWDOWN_CHART, theme, body, warnings);
}

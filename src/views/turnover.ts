/**
 * One-way turnover on each rebalance date against the limit: a line with a point per date,
 * the limit as a dashed rule, dates above it in the theme's negative colour (the rest in its
 * positive colour, as a passed guardrail).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PortfolioData } from '../model/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { WEIGHT_AXIS_FORMAT } from './format';
import type { ChartTheme } from './theme';
import { selectedDateRule, timeAxis, type DateFields } from './timeAxis';

/** What the Portfolio tab gives: `PortfolioData['turnover']`. */
export type TurnoverPoint = PortfolioData['turnover'][number];

export interface TurnoverOptions {
  /** The turnover limit (a fraction); null or absent when the manifest sets none. */
  limit?: number | null;
  /** ISO date to mark with a rule; ignored with a warning when not in the data. */
  selectedDate?: string;
}

/** One point; `date` (the ISO string) is what a click yields. */
export interface TurnoverDatum extends TurnoverPoint, DateFields {
  status: 'within' | 'breach';
}

/** The chart's stable name (`usermeta.name`). */
export const TURNOVER_CHART = 'turnover';

/** Turnover within this much of the limit passes (as the guardrail check does). */
const LIMIT_TOLERANCE = 1e-6;
/** Turnover is shown with one decimal: `24.5%`. */
const TURNOVER_FORMAT = '.1%';

/**
 * Turnover by date (one-way, 0.5 x sum |w_t - w_t-1|), with the limit and the selected
 * date marked. Points whose turnover is not finite are left out with a warning.
 * @example turnoverChart(portfolio.turnover, theme, { limit: portfolio.turnoverLimit, selectedDate: portfolio.date })
 */
export function turnoverChart(points: readonly TurnoverPoint[], theme: ChartTheme, options: TurnoverOptions = {}): TopLevelSpec {
  if (!Array.isArray(points)) throw new TypeError('turnoverChart: points must be an array of { date, turnover }');
  const warnings: string[] = [];
  let limit = options.limit ?? null;
  if (limit !== null && (!isFiniteNumber(limit) || limit < 0)) {
    warnings.push(`Option limit must be a non-negative number, not ${JSON.stringify(limit)}: no limit drawn.`);
    limit = null;
  }
  const drawn = points.filter((p) => isFiniteNumber(p.turnover));
  if (drawn.length < points.length) warnings.push(`${points.length - drawn.length} date(s) without a turnover are not shown.`);
  const axis = timeAxis(drawn.map((p) => p.date));
  const values: TurnoverDatum[] = drawn
    .map((p) => ({ ...p, ...axis.dateFields(p.date), status: limit !== null && p.turnover > limit + LIMIT_TOLERANCE ? ('breach' as const) : ('within' as const) }))
    .sort((a, b) => a.dateOrder - b.dateOrder);
  const y = {
    field: 'turnover',
    type: 'quantitative',
    title: 'One-way turnover',
    scale: { zero: true, nice: true, ...(limit !== null ? { domainMax: limit * 1.15 } : {}) },
    axis: { format: WEIGHT_AXIS_FORMAT, tickCount: 5 },
  };
  const layer: Record<string, unknown>[] = [];
  if (limit !== null) {
    layer.push({
      data: { values: [{ limit, label: 'limit' }] },
      layer: [
        { mark: { type: 'rule', color: theme.negative, strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'limit', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: theme.negative }, encoding: { y: { field: 'limit', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } } },
      ],
    });
  }
  const rule = selectedDateRule(axis, options.selectedDate, theme.mutedForeground);
  if (rule) layer.push(rule);
  else if (options.selectedDate !== undefined && values.length) warnings.push(`Date ${JSON.stringify(options.selectedDate)} has no turnover: no date marked.`);
  if (values.length) {
    const tooltip = [
      { field: 'date', type: 'nominal', title: 'Date' },
      { field: 'turnover', type: 'quantitative', title: 'Turnover', format: TURNOVER_FORMAT },
      ...(limit !== null ? [{ field: 'status', type: 'nominal', title: 'Against the limit' }] : []),
    ];
    layer.push({
      data: { values },
      layer: [
        ...(values.length > 1 ? [{ mark: { type: 'line', color: theme.positive, strokeWidth: 1.5 }, encoding: { x: axis.encoding, y } }] : []),
        {
          mark: { type: 'circle', size: 36, opacity: 1 },
          encoding: {
            x: axis.encoding,
            y,
            color: { field: 'status', type: 'nominal', scale: { domain: ['within', 'breach'], range: [theme.positive, theme.negative] }, legend: null },
            tooltip,
          },
        },
      ],
    });
  }
  const breaches = values.filter((v) => v.status === 'breach').length;
  const subtitle = limit === null ? 'No turnover limit set' : `Limit ${(limit * 100).toFixed(1).replace(/\.0$/, '')}% · ${breaches ? `${breaches} date${breaches > 1 ? 's' : ''} above it` : 'never above it'}`;
  const body = { title: { text: 'Turnover', subtitle }, width: 'container', height: 200, layer };
  return chartSpec(TURNOVER_CHART, theme, body, warnings);
}

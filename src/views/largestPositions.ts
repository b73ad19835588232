/**
 * The largest positions against the single-name cap: one bar per stock, largest first, and
 * the cap as a dashed rule; positions above the cap in the theme's negative colour, the rest
 * in its positive colour (as a passed guardrail).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PortfolioData } from '../model/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { WEIGHT_AXIS_FORMAT, WEIGHT_FORMAT } from './format';
import type { ChartTheme } from './theme';

/** What the Portfolio tab gives: `PortfolioData['largest']`. */
export type LargestPosition = PortfolioData['largest'][number];

export interface LargestPositionsOptions {
  /** The single-name cap (a fraction); null or absent when the manifest sets none. */
  limit?: number | null;
}

/** One bar; `stock` is what a click yields. */
export interface LargestPositionDatum extends LargestPosition {
  order: number;
  status: 'within' | 'breach';
}

/** The chart's stable name (`usermeta.name`). */
export const LARGEST_POSITIONS_CHART = 'largest-positions';

/** Weights within this much of the cap pass (as the guardrail check does). */
const CAP_TOLERANCE = 1e-6;

/**
 * Horizontal bars of weight per stock (tickers on the axis, names in the tooltip), largest
 * first, with the cap as a dashed rule labelled with its value.
 * @example largestPositionsChart(portfolio.largest, theme, { limit: portfolio.stockLimit })
 */
export function largestPositionsChart(largest: readonly LargestPosition[], theme: ChartTheme, options: LargestPositionsOptions = {}): TopLevelSpec {
  if (!Array.isArray(largest)) throw new TypeError('largestPositionsChart: largest must be an array of positions');
  const warnings: string[] = [];
  let limit = options.limit ?? null;
  if (limit !== null && (!isFiniteNumber(limit) || limit < 0)) {
    warnings.push(`Option limit must be a non-negative number, not ${JSON.stringify(limit)}: no cap drawn.`);
    limit = null;
  }
  const drawn = largest.filter((p) => isFiniteNumber(p.weight));
  if (drawn.length < largest.length) warnings.push(`${largest.length - drawn.length} position(s) without a weight are not shown.`);
  const values: LargestPositionDatum[] = [...drawn]
    .sort((a, b) => b.weight - a.weight || (a.stock < b.stock ? -1 : a.stock > b.stock ? 1 : 0))
    .map((p, order) => ({ ...p, order, status: limit !== null && p.weight > limit + CAP_TOLERANCE ? 'breach' : 'within' }));
  const y = { field: 'stock', type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' } };
  const x = { field: 'weight', type: 'quantitative', title: 'Weight', scale: { nice: true, padding: 40 }, axis: { format: WEIGHT_AXIS_FORMAT, tickCount: 6 } };
  const layer: Record<string, unknown>[] = [];
  if (values.length) {
    layer.push({
      data: { values },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.7 }, cornerRadiusEnd: 2 },
          encoding: {
            y,
            x,
            color: { field: 'status', type: 'nominal', scale: { domain: ['within', 'breach'], range: [theme.positive, theme.negative] }, legend: null },
            tooltip: [
              { field: 'stock', type: 'nominal', title: 'Stock' },
              { field: 'name', type: 'nominal', title: 'Name' },
              { field: 'weight', type: 'quantitative', title: 'Weight', format: WEIGHT_FORMAT },
              ...(limit !== null ? [{ field: 'status', type: 'nominal', title: 'Against the cap' }] : []),
            ],
          },
        },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, color: theme.mutedForeground },
          encoding: { y, x, text: { field: 'weight', type: 'quantitative', format: WEIGHT_FORMAT } },
        },
      ],
    });
  }
  if (limit !== null) {
    layer.push({
      data: { values: [{ limit, label: 'cap' }] },
      layer: [
        { mark: { type: 'rule', color: theme.negative, strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'limit', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -2, y: 'height', color: theme.negative },
          encoding: { x: { field: 'limit', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
      ],
    });
  }
  const breaches = values.filter((v) => v.status === 'breach').length;
  const subtitle = limit === null ? 'No single-name cap set' : `Cap ${(limit * 100).toFixed(2).replace(/\.?0+$/, '')}% · ${breaches ? `${breaches} above it` : 'none above it'}`;
  const body = { title: { text: 'Largest positions', subtitle }, width: 'container', height: 20 * Math.max(values.length, 1), layer };
  return chartSpec(LARGEST_POSITIONS_CHART, theme, body, warnings);
}

/**
 * The largest weight changes between two snapshots: one bar per stock, names that entered,
 * left or were held told apart by colour.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { StockChange } from '../model/types';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { ACTIVE_WEIGHT_FORMAT, WEIGHT_AXIS_FORMAT, WEIGHT_FORMAT } from './format';
import type { ChartTheme } from './theme';

export interface WeightChangesOptions {
  /** Most bars; default 20. */
  max?: number;
}

/** One bar; `stock` is what a click yields. */
export interface WeightChangeDatum extends StockChange {
  order: number;
  side: 'right' | 'left';
}

/** The chart's stable name (`usermeta.name`). */
export const WEIGHT_CHANGES_CHART = 'weight-changes';
export const DEFAULT_WEIGHT_CHANGES = 20;
const STATUSES: StockChange['status'][] = ['entered', 'held', 'left', 'none'];

/**
 * Horizontal bars of weight change (after - before), largest |change| first, at most `max`:
 * entered in the theme's positive colour, left in its negative colour, held in its muted
 * foreground colour (a name on neither side, in the grid colour). Tickers on the axis; name, sector, both weights and the
 * rank change in the tooltip.
 * @example weightChangesChart(compare.changes, theme, { max: 25 })
 */
export function weightChangesChart(changes: readonly StockChange[], theme: ChartTheme, options: WeightChangesOptions = {}): TopLevelSpec {
  if (!Array.isArray(changes)) throw new TypeError('weightChangesChart: changes must be an array of stock changes');
  const warnings: string[] = [];
  let max = options.max ?? DEFAULT_WEIGHT_CHANGES;
  if (!Number.isInteger(max) || max < 1) {
    warnings.push(`Option max must be a whole number of at least 1, not ${JSON.stringify(options.max)}: using ${DEFAULT_WEIGHT_CHANGES}.`);
    max = DEFAULT_WEIGHT_CHANGES;
  }
  const drawn = changes.filter((c) => isFiniteNumber(c.weightChange) && isFiniteNumber(c.weightBefore) && isFiniteNumber(c.weightAfter));
  if (drawn.length < changes.length) warnings.push(`${changes.length - drawn.length} stock(s) without a weight change are not shown.`);
  const values: WeightChangeDatum[] = [...drawn]
    .sort((a, b) => Math.abs(b.weightChange) - Math.abs(a.weightChange) || (a.stock < b.stock ? -1 : a.stock > b.stock ? 1 : 0))
    .slice(0, max)
    .map((c, order) => ({ ...c, status: STATUSES.includes(c.status) ? c.status : 'none', order, side: c.weightChange < 0 ? 'left' : 'right' }));
  const y = { field: 'stock', type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' } };
  const x = { field: 'weightChange', type: 'quantitative', title: 'Weight change', scale: { nice: true, padding: 52 }, axis: { format: WEIGHT_AXIS_FORMAT, tickCount: 6 } };
  const present = STATUSES.filter((s) => values.some((v) => v.status === s));
  const colours: Record<StockChange['status'], string> = { entered: theme.positive, held: theme.mutedForeground, left: theme.negative, none: theme.gridColor };
  const weight = (field: string, title: string, format = WEIGHT_FORMAT) => ({ field, type: 'quantitative', title, format });
  const base = [
    { field: 'stock', type: 'nominal', title: 'Stock' },
    { field: 'name', type: 'nominal', title: 'Name' },
    { field: 'sector', type: 'nominal', title: 'Sector' },
    { field: 'status', type: 'nominal', title: 'Status' },
    weight('weightBefore', 'Weight before'),
    weight('weightAfter', 'Weight after'),
    weight('weightChange', 'Change', ACTIVE_WEIGHT_FORMAT),
  ];
  const hasRank = { field: 'rankChange', valid: true };
  const barLayers = [
    { when: (d: WeightChangeDatum) => isFiniteNumber(d.rankChange), filter: hasRank, tooltip: [...base, { field: 'rankBefore', type: 'quantitative', title: 'Rank before', format: ',d' }, { field: 'rankAfter', type: 'quantitative', title: 'Rank after', format: ',d' }] },
    { when: (d: WeightChangeDatum) => !isFiniteNumber(d.rankChange), filter: { not: hasRank }, tooltip: base },
  ].filter((l) => values.some(l.when));
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'x'),
  ];
  if (values.length) {
    layer.unshift({
      data: { values },
      layer: [
        ...barLayers.map((l) => ({
          transform: [{ filter: l.filter }],
          mark: { type: 'bar', height: { band: 0.7 }, cornerRadiusEnd: 2 },
          encoding: {
            y,
            x,
            color: {
              field: 'status',
              type: 'nominal',
              title: null,
              scale: { domain: present, range: present.map((s) => colours[s]) },
              legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'square' },
            },
            tooltip: l.tooltip,
          },
        })),
        ...(['right', 'left'] as const)
          .filter((side) => values.some((v) => v.side === side))
          .map((side) => ({
            transform: [{ filter: { field: 'side', equal: side } }],
            mark: { type: 'text', align: side === 'right' ? 'left' : 'right', baseline: 'middle', dx: side === 'right' ? 4 : -4, color: theme.mutedForeground },
            encoding: { y, x, text: { field: 'weightChange', type: 'quantitative', format: ACTIVE_WEIGHT_FORMAT } },
          })),
      ],
    });
  }
  const counts = present.filter((s) => s !== 'none').map((s) => `${values.filter((v) => v.status === s).length} ${s}`);
  const body = {
    title: { text: 'Largest weight changes', subtitle: values.length ? `Top ${values.length} of ${drawn.length}: ${counts.join(' · ')}` : 'No weight changed' },
    width: 'container',
    height: 20 * Math.max(values.length, 1),
    layer,
  };
  return chartSpec(WEIGHT_CHANGES_CHART, theme, body, warnings);
}

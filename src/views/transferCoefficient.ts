/**
 * The transfer coefficient over time: per date, the correlation of active weights and
 * scores (a line with a point per date), its mean over the run as a dashed rule, and the
 * selected date marked.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TransferCoefficientPoint } from '../model/performance/transferCoefficient';
import { chartSpec } from './chartSpec';
import type { ChartTheme } from './theme';
import { selectedDateRule, timeAxis, type DateFields } from './timeAxis';

export interface TransferCoefficientOptions {
  /** ISO date to mark with a rule; ignored with a warning when not in the data. */
  selectedDate?: string;
}

/** One point; `date` (the ISO string) is what a click yields. */
export interface TransferCoefficientDatum extends TransferCoefficientPoint, DateFields {
  tc: number;
}

/** The chart's stable name (`usermeta.name`). */
export const TRANSFER_COEFFICIENT_CHART = 'transfer-coefficient';

/**
 * The transfer coefficient by date; dates where it is undefined are left out with a warning.
 * @example transferCoefficientChart(tc.points, theme, { selectedDate: '2025-12-31' })
 */
export function transferCoefficientChart(points: readonly TransferCoefficientPoint[], theme: ChartTheme, options: TransferCoefficientOptions = {}): TopLevelSpec {
  if (!Array.isArray(points)) throw new TypeError('transferCoefficientChart: points must be an array of { date, stocks, tc }');
  const warnings: string[] = [];
  const drawn = points.filter((p): p is TransferCoefficientDatum => p.tc !== null && Number.isFinite(p.tc));
  if (drawn.length < points.length) warnings.push(`${points.length - drawn.length} date(s) without a transfer coefficient (fewer than 3 scored stocks, or constant weights) are not shown.`);
  const axis = timeAxis(drawn.map((p) => p.date));
  const values = drawn.map((p) => ({ ...p, ...axis.dateFields(p.date) })).sort((a, b) => a.dateOrder - b.dateOrder);
  const mean = values.length ? values.reduce((a, p) => a + p.tc, 0) / values.length : null;
  const y = { field: 'tc', type: 'quantitative', title: 'corr(active weight, score)', scale: { zero: true, nice: true } };
  const layer: Record<string, unknown>[] = [];
  if (mean !== null) {
    layer.push({
      data: { values: [{ mean, label: `mean ${mean.toFixed(2)}` }] },
      layer: [
        { mark: { type: 'rule', color: theme.mutedForeground, strokeDash: [5, 3], strokeWidth: 1 }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: theme.mutedForeground }, encoding: { y: { field: 'mean', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } } },
      ],
    });
  }
  const rule = selectedDateRule(axis, options.selectedDate, theme.mutedForeground);
  if (rule) layer.push(rule);
  else if (options.selectedDate !== undefined && values.length) warnings.push(`Date ${JSON.stringify(options.selectedDate)} has no transfer coefficient: no date marked.`);
  if (values.length) {
    const tooltip = [
      { field: 'date', type: 'nominal', title: 'Date' },
      { field: 'tc', type: 'quantitative', title: 'Transfer coefficient', format: '.3f' },
      { field: 'stocks', type: 'quantitative', title: 'Scored stocks', format: ',d' },
    ];
    layer.push({
      data: { values },
      layer: [
        ...(values.length > 1 ? [{ mark: { type: 'line', color: theme.accent, strokeWidth: 1.5 }, encoding: { x: axis.encoding, y } }] : []),
        { mark: { type: 'circle', size: 30, opacity: 1, color: theme.accent }, encoding: { x: axis.encoding, y, tooltip } },
      ],
    });
  }
  const subtitle = 'Per date: Pearson correlation of active weights and scores over the scored stocks';
  const body = { title: { text: 'Transfer coefficient', subtitle }, width: 'container', height: 200, layer };
  return chartSpec(TRANSFER_COEFFICIENT_CHART, theme, body, warnings);
}

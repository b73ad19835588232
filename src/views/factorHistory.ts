/**
 * Factor attribution over time: one line per factor, with the selected date marked.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FactorHistoryPoint } from '../model/types';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import type { ExposureMeasure } from './factorExposure';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, scoreTitle } from './format';
import { categoryScale } from './palette';
import type { ChartTheme } from './theme';
import { selectedDateRule, timeAxis, type DateFields } from './timeAxis';

export interface FactorHistoryOptions {
  measure: ExposureMeasure;
  /** ISO date (or `snapshot`) to mark with a rule; ignored with a warning when not in the data. */
  selectedDate?: string;
  /** The run's factors, in its order: each factor's line takes the colour of its place here (palette.ts). */
  factors?: readonly string[];
}

/** One point; `factor` and `date` (the ISO string) are what a click yields. */
export interface FactorHistoryDatum extends FactorHistoryPoint, DateFields {
  value: number;
  factorOrder: number;
}

/** The chart's stable name (`usermeta.name`). */
export const FACTOR_HISTORY_CHART = 'factor-history';

/**
 * Lines of each factor's attribution by date, coloured by factor (each in the colour of
 * its place in `options.factors`, else in the order the factors first appear). A single date (a snapshot) is drawn
 * as points. Points whose measure is null are left out with a warning.
 * @example factorHistoryChart(factors.history, theme, { measure: 'portfolio', selectedDate: '2024-03-29' })
 */
export function factorHistoryChart(
  rows: readonly FactorHistoryPoint[],
  theme: ChartTheme,
  options: FactorHistoryOptions,
): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('factorHistoryChart: rows must be an array of factor history points');
  const warnings: string[] = [];
  let measure = options?.measure;
  if (measure !== 'portfolio' && measure !== 'active') {
    warnings.push(`Unknown measure ${JSON.stringify(measure)}: showing portfolio attribution.`);
    measure = 'portfolio';
  }
  const points = rows.filter((row) => isFiniteNumber(row[measure]));
  if (points.length < rows.length) {
    warnings.push(
      measure === 'active' && rows.every((r) => r.active === null)
        ? 'No benchmark weights: active attribution is not available.'
        : `${rows.length - points.length} point(s) without a ${measure} attribution are not shown.`,
    );
  }
  const axis = timeAxis(points.map((p) => p.date));
  const single = axis.dates.length <= 1;
  const factors = new Map<string, number>();
  for (const p of points) if (!factors.has(p.factor)) factors.set(p.factor, factors.size);
  const values: FactorHistoryDatum[] = points.map((p) => ({
    ...p,
    value: p[measure] as number,
    factorOrder: factors.get(p.factor) as number,
    ...axis.dateFields(p.date),
  }));

  const title = measure === 'active' ? 'Active attribution' : 'Portfolio attribution';
  const y = { field: 'value', type: 'quantitative', title: scoreTitle(title), axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 5 } };
  const color = {
    field: 'factor',
    type: 'nominal',
    title: 'Factor',
    scale: categoryScale(options?.factors ? [...options.factors].map(String) : [...factors.keys()], [...factors.keys()]),
    legend: { orient: 'bottom', direction: 'horizontal', columns: 4, symbolType: single ? 'circle' : 'stroke', labelLimit: 160 },
  };
  const tooltip = [
    { field: 'date', type: 'nominal', title: 'Date' },
    { field: 'factor', type: 'nominal', title: 'Factor' },
    { field: 'value', type: 'quantitative', title: scoreTitle(title), ...CONTRIBUTION_FORMAT },
  ];
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'y', theme.gridColor),
  ];
  // A single date needs no marker: every point is on it.
  const rule = single ? null : selectedDateRule(axis, options?.selectedDate, theme.mutedForeground);
  if (rule) layer.push(rule);
  else if (!single && options?.selectedDate !== undefined) warnings.push(`Date ${JSON.stringify(options.selectedDate)} is not in the history: no date marked.`);
  const dataLayers: Record<string, unknown>[] = single
    ? [{ mark: { type: 'point', filled: true, size: 70, opacity: 1 }, encoding: { x: axis.encoding, y, color, tooltip } }]
    : [
        { mark: { type: 'line', strokeWidth: 2 }, encoding: { x: axis.encoding, y, color } },
        // Invisible points give each date its own tooltip; opacity 0 keeps them out of mark counts.
        { mark: { type: 'point', size: 90, opacity: 0 }, encoding: { x: axis.encoding, y, color, tooltip } },
      ];
  layer.push({ data: { values }, layer: dataLayers });
  const body = { width: 'container', height: 240, layer };
  return chartSpec(FACTOR_HISTORY_CHART, theme, body, warnings);
}

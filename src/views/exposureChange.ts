/**
 * How each factor's portfolio exposure changed between two snapshots, split into the part
 * from trading (weights moving) and the part from the signals moving under the positions
 * held: change = fromWeights + fromSignals.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ExposureChange } from '../model/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, SCORE_FORMAT } from './format';
import { termBars } from './termBars';
import type { ChartTheme } from './theme';

/** One factor's row as drawn: `factor` is what a click yields. */
export interface ExposureChangeDatum extends ExposureChange {
  total: number;
}

/** The chart's stable name (`usermeta.name`). */
export const EXPOSURE_CHANGE_CHART = 'exposure-change';

/** The two terms' labels (constant text, in the legend and tooltips). */
export const FROM_WEIGHTS_LABEL = 'From trading (weights)';
export const FROM_SIGNALS_LABEL = 'From signals';

/**
 * Horizontal bars per factor (in the order given): the trading term and the signal term
 * stacked away from zero by sign, in the theme's first two categorical colours, with a tick
 * and a label at the total change. Rows with a non-finite term are left out with a warning.
 * @example exposureChangeChart(compare.exposure, theme)
 */
export function exposureChangeChart(rows: readonly ExposureChange[], theme: ChartTheme): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('exposureChangeChart: rows must be an array of exposure changes');
  const warnings: string[] = [];
  const drawn = rows.filter((r) => [r.before, r.after, r.change, r.fromWeights, r.fromSignals].every(isFiniteNumber));
  if (drawn.length < rows.length) warnings.push(`${rows.length - drawn.length} factor(s) without a finite exposure change are not shown.`);
  const values: ExposureChangeDatum[] = drawn.map((r) => ({ ...r, total: r.change }));
  const body = termBars(values, theme, {
    categoryField: 'factor',
    categoryTitle: 'Factor',
    terms: [
      { key: 'fromWeights', label: FROM_WEIGHTS_LABEL, color: theme.categorical[0] ?? theme.positive },
      { key: 'fromSignals', label: FROM_SIGNALS_LABEL, color: theme.categorical[1] ?? theme.negative },
    ],
    totalTitle: 'Exposure change',
    valueFormat: CONTRIBUTION_FORMAT,
    axisFormat: CONTRIBUTION_AXIS_FORMAT,
    tooltip: [
      { field: 'before', type: 'quantitative', title: 'Exposure before', ...SCORE_FORMAT },
      { field: 'after', type: 'quantitative', title: 'Exposure after', ...SCORE_FORMAT },
    ],
  });
  return chartSpec(EXPOSURE_CHANGE_CHART, theme, { title: { text: 'Factor exposure change', subtitle: 'Bars: trading and signal parts · tick: total change' }, ...body }, warnings);
}

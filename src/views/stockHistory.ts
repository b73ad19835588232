/**
 * One stock's history: its score (and rank) over time above its weight against the
 * benchmark's, with the selected date marked in both.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { StockHistoryPoint } from '../model/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { CONTRIBUTION_AXIS_FORMAT, SCORE_FORMAT, WEIGHT_AXIS_FORMAT, WEIGHT_FORMAT, scoreTitle } from './format';
import type { ChartTheme } from './theme';
import { selectedDateRule, timeAxis, type DateFields, type TimeAxis } from './timeAxis';

export interface StockHistoryOptions {
  /** ISO date (or `snapshot`) to mark with a rule; ignored with a warning when not in the data. */
  selectedDate?: string;
}

/** A point of the score panel; `date` (the ISO string) is what a click yields. */
export interface StockScoreDatum extends DateFields {
  score: number;
  rank: number | null;
}

/** A point of the weight panel: one per date and series. */
export interface StockWeightDatum extends DateFields {
  series: 'Portfolio' | 'Benchmark';
  weight: number;
}

/** The chart's stable name (`usermeta.name`). */
export const STOCK_HISTORY_CHART = 'stock-history';

const PANEL_HEIGHT = 140;

/**
 * Two panels sharing a time axis: the score by date (rank in the tooltip), and portfolio
 * weight against benchmark weight by date (dashed). A single date is drawn as points.
 * @example stockHistoryChart(stockDetail.history, theme, { selectedDate: stockDetail.date })
 */
export function stockHistoryChart(
  history: readonly StockHistoryPoint[],
  theme: ChartTheme,
  options: StockHistoryOptions = {},
): TopLevelSpec {
  if (!Array.isArray(history)) throw new TypeError('stockHistoryChart: history must be an array of stock history points');
  const warnings: string[] = [];
  const axis = timeAxis(history.map((p) => p.date));
  const scores: StockScoreDatum[] = history
    .filter((p) => isFiniteNumber(p.score))
    .map((p) => ({ ...axis.dateFields(p.date), score: p.score as number, rank: isFiniteNumber(p.rank) ? p.rank : null }));
  const weights: StockWeightDatum[] = [];
  for (const p of history) {
    if (isFiniteNumber(p.weight)) weights.push({ ...axis.dateFields(p.date), series: 'Portfolio', weight: p.weight });
    if (isFiniteNumber(p.benchmarkWeight)) {
      weights.push({ ...axis.dateFields(p.date), series: 'Benchmark', weight: p.benchmarkWeight });
    }
  }
  const single = axis.dates.length <= 1;
  // A single date needs no marker: every point is on it.
  const rule = single ? null : selectedDateRule(axis, options.selectedDate, theme.mutedForeground);
  if (!rule && !single && options.selectedDate !== undefined) {
    warnings.push(`Date ${JSON.stringify(options.selectedDate)} is not in the history: no date marked.`);
  }
  const scorePanel = panel(axis, rule, scores, {
    y: { field: 'score', type: 'quantitative', title: scoreTitle('Score'), scale: { zero: false }, axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 4 } },
    color: { value: theme.accent },
    tooltip: [
      { field: 'date', type: 'nominal', title: 'Date' },
      { field: 'score', type: 'quantitative', title: scoreTitle('Score'), ...SCORE_FORMAT },
      { field: 'rank', type: 'quantitative', title: 'Rank', format: ',d' },
    ],
  });
  const series = weights.some((w) => w.series === 'Benchmark') ? ['Portfolio', 'Benchmark'] : ['Portfolio'];
  const weightPanel = panel(axis, rule, weights, {
    y: { field: 'weight', type: 'quantitative', title: 'Weight', axis: { format: WEIGHT_AXIS_FORMAT, tickCount: 4 } },
    color: {
      field: 'series',
      type: 'nominal',
      title: null,
      scale: { domain: series, range: [theme.accent, theme.mutedForeground] },
      // Under the weight panel it describes (at the top it would read as the score panel's).
      legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'stroke' },
    },
    strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: [[1, 0], [5, 3]] } },
    tooltip: [
      { field: 'date', type: 'nominal', title: 'Date' },
      { field: 'series', type: 'nominal', title: 'Series' },
      { field: 'weight', type: 'quantitative', title: 'Weight', format: WEIGHT_FORMAT },
    ],
  });
  const body = {
    vconcat: [scorePanel, weightPanel],
    spacing: 16,
    resolve: { scale: { x: 'shared', color: 'independent', strokeDash: 'independent' } },
  };
  return chartSpec(STOCK_HISTORY_CHART, theme, body, warnings);
}

interface PanelEncoding {
  y: Record<string, unknown>;
  color: Record<string, unknown>;
  strokeDash?: Record<string, unknown>;
  tooltip: Record<string, unknown>[];
}

/** One panel: a line (points for a single date) with invisible hover points for tooltips. */
function panel(axis: TimeAxis, rule: Record<string, unknown> | null, values: object[], enc: PanelEncoding): Record<string, unknown> {
  const x = axis.encoding;
  const single = axis.dates.length <= 1;
  const { tooltip, strokeDash, ...encoding } = enc;
  const dataLayers = single
    ? [{ mark: { type: 'point', filled: true, size: 70, opacity: 1 }, encoding: { x, ...encoding, tooltip } }]
    : [
        { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, ...encoding, ...(strokeDash ? { strokeDash } : {}) } },
        { mark: { type: 'point', size: 90, opacity: 0 }, encoding: { x, ...encoding, tooltip } },
      ];
  return {
    width: 'container',
    height: PANEL_HEIGHT,
    layer: [...(rule ? [rule] : []), { data: { values }, layer: dataLayers }],
  };
}

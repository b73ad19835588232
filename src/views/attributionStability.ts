/**
 * Attribution drift over time: per date, the rank correlation of feature importance with
 * the previous date and with the baseline (one line each), the manifest's minimum as a
 * dashed rule, and in the tooltip the effective number of features and the largest rank
 * moves. Dates below the minimum are drawn in the theme's negative colour.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RankMove, StabilityPoint } from '../model/stability/attributionStability';
import { chartSpec, isFiniteNumber } from './chartSpec';
import type { ChartTheme } from './theme';
import { selectedDateRule, timeAxis, type DateFields } from './timeAxis';

export interface StabilityChartOptions {
  /** `constraints.stability.minRankCorrelation`; null or absent when the manifest sets none. */
  limit?: number | null;
  /** The baseline's name, for the legend; absent without a baseline. */
  baselineName?: string | null;
  /** ISO date to mark with a rule; ignored with a warning when not in the data. */
  selectedDate?: string;
}

/** One point of one line; `date` (the ISO string) is what a click yields. */
export interface StabilityDatum extends DateFields {
  date: string;
  /** `previous date` or `baseline …`. */
  against: string;
  correlation: number;
  comparedWith: string;
  effectiveFeatures: number | null;
  movers: string;
  status: 'within' | 'breach';
}

/** The chart's stable name (`usermeta.name`). */
export const STABILITY_CHART = 'attribution-stability';

/**
 * The stability timeline.
 * @example stabilityChart(stability.points, theme, { limit: stability.minRankCorrelation, baselineName: stability.baselineName })
 */
export function stabilityChart(points: readonly StabilityPoint[], theme: ChartTheme, options: StabilityChartOptions = {}): TopLevelSpec {
  if (!Array.isArray(points)) throw new TypeError('stabilityChart: points must be an array of { date, previous, baseline, … }');
  const warnings: string[] = [];
  let limit = options.limit ?? null;
  if (limit !== null && !(isFiniteNumber(limit) && limit >= -1 && limit <= 1)) {
    warnings.push(`Option limit must be a number in [-1, 1], not ${JSON.stringify(limit)}: no limit drawn.`);
    limit = null;
  }
  const baselineLabel = options.baselineName ? `baseline ${options.baselineName}` : 'baseline';
  const axis = timeAxis(points.map((p) => p.date));
  const values: StabilityDatum[] = [];
  for (const p of points) {
    const movers = p.movers.map((m: RankMove) => `${m.feature} ${m.rankBefore}→${m.rankAfter}`).join(', ') || '—';
    const add = (against: string, correlation: number | null, comparedWith: string) => {
      if (correlation === null) return;
      values.push({ ...axis.dateFields(p.date), date: p.date, against, correlation, comparedWith, effectiveFeatures: p.effectiveFeatures, movers, status: limit !== null && correlation < limit ? 'breach' : 'within' });
    };
    const index = points.indexOf(p);
    add('previous date', p.previous, index > 0 ? points[index - 1].date : '—');
    add(baselineLabel, p.baseline, p.baselineDate ?? '—');
  }
  values.sort((a, b) => a.dateOrder - b.dateOrder);
  const series = ['previous date', ...(values.some((v) => v.against === baselineLabel) ? [baselineLabel] : [])];
  const y = { field: 'correlation', type: 'quantitative', title: 'Rank correlation of importance', scale: { zero: false, nice: true, domainMax: 1 } };
  const color = { field: 'against', type: 'nominal', title: 'Against', scale: { domain: series, range: [theme.accent, theme.categorical[1] ?? theme.mutedForeground] }, legend: { orient: 'bottom' } };
  const layer: Record<string, unknown>[] = [];
  if (limit !== null) {
    layer.push({
      data: { values: [{ limit, label: 'minimum' }] },
      layer: [
        { mark: { type: 'rule', color: theme.negative, strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'limit', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: theme.negative }, encoding: { y: { field: 'limit', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } } },
      ],
    });
  }
  const rule = selectedDateRule(axis, options.selectedDate, theme.mutedForeground);
  if (rule) layer.push(rule);
  else if (options.selectedDate !== undefined && values.length) warnings.push(`Date ${JSON.stringify(options.selectedDate)} is not in the timeline: no date marked.`);
  if (values.length) {
    const tooltip = [
      { field: 'date', type: 'nominal', title: 'Date' },
      { field: 'against', type: 'nominal', title: 'Against' },
      { field: 'comparedWith', type: 'nominal', title: 'Compared with' },
      { field: 'correlation', type: 'quantitative', title: 'Rank correlation', format: '.3f' },
      { field: 'effectiveFeatures', type: 'quantitative', title: 'Effective features', format: '.1f' },
      { field: 'movers', type: 'nominal', title: 'Largest rank moves' },
    ];
    layer.push({
      data: { values },
      layer: [
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x: axis.encoding, y, color } },
        {
          mark: { type: 'circle', size: 30, opacity: 1 },
          encoding: {
            x: axis.encoding,
            y,
            color: { condition: { test: "datum.status === 'breach'", value: theme.negative }, ...color },
            tooltip,
          },
        },
      ],
    });
  }
  const breaches = values.filter((v) => v.status === 'breach').length;
  const subtitle =
    limit === null ? 'Spearman correlation of mean |contribution| by feature · no minimum set' : `Minimum ${limit} · ${breaches ? `${breaches} point${breaches > 1 ? 's' : ''} below it` : 'never below it'}`;
  const body = { title: { text: 'Attribution stability', subtitle }, width: 'container', height: 200, layer };
  return chartSpec(STABILITY_CHART, theme, body, warnings);
}

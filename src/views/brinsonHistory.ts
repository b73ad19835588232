/**
 * Brinson-Fachler attribution over time: each date's allocation, selection and interaction
 * stacked away from zero, and the active return they add up to as a line.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BrinsonAttribution } from '../model/performance/brinson';
import { BRINSON_FORMAT, brinsonTerms } from './brinson';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { periodAxis, selectedPeriodRule, type PeriodFields } from './periodAxis';
import type { ChartTheme } from './theme';

export interface BrinsonHistoryOptions {
  /** ISO date to mark with a rule; ignored with a warning when not in the data. */
  selectedDate?: string;
}

/** One term on one date; `date` (the period's start) is what a click yields. */
export interface BrinsonTermDatum extends PeriodFields {
  term: string;
  termOrder: number;
  value: number;
  /** Where the term's bar starts and ends once stacked (positives up from 0, negatives down). */
  y0: number;
  y1: number;
  activeReturn: number;
}

/** The chart's stable name (`usermeta.name`). */
export const BRINSON_HISTORY_CHART = 'brinson-history';

/**
 * Per date (each bar spanning its forward-return period), the three terms stacked away from
 * zero by sign in the theme's first three categorical colours, and a line with points of
 * the active return (= allocation + selection + interaction) in the foreground colour.
 * Dates with a non-finite term are left out with a warning.
 * @example brinsonHistoryChart(performance.brinson, theme, { selectedDate: '2023-07-31' })
 */
export function brinsonHistoryChart(b: BrinsonAttribution, theme: ChartTheme, options: BrinsonHistoryOptions = {}): TopLevelSpec {
  if (!b || !Array.isArray(b.points)) throw new TypeError('brinsonHistoryChart: b must be a Brinson attribution with points');
  const warnings: string[] = [];
  const points = b.points.filter((p) => [p.allocation, p.selection, p.interaction, p.activeReturn].every(isFiniteNumber));
  if (points.length < b.points.length) warnings.push(`${b.points.length - points.length} date(s) without a finite attribution are not shown.`);
  const axis = periodAxis(points.map((p) => p.date));
  const terms = brinsonTerms(theme);
  const segments: BrinsonTermDatum[] = [];
  for (const p of points) {
    let up = 0;
    let down = 0;
    terms.forEach((t, termOrder) => {
      const value = p[t.key as 'allocation' | 'selection' | 'interaction'];
      if (value === 0) return;
      const y0 = value > 0 ? up : down;
      const y1 = y0 + value;
      if (value > 0) up = y1;
      else down = y1;
      segments.push({ ...axis.fields(p.date), term: t.label, termOrder, value, y0, y1, activeReturn: p.activeReturn });
    });
  }
  const active = points.map((p) => ({ ...axis.fields(p.date), activeReturn: p.activeReturn, portfolioReturn: p.portfolioReturn, benchmarkReturn: p.benchmarkReturn })).sort((x, y) => x.dateOrder - y.dateOrder);
  const y = { field: 'y0', type: 'quantitative', title: 'Active return', scale: { nice: true }, axis: { format: '~%', tickCount: 6 } };
  const layer: Record<string, unknown>[] = [];
  if (segments.length) {
    layer.push({
      data: { values: segments },
      mark: { type: 'bar', ...(axis.temporal ? { stroke: theme.background, strokeWidth: 0.5 } : { width: { band: 0.8 } }) },
      encoding: {
        ...axis.band,
        y,
        y2: { field: 'y1' },
        color: {
          field: 'term',
          type: 'nominal',
          title: null,
          sort: terms.map((t) => t.label),
          scale: { domain: terms.map((t) => t.label), range: terms.map((t) => t.color) },
          legend: { orient: 'top', direction: 'horizontal', symbolType: 'square' },
        },
        tooltip: [
          { field: 'date', type: 'nominal', title: 'Date' },
          { field: 'term', type: 'nominal', title: 'Term' },
          { field: 'value', type: 'quantitative', title: 'Amount', format: BRINSON_FORMAT },
          { field: 'activeReturn', type: 'quantitative', title: 'Active return', format: BRINSON_FORMAT },
        ],
      },
    });
  }
  layer.push(zeroRule(theme, 'y'));
  if (active.length) {
    const ay = { field: 'activeReturn', type: 'quantitative' };
    layer.push({
      data: { values: active },
      layer: [
        ...(active.length > 1 ? [{ mark: { type: 'line', color: theme.foreground, strokeWidth: 1.5 }, encoding: { ...axis.mid, y: ay, order: { field: 'dateOrder', type: 'quantitative' } } }] : []),
        {
          mark: { type: 'point', filled: true, size: 18, color: theme.foreground, opacity: 1 },
          encoding: {
            ...axis.mid,
            y: ay,
            tooltip: [
              { field: 'date', type: 'nominal', title: 'Date' },
              { field: 'activeReturn', type: 'quantitative', title: 'Active return', format: BRINSON_FORMAT },
              { field: 'portfolioReturn', type: 'quantitative', title: 'Portfolio return', format: BRINSON_FORMAT },
              { field: 'benchmarkReturn', type: 'quantitative', title: 'Benchmark return', format: BRINSON_FORMAT },
            ],
          },
        },
      ],
    });
  }
  const rule = selectedPeriodRule(axis, options.selectedDate, theme.mutedForeground);
  if (rule) layer.push(rule);
  else if (options.selectedDate !== undefined && active.length) warnings.push(`Date ${JSON.stringify(options.selectedDate)} has no attribution: no date marked.`);
  const body = {
    title: { text: 'Brinson attribution over time', subtitle: 'Bars: allocation, selection, interaction · line: active return (their sum)' },
    width: 'container',
    height: 240,
    layer,
  };
  return chartSpec(BRINSON_HISTORY_CHART, theme, body, warnings);
}

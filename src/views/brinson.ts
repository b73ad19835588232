/**
 * Brinson-Fachler attribution by sector: allocation, selection and interaction, on one date
 * or summed over the run, so the active return splits into where the book was positioned
 * and what it picked.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BrinsonAttribution } from '../model/performance/brinson';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { termBars, type TermSpec } from './termBars';
import { percentText } from './textFormat';
import type { ChartTheme } from './theme';

export interface BrinsonChartOptions {
  /** An ISO date of `b.points`; absent: the totals over the run. Unknown: totals, with a warning. */
  date?: string;
}

/** One sector's row as drawn; `sector` is what a click yields. */
export interface BrinsonSectorDatum {
  sector: string;
  allocation: number;
  selection: number;
  interaction: number;
  total: number;
}

/** The chart's stable name (`usermeta.name`). */
export const BRINSON_CHART = 'brinson-attribution';
/** Attribution terms in tooltips and labels: `+0.12%`. */
export const BRINSON_FORMAT = '+.2%';

/** The three terms in the theme's first three categorical colours (also used by the history chart). */
export function brinsonTerms(theme: ChartTheme): TermSpec[] {
  return [
    { key: 'allocation', label: 'Allocation', color: theme.categorical[0] ?? theme.positive },
    { key: 'selection', label: 'Selection', color: theme.categorical[1] ?? theme.negative },
    { key: 'interaction', label: 'Interaction', color: theme.categorical[2] ?? theme.mutedForeground },
  ];
}

/**
 * Horizontal bars per sector (in the order given) of the three terms stacked away from zero
 * by sign, with a tick and a label at the sector's total. For `date`, that date's terms;
 * otherwise the arithmetic sums over the run. Sectors with a non-finite term are left out
 * with a warning.
 * @example brinsonChart(performance.brinson, theme, { date: '2023-07-31' })
 */
export function brinsonChart(b: BrinsonAttribution, theme: ChartTheme, options: BrinsonChartOptions = {}): TopLevelSpec {
  if (!b || !Array.isArray(b.points) || !Array.isArray(b.bySector)) throw new TypeError('brinsonChart: b must be a Brinson attribution with points and bySector');
  const warnings: string[] = [];
  let point = options.date === undefined ? undefined : b.points.find((p) => p.date === options.date);
  if (options.date !== undefined && !point) {
    warnings.push(`Date ${JSON.stringify(options.date)} has no attribution: showing the totals over the run.`);
    point = undefined;
  }
  const rows = point ? point.sectors : b.bySector;
  const values: BrinsonSectorDatum[] = rows
    .filter((r) => [r.allocation, r.selection, r.interaction, r.total].every(isFiniteNumber))
    .map((r) => ({ sector: r.sector, allocation: r.allocation, selection: r.selection, interaction: r.interaction, total: r.total }));
  if (values.length < rows.length) warnings.push(`${rows.length - values.length} sector(s) without a finite attribution are not shown.`);
  const body = termBars(values, theme, {
    categoryField: 'sector',
    categoryTitle: 'Sector',
    terms: brinsonTerms(theme),
    totalTitle: 'Active return contribution',
    valueFormat: BRINSON_FORMAT,
    axisFormat: '~%',
    tooltip: [],
  });
  const sum = (key: 'allocation' | 'selection' | 'interaction') => values.reduce((a, v) => a + v[key], 0);
  const totals = `allocation ${percentText(sum('allocation'), 2, true)} · selection ${percentText(sum('selection'), 2, true)} · interaction ${percentText(sum('interaction'), 2, true)}`;
  const title = point
    ? { text: `Brinson attribution, ${point.date}`, subtitle: `Active ${percentText(point.activeReturn, 2, true)} = ${totals}` }
    : { text: 'Brinson attribution, sum over the run', subtitle: `${b.points.length} dates: ${totals}` };
  return chartSpec(BRINSON_CHART, theme, { title, ...body }, warnings);
}

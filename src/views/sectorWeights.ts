/**
 * Group weights: each sector's (country's, region's) active weight against the benchmark,
 * or its portfolio weight where there is no benchmark, largest first.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupWeight } from '../model/types';
import { chartSpec, isFiniteNumber, slug } from './chartSpec';
import { ACTIVE_WEIGHT_FORMAT, WEIGHT_AXIS_FORMAT, WEIGHT_FORMAT, signOf } from './format';
import { signedBars, type SignedBarDatum } from './signedBars';
import type { ChartTheme } from './theme';

export interface SectorWeightsOptions {
  /** What a group is, for titles and the chart name: `Sector`, `Country`, `Region`. */
  groupTitle: string;
}

/** One bar; `group` is what a click on a bar yields (the webview filters by it). */
export interface GroupWeightDatum extends SignedBarDatum, GroupWeight {
  /** Which weight `value` is: active where known, else portfolio. */
  measure: 'active' | 'portfolio';
}

/** The chart's stable name: `sector-weights` for groupTitle `Sector`. */
export function groupWeightsChartName(groupTitle: string): string {
  return `${slug(groupTitle)}-weights`;
}

/**
 * Horizontal bars per group of the active weight (portfolio weight when active is null),
 * sorted from the largest value to the smallest, coloured by sign.
 * @example sectorWeightsChart(overview.sectorWeights, theme, { groupTitle: 'Sector' })
 */
export function sectorWeightsChart(
  rows: readonly GroupWeight[],
  theme: ChartTheme,
  options: SectorWeightsOptions,
): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('sectorWeightsChart: rows must be an array of group weights');
  const warnings: string[] = [];
  let groupTitle = options?.groupTitle;
  if (typeof groupTitle !== 'string' || !groupTitle.trim()) {
    warnings.push('No group title given: using "Group".');
    groupTitle = 'Group';
  }
  const drawn = rows
    .map((row) => {
      const measure: GroupWeightDatum['measure'] = isFiniteNumber(row.active) ? 'active' : 'portfolio';
      return { row, measure, value: measure === 'active' ? (row.active as number) : row.portfolio };
    })
    .filter((d) => isFiniteNumber(d.value));
  if (drawn.length < rows.length) {
    warnings.push(`${rows.length - drawn.length} ${groupTitle.toLowerCase()} row(s) without a weight are not shown.`);
  }
  drawn.sort((a, b) => b.value - a.value || compareText(a.row.group, b.row.group));
  const values: GroupWeightDatum[] = drawn.map((d, order) => ({
    ...d.row,
    measure: d.measure,
    order,
    value: d.value,
    sign: signOf(d.value),
  }));
  const anyActive = values.some((v) => v.measure === 'active');
  const allActive = values.every((v) => v.measure === 'active');
  const valueTitle = !anyActive ? 'Portfolio weight' : allActive ? 'Active weight' : 'Active weight (portfolio weight where no benchmark)';
  const holdings = { field: 'holdings', type: 'quantitative', title: 'Holdings', format: ',d' };
  const weight = (field: string, title: string, format = WEIGHT_FORMAT) => ({ field, type: 'quantitative', title, format });
  const variants = [
    {
      field: 'measure',
      equal: 'active',
      tooltip: [
        weight('value', 'Active weight', ACTIVE_WEIGHT_FORMAT),
        weight('portfolio', 'Portfolio weight'),
        weight('benchmark', 'Benchmark weight'),
        holdings,
      ],
    },
    { field: 'measure', equal: 'portfolio', tooltip: [weight('value', 'Portfolio weight'), holdings] },
  ];
  const body = signedBars(values, theme, {
    categoryField: 'group',
    categoryTitle: groupTitle,
    valueTitle,
    valueFormat: anyActive ? ACTIVE_WEIGHT_FORMAT : WEIGHT_FORMAT,
    axisFormat: WEIGHT_AXIS_FORMAT,
    tooltip: [],
    variants,
  });
  return chartSpec(groupWeightsChartName(groupTitle), theme, body, warnings);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Active weights against their limit: each sector's (country's, region's) active weight as
 * a bar, the manifest's ±maxActive as a shaded band with dashed edges, and the groups
 * beyond it drawn in the theme's negative colour with an outline.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupActive } from '../model/types';
import { chartSpec, isFiniteNumber, slug, zeroRule } from './chartSpec';
import { ACTIVE_WEIGHT_FORMAT, WEIGHT_AXIS_FORMAT, WEIGHT_FORMAT } from './format';
import type { ChartTheme } from './theme';

export interface ActiveWeightLimitsOptions {
  /** What a group is, for titles and the chart name: `Sector`, `Country`, `Region`. */
  groupTitle: string;
}

/** One bar; `group` is what a click on a bar yields. */
export interface ActiveLimitDatum extends GroupActive {
  active: number;
  order: number;
  /** `breach` when |active| is beyond the limit (the model's judgement), else `within`. */
  status: 'within' | 'breach';
  side: 'right' | 'left';
}

/** The chart's stable name: `sector-active-limits` for groupTitle `Sector`. */
export function activeWeightLimitsChartName(groupTitle: string): string {
  return `${slug(groupTitle)}-active-limits`;
}

/**
 * Horizontal bars of active weight per group, largest overweight first, over a band from
 * -limit to +limit. Bars within the limit are the theme's positive colour (as a passed guardrail); breaching bars its negative
 * colour, outlined. Groups without a benchmark (active null) are left out with a warning;
 * without a limit only the bars are drawn.
 * @example activeWeightLimitsChart(portfolio.bySector, theme, { groupTitle: 'Sector' })
 */
export function activeWeightLimitsChart(rows: readonly GroupActive[], theme: ChartTheme, options: ActiveWeightLimitsOptions): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('activeWeightLimitsChart: rows must be an array of group active weights');
  const warnings: string[] = [];
  let groupTitle = options?.groupTitle;
  if (typeof groupTitle !== 'string' || !groupTitle.trim()) {
    warnings.push('No group title given: using "Group".');
    groupTitle = 'Group';
  }
  const drawn = rows.filter((r) => isFiniteNumber(r.active));
  if (drawn.length < rows.length) {
    warnings.push(
      drawn.length === 0
        ? 'No benchmark weights: active weights cannot be drawn.'
        : `${rows.length - drawn.length} ${groupTitle.toLowerCase()} row(s) without an active weight are not shown.`,
    );
  }
  const limits = [...new Set(drawn.map((r) => r.limit).filter(isFiniteNumber))];
  if (limits.length > 1) warnings.push(`Rows carry ${limits.length} different limits: the band shows the widest.`);
  const limit = limits.length ? Math.max(...limits) : null;
  const values: ActiveLimitDatum[] = [...drawn]
    .sort((a, b) => (b.active as number) - (a.active as number) || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
    .map((r, order) => ({ ...r, active: (r.active as number) + 0, order, status: r.breach ? 'breach' : 'within', side: (r.active as number) < 0 ? 'left' : 'right' }));

  const y = { field: 'group', type: 'nominal', title: groupTitle, sort: { field: 'order', op: 'min', order: 'ascending' } };
  const extent = Math.max(limit ?? 0, ...values.map((v) => Math.abs(v.active)), 1e-4);
  const x = {
    field: 'active',
    type: 'quantitative',
    title: 'Active weight',
    scale: { domain: [-extent * 1.05, extent * 1.05], nice: true, padding: 48 },
    axis: { format: WEIGHT_AXIS_FORMAT, tickCount: 7 },
  };
  const withLimit = values.some((v) => isFiniteNumber(v.limit));
  const tooltip = [
    { field: 'group', type: 'nominal', title: groupTitle },
    { field: 'active', type: 'quantitative', title: 'Active weight', format: ACTIVE_WEIGHT_FORMAT },
    { field: 'portfolio', type: 'quantitative', title: 'Portfolio weight', format: WEIGHT_FORMAT },
    { field: 'benchmark', type: 'quantitative', title: 'Benchmark weight', format: WEIGHT_FORMAT },
    ...(withLimit ? [{ field: 'limit', type: 'quantitative', title: 'Limit (±)', format: WEIGHT_FORMAT }, { field: 'status', type: 'nominal', title: 'Status' }] : []),
    { field: 'holdings', type: 'quantitative', title: 'Holdings', format: ',d' },
  ];
  const layer: Record<string, unknown>[] = [];
  if (limit !== null) {
    layer.push({
      data: { values: [{ low: -limit, high: limit }] },
      layer: [
        { mark: { type: 'rect', color: theme.gridColor, opacity: 0.45 }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
        { mark: { type: 'rule', color: theme.mutedForeground, strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x: { field: 'low', type: 'quantitative' } } },
        { mark: { type: 'rule', color: theme.mutedForeground, strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x: { field: 'high', type: 'quantitative' } } },
      ],
    });
  }
  layer.push(zeroRule(theme, 'x'));
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
            stroke: { condition: { test: { field: 'status', equal: 'breach' }, value: theme.foreground }, value: null },
            strokeWidth: { condition: { test: { field: 'status', equal: 'breach' }, value: 1.5 }, value: 0 },
            tooltip,
          },
        },
        ...(['right', 'left'] as const)
          .filter((side) => values.some((v) => v.side === side))
          .map((side) => ({
            transform: [{ filter: { field: 'side', equal: side } }],
            mark: { type: 'text', align: side === 'right' ? 'left' : 'right', baseline: 'middle', dx: side === 'right' ? 4 : -4, color: theme.mutedForeground },
            encoding: { y, x, text: { field: 'active', type: 'quantitative', format: ACTIVE_WEIGHT_FORMAT } },
          })),
      ],
    });
  }
  const breaches = values.filter((v) => v.status === 'breach').length;
  const subtitle = limit === null ? 'No limit set for this grouping' : `Limit ±${(limit * 100).toFixed(limit * 100 < 1 ? 2 : 1)}% · ${breaches ? `${breaches} breach${breaches > 1 ? 'es' : ''}` : 'no breach'}`;
  const body = {
    title: { text: `${groupTitle} active weights`, subtitle },
    width: 'container',
    height: 22 * Math.max(values.length, 1),
    layer,
  };
  return chartSpec(activeWeightLimitsChartName(groupTitle), theme, body, warnings);
}

/**
 * Factor x group heat map: each factor's attribution within each sector (country, region),
 * on a diverging scale centred on zero.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FactorGroupCell } from '../model/types';
import { chartSpec, isFiniteNumber, slug } from './chartSpec';
import { divergingColor, mostReadable, parseColor, type Rgb } from './colors';
import type { ExposureMeasure } from './factorExposure';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT } from './format';
import type { ChartTheme } from './theme';

export interface FactorHeatmapOptions {
  groupTitle: 'Sector' | 'Country' | 'Region';
  measure: ExposureMeasure;
  /**
   * Print each cell's value in it. Default: when there are at most 12 groups (more do not
   * leave room for a number in a cell at usual widths).
   */
  cellLabels?: boolean;
}

/** One cell; `group` and `factor` are what a click on a cell yields. */
export interface FactorHeatmapDatum extends FactorGroupCell {
  value: number;
  groupOrder: number;
  factorOrder: number;
  /** Which theme colour the cell's label is drawn in: whichever reads better on the fill. */
  labelTone: 'foreground' | 'background';
}

/** The chart's stable name: `factor-sector-heatmap` for groupTitle `Sector`. */
export function factorHeatmapName(groupTitle: string): string {
  return `factor-${slug(groupTitle)}-heatmap`;
}

const GROUP_TITLES = ['Sector', 'Country', 'Region'];
const MAX_LABELLED_GROUPS = 12;
/** Pixels per factor row. */
const ROW_STEP = 28;

/**
 * Rect heat map, factors down, groups across, coloured from the theme's negative colour
 * through its grid colour (zero) to its positive colour, on a domain symmetric around zero.
 * Cells whose measure is null or not finite are left out with a warning.
 * @example factorHeatmap(factors.bySector, theme, { groupTitle: 'Sector', measure: 'active' })
 */
export function factorHeatmap(
  rows: readonly FactorGroupCell[],
  theme: ChartTheme,
  options: FactorHeatmapOptions,
): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('factorHeatmap: rows must be an array of factor x group cells');
  const warnings: string[] = [];
  let groupTitle: string = options?.groupTitle;
  if (!GROUP_TITLES.includes(groupTitle)) {
    warnings.push(`Unknown group title ${JSON.stringify(groupTitle)}: using "Group".`);
    groupTitle = 'Group';
  }
  let measure = options?.measure;
  if (measure !== 'portfolio' && measure !== 'active') {
    warnings.push(`Unknown measure ${JSON.stringify(measure)}: showing portfolio attribution.`);
    measure = 'portfolio';
  }
  const groups = new Map<string, number>();
  const factors = new Map<string, number>();
  const cells = rows.filter((row) => isFiniteNumber(row[measure]));
  if (cells.length < rows.length) {
    warnings.push(
      measure === 'active' && rows.every((r) => r.active === null)
        ? 'No benchmark weights: active attribution is not available.'
        : `${rows.length - cells.length} cell(s) without a ${measure} attribution are not shown.`,
    );
  }
  for (const row of cells) {
    if (!groups.has(row.group)) groups.set(row.group, groups.size);
    if (!factors.has(row.factor)) factors.set(row.factor, factors.size);
  }
  const extent = cells.reduce((m, row) => Math.max(m, Math.abs(row[measure] as number)), 0) || 1;

  const negative = parseColor(theme.negative);
  const mid = parseColor(theme.gridColor);
  const positive = parseColor(theme.positive);
  const labelTone = (value: number): FactorHeatmapDatum['labelTone'] => {
    if (!negative || !mid || !positive) return Math.abs(value) > extent / 2 ? 'background' : 'foreground';
    const fill = divergingColor(negative as Rgb, mid as Rgb, positive as Rgb, value / extent);
    return mostReadable(fill, [theme.foreground, theme.background]) === theme.foreground ? 'foreground' : 'background';
  };
  const values: FactorHeatmapDatum[] = cells.map((row) => {
    // `+ 0` turns -0 into 0, so that no cell reads "−0".
    const value = (row[measure] as number) + 0;
    return {
      ...row,
      value,
      groupOrder: groups.get(row.group) as number,
      factorOrder: factors.get(row.factor) as number,
      labelTone: labelTone(value),
    };
  });

  const title = measure === 'active' ? 'Active attribution' : 'Portfolio attribution';
  const legendTitle = measure === 'active' ? 'Active' : 'Portfolio';
  const manyGroups = groups.size > 4;
  const x = {
    field: 'group',
    type: 'nominal',
    title: groupTitle,
    sort: { field: 'groupOrder', op: 'min', order: 'ascending' },
    axis: { labelAngle: manyGroups ? -40 : 0, labelAlign: manyGroups ? 'right' : 'center', labelLimit: 140 },
  };
  const y = { field: 'factor', type: 'nominal', title: 'Factor', sort: { field: 'factorOrder', op: 'min', order: 'ascending' } };
  const showLabels = options?.cellLabels ?? groups.size <= MAX_LABELLED_GROUPS;
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: 'rect', stroke: theme.background, strokeWidth: 1 },
      encoding: {
        x,
        y,
        color: {
          field: 'value',
          type: 'quantitative',
          title,
          scale: {
            type: 'linear',
            domain: [-extent, extent],
            domainMid: 0,
            range: [theme.negative, theme.gridColor, theme.positive],
            interpolate: 'rgb',
          },
          legend: { title: legendTitle, format: CONTRIBUTION_AXIS_FORMAT, gradientLength: Math.max(ROW_STEP * factors.size - 20, 60), tickCount: 5 },
        },
        tooltip: [
          { field: 'factor', type: 'nominal', title: 'Factor' },
          { field: 'group', type: 'nominal', title: groupTitle },
          { field: 'value', type: 'quantitative', title, format: CONTRIBUTION_FORMAT },
        ],
      },
    },
  ];
  if (showLabels) {
    // Zero gets no sign ("0", not "+0"); everything else is signed.
    for (const zero of [false, true]) {
      if (!values.some((d) => (d.value === 0) === zero)) continue;
      const isZero = { field: 'value', equal: 0 };
      layer.push({
        transform: [{ filter: zero ? isZero : { not: isZero } }],
        mark: { type: 'text', baseline: 'middle', fontSize: Math.max(theme.fontSize - 2, 8) },
        encoding: {
          x,
          y,
          text: { field: 'value', type: 'quantitative', format: zero ? '~r' : '+.2~r' },
          color: {
            condition: { test: { field: 'labelTone', equal: 'background' }, value: theme.background },
            value: theme.foreground,
          },
        },
      });
    }
  }
  const body = { width: 'container', height: ROW_STEP * Math.max(factors.size, 1), data: { values }, layer };
  return chartSpec(factorHeatmapName(groupTitle), theme, body, warnings);
}

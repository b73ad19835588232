/**
 * Factor x group heat map: each factor's attribution within each sector (country, region),
 * on a diverging scale centred on zero.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FactorGroupCell } from '../model/types';
import { chartSpec, isFiniteNumber, slug } from './chartSpec';
import { divergingColor, mostReadable, parseColor, type Rgb } from './colors';
import type { ExposureMeasure } from './factorExposure';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, SCORE_FORMAT_TYPE, SCORE_UNIT, formatScoreBp, scoreTitle } from './format';
import type { ChartTheme } from './theme';

export interface FactorHeatmapOptions {
  groupTitle: 'Sector' | 'Country' | 'Region';
  measure: ExposureMeasure;
  /**
   * Print each cell's value in it. Default: wherever it fits (cells narrower than the
   * longest label show their value on hover only).
   */
  cellLabels?: boolean;
}

/** One cell; `group` and `factor` are what a click on a cell yields. */
export interface FactorHeatmapDatum extends FactorGroupCell {
  /** The measure; null for a missing cell (no attribution for this factor and group). */
  value: number | null;
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
/** Pixels per factor row. */
const ROW_STEP = 28;
/** The share of cells whose colour saturates: the scale ends at this quantile of |value|, so one large cell does not wash the rest out. */
const SATURATION_QUANTILE = 0.95;

/**
 * Rect heat map, factors down, groups across, on a diverging scale centred on zero: the
 * theme's negative colour, the background at exactly zero, the positive colour, over a
 * domain symmetric around zero (to the 95th percentile of |value|; larger cells saturate,
 * and the legend says so). Zero is a bordered cell that prints `0.0`; a missing cell (no
 * attribution for that factor and group) is hatched grey and prints `–`, so the two never
 * read alike. Each cell prints its value in bp of score where the label fits, and always
 * shows it on hover.
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
  for (const row of rows) {
    if (!groups.has(row.group)) groups.set(row.group, groups.size);
    if (!factors.has(row.factor)) factors.set(row.factor, factors.size);
  }
  const cells = rows.filter((row) => isFiniteNumber(row[measure]));
  if (cells.length < rows.length && measure === 'active' && rows.every((r) => r.active === null)) {
    warnings.push('No benchmark weights: active attribution is not available.');
  }
  const magnitudes = cells.map((row) => Math.abs(row[measure] as number)).sort((a, b) => a - b);
  const largest = magnitudes[magnitudes.length - 1] ?? 0;
  const quantile = magnitudes.length ? magnitudes[Math.min(magnitudes.length - 1, Math.floor(SATURATION_QUANTILE * (magnitudes.length - 1)))] : 0;
  // Few cells: every one is informative, the scale ends at the largest.
  const extent = (magnitudes.length >= 20 ? quantile : largest) || largest || 1;
  const saturated = largest > extent;

  const negative = parseColor(theme.negative);
  const mid = parseColor(theme.background);
  const positive = parseColor(theme.positive);
  const labelTone = (value: number): FactorHeatmapDatum['labelTone'] => {
    if (!negative || !mid || !positive) return Math.abs(value) > extent / 2 ? 'background' : 'foreground';
    const fill = divergingColor(negative as Rgb, mid as Rgb, positive as Rgb, value / extent);
    return mostReadable(fill, [theme.foreground, theme.background]) === theme.foreground ? 'foreground' : 'background';
  };
  // Every factor x group pair is a cell: the ones the data lacks (or gives no number for) are missing.
  const byKey = new Map(rows.map((row) => [`${row.factor}\u0000${row.group}`, row]));
  const values: FactorHeatmapDatum[] = [];
  for (const factor of factors.keys()) {
    for (const group of groups.keys()) {
      const row = byKey.get(`${factor}\u0000${group}`) ?? ({ factor, group, portfolio: null, active: null } as unknown as FactorGroupCell);
      const measured = row[measure];
      // `+ 0` turns -0 into 0, so that no cell reads "−0.0".
      const value = isFiniteNumber(measured) ? measured + 0 : null;
      values.push({ ...row, value, groupOrder: groups.get(group) as number, factorOrder: factors.get(factor) as number, labelTone: value === null ? 'foreground' : labelTone(value) });
    }
  }
  const missingCount = values.filter((d) => d.value === null).length;
  if (missingCount && !(measure === 'active' && rows.every((r) => r.active === null))) {
    warnings.push(`${missingCount} cell(s) without a ${measure} attribution are drawn hatched (missing), not as zero.`);
  }

  const title = scoreTitle(measure === 'active' ? 'Active attribution' : 'Portfolio attribution');
  const legendTitle = `${measure === 'active' ? 'Active' : 'Portfolio'} (${SCORE_UNIT})`;
  const manyGroups = groups.size > 4;
  const x = {
    field: 'group',
    type: 'nominal',
    title: groupTitle,
    sort: { field: 'groupOrder', op: 'min', order: 'ascending' },
    // Many groups: vertical names, which never run into each other however narrow the cells.
    axis: { labelAngle: manyGroups ? -90 : 0, labelAlign: manyGroups ? 'right' : 'center', labelBaseline: manyGroups ? 'middle' : 'top', labelLimit: 160 },
  };
  const y = { field: 'factor', type: 'nominal', title: 'Factor', sort: { field: 'factorOrder', op: 'min', order: 'ascending' } };
  const present = { filter: 'isValid(datum.value)' };
  const absent = { filter: '!isValid(datum.value)' };
  const tooltip = [
    { field: 'factor', type: 'nominal', title: 'Factor' },
    { field: 'group', type: 'nominal', title: groupTitle },
    { field: 'value', type: 'quantitative', title, ...CONTRIBUTION_FORMAT },
  ];
  const layer: Record<string, unknown>[] = [
    {
      transform: [present],
      mark: { type: 'rect', stroke: theme.gridColor, strokeWidth: 1 },
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
            range: [theme.negative, theme.background, theme.positive],
            interpolate: 'rgb',
            clamp: true,
          },
          legend: {
            title: saturated ? [legendTitle, 'ends saturate'] : legendTitle,
            ...CONTRIBUTION_AXIS_FORMAT,
            gradientLength: Math.max(ROW_STEP * factors.size - 20, 60),
            tickCount: 5,
          },
        },
        tooltip,
      },
    },
  ];
  if (missingCount) {
    layer.push({
      transform: [absent],
      mark: { type: 'rect', fill: theme.gridColor, fillOpacity: 0.5, stroke: theme.gridColor, strokeWidth: 1, strokeDash: [3, 2] },
      encoding: { x, y, tooltip: [tooltip[0], tooltip[1], { value: 'missing: no attribution for this cell' }] },
    });
  }
  const labelled = options?.cellLabels ?? true;
  if (labelled) {
    // The longest label, in characters, sets the narrowest cell that still prints its value.
    const longest = values.reduce((m, d) => Math.max(m, d.value === null ? 1 : formatScoreBp(d.value).length), 1);
    const fontSize = Math.max(theme.fontSize - 2, 8);
    const minBand = Math.ceil(longest * fontSize * 0.62) + 6;
    const fits = options?.cellLabels === true ? 'true' : `bandwidth('x') >= ${minBand}`;
    layer.push({
      // bp with one decimal; zero unsigned ("0.0"), a missing cell "–".
      transform: [{ calculate: `isValid(datum.value) ? (datum.value === 0 ? '0.0' : ${SCORE_FORMAT_TYPE}(datum.value, '+,.1f')) : '–'`, as: 'label' }],
      mark: { type: 'text', baseline: 'middle', fontSize },
      encoding: {
        x,
        y,
        text: { field: 'label', type: 'nominal' },
        color: {
          condition: { test: { field: 'labelTone', equal: 'background' }, value: theme.background },
          value: theme.foreground,
        },
        opacity: { condition: { test: fits, value: 1 }, value: 0 },
      },
    });
  }
  const body = { width: 'container', height: ROW_STEP * Math.max(factors.size, 1), data: { values }, layer };
  return chartSpec(factorHeatmapName(groupTitle), theme, body, warnings);
}

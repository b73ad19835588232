/**
 * Importance by sector: a heat map of mean |contribution| per sector and factor (or
 * feature), on a sequential scale: which signals drive each sector's scores.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SectorImportanceCell } from '../model/features/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { mix, mostReadable, parseColor, type Rgb } from './colors';
import type { ChartTheme } from './theme';

/** Mean |contribution| as it is, or each cell's share of its sector's total. */
export type SectorImportanceMeasure = 'meanAbs' | 'share';

export interface ImportanceBySectorOptions {
  measure?: SectorImportanceMeasure;
  /** Print each cell's value in it. Default: when there are at most 12 sectors. */
  cellLabels?: boolean;
}

/** One cell; `sector`, `factor` and (per-feature cells) `feature` are what a click yields. */
export interface SectorImportanceDatum extends SectorImportanceCell {
  /** The row: the feature for per-feature cells, else the factor. */
  row: string;
  value: number;
  /** The value in the legend's unit (mean |c| in units of 10^k, see the legend title). */
  label: number;
  sectorOrder: number;
  rowOrder: number;
  labelTone: 'foreground' | 'background';
}

export const IMPORTANCE_BY_SECTOR_CHART = 'importance-by-sector';
const MAX_LABELLED_SECTORS = 12;
const ROW_STEP = 28;

const TITLES: Record<SectorImportanceMeasure, string> = { meanAbs: 'Mean |contribution|', share: 'Share of sector' };
const SUPERSCRIPT: Record<string, string> = { '-': '\u207b', 0: '\u2070', 1: '\u00b9', 2: '\u00b2', 3: '\u00b3', 4: '\u2074', 5: '\u2075', 6: '\u2076', 7: '\u2077', 8: '\u2078', 9: '\u2079' };

/**
 * Mean |contribution| is often around 0.001 (scores in return units): cell labels and
 * legend are written in units of 10^k, k the largest cell's decade, so that a cell reads
 * `0.94` under a legend titled `Mean |c| ×10⁻³` rather than `0.00094`.
 */
function decade(extent: number): number {
  const k = Math.floor(Math.log10(extent));
  return Number.isFinite(k) && (k < -1 || k > 2) ? k : 0;
}

/**
 * Rect heat map, sectors across and factors (or features, when the cells carry one) down,
 * both in the order given, from the theme's grid colour (0) to its accent colour (the
 * largest cell). Cells whose measure is not finite are left out with a warning.
 * @example importanceBySectorChart(bySector.byFactor, theme, { measure: 'share' })
 */
export function importanceBySectorChart(cells: readonly SectorImportanceCell[], theme: ChartTheme, options: ImportanceBySectorOptions = {}): TopLevelSpec {
  if (!Array.isArray(cells)) throw new TypeError('importanceBySectorChart: cells must be an array of sector importance cells');
  const warnings: string[] = [];
  let measure = options.measure ?? 'meanAbs';
  if (measure !== 'meanAbs' && measure !== 'share') {
    warnings.push(`Unknown measure ${JSON.stringify(measure)}: showing mean |contribution|.`);
    measure = 'meanAbs';
  }
  const byFeature = cells.some((c) => c.feature !== null && c.feature !== undefined);
  const drawn = cells.filter((c) => isFiniteNumber(c[measure]));
  if (drawn.length < cells.length) warnings.push(`${cells.length - drawn.length} cell(s) without a value are not shown.`);
  const sectors = new Map<string, number>();
  const rows = new Map<string, number>();
  const rowOf = (c: SectorImportanceCell) => (byFeature ? String(c.feature) : c.factor);
  for (const c of drawn) {
    if (!sectors.has(c.sector)) sectors.set(c.sector, sectors.size);
    if (!rows.has(rowOf(c))) rows.set(rowOf(c), rows.size);
  }
  const extent = drawn.reduce((m, c) => Math.max(m, c[measure]), 0) || 1;
  const low = parseColor(theme.gridColor);
  const high = parseColor(theme.accent);
  const labelTone = (value: number): SectorImportanceDatum['labelTone'] => {
    if (!low || !high) return value > extent / 2 ? 'background' : 'foreground';
    const fill = mix(low as Rgb, high as Rgb, Math.max(0, Math.min(1, value / extent)));
    return mostReadable(fill, [theme.foreground, theme.background]) === theme.foreground ? 'foreground' : 'background';
  };
  const k = measure === 'meanAbs' ? decade(extent) : 0;
  const unit = 10 ** k;
  const values: SectorImportanceDatum[] = drawn.map((c) => ({
    ...c,
    row: rowOf(c),
    value: c[measure] + 0,
    label: c[measure] / unit,
    sectorOrder: sectors.get(c.sector) as number,
    rowOrder: rows.get(rowOf(c)) as number,
    labelTone: labelTone(c[measure]),
  }));

  const title = TITLES[measure];
  const unitSuffix = k ? ` \u00d710${[...String(k)].map((ch) => SUPERSCRIPT[ch]).join('')}` : '';
  const legend =
    measure === 'share'
      ? { title, format: '.0%' }
      : { title: `Mean |c|${unitSuffix}`, ...(k ? { labelExpr: `format(datum.value ${k < 0 ? `* ${10 ** -k}` : `/ ${unit}`}, '~r')` } : { format: '~r' }) };
  const rowTitle = byFeature ? 'Feature' : 'Factor';
  const manySectors = sectors.size > 4;
  const x = {
    field: 'sector',
    type: 'nominal',
    title: 'Sector',
    sort: { field: 'sectorOrder', op: 'min', order: 'ascending' },
    axis: { labelAngle: manySectors ? -90 : 0, labelAlign: manySectors ? 'right' : 'center', labelBaseline: manySectors ? 'middle' : 'top', labelLimit: 160 },
  };
  const y = { field: 'row', type: 'nominal', title: rowTitle, sort: { field: 'rowOrder', op: 'min', order: 'ascending' } };
  const tooltip = [
    { field: 'sector', type: 'nominal', title: 'Sector' },
    ...(byFeature ? [{ field: 'feature', type: 'nominal', title: 'Feature' }] : []),
    { field: 'factor', type: 'nominal', title: 'Factor' },
    { field: 'meanAbs', type: 'quantitative', title: TITLES.meanAbs, format: '.3~r' },
    { field: 'share', type: 'quantitative', title: TITLES.share, format: '.1%' },
    { field: 'stocks', type: 'quantitative', title: 'Stocks', format: ',d' },
  ];
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
          scale: { type: 'linear', domain: [0, extent], range: [theme.gridColor, theme.accent], interpolate: 'rgb' },
          legend: { ...legend, gradientLength: Math.max(ROW_STEP * rows.size - 20, 60), tickCount: 4 },
        },
        tooltip,
      },
    },
  ];
  if (options.cellLabels ?? sectors.size <= MAX_LABELLED_SECTORS) {
    layer.push({
      mark: { type: 'text', baseline: 'middle', fontSize: Math.max(theme.fontSize - 2, 8) },
      encoding: {
        x,
        y,
        text: { field: 'label', type: 'quantitative', format: measure === 'share' ? '.0%' : '.2~r' },
        color: { condition: { test: { field: 'labelTone', equal: 'background' }, value: theme.background }, value: theme.foreground },
      },
    });
  }
  const body = { width: 'container', height: ROW_STEP * Math.max(rows.size, 1), data: { values }, layer };
  return chartSpec(IMPORTANCE_BY_SECTOR_CHART, theme, body, warnings);
}

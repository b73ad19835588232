/**
 * Feature (and factor) importance: mean |contribution| as horizontal bars, largest first,
 * each bar in its factor's colour.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FactorImportance, FeatureImportance } from '../model/features/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, MAGNITUDE_FORMAT, scoreTitle } from './format';
import { categoryScale } from './palette';
import type { ChartTheme } from './theme';

/** Which importance to draw: over the stocks alike, or weighted by portfolio weight. */
export type ImportanceMeasure = 'meanAbs' | 'weightedMeanAbs';

export interface ImportanceChartOptions {
  measure?: ImportanceMeasure;
  /** Most bars (the largest); default 20 for features, every factor for factors. */
  maxBars?: number;
  /**
   * Every factor of the run in display order (RunSummary.factors), so that a factor has
   * the same colour in every chart and under every filter. Default: factors in the order
   * their bars appear.
   */
  factors?: readonly string[];
}

/** One bar; `feature` (feature chart) and `factor` are what a click yields. */
export interface ImportanceDatum {
  feature?: string;
  factor: string;
  order: number;
  value: number;
  meanAbs: number;
  meanSigned: number;
  /** Absent when the rows have none (no held stock under the filters). */
  weightedMeanAbs?: number;
  /** Feature bars: stocks averaged over; factor bars: features summed. */
  count: number;
}

export const FEATURE_IMPORTANCE_CHART = 'feature-importance';
export const FACTOR_IMPORTANCE_CHART = 'factor-importance';
const DEFAULT_MAX_FEATURES = 20;
/** Importance reads as a contribution size: unsigned, three significant digits. */
const IMPORTANCE_FORMAT = MAGNITUDE_FORMAT;

const MEASURE_TITLES: Record<ImportanceMeasure, string> = {
  meanAbs: 'Mean |contribution|',
  weightedMeanAbs: 'Weighted mean |contribution|',
};

/**
 * Horizontal bars of each feature's importance, largest on top, coloured by factor (the
 * theme's categorical palette), with the value at each bar's end. Rows whose measure is
 * null or not finite are left out with a warning.
 * @example featureImportanceChart(importance.features, theme, { factors: summary.factors })
 */
export function featureImportanceChart(rows: readonly FeatureImportance[], theme: ChartTheme, options: ImportanceChartOptions = {}): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('featureImportanceChart: rows must be an array of feature importances');
  return importanceChart(
    rows.map((r) => ({ ...r, count: r.stocks })),
    theme,
    options,
    { name: FEATURE_IMPORTANCE_CHART, category: 'feature', categoryTitle: 'Feature', countTitle: 'Stocks', defaultMax: DEFAULT_MAX_FEATURES },
  );
}

/**
 * Horizontal bars of each factor's importance: the sum of its features' mean
 * |contribution| (see `featureImportance`), largest on top, in the factor's colour.
 * @example factorImportanceChart(importance.factors, theme, { factors: summary.factors })
 */
export function factorImportanceChart(rows: readonly FactorImportance[], theme: ChartTheme, options: ImportanceChartOptions = {}): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('factorImportanceChart: rows must be an array of factor importances');
  return importanceChart(
    rows.map((r) => ({ ...r, count: r.features })),
    theme,
    options,
    { name: FACTOR_IMPORTANCE_CHART, category: 'factor', categoryTitle: 'Factor', countTitle: 'Features', defaultMax: Infinity },
  );
}

interface ImportanceRow {
  feature?: string;
  factor: string;
  meanAbs: number;
  meanSigned: number;
  weightedMeanAbs: number | null;
  count: number;
}

interface Kind {
  name: string;
  category: 'feature' | 'factor';
  categoryTitle: string;
  countTitle: string;
  defaultMax: number;
}

function importanceChart(rows: ImportanceRow[], theme: ChartTheme, options: ImportanceChartOptions, kind: Kind): TopLevelSpec {
  const warnings: string[] = [];
  let measure = options.measure ?? 'meanAbs';
  if (measure !== 'meanAbs' && measure !== 'weightedMeanAbs') {
    warnings.push(`Unknown measure ${JSON.stringify(measure)}: showing mean |contribution|.`);
    measure = 'meanAbs';
  }
  let maxBars = options.maxBars ?? kind.defaultMax;
  if (!(maxBars >= 1)) {
    warnings.push(`Option maxBars must be at least 1, not ${JSON.stringify(options.maxBars)}: showing ${kind.defaultMax === Infinity ? 'all' : kind.defaultMax}.`);
    maxBars = kind.defaultMax;
  }
  const drawable = rows.filter((r) => isFiniteNumber(r[measure]));
  if (drawable.length < rows.length) {
    warnings.push(
      measure === 'weightedMeanAbs' && rows.every((r) => r.weightedMeanAbs === null)
        ? 'No held stock under the filters: weighted importance is not available.'
        : `${rows.length - drawable.length} ${kind.category}(s) without a ${MEASURE_TITLES[measure].toLowerCase()} are not shown.`,
    );
  }
  const sorted = [...drawable].sort((a, b) => (b[measure] as number) - (a[measure] as number));
  const shown = sorted.slice(0, Math.floor(maxBars));
  const values: ImportanceDatum[] = shown.map((r, order) => {
    const datum: ImportanceDatum = { factor: r.factor, order, value: r[measure] as number, meanAbs: r.meanAbs, meanSigned: r.meanSigned, count: r.count };
    if (kind.category === 'feature') datum.feature = r.feature;
    if (isFiniteNumber(r.weightedMeanAbs)) datum.weightedMeanAbs = r.weightedMeanAbs;
    return datum;
  });

  const factorOrder = [...(options.factors ?? [])].map(String);
  for (const d of values) if (!factorOrder.includes(d.factor)) factorOrder.push(d.factor);
  const present = factorOrder.filter((f) => values.some((d) => d.factor === f));
  const title = MEASURE_TITLES[measure];
  const y = { field: kind.category, type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' }, axis: { labelLimit: 180 } };
  // From zero, with room beyond the longest bar for its label.
  const largest = values.reduce((m, d) => Math.max(m, d.value), 0) || 1;
  const x = { field: 'value', type: 'quantitative', title: scoreTitle(title), stack: null, scale: { domain: [0, largest * 1.2], nice: false }, axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 5 } };
  const withWeighted = values.length > 0 && values.every((d) => d.weightedMeanAbs !== undefined);
  const tooltip = [
    ...(kind.category === 'feature' ? [{ field: 'feature', type: 'nominal', title: 'Feature' }] : []),
    { field: 'factor', type: 'nominal', title: 'Factor' },
    { field: 'meanAbs', type: 'quantitative', title: scoreTitle(MEASURE_TITLES.meanAbs), ...IMPORTANCE_FORMAT },
    ...(withWeighted ? [{ field: 'weightedMeanAbs', type: 'quantitative', title: scoreTitle(MEASURE_TITLES.weightedMeanAbs), ...IMPORTANCE_FORMAT }] : []),
    { field: 'meanSigned', type: 'quantitative', title: scoreTitle('Mean contribution'), ...CONTRIBUTION_FORMAT },
    { field: 'count', type: 'quantitative', title: kind.countTitle, format: ',d' },
  ];
  const bars = {
    mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.7 } },
    encoding: {
      y,
      x,
      color: {
        field: 'factor',
        type: 'nominal',
        title: 'Factor',
        // Only the factors drawn (so the legend lists no others), each in its colour from the run's order.
        scale: categoryScale(factorOrder, present),
        legend: kind.category === 'feature' ? { orient: 'bottom', direction: 'horizontal', columns: 4, labelLimit: 160 } : null,
      },
      tooltip,
    },
  };
  const labels = {
    mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, color: theme.mutedForeground },
    encoding: { y, x, text: { field: 'value', type: 'quantitative', ...IMPORTANCE_FORMAT } },
  };
  const step = 22;
  const body = values.length
    ? { width: 'container', height: step * values.length, data: { values }, layer: [bars, labels] }
    : { width: 'container', height: step, data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: theme.mutedForeground }, encoding: { x: { field: 'zero', type: 'quantitative', title: scoreTitle(title) } } };
  return chartSpec(kind.name, theme, body, warnings);
}

/**
 * Factor exposure: the portfolio's attribution to each factor (weight x contributions,
 * summed over stocks), as signed horizontal bars.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FactorExposure } from '../model/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, scoreTitle, signOf } from './format';
import { signedBars, type SignedBarDatum } from './signedBars';
import type { ChartTheme } from './theme';

/** Which weighting of the attribution to draw. */
export type ExposureMeasure = 'portfolio' | 'active';

export interface FactorExposureOptions {
  measure: ExposureMeasure;
}

/** One bar of the chart; `factor` is what a click on a bar yields. */
export interface FactorExposureDatum extends SignedBarDatum, FactorExposure {}

/** The chart's stable name (`usermeta.name`). */
export const FACTOR_EXPOSURE_CHART = 'factor-exposure';

const MEASURE_TITLES: Record<ExposureMeasure, string> = {
  portfolio: 'Portfolio attribution',
  active: 'Active attribution',
};

/**
 * Horizontal bars per factor (in the order given), coloured by sign, with a rule at zero.
 * Factors whose measure is null (no benchmark) or not finite are left out with a warning.
 * @example factorExposureChart(overview.factorExposure, theme, { measure: 'active' })
 */
export function factorExposureChart(
  rows: readonly FactorExposure[],
  theme: ChartTheme,
  options: FactorExposureOptions,
): TopLevelSpec {
  if (!Array.isArray(rows)) throw new TypeError('factorExposureChart: rows must be an array of factor exposures');
  const warnings: string[] = [];
  let measure = options?.measure;
  if (measure !== 'portfolio' && measure !== 'active') {
    warnings.push(`Unknown measure ${JSON.stringify(measure)}: showing portfolio attribution.`);
    measure = 'portfolio';
  }
  const values: FactorExposureDatum[] = [];
  let missing = 0;
  for (const row of rows) {
    const value = row[measure];
    if (!isFiniteNumber(value)) {
      missing++;
      continue;
    }
    values.push({ ...row, order: values.length, value, sign: signOf(value) });
  }
  if (missing) {
    warnings.push(
      measure === 'active' && rows.every((r) => r.active === null)
        ? 'No benchmark weights: active attribution is not available.'
        : `${missing} factor(s) without a ${measure} attribution are not shown.`,
    );
  }
  const title = MEASURE_TITLES[measure];
  const tooltip = (['portfolio', 'active', 'benchmark'] as const)
    .filter((field) => field !== measure && values.length > 0 && values.every((v) => isFiniteNumber(v[field])))
    .map((field) => ({ field, type: 'quantitative', title: scoreTitle(field[0].toUpperCase() + field.slice(1)), ...CONTRIBUTION_FORMAT }));
  const body = signedBars(values, theme, {
    categoryField: 'factor',
    categoryTitle: 'Factor',
    valueTitle: title,
    valueFormat: CONTRIBUTION_FORMAT,
    axisFormat: CONTRIBUTION_AXIS_FORMAT,
    tooltip,
  });
  return chartSpec(FACTOR_EXPOSURE_CHART, theme, body, warnings);
}

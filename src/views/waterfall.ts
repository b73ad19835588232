/**
 * One stock's waterfall: from the model's base value, feature by feature, to its score,
 * so a position can be traced to the signals behind it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { StockDetailData } from '../model/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, SCORE_FORMAT, scoreTitle } from './format';
import type { ChartTheme } from './theme';
import {
  DEFAULT_WATERFALL_BARS,
  DEFAULT_WATERFALL_TOLERANCE,
  waterfallSteps,
  type WaterfallStep,
} from './waterfallSteps';

export interface WaterfallOptions {
  /** Most feature bars, the "other N features" bar included. Default 12. */
  maxBars?: number;
  /** Largest |score - (base + contributions)| drawn without an "unexplained" step. Default 1e-6. */
  tolerance?: number;
  /** Title the chart with the stock and date (for exports). Default true. */
  showTitle?: boolean;
}

/** The chart's stable name (`usermeta.name`). */
export const WATERFALL_CHART = 'stock-waterfall';

/**
 * One bar of the chart: a WaterfallStep plus what drawing it needs. Feature bars keep
 * `feature` and `factor` (a click on one opens the feature's definition).
 */
export interface WaterfallDatum extends WaterfallStep {
  order: number;
  /** `total` for the base and score bars, else the sign of the step. */
  tone: 'positive' | 'negative' | 'total';
  /** The running total after the step. */
  total: number;
  /** The raw feature value, for feature bars when the run has it. */
  featureValue?: number;
  /** Where the value label goes: beside the bar's right or left end. */
  side: 'right' | 'left';
  labelAt: number;
}

/**
 * Horizontal waterfall, top to bottom: base value, the largest contributions as floating
 * bars coloured by sign, "other N features", an "unexplained" step when the contributions
 * do not add up to the score, and the score. See `waterfallSteps` for the arithmetic.
 * @example waterfallChart(stockDetail, theme, { maxBars: 10 })
 */
export function waterfallChart(
  detail: StockDetailData,
  theme: ChartTheme,
  options: WaterfallOptions = {},
): TopLevelSpec {
  if (!detail || !Array.isArray(detail.contributions)) {
    throw new TypeError('waterfallChart: detail must be a stock detail with a contributions array');
  }
  const warnings: string[] = [];
  let maxBars = options.maxBars ?? DEFAULT_WATERFALL_BARS;
  if (!Number.isInteger(maxBars) || maxBars < 1) {
    warnings.push(`maxBars must be a whole number of at least 1, not ${String(maxBars)}: using ${DEFAULT_WATERFALL_BARS}.`);
    maxBars = DEFAULT_WATERFALL_BARS;
  }
  let tolerance = options.tolerance ?? DEFAULT_WATERFALL_TOLERANCE;
  if (!isFiniteNumber(tolerance) || tolerance < 0) {
    warnings.push(`tolerance must be a number of at least 0, not ${String(tolerance)}: using ${DEFAULT_WATERFALL_TOLERANCE}.`);
    tolerance = DEFAULT_WATERFALL_TOLERANCE;
  }
  const unusable = detail.contributions.filter((c) => !isFiniteNumber(c.contribution)).length;
  if (unusable) warnings.push(`${unusable} contribution(s) that are not numbers are left out.`);

  const featureValues = new Map(detail.contributions.map((c) => [c.feature, c.value]));
  const values: WaterfallDatum[] = waterfallSteps(detail, maxBars, tolerance).map((step, order) => {
    const total = step.kind === 'base' || step.kind === 'score';
    const rising = total ? step.end >= 0 : step.value >= 0;
    const datum: WaterfallDatum = {
      ...step,
      order,
      tone: total ? 'total' : step.value < 0 ? 'negative' : 'positive',
      total: step.end,
      side: rising ? 'right' : 'left',
      labelAt: rising ? Math.max(step.start, step.end) : Math.min(step.start, step.end),
    };
    const featureValue = step.kind === 'feature' ? featureValues.get(step.feature as string) : null;
    if (isFiniteNumber(featureValue)) datum.featureValue = featureValue;
    return datum;
  });

  const y = { field: 'label', type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' } };
  const x = {
    field: 'start',
    type: 'quantitative',
    title: scoreTitle('Score'),
    scale: { padding: 48, nice: true, zero: true },
    axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 6 },
  };
  // Only fields every datum of a layer has: a missing one would show as "undefined" or "NaN".
  const step = { field: 'label', type: 'nominal', title: 'Step' };
  const factor = { field: 'factor', type: 'nominal', title: 'Factor' };
  const amount = { field: 'value', type: 'quantitative', title: scoreTitle('Amount'), ...CONTRIBUTION_FORMAT };
  const runningTotal = { field: 'total', type: 'quantitative', title: scoreTitle('Running total'), ...SCORE_FORMAT };
  const featureValue = { field: 'featureValue', type: 'quantitative', title: 'Feature value', format: '.4~g' };
  const isFeature = { field: 'kind', equal: 'feature' };
  const hasValue = { field: 'featureValue', valid: true };
  const barLayers = [
    { when: (d: WaterfallDatum) => d.kind !== 'feature', filter: { not: isFeature }, tooltip: [step, amount, runningTotal] },
    {
      when: (d: WaterfallDatum) => d.kind === 'feature' && d.featureValue !== undefined,
      filter: { and: [isFeature, hasValue] },
      tooltip: [step, factor, amount, runningTotal, featureValue],
    },
    {
      when: (d: WaterfallDatum) => d.kind === 'feature' && d.featureValue === undefined,
      filter: { and: [isFeature, { not: hasValue }] },
      tooltip: [step, factor, amount, runningTotal],
    },
  ].filter((layer) => values.some(layer.when));
  const label = (side: 'right' | 'left', totals: boolean) => ({
    transform: [
      { filter: { field: 'side', equal: side } },
      { filter: totals ? { field: 'tone', equal: 'total' } : { not: { field: 'tone', equal: 'total' } } },
    ],
    mark: { type: 'text', align: side === 'right' ? 'left' : 'right', baseline: 'middle', dx: side === 'right' ? 4 : -4, color: theme.mutedForeground },
    encoding: {
      y,
      x: { field: 'labelAt', type: 'quantitative' },
      text: { field: totals ? 'end' : 'value', type: 'quantitative', ...(totals ? SCORE_FORMAT : CONTRIBUTION_FORMAT) },
    },
  });
  const title = options.showTitle === false ? {} : {
    title: {
      text: detail.name && detail.name !== detail.stock ? `${detail.stock} · ${detail.name}` : String(detail.stock),
      subtitle: [detail.sector, detail.country, detail.date].filter((s) => typeof s === 'string' && s).join(' · '),
    },
  };
  const body = {
    ...title,
    width: 'container',
    height: 22 * values.length,
    data: { values },
    layer: [
      ...barLayers.map(({ filter, tooltip }) => ({
        transform: [{ filter }],
        mark: { type: 'bar', height: { band: 0.7 }, cornerRadius: 1 },
        encoding: {
          y,
          x,
          x2: { field: 'end' },
          color: {
            field: 'tone',
            type: 'nominal',
            scale: { domain: ['positive', 'negative', 'total'], range: [theme.positive, theme.negative, theme.mutedForeground] },
            legend: null,
          },
          opacity: {
            condition: [
              { test: { field: 'kind', equal: 'other' }, value: 0.6 },
              { test: { field: 'kind', equal: 'residual' }, value: 0.45 },
            ],
            value: 1,
          },
          tooltip,
        },
      })),
      // Only the label layers that have bars to label (an empty layer has no extent).
      ...(['right', 'left'] as const).flatMap((side) =>
        [false, true]
          .filter((totals) => values.some((d) => d.side === side && (d.tone === 'total') === totals))
          .map((totals) => label(side, totals)),
      ),
    ],
  };
  return chartSpec(WATERFALL_CHART, theme, body, warnings);
}

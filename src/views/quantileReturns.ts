/**
 * Mean forward return by score quantile: whether the model's ordering pays across the whole
 * cross-section, not just at the top, and the top-minus-bottom spread.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { QuantileReturns } from '../model/performance/quantileReturns';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { signOf } from './format';
import { percentText } from './textFormat';
import type { ChartTheme } from './theme';

/** One bar; `bucket` (0 = lowest scores) is what a click yields. */
export interface QuantileDatum {
  bucket: number;
  /** `Q1` .. `Qn`; Q1 holds the lowest scores. */
  label: string;
  meanReturn: number;
  sign: 'positive' | 'negative';
  /** Dates whose bucket was not empty. */
  dates: number;
  /** Average number of stocks in the bucket over those dates. */
  averageCount: number;
  side: 'top' | 'bottom';
}

/** The chart's stable name (`usermeta.name`). */
export const QUANTILE_RETURNS_CHART = 'quantile-returns';
const RETURN_FORMAT = '+.2%';

const BUCKET_NAMES: Record<number, string> = { 3: 'tercile', 4: 'quartile', 5: 'quintile', 10: 'decile' };

/**
 * Vertical bars of the average (over dates) mean forward return of each score bucket,
 * lowest scores left, coloured by sign and labelled; the average top-minus-bottom spread in
 * the subtitle. Buckets without a mean are left out with a warning.
 * @example quantileChart(performance.quantiles, theme)
 */
export function quantileChart(q: QuantileReturns, theme: ChartTheme): TopLevelSpec {
  if (!q || !Array.isArray(q.averageMeans) || !Array.isArray(q.points)) throw new TypeError('quantileChart: q must be quantile returns with averageMeans and points');
  const warnings: string[] = [];
  const n = q.averageMeans.length;
  const values: QuantileDatum[] = [];
  q.averageMeans.forEach((mean, bucket) => {
    if (!isFiniteNumber(mean)) return;
    const counts = q.points.map((p) => p.counts?.[bucket]).filter((c): c is number => isFiniteNumber(c) && c > 0);
    values.push({
      bucket,
      label: `Q${bucket + 1}`,
      meanReturn: mean + 0,
      sign: signOf(mean),
      dates: counts.length,
      averageCount: counts.length ? counts.reduce((a, c) => a + c, 0) / counts.length : 0,
      side: mean < 0 ? 'bottom' : 'top',
    });
  });
  if (values.length < n) warnings.push(`${n - values.length} bucket(s) without a mean return are not shown.`);
  const noun = BUCKET_NAMES[n] ?? 'quantile';
  const x = {
    field: 'label',
    type: 'ordinal',
    title: `Score ${noun}, lowest to highest`,
    sort: { field: 'bucket', op: 'min', order: 'ascending' },
    axis: { labelAngle: 0 },
  };
  const y = { field: 'meanReturn', type: 'quantitative', title: 'Mean forward return', scale: { nice: true, padding: 16 }, axis: { format: '~%', tickCount: 5 } };
  const layer: Record<string, unknown>[] = [];
  if (values.length) {
    layer.push({
      data: { values },
      layer: [
        {
          mark: { type: 'bar', width: { band: 0.7 }, cornerRadiusEnd: 2 },
          encoding: {
            x,
            y,
            color: { field: 'sign', type: 'nominal', scale: { domain: ['positive', 'negative'], range: [theme.positive, theme.negative] }, legend: null },
            tooltip: [
              { field: 'label', type: 'nominal', title: 'Bucket' },
              { field: 'meanReturn', type: 'quantitative', title: 'Mean forward return', format: RETURN_FORMAT },
              { field: 'averageCount', type: 'quantitative', title: 'Stocks (average)', format: ',.0f' },
              { field: 'dates', type: 'quantitative', title: 'Dates', format: ',d' },
            ],
          },
        },
        ...(['top', 'bottom'] as const)
          .filter((side) => values.some((v) => v.side === side))
          .map((side) => ({
            transform: [{ filter: { field: 'side', equal: side } }],
            mark: { type: 'text', align: 'center', baseline: side === 'top' ? 'bottom' : 'top', dy: side === 'top' ? -3 : 3, color: theme.mutedForeground },
            encoding: { x, y, text: { field: 'meanReturn', type: 'quantitative', format: RETURN_FORMAT } },
          })),
      ],
    });
  }
  layer.push(zeroRule(theme, 'y'));
  const spread = isFiniteNumber(q.averageSpread) ? `Top − bottom spread ${percentText(q.averageSpread, 2, true)} per period, averaged over ${q.points.filter((p) => isFiniteNumber(p.spread)).length} dates` : 'No spread: the top or bottom bucket is empty';
  const body = {
    title: { text: `Mean forward return by score ${noun}`, subtitle: spread },
    width: 'container',
    height: 220,
    layer,
  };
  return chartSpec(QUANTILE_RETURNS_CHART, theme, body, warnings);
}

/** Dependence data: a feature's value against its contribution, coloured by a second feature. */
import type { FilterMasks } from '../engine/filters';
import { cellOffset, contributionsOf, valuesOf } from '../run/cells';
import type { Panel } from '../run/panel';
import { suggestInteraction } from './interaction';
import { contributionRows, featureIndex, roundSignificant, strideSample } from './rows';
import type { DependenceData, DependencePoint, InteractionSuggestion } from './types';

export interface DependenceOptions {
  /**
   * G, whose value colours the points: a feature name, `null` for none, or `'auto'`
   * (default) for the strongest interaction `suggestInteraction` finds. A run's feature
   * that is really named `auto` can still be picked by name: the name wins.
   */
  colourFeature?: string | null;
  /** At most this many points (every k-th eligible row, deterministic); default 5,000. */
  maxPoints?: number;
}

export const DEFAULT_DEPENDENCE_POINTS = 5_000;

/**
 * One point per (date, stock) with contributions under the filters and a value of
 * `feature` (F): F's value, F's contribution and G's value. On a date (or, with `date`
 * null, over every date) the eligible rows are in date then stock order; beyond
 * `maxPoints`, every `stride`-th is kept, a deterministic sample spread over dates and
 * stocks (`eligible` and `stride` say so). Rows without F's value cannot be placed and
 * are counted in `missingValues`. Numbers are rounded to 6 significant digits.
 * @example dependenceData(panel, d, masks, 'ep_fy1').points[0] // { stock: 'AAA', date: '2024-03-29', value: 0.081, contribution: 0.0123, colourValue: 0.14 }
 */
export function dependenceData(panel: Panel, date: number | null, masks: FilterMasks, feature: string, options: DependenceOptions = {}): DependenceData {
  const f = featureIndex(panel, feature);
  const requested = options.colourFeature === undefined ? 'auto' : options.colourFeature;
  let g: number | null = null;
  let interaction: InteractionSuggestion | null = null;
  if (requested !== null && panel.features.some((info) => info.name === requested)) {
    g = featureIndex(panel, requested);
  } else if (requested === 'auto') {
    interaction = suggestInteraction(panel, date, feature, masks);
    g = interaction.suggested === null ? null : featureIndex(panel, interaction.suggested);
  } else if (requested !== null) {
    featureIndex(panel, requested); // throws: no such feature
  }
  const maxPoints = Math.max(1, Math.floor(Number.isFinite(options.maxPoints) ? (options.maxPoints as number) : DEFAULT_DEPENDENCE_POINTS));

  const x = valuesOf(panel, f, date);
  const o = cellOffset(panel, date);
  const all = contributionRows(panel, date, masks);
  const withValue = x ? all.filter((r) => Number.isFinite(x[r - o])) : new Int32Array(0);
  const { rows, stride } = strideSample(withValue, maxPoints);
  const c = contributionsOf(panel, f, date);
  const y = g === null ? null : valuesOf(panel, g, date);
  const points: DependencePoint[] = Array.from(rows, (r) => {
    const colour = y ? y[r - o] : NaN;
    return {
      stock: panel.stocks[panel.rowStock[r]],
      date: panel.dates[panel.rowDate[r]],
      value: roundSignificant((x as Float64Array)[r - o]),
      contribution: roundSignificant(c[r - o]),
      colourValue: Number.isFinite(colour) ? roundSignificant(colour) : null,
    };
  });
  return {
    feature: panel.features[f].name,
    factor: panel.features[f].factor,
    colourFeature: g === null ? null : panel.features[g].name,
    colourFactor: g === null ? null : panel.features[g].factor,
    date: date === null ? null : panel.dates[date],
    points,
    eligible: withValue.length,
    stride,
    missingValues: all.length - withValue.length,
    interaction,
  };
}

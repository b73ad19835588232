/** Which panel rows a Features query reads, and the small helpers every query shares. */
import { InputError } from '../errors';
import type { FilterMasks } from '../engine/filters';
import type { Panel } from '../run/panel';
import { featureMessages } from './messages';

/**
 * The rows of `date` (every date when null) that have contributions and whose stock passes
 * the sector, country and region filters, in date then stock order.
 */
export function contributionRows(panel: Panel, date: number | null, masks: FilterMasks): Int32Array {
  const start = date === null ? 0 : panel.dateStart[date];
  const end = date === null ? panel.rows : panel.dateStart[date + 1];
  const out = new Int32Array(end - start);
  let n = 0;
  for (let r = start; r < end; r++) {
    if (panel.hasContributions[r] && masks.stock[panel.rowStock[r]]) out[n++] = r;
  }
  return out.subarray(0, n);
}

/** Indices of the features whose factor passes the factor filter, in the run's order. */
export function passingFeatures(panel: Panel, masks: FilterMasks): number[] {
  const out: number[] = [];
  for (let f = 0; f < panel.features.length; f++) if (masks.factor[panel.featureFactor[f]]) out.push(f);
  return out;
}

/** The feature's index; an InputError naming the feature when the run has none by that name. */
export function featureIndex(panel: Panel, feature: string): number {
  const f = panel.features.findIndex((info) => info.name === feature);
  if (f < 0) throw new InputError(featureMessages.unknownFeature(String(feature), panel.features[0]?.name));
  return f;
}

/** `x` to `digits` significant digits (6 keeps a payload small and reads exactly in a tooltip). */
export function roundSignificant(x: number, digits = 6): number {
  // `+ 0` turns -0 into 0.
  return x === 0 || !Number.isFinite(x) ? x + 0 : Number(x.toPrecision(digits)) + 0;
}

/**
 * Every `stride`-th of `rows` so that at most `max` remain: a deterministic sample, spread
 * evenly over dates and stocks because rows are in date then stock order.
 */
export function strideSample(rows: Int32Array, max: number): { rows: Int32Array; stride: number } {
  const stride = Math.max(1, Math.ceil(rows.length / Math.max(1, max)));
  if (stride === 1) return { rows, stride };
  const out = new Int32Array(Math.ceil(rows.length / stride));
  for (let i = 0, k = 0; i < rows.length; i += stride) out[k++] = rows[i];
  return { rows: out, stride };
}

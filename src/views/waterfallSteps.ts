/**
 * The arithmetic of a stock's waterfall, from the model's base value to its score, kept
 * apart from the chart so it can be tested exactly.
 */
import type { StockDetailData } from '../model/types';
import { isFiniteNumber } from './chartSpec';

/** What a step of the waterfall stands for. */
export type WaterfallStepKind = 'base' | 'feature' | 'other' | 'residual' | 'score';

/**
 * One bar of the waterfall. Totals (`base`, `score`) run from 0 to their value; the others
 * float from the running total before them (`start`) to the total after them (`end`).
 */
export interface WaterfallStep {
  /** Row label, unique within the steps (a repeated feature name gets ` (2)`, ` (3)`...). */
  label: string;
  kind: WaterfallStepKind;
  /** The feature, for `feature` steps. */
  feature?: string;
  /** The feature's factor, for `feature` steps. */
  factor?: string;
  start: number;
  end: number;
  /** The step's own amount: the contribution, the sum of the rest, the residual, or the total. */
  value: number;
}

export const DEFAULT_WATERFALL_BARS = 12;
export const BASE_LABEL = 'base value';
export const RESIDUAL_LABEL = 'unexplained';
export const SCORE_LABEL = 'score';
export const DEFAULT_WATERFALL_TOLERANCE = 1e-6;

/**
 * The waterfall of `detail`, top to bottom:
 * 1. `base`: 0 to the base value;
 * 2. `feature`: the largest |contribution| features, each from the running total to the
 *    running total plus its contribution. When there are more than `maxBars` features, the
 *    `maxBars - 1` largest are shown and
 * 3. `other`: one bar sums the rest (`other N features`);
 * 4. `residual`: `unexplained`, when |score - (base + sum of contributions)| > `tolerance`;
 * 5. `score`: 0 to the score (to base + sum of contributions when the score is null).
 *
 * Contributions that are not finite numbers are left out (the chart warns about them).
 * @example
 * waterfallSteps({ baseValue: 0.5, score: 0.75, contributions: [{ feature: 'ep', factor: 'value', contribution: 0.25, value: null }], ... }, 12, 1e-6)
 * // [{ label: 'base value', kind: 'base', start: 0, end: 0.5, value: 0.5 },
 * //  { label: 'ep', kind: 'feature', feature: 'ep', factor: 'value', start: 0.5, end: 0.75, value: 0.25 },
 * //  { label: 'score', kind: 'score', start: 0, end: 0.75, value: 0.75 }]
 */
export function waterfallSteps(
  detail: Pick<StockDetailData, 'baseValue' | 'score' | 'contributions'>,
  maxBars: number = DEFAULT_WATERFALL_BARS,
  tolerance: number = DEFAULT_WATERFALL_TOLERANCE,
): WaterfallStep[] {
  if (!detail || !Array.isArray(detail.contributions)) {
    throw new TypeError('waterfallSteps: detail must have a contributions array');
  }
  const bars = Number.isInteger(maxBars) && maxBars >= 1 ? maxBars : DEFAULT_WATERFALL_BARS;
  const tol = isFiniteNumber(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_WATERFALL_TOLERANCE;
  const base = isFiniteNumber(detail.baseValue) ? detail.baseValue : 0;
  const score = isFiniteNumber(detail.score) ? detail.score : null;
  return steps(detail.contributions, base, score, bars, tol);
}

function steps(
  contributions: StockDetailData['contributions'],
  base: number,
  score: number | null,
  maxBars: number,
  tolerance: number,
): WaterfallStep[] {
  const ranked = contributions
    .filter((c) => isFiniteNumber(c.contribution))
    .map((c, index) => ({ c, index }))
    .sort((a, b) => Math.abs(b.c.contribution) - Math.abs(a.c.contribution) || a.index - b.index)
    .map(({ c }) => c);
  const shown = ranked.length > maxBars ? ranked.slice(0, maxBars - 1) : ranked;
  const rest = ranked.slice(shown.length);
  const labels = new UniqueLabels([BASE_LABEL, RESIDUAL_LABEL, SCORE_LABEL]);
  const out: WaterfallStep[] = [{ label: BASE_LABEL, kind: 'base', start: 0, end: base, value: base }];
  let total = base;
  for (const c of shown) {
    out.push({
      label: labels.take(String(c.feature)),
      kind: 'feature',
      feature: c.feature,
      factor: c.factor,
      start: total,
      end: total + c.contribution,
      value: c.contribution,
    });
    total += c.contribution;
  }
  if (rest.length) {
    const sum = rest.reduce((s, c) => s + c.contribution, 0);
    out.push({ label: labels.take(`other ${rest.length} features`), kind: 'other', start: total, end: total + sum, value: sum });
    total += sum;
  }
  if (score !== null && Math.abs(score - total) > tolerance) {
    out.push({ label: RESIDUAL_LABEL, kind: 'residual', start: total, end: score, value: score - total });
    total = score;
  }
  const final = score ?? total;
  out.push({ label: SCORE_LABEL, kind: 'score', start: 0, end: final, value: final });
  return out;
}

/**
 * Hands out labels, suffixing a repeat with ` (2)`, ` (3)`, ... so every row is its own;
 * the reserved labels of the base, residual and score rows count as already taken.
 */
class UniqueLabels {
  private readonly seen: Set<string>;

  constructor(reserved: string[]) {
    this.seen = new Set(reserved);
  }

  take(label: string): string {
    let candidate = label;
    for (let n = 2; this.seen.has(candidate); n++) candidate = `${label} (${n})`;
    this.seen.add(candidate);
    return candidate;
  }
}

/**
 * The shape every guardrail check shares: one guardrail on one date, its limit, the worst
 * offender and every breach. A check that cannot be made (no benchmark for an active-weight
 * limit, no previous date for turnover) says why instead of passing silently.
 */

/** The guardrails a run's manifest can set (`constraints` in `*.glassbox.json`). */
export type Guardrail = 'sector' | 'country' | 'region' | 'stock' | 'turnover' | 'trackingError';

/**
 * - `pass` / `breach`: checked;
 * - `no-benchmark`: an active-weight limit on a run without benchmark weights;
 * - `no-weights`: the run has no portfolio weights (they were made up as equal weights);
 * - `no-previous-date`: turnover on a run's first date;
 * - `no-returns`: tracking error without forward returns (or too few dates of them).
 */
export type GuardrailStatus = 'pass' | 'breach' | 'no-benchmark' | 'no-weights' | 'no-previous-date' | 'no-returns';

/** A group (sector, country, region), a stock, or `portfolio`, and its value against the limit. */
export interface GuardrailValue {
  name: string;
  /** Active weight (signed), weight, turnover or tracking error, as a fraction. */
  value: number;
}

/**
 * One guardrail on one date.
 * @example { date: '2023-07-31', guardrail: 'sector', limit: 0.05, status: 'breach', pass: false,
 *   worst: { name: 'Consumer Staples', value: 0.056 }, breaches: [{ name: 'Consumer Staples', value: 0.056 }] }
 */
export interface GuardrailCheck {
  date: string;
  guardrail: Guardrail;
  limit: number;
  status: GuardrailStatus;
  /** Null when the check could not be made (see `status`). */
  pass: boolean | null;
  /** The value furthest from zero (largest |active weight|, largest weight, the turnover); null when not checked. */
  worst: GuardrailValue | null;
  /** Every value beyond the limit, largest magnitude first. */
  breaches: GuardrailValue[];
}

/**
 * Values within this much of the limit pass: weights are stored rounded (6 significant
 * digits in percent is common), so a book built exactly to the limit must not flicker.
 */
export const LIMIT_TOLERANCE = 1e-6;

/** Whether |value| exceeds the limit by more than the tolerance. */
export function beyondLimit(value: number, limit: number, tolerance: number): boolean {
  return Math.abs(value) > limit + tolerance;
}

/** A check that could not be made. */
export function uncheckable(date: string, guardrail: Guardrail, limit: number, status: Exclude<GuardrailStatus, 'pass' | 'breach'>): GuardrailCheck {
  return { date, guardrail, limit, status, pass: null, worst: null, breaches: [] };
}

/** A made check from its values (any order). */
export function judge(date: string, guardrail: Guardrail, limit: number, values: GuardrailValue[], tolerance: number): GuardrailCheck {
  const byMagnitude = [...values].sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const breaches = byMagnitude.filter((v) => beyondLimit(v.value, limit, tolerance));
  const pass = breaches.length === 0;
  return { date, guardrail, limit, status: pass ? 'pass' : 'breach', pass, worst: byMagnitude[0] ?? null, breaches };
}

/** Throws a RangeError unless `date` indexes one of the panel's dates. */
export function assertDateIndex(dates: readonly string[], date: number): void {
  if (!Number.isInteger(date) || date < 0 || date >= dates.length) throw new RangeError(`date index ${date} is outside the run's ${dates.length} dates`);
}

/** Throws a RangeError unless the limit is a non-negative finite number. */
export function assertLimit(limit: number, what: string): void {
  if (!Number.isFinite(limit) || limit < 0) throw new RangeError(`${what} limit must be a non-negative number (a fraction: 0.05 is 5%), got ${limit}`);
}

/** One guardrail over the run. */
export interface GuardrailSummary {
  guardrail: Guardrail;
  limit: number;
  /** Dates where the check was made. */
  checked: number;
  /** Dates where it failed, ascending. */
  breachedDates: string[];
  /** Dates where it could not be made, and why (e.g. the first date for turnover; every date without a benchmark). */
  unchecked: { status: Exclude<GuardrailStatus, 'pass' | 'breach'>; dates: number }[];
  /** The worst value over all dates (largest magnitude) and its date; null when never checked. */
  worst: (GuardrailValue & { date: string }) | null;
  /** False when any date breached; null when no date could be checked. */
  pass: boolean | null;
}

export interface GuardrailReport {
  /** One per guardrail per date, in date order then guardrail order (sector, country, region, stock, turnover, trackingError). */
  checks: GuardrailCheck[];
  /** One per guardrail the manifest sets. */
  summary: GuardrailSummary[];
  /** False when any check breached; null when nothing could be checked (or no guardrail is set). */
  pass: boolean | null;
}

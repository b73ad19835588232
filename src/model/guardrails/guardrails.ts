/**
 * Every guardrail of a run's manifest on every date: the pass/fail table of the Overview
 * and the exit code of `glassbox check`.
 */
import type { Constraints } from '../manifest';
import type { Panel } from '../run/panel';
import { activeWeightCheck } from './activeWeight';
import { type Guardrail, type GuardrailCheck, type GuardrailReport, type GuardrailStatus, type GuardrailSummary, LIMIT_TOLERANCE } from './check';
import { stockWeightCheck } from './stockWeight';
import { trackingErrorCheck } from './trackingError';
import { turnoverCheck } from './turnover';

export type { GuardrailReport, GuardrailSummary } from './check';

export interface GuardrailOptions {
  /** Forward returns aligned to the panel's rows (performance/returns.ts), for the tracking-error limit. */
  returns?: Float64Array | null;
  /** How far past a limit still passes (default LIMIT_TOLERANCE, 1e-6). */
  tolerance?: number;
}

const ORDER: Guardrail[] = ['sector', 'country', 'region', 'stock', 'turnover', 'trackingError'];

/**
 * Checks the manifest's constraints on every date of the panel: sector, country and region
 * active weights (|portfolio - benchmark| per group <= maxActive), single-name weights
 * (<= stock.maxWeight), one-way turnover against the previous date (<= turnover.max), and,
 * when returns are given, the run's ex-post tracking error (<= trackingError.max).
 * @example checkGuardrails(panel, { sector: { maxActive: 0.05 } }).summary
 *   // [{ guardrail: 'sector', limit: 0.05, checked: 60, breachedDates: ['2023-07-31'], pass: false, … }]
 */
export function checkGuardrails(panel: Panel, constraints: Constraints, options: GuardrailOptions = {}): GuardrailReport {
  const tolerance = options.tolerance ?? LIMIT_TOLERANCE;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new RangeError(`guardrail tolerance must be a non-negative number, got ${tolerance}`);
  if (options.returns && options.returns.length !== panel.rows) throw new RangeError(`returns aligned to ${options.returns.length} rows, but the panel has ${panel.rows}`);
  return check(panel, constraints, options.returns ?? null, tolerance);
}

function check(panel: Panel, constraints: Constraints, returns: Float64Array | null, tolerance: number): GuardrailReport {
  const limits: [Guardrail, number | undefined][] = [
    ['sector', constraints.sector?.maxActive],
    ['country', constraints.country?.maxActive],
    ['region', constraints.region?.maxActive],
    ['stock', constraints.stock?.maxWeight],
    ['turnover', constraints.turnover?.max],
  ];
  const checks: GuardrailCheck[] = [];
  for (let d = 0; d < panel.dates.length; d++) {
    for (const [guardrail, limit] of limits) {
      if (limit === undefined) continue;
      switch (guardrail) {
        case 'sector':
        case 'country':
        case 'region':
          checks.push(activeWeightCheck(panel, d, guardrail, limit, tolerance));
          break;
        case 'stock':
          checks.push(stockWeightCheck(panel, d, limit, tolerance));
          break;
        case 'turnover':
          checks.push(turnoverCheck(panel, d, limit, tolerance));
          break;
      }
    }
  }
  const teLimit = constraints.trackingError?.max;
  if (teLimit !== undefined) checks.push(trackingErrorCheck(panel, returns, teLimit, tolerance));

  const summary = ORDER.flatMap((guardrail) => {
    const own = checks.filter((c) => c.guardrail === guardrail);
    return own.length ? [summarise(guardrail, own)] : [];
  });
  const made = summary.filter((s) => s.pass !== null);
  return { checks, summary, pass: made.length ? made.every((s) => s.pass) : null };
}

function summarise(guardrail: Guardrail, checks: GuardrailCheck[]): GuardrailSummary {
  const made = checks.filter((c) => c.pass !== null);
  const unchecked = new Map<Exclude<GuardrailStatus, 'pass' | 'breach'>, number>();
  for (const c of checks) if (c.status !== 'pass' && c.status !== 'breach') unchecked.set(c.status, (unchecked.get(c.status) ?? 0) + 1);
  let worst: GuardrailSummary['worst'] = null;
  for (const c of made) if (c.worst && (!worst || Math.abs(c.worst.value) > Math.abs(worst.value))) worst = { ...c.worst, date: c.date };
  return {
    guardrail,
    limit: checks[0].limit,
    checked: made.length,
    breachedDates: made.filter((c) => !c.pass).map((c) => c.date),
    unchecked: [...unchecked].map(([status, dates]) => ({ status, dates })),
    worst,
    pass: made.length ? made.every((c) => c.pass) : null,
  };
}

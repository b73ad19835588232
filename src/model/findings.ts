/**
 * One severity model for everything a run is checked for, shared by the view (the Overview
 * tab's badge and its cards), the Problems panel, `glassbox check` and the review summaries,
 * so their counts and severities agree:
 * - a guardrail breached on some date is an error (the run fails its checks: `check` exits 1);
 * - integrity failures (base + sum of contributions != score) are an error, for the same reason;
 * - a check gate of the manifest's `constraints` that fails (coverage of the gross weight by
 *   contributions, the score's signal t-statistic, attribution stability) is an error too:
 *   `check` fails on it, so the badge, the Problems panel and the summaries count it;
 * - what reading the files raised keeps its own severity (an error stops the load; a warning
 *   is a problem the run loads with; an info is a note, shown in the view only).
 * Problems are errors and warnings; notes are infos.
 */
import type { CheckGate, Diagnostic, FindingCounts, GateFailure, Severity } from './types';

export type { CheckGate, FindingCounts, GateFailure } from './types';

/** One finding: what kind, how serious, and its stable code (`guardrail-sector`, `integrity`, `gate-coverage`, or the diagnostic's). */
export interface Finding {
  kind: 'guardrail' | 'integrity' | 'gate' | 'diagnostic';
  severity: Severity;
  code: string;
  /** The failed gate, for a `gate` finding. */
  gate?: GateFailure;
}

/** The severity of a breached guardrail and of integrity failures: the checks fail on them. */
export const CHECK_FAILURE_SEVERITY: Severity = 'error';

/**
 * Every finding of a run, in the order the Problems panel lists them: breached guardrails,
 * integrity failures, failed check gates, then the diagnostics of reading the files.
 * @example runFindings([{ guardrail: 'sector', pass: false }], 0, [warning], [{ gate: 'coverage', message }]) // [{ kind: 'guardrail', severity: 'error', code: 'guardrail-sector' }, { kind: 'gate', severity: 'error', code: 'gate-coverage' }, { kind: 'diagnostic', severity: 'warning', … }]
 */
export function runFindings(
  guardrails: readonly { guardrail: string; pass: boolean | null }[],
  integrityFailures: number,
  diagnostics: readonly Pick<Diagnostic, 'severity' | 'code'>[],
  gates: readonly GateFailure[] = [],
): Finding[] {
  const findings: Finding[] = [];
  for (const g of guardrails) if (g.pass === false) findings.push({ kind: 'guardrail', severity: CHECK_FAILURE_SEVERITY, code: `guardrail-${g.guardrail}` });
  if (integrityFailures > 0) findings.push({ kind: 'integrity', severity: CHECK_FAILURE_SEVERITY, code: 'integrity' });
  for (const g of gates) findings.push({ kind: 'gate', severity: CHECK_FAILURE_SEVERITY, code: `gate-${g.gate}`, gate: g });
  for (const d of diagnostics) findings.push({ kind: 'diagnostic', severity: d.severity, code: d.code });
  return findings;
}

/** The results of the check gates as the model computes them (`pass`: null when not checked). */
export interface GateResults {
  coverage?: { pass: boolean | null; message: () => string } | null;
  signals?: { pass: boolean | null; message: () => string } | null;
  stability?: { pass: boolean | null; message: () => string } | null;
}

/**
 * The gates that failed, in a fixed order. A gate not checked (no limit, no returns, no
 * weights) is no finding.
 * @example gateFailures({ coverage: { pass: false, message: () => 'only 80% …' }, signals: { pass: null, … } }) // [{ gate: 'coverage', message: 'only 80% …' }]
 */
export function gateFailures(results: GateResults): GateFailure[] {
  const out: GateFailure[] = [];
  for (const gate of ['coverage', 'signals', 'stability'] as const) {
    const result = results[gate];
    if (result?.pass === false) out.push({ gate, message: result.message() });
  }
  return out;
}

/** Counts by severity. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const of = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const errors = of('error');
  const warnings = of('warning');
  return {
    errors,
    warnings,
    infos: of('info'),
    problems: errors + warnings,
    guardrailBreaches: findings.filter((f) => f.kind === 'guardrail').length,
    integrityFailures: findings.some((f) => f.kind === 'integrity'),
    gateFailures: findings.flatMap((f) => (f.kind === 'gate' && f.gate ? [f.gate] : [])),
  };
}

/** What each gate is called in a summary line. */
export const GATE_LABELS: Record<CheckGate, string> = { coverage: 'coverage', signals: 'signal t-statistic', stability: 'attribution stability' };

/** Whether the run passes its checks: no error finding. */
export function findingsPass(counts: FindingCounts): boolean {
  return counts.errors === 0;
}

/**
 * A summary's verdict: the run passes (no error) with or without warnings, or fails. "All
 * checks pass" beside "2 problems: 2 warnings" read as a contradiction.
 */
export function findingsVerdict(counts: FindingCounts): string {
  if (!findingsPass(counts)) return 'Checks fail';
  return counts.warnings ? 'Checks pass, with warnings' : 'All checks pass';
}

/**
 * "3 problems: 1 guardrail breach, 2 warnings" (and notes), for a badge's tooltip or a summary line.
 * @example describeFindings(counts) // '4 problems: 1 guardrail breach, 1 failed check (coverage), 2 warnings · 2 notes'
 */
export function describeFindings(counts: FindingCounts): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  if (counts.guardrailBreaches) parts.push(plural(counts.guardrailBreaches, 'guardrail breach', 'guardrail breaches'));
  if (counts.integrityFailures) parts.push('integrity failures');
  const gates = counts.gateFailures ?? [];
  if (gates.length) parts.push(`${plural(gates.length, 'failed check')} (${gates.map((g) => GATE_LABELS[g.gate]).join(', ')})`);
  const otherErrors = counts.errors - counts.guardrailBreaches - (counts.integrityFailures ? 1 : 0) - gates.length;
  if (otherErrors) parts.push(plural(otherErrors, 'error'));
  if (counts.warnings) parts.push(plural(counts.warnings, 'warning'));
  const head = counts.problems ? `${plural(counts.problems, 'problem')}: ${parts.join(', ')}` : 'No problems';
  return counts.infos ? `${head} · ${plural(counts.infos, 'note')}` : head;
}

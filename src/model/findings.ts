/**
 * One severity model for everything a run is checked for, shared by the view (the Overview
 * tab's badge and its cards), the Problems panel, `glassbox check` and the review summaries,
 * so their counts and severities agree:
 * - a guardrail breached on some date is an error (the run fails its checks: `check` exits 1);
 * - integrity failures (base + sum of contributions != score) are an error, for the same reason;
 * - what reading the files raised keeps its own severity (an error stops the load; a warning
 *   is a problem the run loads with; an info is a note, shown in the view only).
 * Problems are errors and warnings; notes are infos.
 */
import type { Diagnostic, Severity } from './types';

/** One finding: what kind, how serious, and its stable code (`guardrail-sector`, `integrity`, or the diagnostic's). */
export interface Finding {
  kind: 'guardrail' | 'integrity' | 'diagnostic';
  severity: Severity;
  code: string;
}

/** How many findings of each severity; `problems` = errors + warnings (what a badge and the Problems panel count). */
export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
  problems: number;
  /** Errors by kind, for a one-line summary. */
  guardrailBreaches: number;
  integrityFailures: boolean;
}

/** The severity of a breached guardrail and of integrity failures: the checks fail on them. */
export const CHECK_FAILURE_SEVERITY: Severity = 'error';

/**
 * Every finding of a run, in the order the Problems panel lists them: breached guardrails,
 * integrity failures, then the diagnostics of reading the files.
 * @example runFindings([{ guardrail: 'sector', pass: false }], 0, [warning]) // [{ kind: 'guardrail', severity: 'error', code: 'guardrail-sector' }, { kind: 'diagnostic', severity: 'warning', … }]
 */
export function runFindings(guardrails: readonly { guardrail: string; pass: boolean | null }[], integrityFailures: number, diagnostics: readonly Pick<Diagnostic, 'severity' | 'code'>[]): Finding[] {
  const findings: Finding[] = [];
  for (const g of guardrails) if (g.pass === false) findings.push({ kind: 'guardrail', severity: CHECK_FAILURE_SEVERITY, code: `guardrail-${g.guardrail}` });
  if (integrityFailures > 0) findings.push({ kind: 'integrity', severity: CHECK_FAILURE_SEVERITY, code: 'integrity' });
  for (const d of diagnostics) findings.push({ kind: 'diagnostic', severity: d.severity, code: d.code });
  return findings;
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
  };
}

/** Whether the run passes its checks: no error finding. */
export function findingsPass(counts: FindingCounts): boolean {
  return counts.errors === 0;
}

/**
 * "3 problems: 1 guardrail breach, 2 warnings" (and notes), for a badge's tooltip or a summary line.
 * @example describeFindings(counts) // '3 problems: 1 guardrail breach, 2 warnings · 2 notes'
 */
export function describeFindings(counts: FindingCounts): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  if (counts.guardrailBreaches) parts.push(plural(counts.guardrailBreaches, 'guardrail breach', 'guardrail breaches'));
  if (counts.integrityFailures) parts.push('integrity failures');
  const otherErrors = counts.errors - counts.guardrailBreaches - (counts.integrityFailures ? 1 : 0);
  if (otherErrors) parts.push(plural(otherErrors, 'error'));
  if (counts.warnings) parts.push(plural(counts.warnings, 'warning'));
  const head = counts.problems ? `${plural(counts.problems, 'problem')}: ${parts.join(', ')}` : 'No problems';
  return counts.infos ? `${head} · ${plural(counts.infos, 'note')}` : head;
}

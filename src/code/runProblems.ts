/**
 * What the Problems panel shows on a run's manifest: guardrail breaches, integrity failures
 * (base value + sum of contributions against the score, on every date) and what went wrong
 * loading, each tied to the manifest key it concerns. Pure (no vscode): the worker answers
 * `problems` (model/engine/integrity.ts); `manifestProblems` turns its answer and the run's
 * diagnostics into entries.
 */
import type { RunProblems } from '../model/engine/integrity';
import { CHECK_FAILURE_SEVERITY, type GateFailure } from '../model/findings';
import type { Manifest } from '../model/manifest';
import type { Diagnostic } from '../model/types';
import type { KeyPath } from './manifestRanges';
import { codeMessages } from './messages';

/** One entry of the Problems panel on the manifest. */
export interface ManifestProblem {
  severity: 'error' | 'warning' | 'info';
  /** The manifest key the problem concerns (its deepest existing ancestor is used when absent). */
  path: KeyPath;
  message: string;
  /** A stable code (the diagnostic's or `guardrail-<name>`, `integrity`, `load-failed`). */
  code: string;
}

/** The table keys of a manifest, by the file name the run reports (the manifest's path). */
function tableKeyOf(manifest: Manifest | null, file: string | undefined): KeyPath | null {
  if (!manifest || !file) return null;
  for (const key of ['contributions', 'weights', 'securities', 'returns', 'factors', 'baseline'] as const) {
    const value = manifest[key];
    if (typeof value === 'string' && (value === file || value.endsWith(`/${file}`) || file.endsWith(value))) return [key];
  }
  return null;
}

/** Where a run diagnostic belongs in the manifest. */
function diagnosticPath(manifest: Manifest | null, diagnostic: Diagnostic): KeyPath {
  switch (diagnostic.code) {
    case 'unmapped-feature':
    case 'factor-map-unknown-feature':
      return ['factors'];
    case 'baseline-unreadable':
      return ['baseline'];
  }
  return tableKeyOf(manifest, diagnostic.file) ?? ['contributions'];
}

/**
 * The Problems panel entries of a loaded run: every guardrail that failed on some date (on
 * its key under "constraints"), integrity failures (on "contributions"), the check gates
 * that failed (`gates`: the run summary's `findings.gateFailures`, on their key under
 * "constraints"), and the run's own
 * error and warning diagnostics (on the key of the file they name). Infos are left out:
 * the view shows them.
 */
export function manifestProblems(manifest: Manifest | null, problems: RunProblems, diagnostics: readonly Diagnostic[], gates: readonly GateFailure[] = []): ManifestProblem[] {
  const out: ManifestProblem[] = [];
  for (const summary of problems.guardrails) {
    if (summary.pass !== false) continue;
    out.push({
      // As `glassbox check`, the view's badge and the summaries have it (model/findings.ts): a breach fails the run's checks.
      severity: CHECK_FAILURE_SEVERITY,
      path: ['constraints', summary.guardrail],
      code: `guardrail-${summary.guardrail}`,
      message: codeMessages.guardrailBreach(summary.guardrail, summary.limit, summary.breachedDates, summary.worst),
    });
  }
  const integrity = problems.integrity;
  if (integrity && integrity.failures > 0) {
    out.push({ severity: CHECK_FAILURE_SEVERITY, path: ['contributions'], code: 'integrity', message: codeMessages.integrityFailure(integrity.failedDates.length, integrity.failures, integrity.worst, integrity.tolerance) });
  }
  // A failed check gate of "constraints" (coverage, signal t-statistic, stability): an error, as `check` has it.
  for (const g of gates) out.push({ severity: CHECK_FAILURE_SEVERITY, path: ['constraints', g.gate], code: `gate-${g.gate}`, message: g.message });
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 'info') continue;
    out.push({ severity: diagnostic.severity, path: diagnosticPath(manifest, diagnostic), code: diagnostic.code, message: diagnostic.message });
  }
  return out;
}

/**
 * The entry of a run that failed to load, on the key of the file the error names (the
 * "contributions" key when it names none: the run's main table).
 */
export function loadFailureProblem(manifest: Manifest | null, error: { message: string; file?: string }): ManifestProblem {
  return { severity: 'error', path: tableKeyOf(manifest, error.file) ?? ['contributions'], code: 'load-failed', message: codeMessages.loadFailed(error.message) };
}

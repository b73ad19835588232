/**
 * `glassbox check RUN`: integrity (base + sum of contributions = score on every date),
 * the reading diagnostics and every guardrail. Exit 0 when all pass, 1 when any fails.
 */
import type { RunIntegrity } from '../model/engine/integrity';
import { describeFindings, findingsPass, type FindingCounts } from '../model/findings';
import type { GuardrailSummary } from '../model/guardrails/guardrails';
import { type CoverageGate, coverageGate, DEFAULT_COVERAGE_MIN } from '../model/run/coverage';
import { messages } from '../model/messages';
import type { SignalStat, SignalStatsData } from '../model/signals/signalStats';
import { halfLifeText, type IcDecay } from '../model/signals/icDecay';
import type { AttributionStability } from '../model/stability/attributionStability';
import type { Diagnostic, GuardrailReport } from '../model/types';
import { cacheOption, COMMANDS, type ParsedCommand, rootOptions, runArgument, tableOptions, UsageError } from './args';
import { loadRunFromPaths } from './load';
import { cliMessages } from './messages';
import { EXIT, type Output } from './output';
import { percent, signed, textTable } from './table';

/** The integrity check of one date that failed. */
/** The run's integrity as `check --json` prints it (model/engine/integrity.ts, less the single worst offender: each failed date lists its own). */
export type IntegrityReport = Omit<RunIntegrity, 'worst'>;

/** One guardrail over the run, with every breach by date. */
export interface GuardrailResult extends GuardrailSummary {
  breaches: { date: string; name: string; value: number }[];
}

/** What `check --json` prints. */
export interface CheckResult {
  run: { name: string; source: string; dates: number; stocks: number };
  diagnostics: Pick<Diagnostic, 'severity' | 'code' | 'message' | 'file' | 'row' | 'column'>[];
  integrity: IntegrityReport;
  guardrails: GuardrailResult[];
  /** Share of gross weight with contributions on every date, against constraints.coverage.min. */
  coverage: CoverageGate;
  /** Rank IC statistics of the score and each factor; empty without forward returns. */
  signals: SignalStat[];
  /** The score's t-statistic against `constraints.signals.minTstat`: pass null without a limit or without returns. */
  signalsCheck: { minTstat: number | null; horizon: number | null; pass: boolean | null };
  /** The rank IC by horizon and its half-life, when the returns come at several horizons. */
  icDecay: IcDecay | null;
  /** Feature importance's rank correlation with the previous date and the baseline, over the run, and the constraints.stability gate. */
  stability: Omit<AttributionStability, 'points'>;
  /** Counted by the one severity model the view and the Problems panel use (a breach is an error). */
  findings: FindingCounts;
  pass: boolean;
}

/** Integrity over every date of the run, as `check --json` prints it. */
export function integrityReport(integrity: RunIntegrity): IntegrityReport {
  const { worst: _worst, ...report } = integrity;
  return report;
}

export function guardrailResults(report: GuardrailReport): GuardrailResult[] {
  return report.summary.map((summary) => ({
    ...summary,
    breaches: report.checks.filter((c) => c.guardrail === summary.guardrail).flatMap((c) => c.breaches.map((b) => ({ date: c.date, name: b.name, value: b.value }))),
  }));
}

export async function runCheck(parsed: ParsedCommand, output: Output): Promise<number> {
  const run = runArgument('check', parsed.positionals);
  let tolerance = 1e-6;
  if (parsed.values.tolerance !== undefined) {
    const text = String(parsed.values.tolerance);
    tolerance = Number(text);
    if (text.trim() === '' || !Number.isFinite(tolerance) || tolerance < 0) throw new UsageError(cliMessages.badTolerance(text), COMMANDS.check.usage);
  }
  const { engine, panel, manifest } = await loadRunFromPaths(run, { tables: tableOptions(parsed.values), roots: rootOptions(parsed.values), cache: cacheOption(parsed.values), engine: { integrityTolerance: tolerance }, withBaseline: true });
  const coverage = coverageGate(panel, manifest?.constraints?.coverage?.min ?? DEFAULT_COVERAGE_MIN);
  // Stability reads every date's cells: a run read by date streams them first.
  await engine.prepareStability();
  const summary = engine.summary();
  const integrity = integrityReport(engine.integrity());
  const guardrails = guardrailResults(engine.guardrails());
  const signals = engine.signals();
  const { points: _points, ...stability } = engine.stability();
  const result: CheckResult = {
    run: { name: summary.name, source: summary.source, dates: summary.dates.length, stocks: summary.stockCount },
    diagnostics: summary.diagnostics.map(({ severity, code, message, file, row, column }) => ({ severity, code, message, file, row, column })),
    integrity,
    guardrails,
    coverage,
    signals: signals?.stats ?? [],
    signalsCheck: { minTstat: signals?.minTstat ?? summary.constraints.signals?.minTstat ?? null, horizon: signals?.horizon ?? null, pass: signals?.pass ?? null },
    icDecay: signals?.icDecay ?? null,
    stability,
    findings: summary.findings,
    // One severity model with the view, the Problems panel and the summaries: the run fails on
    // any error, a failed check gate (coverage, signal t-statistic, stability) included.
    pass: findingsPass(summary.findings),
  };
  output.out(parsed.values.json ? JSON.stringify(result, null, 2) : checkText(result, { signals }));
  return result.pass ? EXIT.pass : EXIT.fail;
}

const LIMIT_FORMAT: Record<string, (v: number) => string> = {
  trackingError: (v) => percent(v),
};

/** The human form: one short table per check, then the verdict. */
export function checkText(result: CheckResult, gates: { signals?: SignalStatsData | null } = {}): string {
  const parts: string[] = [`${result.run.name} (${result.run.source}): ${result.run.dates} dates, ${result.run.stocks} stocks`];

  parts.push('', 'Diagnostics');
  if (result.diagnostics.length) {
    parts.push(textTable(['Severity', 'Code', 'Message'], result.diagnostics.map((d) => [d.severity, d.code, d.message])));
  } else parts.push('  none');

  const i = result.integrity;
  parts.push('', `Integrity: base value + sum of contributions = score (tolerance ${i.tolerance})`);
  if (!i.checked) parts.push('  not checked: the run has no score column (its score is base value + sum of contributions)');
  else {
    parts.push(
      textTable(
        ['Dates', 'Stock-dates', 'Failures', 'Max |error|', 'Result'],
        [[String(i.dates), String(i.stocks), String(i.failures), i.maxAbsError.toExponential(2), i.pass ? 'pass' : 'FAIL']],
        ['right', 'right', 'right', 'right', 'left'],
      ),
    );
    if (i.failedDates.length) {
      parts.push(
        '',
        textTable(
          ['Date', 'Failures', 'Worst stock', 'Error'],
          i.failedDates.map((f) => [f.date, String(f.failures), f.worst[0]?.stock ?? '', signed(f.worst[0]?.error)]),
          ['left', 'right', 'left', 'right'],
        ),
      );
    }
  }

  parts.push('', 'Guardrails');
  if (!result.guardrails.length) parts.push('  none set in the manifest ("constraints")');
  else {
    parts.push(
      textTable(
        ['Guardrail', 'Limit', 'Dates checked', 'Breached', 'Worst', 'Result'],
        result.guardrails.map((g) => {
          const fmt = LIMIT_FORMAT[g.guardrail] ?? ((v: number) => percent(v));
          const breached = g.breachedDates.length ? `${g.breachedDates.length} (${g.breachedDates.slice(0, 3).join(', ')}${g.breachedDates.length > 3 ? ', …' : ''})` : '0';
          const worst = g.worst ? `${g.worst.name} ${fmt(g.worst.value)} on ${g.worst.date}` : '—';
          const unchecked = g.unchecked.map((u) => `${u.dates} ${u.status}`).join(', ');
          return [g.guardrail, fmt(g.limit), `${g.checked}${unchecked ? ` (${unchecked})` : ''}`, breached, worst, g.pass === null ? 'not checked' : g.pass ? 'pass' : 'FAIL'];
        }),
        ['left', 'right', 'right', 'left', 'left', 'left'],
      ),
    );
  }
  const c = result.coverage;
  parts.push('', `Coverage: share of gross weight with contributions (minimum ${percent(c.min)})`);
  if (c.pass === null) parts.push('  not checked: the run has no weights');
  else if (c.pass) parts.push(`  pass on all ${c.checked} dates (lowest ${percent(c.worst?.share ?? 1)}${c.worst ? ` on ${c.worst.date}` : ''})`);
  else if (c.worst) parts.push(`  FAIL: ${messages.coverageBelow(c.min, c.worst.date, c.worst.share, c.failedDates.length, c.checked, c.hint ?? '')}`);
  parts.push('', ...signalsText(gates.signals ?? null), '', ...stabilityText(result.stability));
  const failing = [
    ...(i.pass ? [] : ['integrity']),
    ...result.guardrails.filter((g) => g.pass === false).map((g) => `${g.guardrail} guardrail`),
    ...(c.pass === false ? ['coverage'] : []),
    ...(gates.signals?.pass === false ? ['signal t-statistic'] : []),
    ...(result.stability.pass === false ? ['attribution stability'] : []),
  ];
  parts.push('', `${describeFindings(result.findings)}.`);
  parts.push(result.pass ? 'PASS: every check passes.' : `FAIL: ${failing.length ? failing.join(', ') : 'errors reading the run'}.`);
  return parts.join('\n');
}

/** The signal statistics as a table, with the t-statistic gate's verdict. */
function signalsText(signals: SignalStatsData | null): string[] {
  if (!signals) return ['Signals: no forward returns ("returns" in the manifest), so no IC'];
  const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
  const lines = [
    `Signals: rank IC per date, Newey-West t-statistic of its mean (horizon ${signals.horizon} period${signals.horizon === 1 ? '' : 's'}, ${signals.lagRule === 'manifest' ? 'lags from the manifest' : 'automatic lags'})`,
    textTable(
      ['Signal', 'Dates', 'Mean IC', 'IC std', 'ICIR', 'Hit rate', 't (NW)', 'Lags'],
      signals.stats.map((s) => [s.signal, String(s.dates), fixed(s.icMean, 4), fixed(s.icStd, 4), fixed(s.icir, 2), s.hitRate === null ? '—' : percent(s.hitRate, 0), fixed(s.tstat, 2), String(s.lags)]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  ];
  if (signals.minTstat !== null) {
    const t = signals.stats[0]?.tstat ?? null;
    lines.push(`Score t-statistic ${fixed(t, 2)} against the minimum ${signals.minTstat}: ${signals.pass === null ? 'not checked' : signals.pass ? 'pass' : 'FAIL'}`);
  }
  if (signals.icDecay) lines.push(...icDecayText(signals.icDecay));
  return lines;
}

/** Attribution stability in a few lines: each comparison's mean and worst, and the gate's verdict with its breaches. */
function stabilityText(stability: CheckResult['stability']): string[] {
  const fixed = (v: number | null) => (v === null ? '—' : v.toFixed(3));
  const row = (label: string, s: CheckResult['stability']['previous']) => [label, String(s.dates), fixed(s.mean), fixed(s.min), s.worstDate ?? '—'];
  const rows = [row('previous date', stability.previous)];
  if (stability.baseline) rows.push(row(`baseline ${stability.baselineName ?? ''}`.trim(), stability.baseline));
  const lines = [
    `Attribution stability: rank correlation of feature importance (mean |contribution|, ${stability.features} features)`,
    textTable(['Against', 'Dates', 'Mean', 'Min', 'Worst date'], rows, ['left', 'right', 'right', 'right', 'left']),
  ];
  if (stability.minRankCorrelation !== null) {
    const breaches = stability.breaches.map((b) => `${b.date} ${b.against} ${b.value.toFixed(3)}`);
    const verdict = stability.pass === null ? 'not checked' : stability.pass ? 'pass' : `FAIL on ${breaches.length} (${breaches.slice(0, 3).join(', ')}${breaches.length > 3 ? ', …' : ''})`;
    lines.push(`Minimum rank correlation ${stability.minRankCorrelation}: ${verdict}`);
  }
  return lines;
}

/** The score's rank IC by horizon, and its half-life. */
function icDecayText(decay: IcDecay): string[] {
  const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
  return [
    `IC decay: the score's mean rank IC by return horizon; half-life ${halfLifeText(decay)}`,
    textTable(
      ['Horizon', 'Periods', 'Dates', 'Mean IC', 't (NW)', 'Lags'],
      decay.horizons.map((h) => [h.horizon, Number(h.periods.toFixed(2)).toString(), String(h.dates), fixed(h.icMean, 4), fixed(h.tstat, 2), String(h.lags)]),
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ),
  ];
}

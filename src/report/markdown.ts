/**
 * The review summary as Markdown fit for a pull-request comment: headline numbers,
 * guardrails, largest changes, top drivers. Every name from data goes through
 * safeMarkdown (no mentions, links, math, markup or bidi controls; capped in length), and
 * the whole summary fits GitHub's comment limit (markdownSafe.ts).
 */
import type { GuardrailSummary } from '../model/guardrails/guardrails';
import { escapeMarkdown as md } from './escape';
import { bp, bpMagnitude, count, percent } from './format';
import { icDecayMarkdown } from './icDecay';
import { fitMarkdown, type MarkdownBlock, type MarkdownTable, MESSAGE_MAX, safeMarkdown as safe } from './markdownSafe';
import { reportPasses, type ReportData } from './reportData';
import type { SignalStat, SignalStatsData } from '../model/signals/signalStats';
import type { PerformanceData } from '../model/performance/performance';
import type { ReturnStats } from '../model/performance/returnStats';
import { describeFindings, findingsVerdict } from '../model/findings';

/** Rows in each "largest" table. */
export const REPORT_TOP = 10;

/** A table block (cut to fit the comment limit when needed); header cells are plain text, row cells Markdown. */
function table(header: string[], rows: string[][], align: ('l' | 'r')[] = [], noun = 'rows'): { table: MarkdownTable } {
  return { table: { header, rows, align, noun } };
}

/** Label and value of each headline number, formatted (shared with the HTML report). */
export function headlineRows(data: ReportData): [string, string][] {
  const o = data.overview;
  const run = data.run;
  const i = data.integrity;
  const integrity = !i.checked
    ? 'not checked (no score column)'
    : i.failures === 0
      ? `pass on all ${run.dates.length} dates (max |error| ${bpMagnitude(i.maxAbsError, 4)})`
      : `FAIL: ${count(i.failures)} stock-dates on ${i.failedDates.length} dates (first ${i.failedDates[0]})`;
  const rows: [string, string][] = [
    ['Date', `${data.date} (${run.dates.length} dates, ${run.dates[0]} to ${run.dates[run.dates.length - 1]})`],
    ['Universe', `${count(o.universe)} stocks with contributions`],
    ['Holdings', count(o.holdings)],
  ];
  if (o.benchmarkNames !== null) rows.push(['Benchmark names', count(o.benchmarkNames)]);
  rows.push(['Active share', percent(o.activeShare, 1)], ['Top 10 weight', percent(o.top10Weight, 1)], ['Turnover (one-way)', o.turnover === null ? '— (first date)' : percent(o.turnover, 1)]);
  rows.push(['Weight with contributions', percent(o.weightCoverage, 1)], ['Features / factors', `${run.features.length} / ${run.factors.length}`], ['Integrity', integrity]);
  return rows;
}

/** One guardrail's cells: guardrail, limit, checked, breached dates, worst, result. */
export function guardrailCells(g: GuardrailSummary): { guardrail: string; limit: string; checked: string; breached: string; worst: string; result: 'pass' | 'FAIL' | 'not checked' } {
  const breached = g.breachedDates.length ? `${g.breachedDates.length}: ${g.breachedDates.slice(0, 3).join(', ')}${g.breachedDates.length > 3 ? ', …' : ''}` : 'none';
  return {
    guardrail: g.guardrail,
    limit: percent(g.limit),
    checked: `${g.checked} dates`,
    breached,
    worst: g.worst ? `${g.worst.name} ${percent(g.worst.value, 2, g.guardrail === 'sector' || g.guardrail === 'country' || g.guardrail === 'region')} (${g.worst.date})` : '—',
    result: g.pass === null ? 'not checked' : g.pass ? 'pass' : 'FAIL',
  };
}

/** The comparison's title: against the baseline's name, or the previous date. */
export function comparisonTitle(data: ReportData): string {
  const c = data.comparison;
  if (!c) return 'No comparison (a single date and no baseline)';
  return c.against === 'baseline' ? `${c.after.label} against the baseline ${c.before.label} (${c.before.date})` : `${c.after.date} against the previous date ${c.before.date}`;
}

/** What the reader must know about the comparison: the baseline date used, or why the baseline is left out. */
export function comparisonNotes(data: ReportData): string[] {
  return [data.comparisonNote, data.comparison?.baselineNote ?? null].filter((n): n is string => n !== null);
}

/**
 * The review summary as Markdown.
 * @example markdownReport(buildReportData(engine)) // '## Glass Box: Russell 2000 ML v7, 2025-12-31\n…'
 */
export function markdownReport(data: ReportData): string {
  const out: MarkdownBlock[] = [];
  const pass = reportPasses(data);
  out.push(`## Glass Box: ${safe(data.run.name)}, ${safe(data.date)}`, '');
  out.push(`**${pass ? '✅' : '❌'} ${findingsVerdict(data.run.findings)}** · ${md(describeFindings(data.run.findings))} · source ${safe(data.run.source, 200)}`, '');
  out.push(table(['', ''], headlineRows(data).map(([k, v]) => [`**${md(k)}**`, md(v)])), '');

  out.push('### Guardrails', '');
  if (!data.guardrails.summary.length) out.push('No guardrails set in the manifest (`constraints`).', '');
  else {
    out.push(
      table(
        ['Guardrail', 'Limit', 'Checked', 'Breached', 'Worst', 'Result'],
        data.guardrails.summary.map((g) => {
          const c = guardrailCells(g);
          return [md(c.guardrail), c.limit, c.checked, md(c.breached), safe(c.worst, 2 * 80), c.result === 'FAIL' ? '❌ FAIL' : c.result === 'pass' ? '✅ pass' : c.result];
        }),
        ['l', 'r', 'r', 'l', 'l', 'l'],
        'guardrails',
      ),
      '',
    );
  }

  out.push(`### Largest changes: ${safe(comparisonTitle(data), 240)}`, '');
  const c = data.comparison;
  for (const note of comparisonNotes(data)) out.push(`_${md(note)}_`, '');
  if (c) {
    out.push(`One-way turnover ${percent(c.turnover, 1)}; ${count(c.entered.length)} names entered, ${count(c.left.length)} left.`, '');
    if (c.featuresOnlyAfter.length) out.push(`New features: ${c.featuresOnlyAfter.map((f) => safe(f)).join(', ')}.`, '');
    if (c.featuresOnlyBefore.length) out.push(`Dropped features: ${c.featuresOnlyBefore.map((f) => safe(f)).join(', ')}.`, '');
    const exposure = [...c.exposure].sort((a, b) => Math.abs(b.change) - Math.abs(a.change)).slice(0, REPORT_TOP);
    out.push(
      '**Factor exposure change** (portfolio, sum of weight × contribution)',
      '',
      table(
        ['Factor', 'Before', 'After', 'Change', 'From trading', 'From signals'],
        exposure.map((e) => [safe(e.factor), bp(e.before), bp(e.after), bp(e.change), bp(e.fromWeights), bp(e.fromSignals)]),
        ['l', 'r', 'r', 'r', 'r', 'r'],
        'factors',
      ),
      '',
    );
    const changes = c.changes.slice(0, REPORT_TOP);
    if (changes.length) {
      out.push(
        '**Largest weight changes**',
        '',
        table(
          ['Stock', 'Name', 'Sector', 'Before', 'After', 'Change', 'Status'],
          changes.map((s) => [safe(s.stock), safe(s.name), safe(s.sector), percent(s.weightBefore), percent(s.weightAfter), percent(s.weightChange, 2, true), s.status]),
          ['l', 'l', 'l', 'r', 'r', 'r', 'l'],
          'stocks',
        ),
        '',
      );
    }
  }

  out.push('### Top drivers', '');
  const hasBenchmark = data.overview.factorExposure.some((f) => f.active !== null);
  out.push(
    '**Factor exposure** (sum of weight × contribution)',
    '',
    table(
      hasBenchmark ? ['Factor', 'Portfolio', 'Active', 'Benchmark'] : ['Factor', 'Portfolio'],
      [...data.overview.factorExposure]
        .sort((a, b) => Math.abs(b.portfolio) - Math.abs(a.portfolio))
        .map((f) => (hasBenchmark ? [safe(f.factor), bp(f.portfolio), bp(f.active), bp(f.benchmark)] : [safe(f.factor), bp(f.portfolio)])),
      ['l', 'r', 'r', 'r'],
      'factors',
    ),
    '',
  );
  const features = data.features.importance.features.slice(0, REPORT_TOP);
  if (features.length) {
    out.push(
      `**Top ${features.length} features by importance** (mean |contribution| over ${count(data.features.importance.stocks)} stocks)`,
      '',
      table(
        ['Feature', 'Factor', 'Mean |c|', 'Weighted mean |c|', 'Mean c'],
        features.map((f) => [safe(f.feature), safe(f.factor), bpMagnitude(f.meanAbs), bpMagnitude(f.weightedMeanAbs), bp(f.meanSigned)]),
        ['l', 'l', 'r', 'r', 'r'],
        'features',
      ),
      '',
    );
  }

  if (data.performance) out.push(...performanceMarkdown(data.performance));
  out.push(...signalsMarkdown(data.signals));
  if (data.signals?.icDecay) out.push(...icDecayMarkdown(data.signals.icDecay));

  const notable = data.diagnostics.filter((d) => d.severity !== 'info');
  if (notable.length) {
    out.push('<details><summary>Diagnostics (' + notable.length + ')</summary>', '');
    out.push({ list: { items: notable.map((d) => `- **${d.severity}** \`${d.code.replace(/[`\r\n]/g, "'")}\`: ${safe(d.message, MESSAGE_MAX)}`), noun: 'diagnostics' } });
    out.push('', '</details>', '');
  }
  return fitMarkdown(out);
}

/** The columns of the signal statistics table (shared with the HTML report). */
export const SIGNAL_HEADER = ['Signal', 'Dates', 'Mean rank IC', 'IC std', 'ICIR', 'Hit rate', 't (Newey-West)', 'Lags'];

/** One signal's cells, formatted: signal, dates, mean, std, ICIR, hit rate, t, lags. */
export function signalCells(s: SignalStat): string[] {
  const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
  return [s.signal, String(s.dates), fixed(s.icMean, 4), fixed(s.icStd, 4), fixed(s.icir, 2), percent(s.hitRate, 0), fixed(s.tstat, 2), String(s.lags)];
}

/** What the signal statistics rest on, and the t-statistic gate's verdict, in one sentence. */
export function signalsNote(signals: SignalStatsData): string {
  const horizon = `forward returns over ${signals.horizon} period${signals.horizon === 1 ? '' : 's'}`;
  const lags = signals.lagRule === 'manifest' ? 'lags from the manifest' : 'lags floor(4 (T/100)^(2/9)), at least horizon − 1';
  const gate =
    signals.minTstat === null
      ? ''
      : ` The score's t-statistic must reach ${signals.minTstat}: ${signals.pass === null ? 'not checked' : signals.pass ? 'pass' : 'FAIL'}.`;
  return `Per date, Spearman's rank correlation of each signal with the ${horizon}; over dates, the mean and the Newey-West t-statistic of the mean (Bartlett kernel, ${lags}).${gate}`;
}

/** The signal statistics section, or a line saying why there is none. */
function signalsMarkdown(signals: SignalStatsData | null): MarkdownBlock[] {
  const out: MarkdownBlock[] = ['### Signals: rank IC and whether it beats luck', ''];
  if (!signals) return [...out, 'No forward returns in the run (`returns` in the manifest): no IC.', ''];
  out.push(md(signalsNote(signals)), '');
  const rows = signals.stats.map((s) => {
    const cells = signalCells(s);
    return [safe(cells[0]), ...cells.slice(1)];
  });
  out.push(table(SIGNAL_HEADER, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], 'signals'), '');
  return out;
}

/** The columns of the Performance table (shared with the HTML report). */
export const PERFORMANCE_HEADER = ['', 'Return (ann.)', 'Cumulative', 'Volatility / TE', 'Sharpe / IR', 'Sortino', 'Calmar', 'Max drawdown', 'Hit rate', 'Periods'];

/** A ratio with fixed decimals: 0.6234 -> '0.62'; '—' when missing. */
export function ratio(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/**
 * The Performance table's rows, formatted: portfolio, benchmark and active (the sides the
 * run has), each return, cumulative, volatility (tracking error for active), Sharpe
 * (information ratio), Sortino, Calmar, max drawdown, hit rate and periods.
 */
export function performanceRows(perf: PerformanceData): string[][] {
  const sides: [string, ReturnStats | null][] = [
    ['Portfolio', perf.portfolio],
    ['Benchmark', perf.benchmark],
    ['Active', perf.active],
  ];
  return sides
    .filter((side): side is [string, ReturnStats] => side[1] !== null)
    .map(([name, s]) => [name, percent(s.annualisedReturn, 2, true), percent(s.cumulative, 2, true), percent(s.volatility), ratio(s.sharpe), ratio(s.sortino), ratio(s.calmar), percent(s.maxDrawdown), percent(s.hitRate, 0), count(s.periods)]);
}

/**
 * What the Performance figures rest on, in one sentence: the period, the date frequency and
 * annualisation, and the risk-free rate Sharpe and Sortino are measured over (and where it comes from).
 */
export function performanceNote(perf: PerformanceData): string {
  const first = perf.points[0]?.date;
  const last = perf.points[perf.points.length - 1]?.date;
  const frequency = perf.frequency.periodsPerYear === null ? 'frequency unknown: nothing is annualised' : `${perf.frequency.frequency ?? 'periodic'}, annualised ×${perf.frequency.periodsPerYear}`;
  const rf = perf.riskFree;
  const from = rf.source === 'manifest' ? "the manifest's riskFreeRate" : rf.source === 'setting' ? 'the glassbox.riskFreeRate setting' : 'none given';
  return `${first ? `${first} → ${last ?? first}, ` : ''}${frequency}. Sharpe and Sortino over a risk-free rate of ${percent(rf.rate)} a year (${from}); active returns over the benchmark (information ratio).`;
}

/** The score's rank IC in one sentence, or null when no date has one. */
export function scoreIcNote(perf: PerformanceData): string | null {
  const score = perf.ic.summary.find((s) => s.signal === 'score');
  if (!score || score.dates === 0) return null;
  return `Score rank IC: mean ${ratio(score.meanRankIc, 3)} over ${count(score.dates)} dates, positive on ${percent(score.rankIcHitRate, 0)} of them (IC IR ${ratio(score.rankIcIr)} per period).`;
}

/** The Performance section of a run with forward returns: the HTML report's figures, as a table. */
function performanceMarkdown(perf: PerformanceData): MarkdownBlock[] {
  const out: MarkdownBlock[] = ['### Performance', '', md(performanceNote(perf)), ''];
  out.push(table(PERFORMANCE_HEADER, performanceRows(perf).map(([side, ...cells]) => [`**${side}**`, ...cells]), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], 'sides'), '');
  const ic = scoreIcNote(perf);
  if (ic) out.push(md(ic), '');
  return out;
}

/**
 * The review summary as Markdown fit for a pull-request comment: headline numbers,
 * guardrails, largest changes, top drivers. Every name from data is escaped.
 */
import type { GuardrailSummary } from '../model/guardrails/guardrails';
import { escapeMarkdown as md } from './escape';
import { count, number, percent, signed } from './format';
import { reportPasses, type ReportData } from './reportData';

/** Rows in each "largest" table. */
export const REPORT_TOP = 10;

/** A Markdown table; header cells are plain text (escaped here), row cells already Markdown. */
function table(header: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header.map(md), rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** Label and value of each headline number, formatted (shared with the HTML report). */
export function headlineRows(data: ReportData): [string, string][] {
  const o = data.overview;
  const run = data.run;
  const i = data.integrity;
  const integrity = !i.checked
    ? 'not checked (no score column)'
    : i.failures === 0
      ? `pass on all ${run.dates.length} dates (max |error| ${i.maxAbsError.toExponential(1)})`
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
  const out: string[] = [];
  const pass = reportPasses(data);
  out.push(`## Glass Box: ${md(data.run.name)}, ${md(data.date)}`, '');
  out.push(`**${pass ? '✅ All checks pass' : '❌ Checks fail'}** · source \`${data.run.source.replace(/`/g, "'")}\``, '');
  out.push(table(['', ''], headlineRows(data).map(([k, v]) => [`**${md(k)}**`, md(v)])), '');

  out.push('### Guardrails', '');
  if (!data.guardrails.summary.length) out.push('No guardrails set in the manifest (`constraints`).', '');
  else {
    out.push(
      table(
        ['Guardrail', 'Limit', 'Checked', 'Breached', 'Worst', 'Result'],
        data.guardrails.summary.map((g) => {
          const c = guardrailCells(g);
          return [md(c.guardrail), c.limit, c.checked, md(c.breached), md(c.worst), c.result === 'FAIL' ? '❌ FAIL' : c.result === 'pass' ? '✅ pass' : c.result];
        }),
        ['l', 'r', 'r', 'l', 'l', 'l'],
      ),
      '',
    );
  }

  out.push(`### Largest changes: ${md(comparisonTitle(data))}`, '');
  const c = data.comparison;
  for (const note of comparisonNotes(data)) out.push(`_${md(note)}_`, '');
  if (c) {
    out.push(`One-way turnover ${percent(c.turnover, 1)}; ${count(c.entered.length)} names entered, ${count(c.left.length)} left.`, '');
    if (c.featuresOnlyAfter.length) out.push(`New features: ${c.featuresOnlyAfter.map(md).join(', ')}.`, '');
    if (c.featuresOnlyBefore.length) out.push(`Dropped features: ${c.featuresOnlyBefore.map(md).join(', ')}.`, '');
    const exposure = [...c.exposure].sort((a, b) => Math.abs(b.change) - Math.abs(a.change)).slice(0, REPORT_TOP);
    out.push(
      '**Factor exposure change** (portfolio, sum of weight × contribution)',
      '',
      table(
        ['Factor', 'Before', 'After', 'Change', 'From trading', 'From signals'],
        exposure.map((e) => [md(e.factor), signed(e.before), signed(e.after), signed(e.change), signed(e.fromWeights), signed(e.fromSignals)]),
        ['l', 'r', 'r', 'r', 'r', 'r'],
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
          changes.map((s) => [md(s.stock), md(s.name), md(s.sector), percent(s.weightBefore), percent(s.weightAfter), percent(s.weightChange, 2, true), s.status]),
          ['l', 'l', 'l', 'r', 'r', 'r', 'l'],
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
        .map((f) => (hasBenchmark ? [md(f.factor), signed(f.portfolio), signed(f.active), signed(f.benchmark)] : [md(f.factor), signed(f.portfolio)])),
      ['l', 'r', 'r', 'r'],
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
        features.map((f) => [md(f.feature), md(f.factor), number(f.meanAbs), number(f.weightedMeanAbs), signed(f.meanSigned)]),
        ['l', 'l', 'r', 'r', 'r'],
      ),
      '',
    );
  }

  const notable = data.diagnostics.filter((d) => d.severity !== 'info');
  if (notable.length) {
    out.push('<details><summary>Diagnostics (' + notable.length + ')</summary>', '');
    for (const d of notable) out.push(`- **${d.severity}** \`${d.code.replace(/`/g, "'")}\`: ${md(d.message)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

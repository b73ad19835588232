/**
 * `glassbox explain RUN --stock ID [--date D]`: why a name is held, as text, JSON or
 * Markdown: base value -> each factor's contribution -> score -> rank -> weight and active
 * weight, the guardrails binding on it, and its change since the previous date by factor.
 */
import type { HoldingExplanation } from '../model/explain/explainHolding';
import { escapeMarkdown as md } from '../report/escape';
import { count, percent, signed } from '../report/format';
import { cacheOption, COMMANDS, type ParsedCommand, rootOptions, runArgument, tableOptions, UsageError } from './args';
import { loadRunFromPaths } from './load';
import { cliMessages } from './messages';
import { EXIT, type Output } from './output';
import { textTable } from './table';

const usage = COMMANDS.explain.usage;

/** Features listed under each factor. */
const FEATURES_PER_FACTOR = 3;

/** What `explain --json` prints. */
export interface ExplainResult extends HoldingExplanation {
  run: string;
}

export async function runExplain(parsed: ParsedCommand, output: Output): Promise<number> {
  const run = runArgument('explain', parsed.positionals);
  const { values } = parsed;
  const stock = typeof values.stock === 'string' ? values.stock.trim() : '';
  if (!stock) throw new UsageError(cliMessages.missingStock(), usage);
  const date = typeof values.date === 'string' ? values.date.trim() : undefined;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date) && date !== 'snapshot') throw new UsageError(cliMessages.badExplainDate(date), usage);
  if (values.json && values.md) throw new UsageError(cliMessages.jsonAndMd(), usage);

  const { engine } = await loadRunFromPaths(run, { tables: tableOptions(values), roots: rootOptions(values), cache: cacheOption(values), withReturns: false });
  await engine.prepareSummary();
  const summary = engine.summary();
  const on = date ?? summary.dates[summary.dates.length - 1];
  const release = await engine.holdDates([on]);
  let explanation: ReturnType<typeof engine.explain>;
  try {
    explanation = engine.explain(on, stock);
  } finally {
    release();
  }
  const result: ExplainResult = { run: summary.name, ...explanation };
  output.out(values.json ? JSON.stringify(result, null, 2) : values.md ? explainMarkdown(result) : explainText(result));
  return EXIT.pass;
}

const STATUS_TEXT: Record<HoldingExplanation['guardrails'][number]['status'], string> = {
  breach: 'BREACH',
  'at-limit': 'at the limit: binds',
  within: 'within',
  'not-checked': 'not checked (no benchmark)',
};

function held(e: HoldingExplanation): string {
  const benchmark = e.benchmarkWeight === null ? '' : `, benchmark ${percent(e.benchmarkWeight)}, active ${percent(e.activeWeight, 2, true)}`;
  return `${e.weight > 0 ? 'Held' : 'Not held'}: weight ${percent(e.weight)}${benchmark}`;
}

function scoreLine(e: HoldingExplanation): string {
  if (e.score === null) return 'No score on this date';
  return `Score ${signed(e.score)}: rank ${e.rank === null ? '—' : count(e.rank)} of ${count(e.universe)}`;
}

function featureList(step: HoldingExplanation['factors'][number]): string {
  const shown = step.features.slice(0, FEATURES_PER_FACTOR).map((f) => `${f.feature} ${signed(f.contribution)}`);
  const more = step.features.length - shown.length;
  return shown.join(', ') + (more > 0 ? `, +${more} more` : '');
}

function guardrailValue(g: HoldingExplanation['guardrails'][number]): string {
  if (g.value === null) return '—';
  return g.guardrail === 'stock' ? `${percent(g.value)} of ${percent(g.limit)}` : `${percent(g.value, 2, true)} of ±${percent(g.limit)}`;
}

function changeLines(e: HoldingExplanation): string[] {
  const c = e.change;
  if (!c) return [e.previousDate === null ? 'First date of the run: no change to explain.' : `Not on ${e.previousDate} nor scored then: no change to explain.`];
  const rank = c.rankBefore !== null || c.rankAfter !== null ? `, rank ${c.rankBefore ?? '—'} → ${c.rankAfter ?? '—'}` : '';
  const lines = [`Since ${e.previousDate} (${c.status}): weight ${percent(c.weightBefore)} → ${percent(c.weightAfter)}, score change ${signed(c.scoreChange)}${rank}`];
  const basis = c.basis === 'change' ? 'score change by factor' : c.basis === 'after-only' ? 'newly scored: its factors now' : c.basis === 'before-only' ? 'no longer scored: its factors then' : '';
  if (c.drivers.length) lines.push(`  ${basis}: ${c.drivers.map((d) => `${d.factor} ${signed(d.value)}`).join(', ')}`);
  return lines;
}

/** The human form. */
export function explainText(e: ExplainResult): string {
  const parts = [`${e.stock} (${e.name}) on ${e.date} · ${e.sector} · ${e.country} (${e.region}) · ${e.run}`, held(e), scoreLine(e), ''];
  if (!e.hasContributions) parts.push('No contributions on this date: nothing explains its score.');
  else {
    parts.push('Base value → factors → score');
    const rows = [['base value', signed(e.baseValue), ''], ...e.factors.map((f) => [f.factor, signed(f.contribution), featureList(f)]), ['= score', signed(e.score), `base + contributions ${signed(e.baseValue + e.sumContributions)}; residual ${signed(e.residual)}`]];
    parts.push(textTable(['Step', 'Contribution', 'Largest features'], rows, ['left', 'right', 'left']));
  }
  parts.push('', 'Guardrails on this name');
  if (!e.guardrails.length) parts.push('  none set in the manifest ("constraints": stock, sector, country, region)');
  else parts.push(textTable(['Guardrail', 'On', 'Value', 'Status'], e.guardrails.map((g) => [g.guardrail, g.name, guardrailValue(g), STATUS_TEXT[g.status]]), ['left', 'left', 'right', 'left']));
  parts.push('', ...changeLines(e));
  return parts.join('\n');
}

/** The Markdown form, for a pull-request comment; every name escaped. */
export function explainMarkdown(e: ExplainResult): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [`### Why ${md(e.stock)} (${md(e.name)}) is ${e.weight > 0 ? 'held' : 'not held'} on ${md(e.date)}`, '', `${md(e.sector)} · ${md(e.country)} · ${md(held(e))} · ${md(scoreLine(e))}`, ''];
  if (e.hasContributions) {
    out.push(row(['Step', 'Contribution', 'Largest features']), row(['---', '---:', '---']));
    out.push(row(['base value', signed(e.baseValue), '']));
    for (const f of e.factors) out.push(row([md(f.factor), signed(f.contribution), md(featureList(f))]));
    out.push(row(['**score**', `**${signed(e.score)}**`, `residual ${signed(e.residual)}`]), '');
  } else out.push('No contributions on this date: nothing explains its score.', '');
  if (e.guardrails.length) {
    out.push(row(['Guardrail', 'On', 'Value', 'Status']), row(['---', '---', '---:', '---']));
    for (const g of e.guardrails) out.push(row([g.guardrail, md(g.name), guardrailValue(g), g.status === 'breach' ? '❌ breach' : g.status === 'at-limit' ? '⚠️ at the limit: binds' : STATUS_TEXT[g.status]]));
    out.push('');
  }
  out.push(...changeLines(e).map((l) => md(l.trim())), '');
  return out.join('\n');
}

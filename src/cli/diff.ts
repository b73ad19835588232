/**
 * `glassbox diff RUN [--against baseline|OTHER_RUN | --ref GITREF] [--md|--json] [--only-changes X]`:
 * the run against its baseline (another run, or itself as committed at a Git revision) for a review. The Markdown starts with a
 * hidden marker line, `<!-- glassbox-diff: RUN NAME -->`, so that a CI step can find its
 * own pull-request comment and update it instead of adding another. Exit codes as `check`
 * (of RUN): 0 pass, 1 fail, 2 unreadable.
 */
import { dirname, resolve } from 'node:path';
import { InputError } from '../model/errors';
import { reviewDiff, type DiffRow, type ReviewDiff } from '../model/diff/reviewDiff';
import { escapeMarkdown as md } from '../report/escape';
import { count, percent, signed } from '../report/format';
import { cacheOption, COMMANDS, type ParsedCommand, rootOptions, runArgument, UsageError } from './args';
import { guardrailResults } from './check';
import { readManifestAtRef } from '../git/manifestAtRef';
import { type LoadedRun, type LoadOptions, loadRunFromPaths, loadRunInput, readRunInput } from './load';
import { cliMessages } from './messages';
import { EXIT, type Output } from './output';
import { textTable } from './table';

const usage = COMMANDS.diff.usage;

/** What `diff --json` prints. */
export interface DiffResult extends ReviewDiff {
  /** Whether RUN passes every check `glassbox check` makes (the exit code). */
  pass: boolean;
}

/** The hidden first line of the Markdown, by which a CI step finds the comment to update. */
export function diffMarker(runName: string): string {
  return `<!-- glassbox-diff: ${runName.replace(/--/g, '- -').replace(/[\r\n]+/g, ' ')} -->`;
}

export async function runDiff(parsed: ParsedCommand, output: Output): Promise<number> {
  const run = runArgument('diff', parsed.positionals);
  const { values } = parsed;
  if (values.json && values.md) throw new UsageError(cliMessages.jsonAndMd(), usage);
  let onlyChanges: number | null = null;
  if (values['only-changes'] !== undefined) {
    const text = String(values['only-changes']);
    onlyChanges = Number(text);
    if (text.trim() === '' || !Number.isFinite(onlyChanges) || onlyChanges < 0) throw new UsageError(cliMessages.badOnlyChanges(text), usage);
  }
  const against = typeof values.against === 'string' && values.against.trim() && values.against.trim() !== 'baseline' ? values.against.trim() : null;
  if (values.ref !== undefined && values.against !== undefined) throw new UsageError(cliMessages.refAndAgainst(), usage);

  // --root, --allow, --allow-remote and --no-cache apply to both sides, as in every command.
  const options: LoadOptions = { roots: rootOptions(values), cache: cacheOption(values) };
  const { after, before } = values.ref !== undefined ? await runsAtRef(run, String(values.ref), options) : await runsAgainst(run, against, options);
  // Stability reads every date's cells: a run read by date streams them first.
  await after.engine.prepareStability();
  await before.engine.prepareStability();
  const diff = reviewDiff(after.engine, before.engine, { onlyChanges });
  const signals = after.engine.signals();
  const pass =
    after.engine.integrity().pass &&
    guardrailResults(after.engine.guardrails()).every((g) => g.pass !== false) &&
    signals?.pass !== false &&
    after.engine.stability().pass !== false;
  const result: DiffResult = { ...diff, pass };
  output.out(values.json ? JSON.stringify(result, null, 2) : values.md ? diffMarkdown(result) : diffText(result));
  return pass ? EXIT.pass : EXIT.fail;
}

/** RUN with its baseline (or `against`) as its baseline, and that run on its own. */
async function runsAgainst(run: string, against: string | null, options: LoadOptions): Promise<{ after: LoadedRun; before: LoadedRun }> {
  const after = await loadRunFromPaths(run, { ...options, withBaseline: true, baseline: against ?? undefined });
  let beforePath = against;
  if (beforePath === null) {
    const baseline = after.manifest?.baseline;
    if (baseline === undefined) throw new InputError(cliMessages.noBaselineToDiff(run), run);
    beforePath = resolve(dirname(resolve(run)), baseline);
  }
  if (after.engine.summary().baseline === null) throw new InputError(cliMessages.baselineUnreadableForDiff(beforePath), beforePath);
  return { after, before: await loadRunFromPaths(beforePath, options) };
}

/** RUN as it is, with RUN as committed at `ref` as its baseline, and that run on its own. */
async function runsAtRef(run: string, ref: string, options: LoadOptions): Promise<{ after: LoadedRun; before: LoadedRun }> {
  if (!/\.glassbox\.json$/i.test(run)) throw new InputError(cliMessages.refNeedsManifest(run), run);
  const atRef = await readManifestAtRef(resolve(run), ref, run);
  const input = readRunInput(run, {}, undefined, options.roots);
  const after = await loadRunInput(input, atRef.input, options);
  if (after.engine.summary().baseline === null) throw new InputError(cliMessages.baselineUnreadableForDiff(atRef.label), run);
  return { after, before: await loadRunInput(atRef.input, null, options) };
}

const COUNT_ROWS = new Set(['holdings', 'universe', 'features']);

/** A headline figure: counts as counts, the rest as percentages. */
function headlineCells(r: DiffRow): [string, string, string] {
  if (COUNT_ROWS.has(r.name)) return [r.before === null ? '—' : count(r.before), r.after === null ? '—' : count(r.after), r.delta === null ? '—' : `${r.delta > 0 ? '+' : ''}${count(r.delta)}`];
  const points = r.delta === null ? null : Number((r.delta * 100).toFixed(1));
  return [percent(r.before, 1), percent(r.after, 1), points === null ? '—' : `${points > 0 ? '+' : ''}${points === 0 ? '0.0' : points.toFixed(1)} pp`];
}

function numberCells(r: { before: number | null; after: number | null; delta: number | null }): [string, string, string] {
  return [signed(r.before), signed(r.after), signed(r.delta)];
}

const verdict = (v: boolean | null) => (v === null ? 'not checked' : v ? 'pass' : 'FAIL');

function drivers(e: ReviewDiff['entered'][number]): string {
  return e.drivers.slice(0, 2).map((d) => `${d.factor} ${signed(d.value)}`).join(', ');
}

/** The human form. */
export function diffText(d: DiffResult): string {
  const parts = [`${d.after.name} against ${d.before.name} on ${d.after.date}: ${d.pass ? 'checks pass' : 'checks FAIL'}`, ''];
  parts.push(textTable(['Figure', 'Before', 'After', 'Delta'], d.headline.map((r) => [r.name, ...headlineCells(r)]), ['left', 'right', 'right', 'right']), '');
  if (d.guardrails.length) parts.push(textTable(['Guardrail', 'Before', 'After'], d.guardrails.map((g) => [g.guardrail, verdict(g.before), verdict(g.after)])), '');
  if (d.factors.length) parts.push(textTable(['Factor exposure', 'Before', 'After', 'Delta'], d.factors.map((f) => [f.factor, ...numberCells(f)]), ['left', 'right', 'right', 'right']), '');
  parts.push(`Entered ${d.entered.length}, left ${d.left.length}`);
  for (const [label, list] of [['+', d.entered], ['-', d.left]] as const) for (const e of list.slice(0, 10)) parts.push(`  ${label} ${e.stock} (${e.name}): ${drivers(e)}`);
  if (d.signals.length || d.stability.length) parts.push('', textTable(['Signal / stability', 'Before', 'After', 'Delta'], [...d.signals, ...d.stability].map((r) => [r.name, ...numberCells(r)]), ['left', 'right', 'right', 'right']));
  return parts.join('\n');
}

function mdTable(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

/** The Markdown form: the marker line first, every name escaped. */
export function diffMarkdown(d: DiffResult): string {
  const out = [diffMarker(d.after.name), `## Glass Box diff: ${md(d.after.name)} against ${md(d.before.name)}, ${md(d.after.date)}`, '', `**${d.pass ? '✅ All checks pass' : '❌ Checks fail'}**`, ''];
  if (d.headline.length) out.push(...mdTable(['Figure', 'Before', 'After', 'Delta'], d.headline.map((r) => [md(r.name), ...headlineCells(r)]), ['l', 'r', 'r', 'r']));
  if (d.guardrails.length) out.push('### Guardrails', '', ...mdTable(['Guardrail', 'Before', 'After'], d.guardrails.map((g) => [md(g.guardrail), verdict(g.before), `${g.changed ? '**' : ''}${verdict(g.after)}${g.changed ? '**' : ''}`]), ['l', 'l', 'l']));
  if (d.factors.length) out.push('### Factor exposure (portfolio, sum of weight × contribution)', '', ...mdTable(['Factor', 'Before', 'After', 'Delta'], d.factors.map((f) => [md(f.factor), ...numberCells(f)]), ['l', 'r', 'r', 'r']));
  out.push(`### Names: ${d.entered.length} entered, ${d.left.length} left`, '');
  const names = [...d.entered.slice(0, 10).map((e) => ['entered', e] as const), ...d.left.slice(0, 10).map((e) => ['left', e] as const)];
  if (names.length) out.push(...mdTable(['', 'Stock', 'Name', 'Weight', 'Drivers'], names.map(([status, e]) => [status, md(e.stock), md(e.name), `${percent(e.weightBefore)} → ${percent(e.weightAfter)}`, md(drivers(e))]), ['l', 'l', 'l', 'r', 'l']));
  if (d.signals.length || d.stability.length) out.push('### Signals and stability', '', ...mdTable(['Figure', 'Before', 'After', 'Delta'], [...d.signals, ...d.stability].map((r) => [md(r.name), ...numberCells(r)]), ['l', 'r', 'r', 'r']));
  return out.join('\n');
}

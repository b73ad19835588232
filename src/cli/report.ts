/** `glassbox report RUN --out FILE.html|FILE.md`: the review summary, written to a file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../model/errors';
import { heldReportData, htmlReport, markdownReport, reportCharts, reportPasses, type RenderedChart, type ReportData } from '../report/index';
import { LIGHT_THEME, renderSvg } from '../views/index';
import { cacheOption, COMMANDS, type ParsedCommand, rootOptions, runArgument, tableOptions, UsageError } from './args';
import { errorMessage, loadRunFromPaths } from './load';
import { cliMessages } from './messages';
import { EXIT, type Output } from './output';

/** Renders every chart of the report to SVG, in Node, one after another (Vega views are heavy). */
export async function renderReportCharts(data: ReportData): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const chart of reportCharts(data, LIGHT_THEME)) rendered.push({ id: chart.id, title: chart.title, svg: await renderSvg(chart.spec, { width: 560 }) });
  return rendered;
}

export async function runReport(parsed: ParsedCommand, output: Output, version: string): Promise<number> {
  const run = runArgument('report', parsed.positionals);
  const out = parsed.values.out;
  if (typeof out !== 'string' || !out.trim()) throw new UsageError(cliMessages.missingOut(), COMMANDS.report.usage);
  const format = /\.html?$/i.test(out) ? 'html' : /\.md$/i.test(out) ? 'markdown' : null;
  if (!format) throw new UsageError(cliMessages.badOut(out), COMMANDS.report.usage);
  const baseline = typeof parsed.values.baseline === 'string' ? parsed.values.baseline : undefined;

  const { engine } = await loadRunFromPaths(run, { tables: tableOptions(parsed.values), roots: rootOptions(parsed.values), cache: cacheOption(parsed.values), withBaseline: true, baseline });
  const data = await heldReportData(engine);
  const text = format === 'markdown' ? markdownReport(data) : htmlReport(data, await renderReportCharts(data), { generator: `glassbox ${version}` });
  const path = resolve(out);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new InputError(cliMessages.writeFailed(out, errorMessage(error)), out);
  }
  output.err(`Wrote ${out} (${format === 'markdown' ? 'Markdown' : 'HTML'}, ${data.date}${reportPasses(data) ? '' : '; checks fail'}).`);
  return EXIT.pass;
}

/**
 * The Markdown summary's Performance section (a run with forward returns) against the HTML
 * report's: the same rows and figures, each the engine's statistic formatted, and the same
 * notes (period, annualisation, risk-free rate, the score's rank IC).
 */
import { strict as assert } from 'node:assert';
import { buildReportData, htmlReport, markdownReport } from '../../../src/report/index';
import { loadSample } from '../cli/fixtures';

/** The cells of the first table after `<h2>Performance</h2>` in the HTML report, header first. */
function htmlPerformance(html: string): { rows: string[][]; notes: string[] } {
  const section = html.slice(html.indexOf('<h2>Performance</h2>'));
  assert.ok(section.length > 0, 'the HTML report has a Performance section');
  const tableHtml = section.slice(section.indexOf('<table>'), section.indexOf('</table>'));
  const text = (cell: string) => cell.replace(/<[^>]+>/g, '').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();
  const rows = [...tableHtml.matchAll(/<tr>(.*?)<\/tr>/g)].map((tr) => [...tr[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => text(c[1])));
  const notes = [...section.slice(0, section.indexOf('<div class="charts">') > 0 ? section.indexOf('<div class="charts">') : undefined).matchAll(/<p>(.*?)<\/p>/g)].map((p) => text(p[1]));
  return { rows, notes };
}

/** The rows of the table under `### Performance` in the Markdown, header first, and its paragraphs. */
function markdownPerformance(markdown: string): { rows: string[][]; notes: string[] } {
  const start = markdown.indexOf('### Performance');
  assert.ok(start >= 0, 'the Markdown summary has a Performance section');
  const rest = markdown.slice(start + 1);
  const section = rest.slice(0, rest.indexOf('\n### ') >= 0 ? rest.indexOf('\n### ') : undefined);
  const lines = section.split('\n');
  const cells = (line: string) => line.replace(/^\|\s?|\s?\|$/g, '').split(' | ').map((c) => c.replace(/\*\*/g, '').replace(/\\(.)/g, '$1').trim());
  const rows = lines.filter((l) => l.startsWith('|') && !/^\|\s*[-:| ]+\|$/.test(l)).map(cells);
  const notes = lines.filter((l) => l.trim() && !l.startsWith('|') && !l.startsWith('##')).map((l) => l.replace(/\\(.)/g, '$1').trim());
  return { rows, notes };
}

describe('report: the Markdown Performance section mirrors the HTML report', function () {
  this.timeout(180_000);

  it('the same sides and figures, each the engine\'s statistic, and the same notes', async () => {
    const engine = await loadSample();
    const data = buildReportData(engine);
    assert.ok(data.performance, 'the sample has forward returns');
    const html = htmlPerformance(htmlReport(data, []));
    const md = markdownPerformance(markdownReport(data));
    assert.deepEqual(md.rows, html.rows);
    assert.deepEqual(md.notes, html.notes);
    // The figures are the engine's: the active side's information ratio, and the portfolio's cumulative return recomputed from its periods.
    const perf = engine.performance()!;
    const active = md.rows.find((r) => r[0] === 'Active')!;
    assert.equal(active[4], perf.active!.sharpe!.toFixed(2));
    const portfolio = md.rows.find((r) => r[0] === 'Portfolio')!;
    const growth = perf.points.reduce((g, p) => (p.portfolio === null ? g : g * (1 + p.portfolio)), 1) - 1;
    const shown = Number(portfolio[2].replace('\u2212', '-').replace('%', '')) / 100;
    assert.ok(Math.abs(shown - growth) <= 0.00005 + 1e-9, `cumulative portfolio ${portfolio[2]} vs ${growth}`);
    assert.equal(md.rows[0].length, 10);
    assert.deepEqual(md.rows.slice(1).map((r) => r[0]), ['Portfolio', 'Benchmark', 'Active'].filter((_, i) => [perf.portfolio, perf.benchmark, perf.active][i] !== null));
    assert.ok(md.notes.some((n) => /risk-free rate of/.test(n)));
    assert.ok(md.notes.some((n) => /^Score rank IC: mean/.test(n)));
  });
});

/**
 * The review summary builders (src/report): Markdown with the headline numbers and names
 * escaped, HTML with every chart inline and hostile names as text; and `glassbox report`
 * writing both for the sample run.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderReportCharts } from '../../../src/cli/report';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { readTable } from '../../../src/model/read/index';
import { loadRun } from '../../../src/model/run/loadRun';
import { NO_FILTERS } from '../../../src/model/types';
import { buildReportData, escapeHtml, escapeMarkdown, htmlReport, markdownReport, REPORT_CSP, type RenderedChart, type ReportData } from '../../../src/report/index';
import { sampleYardstick } from '../model/sampleYardstick';
import { HOSTILE, loadSample, PIPE_NAME, removeTempDirs, runCli, SAMPLE, tempDir, writeFixture } from '../cli/fixtures';

async function fixtureReport(): Promise<ReportData> {
  const { dir, manifest: path } = writeFixture({ sectorMaxActive: 0.1 });
  const { manifest, diagnostics } = parseManifest(readFileSync(path, 'utf8'), 'run.glassbox.json');
  // A hostile factor name too: it reaches every table and chart.
  manifest.factors = { [`val|<u>e</u>`]: ['f_a', 'f_b'], beta: ['f_c'] };
  const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: new Uint8Array(readFileSync(join(dir, t.path))) }));
  const engine = await loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, readTable);
  return buildReportData(engine);
}

describe('the review summary', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  describe('escaping', () => {
    it('escapes HTML text and attributes', () => {
      assert.equal(escapeHtml(HOSTILE), '&lt;img src=x onerror=alert(1)&gt;');
      assert.equal(escapeHtml(`"a'&b"`), '&quot;a&#39;&amp;b&quot;');
    });

    it('escapes Markdown table cells: pipes, tags, emphasis, line breaks', () => {
      assert.equal(escapeMarkdown(PIPE_NAME), 'Pipe\\|Co &lt;b&gt;bold&lt;/b&gt;');
      assert.equal(escapeMarkdown('a_b*c\nd'), 'a\\_b\\*c d');
    });
  });

  describe('on a fixture with hostile names', () => {
    let data: ReportData;
    let charts: RenderedChart[];
    before(async () => {
      data = await fixtureReport();
      charts = await renderReportCharts(data);
    });

    it('gathers the latest date, the failing sector guardrail and the comparison with the previous date', () => {
      assert.equal(data.date, '2024-02-29');
      assert.equal(data.overview.holdings, 3);
      assert.equal(data.guardrails.pass, false);
      assert.equal(data.comparison?.against, 'previous');
      assert.equal(data.comparison?.before.date, '2024-01-31');
      assert.equal(data.signals, null);
      assert.match(markdownReport(data), /^No forward returns in the run \(`returns` in the manifest\): no IC\.$/m);
    });

    it('writes Markdown with the headline numbers, guardrails and drivers, names escaped', () => {
      const md = markdownReport(data);
      assert.match(md, /^## Glass Box: Fixture run, 2024-02-29$/m);
      assert.match(md, /❌ Checks fail/);
      assert.match(md, /^\| \*\*Holdings\*\* \| 3 \|$/m);
      assert.match(md, /^\| \*\*Active share\*\* \| 20\.0% \|$/m);
      assert.match(md, /^\| \*\*Turnover \(one-way\)\*\* \| 10\.0% \|$/m);
      assert.match(md, /^\| sector \| 10\.00% \| 2 dates \| 1: 2024-02-29 \| .* \| ❌ FAIL \|$/m);
      assert.ok(md.includes('Pipe\\|Co &lt;b&gt;bold&lt;/b&gt;'), 'stock name escaped');
      assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt;'), 'sector name escaped');
      assert.ok(md.includes('val\\|&lt;u&gt;e&lt;/u&gt;'), 'factor name escaped');
      assert.ok(!md.includes('<img') && !md.includes('<b>') && !md.includes('<u>'));
      assert.ok(!md.includes('Pipe|Co'));
      // Every table row has as many cells as its header.
      for (const block of md.split('\n\n').filter((b) => b.startsWith('|'))) {
        const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
        const lines = block.trim().split('\n');
        for (const line of lines) assert.equal(cells(line), cells(lines[0]), line);
      }
    });

    it('writes HTML that shows every hostile name as text, with every chart inline', () => {
      const html = htmlReport(data, charts);
      assert.ok(!html.includes('<img'), 'no img tag');
      assert.ok(!/<script/i.test(html), 'no script');
      for (const [, element, attributes] of html.matchAll(/<\s*([a-zA-Z][\w:-]*)([^>]*)>/g)) {
        assert.ok(!['script', 'img', 'iframe', 'object', 'embed', 'image', 'use', 'a', 'link'].includes(element.toLowerCase()), element);
        for (const [, name] of attributes.matchAll(/([^\s=/]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)) {
          assert.ok(!/^on|^(xlink:)?href$|^src$/i.test(name), `${element} ${name}`);
        }
      }
      assert.ok(!html.includes('left out'), 'every chart kept');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
      assert.ok(html.includes('Pipe|Co &lt;b&gt;bold&lt;/b&gt;'));
      assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`));
      assert.equal((html.match(/<figure /g) ?? []).length, charts.length);
      assert.equal((html.match(/<svg /g) ?? []).length, charts.length);
      assert.ok(charts.length >= 10, String(charts.length));
      assert.ok(!/(?:src|href)=["']?(?:https?:)?\/\//i.test(html), 'no external reference');
    });
  });

  describe('with a baseline over part of the run', () => {
    it('compares the latest date with the baseline\'s nearest earlier date, named, and exits 0', async () => {
      const run = writeFixture();
      const base = writeFixture();
      // The baseline keeps the first date only: the run's latest (2024-02-29) is not in it.
      for (const file of [base.contributions, base.weights]) {
        const lines = readFileSync(file, 'utf8').split('\n');
        writeFileSync(file, lines.filter((line, i) => i === 0 || !line.startsWith('2024-02-29')).join('\n'));
      }
      const out = join(tempDir(), 'partial.md');
      const result = await runCli(['report', run.manifest, '--out', out, '--baseline', base.manifest]);
      assert.equal(result.code, 0, result.stderr);
      const md = readFileSync(out, 'utf8');
      assert.match(md, /^### Largest changes: Fixture run against the baseline Fixture run \(2024-01-31\)$/m);
      assert.ok(md.includes('_Baseline Fixture run as of 2024-01-31, its nearest date before 2024-02-29 (it has no 2024-02-29)._'), md);
      // The weights of 2024-01-31 (S1 .4, S2 .3, S3 .3) against 2024-02-29 (.4, .4, .2): one-way turnover 10%.
      assert.match(md, /One-way turnover 10\.0%/);
    });
  });

  describe('glassbox report on the sample run', () => {
    let md: string;
    let html: string;
    let codes: number[];
    before(async () => {
      const out = tempDir();
      const results = await Promise.all([runCli(['report', SAMPLE, '--out', join(out, 'summary.md')]), runCli(['report', SAMPLE, '-o', join(out, 'summary.html')])]);
      codes = results.map((r) => r.code);
      assert.deepEqual(codes, [0, 0], results.map((r) => r.stderr).join('\n'));
      md = readFileSync(join(out, 'summary.md'), 'utf8');
      html = readFileSync(join(out, 'summary.html'), 'utf8');
    });

    it('writes Markdown with the headline numbers of the latest date and the planted breach', async () => {
      const engine = await loadSample();
      const overview = engine.overview('2025-12-31', NO_FILTERS);
      assert.match(md, /^## Glass Box: Russell 2000 ML v7, 2025-12-31$/m);
      assert.ok(md.includes(`| **Holdings** | ${overview.holdings.toLocaleString('en-US')} |`));
      assert.ok(md.includes(`| **Active share** | ${((overview.activeShare as number) * 100).toFixed(1)}% |`));
      assert.ok(md.includes(`| **Turnover (one-way)** | ${((overview.turnover as number) * 100).toFixed(1)}% |`));
      assert.match(md, /^\| sector \| 5\.00% \| 60 dates \| 1: 2023-07-31 \| Consumer Staples \+5\.60% \(2023-07-31\) \| ❌ FAIL \|$/m);
      assert.match(md, /^### Largest changes: Russell 2000 ML v7 against the baseline Russell 2000 ML v6 \(2025-12-31\)$/m);
      assert.match(md, /New features: web\\_traffic\\_growth/);
      assert.match(md, /^\*\*Top 10 features by importance\*\*/m);
    });

    it('reports each signal\'s rank IC and Newey-West t-statistic, as check does', async () => {
      const signals = (await loadSample()).signals();
      assert.ok(signals);
      assert.match(md, /^### Signals: rank IC and whether it beats luck$/m);
      assert.match(md, /Newey-West t-statistic of the mean \(Bartlett kernel, lags floor/);
      for (const s of signals.stats) {
        const row = `| ${s.signal.replace(/_/g, '\\_')} | ${s.dates} | ${(s.icMean as number).toFixed(4)} | ${(s.icStd as number).toFixed(4)} | ${(s.icir as number).toFixed(2)} | ${((s.hitRate as number) * 100).toFixed(0)}% | ${(s.tstat as number).toFixed(2)} | ${s.lags} |`;
        assert.ok(md.includes(row), row);
        assert.ok(html.includes(`<td>${s.signal}</td><td class="num">${s.dates}</td><td class="num">${(s.icMean as number).toFixed(4)}</td>`), s.signal);
      }
      // The score's row, against its rank IC recomputed in DuckDB from the raw files.
      const yardstick = await sampleYardstick(dirname(SAMPLE));
      const score = signals.stats[0];
      assert.equal(score.signal, 'score');
      assert.ok(Math.abs((score.icMean as number) - yardstick.meanRankIc) < 1e-12);
      assert.ok(Math.abs((score.icStd as number) - yardstick.rankIcStdev) < 1e-12);
      assert.equal(score.hitRate, yardstick.rankIcHitRate);
      assert.equal(score.dates, yardstick.rankIc.length);
    });

    it('writes one HTML page with every chart as inline SVG', () => {
      assert.ok(html.startsWith('<!DOCTYPE html>'));
      assert.equal((html.match(/<svg /g) ?? []).length, 15, '12 charts of the views, cumulative return, active drawdown and IC decay');
      assert.ok(!/<script/i.test(html));
    });

    it('has a Performance section with the risk statistics of the run\'s returns', async () => {
      const perf = (await loadSample()).performance();
      assert.ok(perf, 'the sample has forward returns');
      const section = html.slice(html.indexOf('<h2>Performance</h2>'), html.indexOf('<h2>Charts</h2>'));
      assert.ok(section.length > 0, 'a Performance section before the other charts');
      assert.match(section, /Sharpe and Sortino over a risk-free rate of 0\.00% a year \(none given\)/);
      const row = (name: string) => section.match(new RegExp(`<tr><td>${name}</td>(.*?)</tr>`))?.[1].match(/<td class="num">([^<]*)<\/td>/g)?.map((c) => c.replace(/<[^>]+>/g, ''));
      const stats = { Portfolio: perf.portfolio, Benchmark: perf.benchmark, Active: perf.active };
      for (const [name, s] of Object.entries(stats)) {
        assert.ok(s, name);
        const cells = row(name);
        assert.ok(cells, `${name} row in ${section.slice(0, 2000)}`);
        assert.equal(cells[0], `${s.annualisedReturn! > 0 ? '+' : ''}${(s.annualisedReturn! * 100).toFixed(2)}%`, `${name} annualised return`);
        assert.equal(cells[2], `${(s.volatility! * 100).toFixed(2)}%`, `${name} volatility`);
        assert.equal(cells[3], s.sharpe!.toFixed(2), `${name} Sharpe`);
        assert.equal(cells[4], s.sortino!.toFixed(2), `${name} Sortino`);
        assert.equal(cells[8], String(s.periods), `${name} periods`);
      }
      assert.ok(section.includes('<figure id="performance-cumulative-return"'));
      assert.ok(section.includes('<figure id="performance-active-drawdown"'));
    });

    it('exits 2 without --out, with another extension, or with a missing --baseline', async () => {
      const [missing, pdf, baseline] = await Promise.all([
        runCli(['report', SAMPLE]),
        runCli(['report', SAMPLE, '--out', 'x.pdf']),
        runCli(['report', SAMPLE, '--out', join(tempDir(), 'x.md'), '--baseline', 'no/such/base.glassbox.json']),
      ]);
      assert.equal(baseline.code, 2);
      assert.match(baseline.stderr, /--baseline no\/such\/base\.glassbox\.json: the file does not exist/);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--out is required/);
      assert.equal(pdf.code, 2);
      assert.match(pdf.stderr, /--out x\.pdf/);
    });
  });
});

/**
 * The review summary as one self-contained HTML page: inline CSS, every chart as inline
 * SVG, no scripts and no external requests (a Content-Security-Policy says so to the
 * browser too). Every name from data is HTML-escaped; the SVGs come from Vega's SVG
 * renderer, which escapes text itself.
 */
import { comparisonNotes, comparisonTitle, guardrailCells, headlineRows, PERFORMANCE_HEADER, performanceNote, performanceRows, REPORT_TOP, scoreIcNote, SIGNAL_HEADER, signalCells, signalsNote } from './markdown';
import { escapeHtml as h } from './escape';
import { IC_DECAY_HEADER, IC_DECAY_NUMERIC, icDecayCells, icDecayNote } from './icDecay';
import { bp, bpMagnitude, count, percent } from './format';
import type { RenderedChart } from './charts';
import type { PerformanceData } from '../model/performance/performance';
import { reportPasses, type ReportData } from './reportData';
import { findingsVerdict } from '../model/findings';

/** Allows nothing but the page's own inline styles and inline images (no scripts at all). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --pass: #1a7f37; --fail: #cf222e; --bg: #ffffff; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; }
.verdict.pass, .result.pass { background: var(--pass); }
.verdict.fail, .result.fail { background: var(--fail); }
.result { color: #fff; padding: 0 6px; border-radius: 8px; font-size: 12px; font-weight: 600; }
.result.none { background: var(--muted); }
table { border-collapse: collapse; margin: 4px 0 12px; }
th, td { border: 1px solid var(--border); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.headline th { width: 220px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
figure { margin: 0; padding: 8px; border: 1px solid var(--border); border-radius: 6px; overflow-x: auto; background: #fff; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure svg { max-width: 100%; height: auto; }
details { margin: 8px 0; }
ul.diagnostics li { margin: 2px 0; }
`;

function tableHtml(header: string[], rows: string[][], numeric: boolean[] = []): string {
  const cls = (i: number) => (numeric[i] ? ' class="num"' : '');
  return `<table><thead><tr>${header.map((c, i) => `<th${cls(i)}>${c}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const TAG = /<\s*([a-zA-Z][\w:-]*)([^>]*)>/g;
const ATTRIBUTE = /([^\s=/]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g;
const ACTIVE_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'image', 'use', 'a']);

/**
 * Refuses anything in a chart's SVG that could run or fetch (Vega never emits it): script-like
 * elements, event-handler attributes, links, and url() references other than to the
 * document's own ids. Text from data is escaped by Vega, so every '<…>' here is a real tag
 * and data text inside attribute values (aria-label) is quoted and harmless.
 */
function safeSvg(svg: string): string {
  for (const [, element, attributes] of svg.matchAll(TAG)) {
    if (ACTIVE_ELEMENTS.has(element.toLowerCase())) return leftOut();
    for (const [, name, quoted] of attributes.matchAll(ATTRIBUTE)) {
      const attribute = name.toLowerCase();
      const value = quoted.replace(/^["']|["']$/g, '');
      if (attribute.startsWith('on') || attribute === 'href' || attribute === 'xlink:href' || attribute === 'src') return leftOut();
      if (!attribute.startsWith('aria-') && /url\(\s*['"]?(?!#)/i.test(value)) return leftOut();
    }
  }
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

function leftOut(): string {
  return '<p>This chart was left out: its SVG held active content or an external reference.</p>';
}

/** The Performance tab in the report: risk statistics per side, the score's IC, and the return charts (the Markdown summary's figures, markdown.ts). */
function performanceSection(perf: PerformanceData, charts: readonly RenderedChart[]): string[] {
  const out = ['<h2>Performance</h2>', `<p>${h(performanceNote(perf))}</p>`];
  out.push(tableHtml(PERFORMANCE_HEADER, performanceRows(perf).map((row) => row.map((cell) => h(cell))), PERFORMANCE_HEADER.map((_, i) => i > 0)));
  const ic = scoreIcNote(perf);
  if (ic) out.push(`<p>${h(ic)}</p>`);
  if (charts.length) {
    out.push('<div class="charts">');
    for (const chart of charts) out.push(`<figure id="${h(chart.id)}" class="chart"><figcaption>${h(chart.title)}</figcaption>${safeSvg(chart.svg)}</figure>`);
    out.push('</div>');
  }
  return out;
}

export interface HtmlReportOptions {
  /** Shown in the footer, e.g. 'glassbox 0.1.0'. */
  generator?: string;
}

/**
 * The review summary as a self-contained HTML page.
 * @example htmlReport(data, await Promise.all(reportCharts(data, LIGHT_THEME).map(async (c) => ({ ...c, svg: await renderSvg(c.spec) }))))
 */
export function htmlReport(data: ReportData, charts: readonly RenderedChart[], options: HtmlReportOptions = {}): string {
  const pass = reportPasses(data);
  const title = `Glass Box: ${data.run.name}, ${data.date}`;
  const body: string[] = [];
  body.push(`<h1>${h(title)}</h1>`);
  body.push(`<p class="meta">Source ${h(data.run.source)} · <span class="verdict ${pass ? 'pass' : 'fail'}">${findingsVerdict(data.run.findings)}</span></p>`);
  body.push(`<table class="headline"><tbody>${headlineRows(data).map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table>`);

  body.push('<h2>Guardrails</h2>');
  if (!data.guardrails.summary.length) body.push('<p>No guardrails set in the manifest (<code>constraints</code>).</p>');
  else {
    body.push(
      tableHtml(
        ['Guardrail', 'Limit', 'Checked', 'Breached', 'Worst', 'Result'],
        data.guardrails.summary.map((g) => {
          const c = guardrailCells(g);
          const cls = c.result === 'FAIL' ? 'fail' : c.result === 'pass' ? 'pass' : 'none';
          return [h(c.guardrail), h(c.limit), h(c.checked), h(c.breached), h(c.worst), `<span class="result ${cls}">${h(c.result)}</span>`];
        }),
        [false, true, true],
      ),
    );
  }

  body.push(`<h2>Largest changes: ${h(comparisonTitle(data))}</h2>`);
  const c = data.comparison;
  for (const note of comparisonNotes(data)) body.push(`<p class="note">${h(note)}</p>`);
  if (c) {
    body.push(`<p>One-way turnover ${h(percent(c.turnover, 1))}; ${count(c.entered.length)} names entered, ${count(c.left.length)} left.</p>`);
    if (c.featuresOnlyAfter.length) body.push(`<p>New features: ${c.featuresOnlyAfter.map(h).join(', ')}.</p>`);
    if (c.featuresOnlyBefore.length) body.push(`<p>Dropped features: ${c.featuresOnlyBefore.map(h).join(', ')}.</p>`);
    const exposure = [...c.exposure].sort((a, b) => Math.abs(b.change) - Math.abs(a.change)).slice(0, REPORT_TOP);
    body.push(
      '<h3>Factor exposure change</h3>',
      tableHtml(
        ['Factor', 'Before', 'After', 'Change', 'From trading', 'From signals'],
        exposure.map((e) => [h(e.factor), bp(e.before), bp(e.after), bp(e.change), bp(e.fromWeights), bp(e.fromSignals)]),
        [false, true, true, true, true, true],
      ),
    );
    if (c.changes.length) {
      body.push(
        '<h3>Largest weight changes</h3>',
        tableHtml(
          ['Stock', 'Name', 'Sector', 'Before', 'After', 'Change', 'Status'],
          c.changes.slice(0, REPORT_TOP).map((s) => [h(s.stock), h(s.name), h(s.sector), percent(s.weightBefore), percent(s.weightAfter), percent(s.weightChange, 2, true), h(s.status)]),
          [false, false, false, true, true, true],
        ),
      );
    }
  }

  body.push('<h2>Top drivers</h2>');
  const hasBenchmark = data.overview.factorExposure.some((f) => f.active !== null);
  body.push(
    '<h3>Factor exposure</h3>',
    tableHtml(
      hasBenchmark ? ['Factor', 'Portfolio', 'Active', 'Benchmark'] : ['Factor', 'Portfolio'],
      [...data.overview.factorExposure]
        .sort((a, b) => Math.abs(b.portfolio) - Math.abs(a.portfolio))
        .map((f) => (hasBenchmark ? [h(f.factor), bp(f.portfolio), bp(f.active), bp(f.benchmark)] : [h(f.factor), bp(f.portfolio)])),
      [false, true, true, true],
    ),
  );
  const features = data.features.importance.features.slice(0, REPORT_TOP);
  if (features.length) {
    body.push(
      `<h3>Top ${features.length} features by importance</h3>`,
      tableHtml(
        ['Feature', 'Factor', 'Mean |c|', 'Weighted mean |c|', 'Mean c'],
        features.map((f) => [h(f.feature), h(f.factor), bpMagnitude(f.meanAbs), bpMagnitude(f.weightedMeanAbs), bp(f.meanSigned)]),
        [false, false, true, true, true],
      ),
    );
  }

  body.push('<h2>Signals: rank IC and whether it beats luck</h2>');
  if (!data.signals) body.push('<p>No forward returns in the run (<code>returns</code> in the manifest): no IC.</p>');
  else body.push(`<p>${h(signalsNote(data.signals))}</p>`, tableHtml(SIGNAL_HEADER, data.signals.stats.map((s) => signalCells(s).map(h)), [false, true, true, true, true, true, true, true]));
  if (data.signals?.icDecay) body.push('<h3>IC decay: rank IC by return horizon</h3>', `<p>${h(icDecayNote(data.signals.icDecay))}</p>`, tableHtml(IC_DECAY_HEADER, data.signals.icDecay.horizons.map((row) => icDecayCells(row).map(h)), IC_DECAY_NUMERIC));

  const isPerformance = (chart: RenderedChart) => chart.id.startsWith('performance-');
  if (data.performance) body.push(...performanceSection(data.performance, charts.filter(isPerformance)));

  const others = charts.filter((chart) => !isPerformance(chart));
  if (others.length) {
    body.push('<h2>Charts</h2>', '<div class="charts">');
    for (const chart of others) body.push(`<figure id="${h(chart.id)}" class="chart"><figcaption>${h(chart.title)}</figcaption>${safeSvg(chart.svg)}</figure>`);
    body.push('</div>');
  }

  if (data.diagnostics.length) {
    body.push(`<h2>Diagnostics</h2><details><summary>${data.diagnostics.length} note${data.diagnostics.length === 1 ? '' : 's'} from reading the run</summary><ul class="diagnostics">`);
    for (const d of data.diagnostics) body.push(`<li><strong>${h(d.severity)}</strong> <code>${h(d.code)}</code>: ${h(d.message)}</li>`);
    body.push('</ul></details>');
  }
  body.push(`<p class="meta">Generated by ${h(options.generator ?? 'Glass Box')}.</p>`);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

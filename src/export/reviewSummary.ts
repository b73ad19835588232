/**
 * The review summary of a loaded run as text, from its engine: Markdown for a pull-request
 * comment, or one self-contained HTML page with every chart as inline SVG (rendered
 * headless, CSP-safe, as the CLI's `glassbox report` does). Pure JavaScript: it runs in the
 * loader worker, which holds the engine.
 */
import type { AttributionEngine } from '../model/engine/engine';
import { heldReportData, htmlReport, markdownReport, reportCharts, type RenderedChart } from '../report/index';
import { LIGHT_THEME, renderSvg } from '../views/index';

export type SummaryFormat = 'markdown' | 'html';

export interface SummaryOptions {
  /** Shown in the HTML footer, e.g. 'Glass Box 0.1.0 for VS Code'. */
  generator?: string;
}

/** @example await reviewSummary(engine, 'markdown') // '# Glass Box: Russell 2000 ML v7, 2025-12-31 …' */
export async function reviewSummary(engine: AttributionEngine, format: SummaryFormat, options: SummaryOptions = {}): Promise<string> {
  const data = await heldReportData(engine);
  if (format === 'markdown') return markdownReport(data);
  const charts: RenderedChart[] = [];
  // One at a time: a Vega view holds its whole scenegraph until finalized.
  for (const chart of reportCharts(data, LIGHT_THEME)) charts.push({ id: chart.id, title: chart.title, svg: await renderSvg(chart.spec, { width: 560 }) });
  return htmlReport(data, charts, { generator: options.generator });
}

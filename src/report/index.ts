/**
 * The review summary ("Export Review Summary", `glassbox report`): data from an engine, then
 * Markdown or a self-contained HTML page. Pure functions; rendering the charts to SVG is the
 * caller's (renderSvg from the views layer in Node).
 */
export { buildReportData, heldReportData, reportPasses, type ReportData, type ReportOptions, type RunIntegrity } from './reportData';
export { markdownReport } from './markdown';
export { htmlReport, REPORT_CSP, type HtmlReportOptions } from './html';
export { reportCharts, type RenderedChart, type ReportChart } from './charts';
export { escapeHtml, escapeMarkdown } from './escape';

/**
 * The charts of a review summary, as Vega-Lite specs from the views layer: the Overview,
 * Factors, Features and Stocks tabs' views of the report's date. Rendered to SVG by whoever
 * writes the report (renderSvg in Node, the webview's own renderer in the extension).
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  cumulativeReturnChart,
  dependenceChart,
  drawdownChart,
  factorExposureChart,
  factorHeatmap,
  factorHistoryChart,
  icDecayChart,
  factorImportanceChart,
  featureImportanceChart,
  importanceBySectorChart,
  sectorWeightsChart,
  stockHistoryChart,
  waterfallChart,
  type ChartTheme,
} from '../views/index';
import type { ReportData } from './reportData';

export interface ReportChart {
  /** Stable id (the figure's id in the HTML). */
  id: string;
  title: string;
  spec: TopLevelSpec;
}

/** A chart rendered: its SVG document text (from Vega's SVG renderer, which escapes data text). */
export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
}

/**
 * Every chart of the report, in reading order. Active-weight views appear only when the
 * run has benchmark weights. (The beeswarm is left out: tens of thousands of SVG points; the dependence plot needs feature values.)
 */
export function reportCharts(data: ReportData, theme: ChartTheme): ReportChart[] {
  const hasBenchmark = data.run.hasBenchmark;
  const measure = hasBenchmark ? 'active' : 'portfolio';
  const charts: ReportChart[] = [
    { id: 'factor-exposure-portfolio', title: 'Factor exposure (portfolio)', spec: factorExposureChart(data.overview.factorExposure, theme, { measure: 'portfolio' }) },
  ];
  if (hasBenchmark) charts.push({ id: 'factor-exposure-active', title: 'Factor exposure (active)', spec: factorExposureChart(data.overview.factorExposure, theme, { measure: 'active' }) });
  charts.push({ id: 'sector-weights', title: hasBenchmark ? 'Sector active weights' : 'Sector weights', spec: sectorWeightsChart(data.overview.sectorWeights, theme, { groupTitle: 'Sector' }) });
  if (data.run.dates.length > 1) {
    charts.push({ id: 'factor-history', title: `Factor attribution over time (${measure})`, spec: factorHistoryChart(data.factors.history, theme, { measure, selectedDate: data.date, factors: data.run.factors }) });
  }
  charts.push(
    { id: 'factor-sector-heatmap', title: `Factor × sector (${measure})`, spec: factorHeatmap(data.factors.bySector, theme, { groupTitle: 'Sector', measure }) },
    { id: 'factor-country-heatmap', title: `Factor × country (${measure})`, spec: factorHeatmap(data.factors.byCountry, theme, { groupTitle: 'Country', measure }) },
  );
  if (data.features.importance.features.length) {
    charts.push(
      { id: 'feature-importance', title: 'Feature importance', spec: featureImportanceChart(data.features.importance.features, theme, { factors: data.run.factors }) },
      { id: 'factor-importance', title: 'Factor importance', spec: factorImportanceChart(data.features.importance.factors, theme, { factors: data.run.factors }) },
      { id: 'importance-by-sector', title: 'Importance by sector', spec: importanceBySectorChart(data.features.bySector.byFactor, theme) },
    );
  }
  if (data.features.dependence && data.features.dependence.points.length > 0) {
    charts.push({ id: 'feature-dependence', title: `Dependence: ${data.features.dependence.feature}`, spec: dependenceChart(data.features.dependence, theme, { canvasThreshold: Infinity }) });
  }
  const stock = data.largestPosition;
  if (stock) {
    charts.push(
      { id: 'largest-position-waterfall', title: `Largest position: ${stock.stock} (${stock.name})`, spec: waterfallChart(stock, theme) },
      { id: 'largest-position-history', title: `Largest position over time: ${stock.stock}`, spec: stockHistoryChart(stock.history, theme, { selectedDate: data.date }) },
    );
  }
  const performance = data.performance;
  if (performance && performance.points.length) {
    charts.push({ id: 'performance-cumulative-return', title: 'Cumulative return', spec: cumulativeReturnChart(performance.points, theme) });
    if (performance.active) charts.push({ id: 'performance-active-drawdown', title: 'Active drawdown', spec: drawdownChart(performance.points, theme) });
    if (data.signals?.icDecay) charts.push({ id: 'performance-ic-decay', title: 'IC decay: mean rank IC by return horizon', spec: icDecayChart(data.signals.icDecay, theme) });
  }
  return charts;
}

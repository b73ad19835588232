/**
 * What a review summary shows, gathered from an engine: the headline numbers of one date,
 * the guardrails, the largest changes against the baseline (or the previous date) and the
 * top drivers. Pure: the command line and the extension ("Export Review Summary") build it
 * from whatever engine they hold, then turn it into Markdown or HTML.
 */
import type { AttributionEngine } from '../model/engine/engine';
import { InputError } from '../model/errors';
import { findingsPass } from '../model/findings';
import type { GuardrailSummary } from '../model/guardrails/guardrails';
import type { SignalStatsData } from '../model/signals/signalStats';
import type { PerformanceData } from '../model/performance/performance';
import { NO_FILTERS, type CompareData, type Diagnostic, type FactorsData, type FeaturesData, type OverviewData, type RunSummary, type StockDetailData } from '../model/types';

/** Integrity over every date of the run (the engine's, model/engine/integrity.ts, as the summaries print it). */
export interface RunIntegrity {
  /** False when the run has no score column. */
  checked: boolean;
  tolerance: number;
  /** Dates where some stock failed, ascending. */
  failedDates: string[];
  failures: number;
  maxAbsError: number;
}

export interface ReportData {
  run: RunSummary;
  /** The date reported on (the latest by default). */
  date: string;
  overview: OverviewData;
  integrity: RunIntegrity;
  guardrails: { pass: boolean | null; summary: GuardrailSummary[] };
  /** Against the baseline when the run has one, else the previous date; null for a single-date run without baseline. */
  comparison: CompareData | null;
  /** Why there is no comparison although the run names a baseline (it could not be compared); null otherwise. */
  comparisonNote: string | null;
  factors: FactorsData;
  features: FeaturesData;
  /** The Performance tab's figures when the run has forward returns; null otherwise. */
  performance: PerformanceData | null;
  /** The largest position on the date, for the waterfall and history charts; null when nothing is held. */
  largestPosition: StockDetailData | null;
  diagnostics: Diagnostic[];
  /** Rank IC statistics with Newey-West t-statistics; null without forward returns. */
  signals: SignalStatsData | null;
}

export interface ReportOptions {
  /** Default: the run's latest date. */
  date?: string;
}

/**
 * Gathers a review summary from an engine.
 * @example const data = buildReportData(engine); markdownReport(data);
 */
export function buildReportData(engine: AttributionEngine, options: ReportOptions = {}): ReportData {
  const run = engine.summary();
  const date = options.date ?? run.dates[run.dates.length - 1];
  const overview = engine.overview(date, NO_FILTERS);
  const whole = engine.integrity();
  const integrity: RunIntegrity = { checked: whole.checked, tolerance: whole.tolerance, failedDates: whole.failedDates.map((d) => d.date), failures: whole.failures, maxAbsError: whole.maxAbsError };
  const guardrails = engine.guardrails();
  const { comparison, note: comparisonNote } = reportComparison(engine, run, date, overview.previousDate);
  const stocks = engine.stocks(date, NO_FILTERS).rows;
  let largest: (typeof stocks)[number] | null = null;
  for (const row of stocks) if (row.score !== null && row.weight > 0 && (!largest || row.weight > largest.weight)) largest = row;
  return {
    run,
    date,
    overview,
    integrity,
    guardrails: { pass: guardrails.pass, summary: guardrails.summary },
    comparison,
    comparisonNote,
    factors: engine.factors(date, NO_FILTERS),
    features: engine.features(date, NO_FILTERS, null, null),
    performance: engine.performance(),
    largestPosition: largest ? engine.stock(date, largest.stock, NO_FILTERS) : null,
    diagnostics: run.diagnostics,
    signals: engine.signals(),
  };
}

/** buildReportData once what it reads of a run read by date (the report date's cells, the summary's gates) is held. */
export async function heldReportData(engine: AttributionEngine, options: ReportOptions = {}): Promise<ReportData> {
  await engine.prepareSummary();
  const dates = engine.summary().dates;
  const release = await engine.holdDates([options.date ?? dates[dates.length - 1]]);
  try {
    return buildReportData(engine, options);
  } finally {
    release();
  }
}

/**
 * Against the baseline when the run has one, else the previous date. A baseline that cannot
 * be compared (no date at all) never stops the report: it falls back to the previous date
 * and says why.
 */
function reportComparison(engine: AttributionEngine, run: RunSummary, date: string, previousDate: string | null): { comparison: CompareData | null; note: string | null } {
  const previous = () => (previousDate !== null ? engine.compare(date, NO_FILTERS, 'previous', null) : null);
  if (run.baseline === null) return { comparison: previous(), note: null };
  try {
    return { comparison: engine.compare(date, NO_FILTERS, 'baseline', null), note: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { comparison: previous(), note: `The baseline ${run.baseline} could not be compared: ${error.message}` };
  }
}

/** Whether the run passes its checks: no error in the one severity model (model/findings.ts) the view, Problems panel and `check` share. */
export function reportPasses(data: ReportData): boolean {
  return findingsPass(data.run.findings);
}

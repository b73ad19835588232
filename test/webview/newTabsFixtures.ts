/**
 * The recorded engine answers on the sample (test/fixtures/webview/sample), looked up the
 * way the fake host looks them up, for tests to compare what a tab shows with.
 */
import { join } from 'node:path';
import type { PerformanceData } from '../../src/model/performance/performance';
import type { CompareData, FeaturesData, OverviewData, PortfolioData } from '../../src/model/types';
import type { SignalStatsData } from '../../src/model/signals/signalStats';
import type { AttributionStability } from '../../src/model/stability/attributionStability';
import { FIXTURES, loadRecordings, loadRun, recordedAnswer } from './harness';

const SAMPLE = join(FIXTURES, 'sample');
const recordings = loadRecordings(SAMPLE);
const run = loadRun(SAMPLE);
const latest = run.dates[run.dates.length - 1];
const filters = { sectors: [], countries: [], regions: [], factors: [] };

/** The overview of a date (recorded under a sector filter; its guardrails are the whole book's). */
export function overviewFixture(date = latest): OverviewData {
  return recordedAnswer(recordings, { kind: 'overview', date, filters }) as OverviewData;
}

export function featuresFixture(feature: string | null, colorBy: string | null, date = latest): FeaturesData {
  return recordedAnswer(recordings, { kind: 'features', date, filters, feature, colorBy }) as FeaturesData;
}

export function portfolioFixture(date = latest): PortfolioData {
  return recordedAnswer(recordings, { kind: 'portfolio', date, filters }) as PortfolioData;
}

export function compareFixture(against: 'previous' | 'baseline', stock: string | null, date = latest): CompareData {
  return recordedAnswer(recordings, { kind: 'compare', date, filters, against, stock }) as CompareData;
}

export function performanceFixture(): PerformanceData {
  return recordedAnswer(recordings, { kind: 'performance', date: latest, filters }) as PerformanceData;
}

export function signalsFixture(): SignalStatsData {
  return recordedAnswer(recordings, { kind: 'signals', date: latest, filters }) as SignalStatsData;
}

export function stabilityFixture(): AttributionStability {
  return recordedAnswer(recordings, { kind: 'stability', date: latest, filters }) as AttributionStability;
}

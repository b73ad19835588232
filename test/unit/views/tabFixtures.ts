/**
 * Hand-made data for the Portfolio, Compare and Performance charts (a few groups, stocks,
 * factors and dates, an untrusted name in each), and a helper that reads the tooltips a
 * rendered view carries.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BrinsonAttribution } from '../../../src/model/performance/brinson';
import type { InformationCoefficients } from '../../../src/model/performance/informationCoefficient';
import { performanceSeries, type PerformancePoint } from '../../../src/model/performance/performance';
import type { QuantileReturns } from '../../../src/model/performance/quantileReturns';
import type { ChangeExplanation, ExposureChange, GroupActive, GuardrailReport, StockChange, WeightScorePoint } from '../../../src/model/types';
import { headlessView } from '../../../src/views';
import { DATES, XSS } from './fixtures';

/** Two breaches (one over, one under), two within, one group without a benchmark. */
export const GROUP_ACTIVE: GroupActive[] = [
  { group: 'Consumer Staples', portfolio: 0.071, benchmark: 0.015, active: 0.056, holdings: 18, limit: 0.05, breach: true },
  { group: 'Industrials', portfolio: 0.15, benchmark: 0.194, active: -0.044, holdings: 39, limit: 0.05, breach: false },
  { group: XSS, portfolio: 0.02, benchmark: 0.01, active: 0.01, holdings: 3, limit: 0.05, breach: false },
  { group: 'Energy', portfolio: 0.02, benchmark: 0.08, active: -0.06, holdings: 5, limit: 0.05, breach: true },
  { group: 'Cash', portfolio: 0.01, benchmark: null, active: null, holdings: 1, limit: 0.05, breach: false },
];

/** Three names held, two benchmark-only; an untrusted sector and stock. */
export const WEIGHT_SCORE: WeightScorePoint[] = [
  { stock: 'AAA', name: 'Alpha Inc', sector: 'Energy', weight: 0.012, activeWeight: 0.008, score: 0.021, rank: 3 },
  { stock: 'BBB', name: 'Beta Corp', sector: 'Financials', weight: 0.008, activeWeight: 0.005, score: 0.015, rank: 10 },
  { stock: XSS, name: XSS, sector: XSS, weight: 0.004, activeWeight: 0.001, score: 0.009, rank: 40 },
  { stock: 'DDD', name: 'Delta Ltd', sector: 'Energy', weight: 0, activeWeight: -0.002, score: -0.004, rank: 900 },
  { stock: 'EEE', name: 'Epsilon', sector: 'Financials', weight: 0, activeWeight: -0.001, score: -0.012, rank: 1500 },
];

/** Four positions, the first above a 2% cap. */
export const LARGEST = [
  { stock: 'BIG', name: 'Big Co', weight: 0.025 },
  { stock: 'MID', name: 'Mid Co', weight: 0.018 },
  { stock: XSS, name: XSS, weight: 0.012 },
  { stock: 'LOW', name: 'Low Co', weight: 0.009 },
];

/** Turnover on three dates, the second above a 25% limit. */
export const TURNOVER = [
  { date: DATES[1], turnover: 0.2 },
  { date: DATES[2], turnover: 0.3 },
  { date: DATES[3], turnover: 0.245 },
];

/** Sector, stock and turnover on four dates and tracking error on the last: one sector breach, one turnover not checked. */
export const GUARDRAILS: GuardrailReport = {
  checks: [
    ...DATES.flatMap((date, i) => [
      i === 2
        ? { date, guardrail: 'sector' as const, limit: 0.05, status: 'breach' as const, pass: false, worst: { name: XSS, value: 0.056 }, breaches: [{ name: XSS, value: 0.056 }] }
        : { date, guardrail: 'sector' as const, limit: 0.05, status: 'pass' as const, pass: true, worst: { name: 'Energy', value: -0.031 }, breaches: [] },
      { date, guardrail: 'stock' as const, limit: 0.02, status: 'pass' as const, pass: true, worst: { name: 'BIG', value: 0.0195 }, breaches: [] },
      i === 0
        ? { date, guardrail: 'turnover' as const, limit: 0.25, status: 'no-previous-date' as const, pass: null, worst: null, breaches: [] }
        : { date, guardrail: 'turnover' as const, limit: 0.25, status: 'pass' as const, pass: true, worst: { name: 'portfolio', value: 0.2 }, breaches: [] },
    ]),
    { date: DATES[3], guardrail: 'trackingError', limit: 0.04, status: 'pass', pass: true, worst: { name: 'portfolio', value: 0.031 }, breaches: [] },
  ],
  summary: [],
  pass: false,
};

/** Three factors: both terms of one sign, mixed signs, an untrusted factor. */
export const EXPOSURE_CHANGES: ExposureChange[] = [
  { factor: 'value', before: 0.003, after: 0.0035, change: 0.0005, fromWeights: 0.00075, fromSignals: -0.00025 },
  { factor: 'momentum', before: 0.002, after: 0.0015, change: -0.0005, fromWeights: -0.000375, fromSignals: -0.000125 },
  { factor: XSS, before: 0, after: 0.001, change: 0.001, fromWeights: 0.0005, fromSignals: 0.0005 },
];

function stockChange(stock: string, status: StockChange['status'], weightBefore: number, weightAfter: number, rankChange: number | null): StockChange {
  return {
    stock, name: `${stock} name`, sector: 'Energy', weightBefore, weightAfter, weightChange: weightAfter - weightBefore, status,
    scoreBefore: 0.01, scoreAfter: 0.012, scoreChange: 0.002,
    rankBefore: rankChange === null ? null : 100, rankAfter: rankChange === null ? null : 100 - rankChange, rankChange,
    baseChange: 0, factorsBefore: null, factorsAfter: null, factorChanges: null, residualChange: 0,
  };
}

/** Entered (an untrusted ticker), left, held up, held down (without ranks). */
export const STOCK_CHANGES: StockChange[] = [
  stockChange('LEFT', 'left', 0.014, 0, -54),
  stockChange(XSS, 'entered', 0, 0.0125, 225),
  stockChange('UP', 'held', 0.004, 0.009, 20),
  stockChange('DOWN', 'held', 0.008, 0.002, null),
];

/**
 * Exact in binary floating point: 0.125 + 0.25 - 0.0625 + 0.03125 + 0 + 0.015625 = 0.359375.
 */
export function explanation(overrides: Partial<ChangeExplanation> = {}): ChangeExplanation {
  return {
    stock: 'ACME', name: 'Acme Corp', status: 'held', weightBefore: 0.004, weightAfter: 0.009,
    rankBefore: 120, rankAfter: 80, rankChange: 40,
    scoreChange: 0.359375, baseChange: 0.125, residualChange: 0.015625, basis: 'change',
    drivers: [
      { factor: 'value', value: 0.25 },
      { factor: 'momentum', value: -0.0625 },
      { factor: XSS, value: 0.03125 },
      { factor: 'quality', value: 0 },
    ],
    ...overrides,
  };
}

/** Four monthly periods of portfolio and benchmark returns, compounded as the model does. */
export const PERFORMANCE_POINTS: PerformancePoint[] = performanceSeries(
  [
    { date: DATES[0], portfolio: 0.02, benchmark: 0.01 },
    { date: DATES[1], portfolio: -0.03, benchmark: -0.01 },
    { date: DATES[2], portfolio: 0.01, benchmark: 0.02 },
    { date: DATES[3], portfolio: 0.04, benchmark: 0.015 },
  ].map((p) => ({ ...p, active: p.portfolio - p.benchmark, portfolioCoverage: 1, benchmarkCoverage: 1 })),
  12,
).points;

/** Fourteen month-starts of rank IC for the score and two factors (an untrusted one); the 4th date has no IC. */
export const IC_DATES = Array.from({ length: 14 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
export const IC: InformationCoefficients = {
  factors: ['value', XSS],
  points: IC_DATES.map((date, i) => ({
    date,
    stocks: 1800 + i,
    score: i === 3 ? { ic: null, rankIc: null } : { ic: 0.05, rankIc: i % 5 === 0 ? -0.02 : 0.06 },
    factors: [
      { ic: 0.02, rankIc: 0.03 },
      { ic: null, rankIc: i % 2 ? 0.01 : -0.01 },
    ],
  })),
  summary: [
    { signal: 'score', dates: 13, meanIc: 0.05, meanRankIc: 0.045, rankIcStdev: 0.039, rankIcIr: 1.15, rankIcHitRate: 0.77 },
    { signal: 'value', dates: 14, meanIc: 0.02, meanRankIc: 0.03, rankIcStdev: 0, rankIcIr: null, rankIcHitRate: 1 },
    { signal: XSS, dates: 14, meanIc: null, meanRankIc: -0.004, rankIcStdev: 0.0104, rankIcIr: -0.38, rankIcHitRate: 0.5 },
    { signal: 'growth', dates: 0, meanIc: null, meanRankIc: null, rankIcStdev: null, rankIcIr: null, rankIcHitRate: null },
  ],
};

export const QUANTILES: QuantileReturns = {
  buckets: 5,
  points: [
    { date: DATES[0], means: [-0.012, 0.001, 0.004, 0.007, 0.011], counts: [100, 100, 100, 100, 100], spread: 0.023 },
    { date: DATES[1], means: [-0.008, 0.003, 0.006, 0.009, 0.013], counts: [102, 102, 101, 102, 101], spread: 0.021 },
  ],
  averageMeans: [-0.01, 0.002, 0.005, 0.008, 0.012],
  averageSpread: 0.022,
};

/** Two dates, two sectors (one untrusted); allocation + selection + interaction = active on each date. */
export const BRINSON: BrinsonAttribution = {
  points: [
    {
      date: DATES[0], portfolioReturn: 0.03, benchmarkReturn: 0.02, activeReturn: 0.01, allocation: 0.002, selection: 0.009, interaction: -0.001,
      sectors: [
        { sector: 'Energy', portfolioWeight: 0.6, benchmarkWeight: 0.5, portfolioReturn: 0.04, benchmarkReturn: 0.03, allocation: 0.001, selection: 0.005, interaction: 0.001, total: 0.007 },
        { sector: XSS, portfolioWeight: 0.4, benchmarkWeight: 0.5, portfolioReturn: 0.015, benchmarkReturn: 0.01, allocation: 0.001, selection: 0.004, interaction: -0.002, total: 0.003 },
      ],
    },
    {
      date: DATES[1], portfolioReturn: -0.01, benchmarkReturn: 0, activeReturn: -0.01, allocation: -0.004, selection: -0.008, interaction: 0.002,
      sectors: [
        { sector: 'Energy', portfolioWeight: 0.6, benchmarkWeight: 0.5, portfolioReturn: -0.02, benchmarkReturn: 0, allocation: -0.002, selection: -0.004, interaction: 0.001, total: -0.005 },
        { sector: XSS, portfolioWeight: 0.4, benchmarkWeight: 0.5, portfolioReturn: -0.005, benchmarkReturn: 0, allocation: -0.002, selection: -0.004, interaction: 0.001, total: -0.005 },
      ],
    },
  ],
  bySector: [
    { sector: 'Energy', allocation: -0.001, selection: 0.001, interaction: 0.002, total: 0.002 },
    { sector: XSS, allocation: -0.001, selection: 0, interaction: -0.001, total: -0.002 },
  ],
};

interface SceneNode {
  items?: SceneNode[];
  tooltip?: unknown;
}

/** Every tooltip object the view's marks carry, as Vega evaluated them. */
export async function tooltipsOf(spec: TopLevelSpec): Promise<Record<string, unknown>[]> {
  const view = await headlessView(spec);
  const found: Record<string, unknown>[] = [];
  const walk = (node: SceneNode) => {
    if (node.tooltip && typeof node.tooltip === 'object') found.push(node.tooltip as Record<string, unknown>);
    for (const child of node.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: SceneNode }).root);
  view.finalize();
  return found;
}

/** Throws unless every tooltip value is a real value (no "undefined", "null", "NaN" or empty string). */
export function assertTooltipsComplete(tooltips: Record<string, unknown>[]): void {
  for (const tooltip of tooltips) {
    for (const [key, value] of Object.entries(tooltip)) {
      if (['undefined', 'null', 'NaN', ''].includes(String(value))) throw new Error(`${key}: ${String(value)} in ${JSON.stringify(tooltip)}`);
    }
  }
}

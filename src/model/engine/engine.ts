/**
 * The aggregation interface every view is answered through, and its in-memory
 * implementation (typed-array panel + the cube of group sums). A SQL backend for runs too large for
 * the editor's memory would implement the same interface.
 */
import { InputError } from '../errors';
import { messages } from '../messages';
import { hasFeatureValues } from '../run/cells';
import type { Panel } from '../run/panel';
import type { Constraints, SignalSettings } from '../manifest';
import { horizonPeriods, icDecay, type IcDecay } from '../signals/icDecay';
import { signalStats, type SignalStatsData } from '../signals/signalStats';
import type { AlignedHorizon } from '../performance/returns';
import { inferFrequency } from '../performance/frequency';
import { attributionStability, type AttributionStability, importanceByDateHeld } from '../stability/attributionStability';
import { holdDates } from '../run/dateStore';
import { explainHolding, type HoldingExplanation } from '../explain/explainHolding';
import { transferCoefficients, type TransferCoefficients } from '../performance/transferCoefficient';
import { checkGuardrails } from '../guardrails/guardrails';
import { featureStats, type FeatureStats } from '../features/featureStats';
import { countFindings, gateFailures, runFindings, type FindingCounts } from '../findings';
import { coverageGate, DEFAULT_COVERAGE_MIN } from '../run/coverage';
import { performance, type PerformanceData, type RiskFree } from '../performance/performance';
import { beeswarmData } from '../features/beeswarm';
import { dependenceData } from '../features/dependence';
import { featureImportance } from '../features/importance';
import { importanceBySector } from '../features/sectorImportance';
import type { CompareData, Diagnostic, FeaturesData, FactorsData, Filters, GuardrailReport, OverviewData, PortfolioData, RunSummary, StockDetailData, StocksData, TableRole } from '../types';
import { compareData } from './compare';
import { portfolioData } from './portfolio';
import { buildCube, type Cube } from './cube';
import { runIntegrity, runProblems, type RunIntegrity, type RunProblems } from './integrity';
import { factorByGroup, factorExposure, factorHistory } from './factorAttribution';
import { filterMasks } from './filters';
import { overview } from './overview';
import { stockDetail, stockRows } from './stocks';

export interface AttributionEngine {
  summary(): RunSummary;
  overview(date: string, filters: Filters): OverviewData;
  factors(date: string, filters: Filters): FactorsData;
  stocks(date: string, filters: Filters): StocksData;
  stock(date: string, stock: string, filters: Filters): StockDetailData;
  features(date: string, filters: Filters, feature: string | null, colorBy: string | null): FeaturesData;
  /** The dependence part of `features` alone (the focus feature defaults to the most important). */
  dependence(date: string, filters: Filters, feature: string | null, colorBy: string | null): FeaturesData['dependence'];
  portfolio(date: string, filters: Filters): PortfolioData;
  compare(date: string, filters: Filters, against: 'previous' | 'baseline', stock: string | null): CompareData;
  /** Null when the run has no forward returns. */
  performance(): PerformanceData | null;
  /** Every guardrail on every date (for `glassbox check` and the Problems panel). */
  guardrails(): GuardrailReport;
  /** One feature's attribution on a date, for a hover over its definition in the research code. */
  featureStats(date: string, filters: Filters, feature: string): FeatureStats;
  /** Guardrail breaches and integrity failures over the run, for the Problems panel. */
  problems(): RunProblems;
  integrity(): RunIntegrity;
  /** Rank IC statistics with Newey-West t-statistics of the score and each factor; null without forward returns. */
  signals(): SignalStatsData | null;
  /** Per date, feature importance's rank correlation with the previous date and the baseline, its concentration and the largest rank moves. */
  stability(): AttributionStability;
  /** Why a stock is held on a date: base value -> factors -> score -> rank -> weight, the guardrails binding on it, and its change since the previous date. */
  explain(date: string, stock: string): HoldingExplanation;
  /** Per date, the correlation of active weights and scores; null without a benchmark. */
  transferCoefficient(): TransferCoefficients | null;
  /**
   * For a run read by date: reads the cells of `dates` (the views of a date read them) and
   * keeps them until the returned release is called. Nothing to do for a run in memory.
   */
  holdDates(dates: readonly string[]): Promise<() => void>;
  /** For a run read by date: reads what stability() needs (every date's feature importance, a few dates at a time). */
  prepareStability(): Promise<void>;
  /** What summary() needs read first (the stability gate, when the manifest sets it). */
  prepareSummary(): Promise<void>;
  /** Releases what a run read by date holds in the database. */
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Largest |base + sum of contributions - score| the integrity check accepts. */
  integrityTolerance: number;
  /** The database's memory limit (megabytes): beyond it, its scans and joins spill to disk. */
  memoryLimitMB?: number;
  /** Threads the database may use to read a run (0 or absent: one per core). */
  threads?: number;
  /** The annual risk-free rate (a fraction) when the manifest names none: the `glassbox.riskFreeRate` setting. Default 0. */
  riskFreeRate?: number;
}

export interface RunInfo {
  name: string;
  source: string;
  files: { role: TableRole; name: string }[];
  diagnostics: Diagnostic[];
}

/** What a run has besides its panel. */
export interface RunExtras {
  /** Forward returns aligned to the panel's rows. */
  returns: Float64Array | null;
  /** Returns at several horizons (shortest first, the first being `returns`), for IC decay. */
  horizons?: AlignedHorizon[] | null;
  baseline: { panel: Panel; name: string } | null;
  constraints: Constraints;
  /** The manifest's `signals` settings (forward-return horizon, Newey-West lags). */
  signals?: SignalSettings;
  /** The manifest's `riskFreeRate` (annual, a fraction), which wins over EngineOptions.riskFreeRate. */
  riskFreeRate?: number;
  /** The panel's cube when it is already built (a run from the run cache). */
  cube?: Cube;
}

export class PanelEngine implements AttributionEngine {
  private readonly cube: Cube;
  private readonly guardrailReport: GuardrailReport;
  private performanceData: PerformanceData | null | undefined;
  private stabilityData: AttributionStability | undefined;
  private icDecayData: IcDecay | undefined;
  private problemsCache: RunProblems | undefined;
  private integrityCache: RunIntegrity | undefined;
  private readonly featureCache = new RecentCache<Pick<FeaturesData, 'importance' | 'beeswarm' | 'bySector'>>(8);
  private readonly historyCache = new RecentCache<FactorsData['history']>(8);
  private readonly dateIndex: Map<string, number>;
  private readonly stockIndex: Map<string, number>;

  constructor(
    private readonly panel: Panel,
    private readonly info: RunInfo,
    private readonly options: EngineOptions = { integrityTolerance: 1e-6 },
    private readonly extras: RunExtras = { returns: null, baseline: null, constraints: {} },
  ) {
    this.cube = extras.cube ?? buildCube(panel);
    this.guardrailReport = checkGuardrails(panel, extras.constraints, { returns: extras.returns });
    this.dateIndex = new Map(panel.dates.map((d, i) => [d, i]));
    this.stockIndex = new Map(panel.stocks.map((s, i) => [s, i]));
  }

  summary(): RunSummary {
    const p = this.panel;
    let contributionRows = 0;
    for (let r = 0; r < p.rows; r++) contributionRows += p.hasContributions[r];
    return {
      name: this.info.name,
      source: this.info.source,
      files: this.info.files,
      dates: p.dates,
      sectors: p.sectors,
      countries: p.countries,
      regions: p.regions,
      factors: p.factors,
      features: p.features,
      stockCount: p.stocks.length,
      hasWeights: p.hasWeights,
      hasBenchmark: p.benchmark !== null,
      hasScore: p.hasScore,
      hasBaseValue: p.baseValue !== null,
      hasFeatureValues: hasFeatureValues(p),
      weightScale: p.weightScale,
      contributionCount: contributionRows * p.features.length,
      hasReturns: this.extras.returns !== null,
      baseline: this.extras.baseline?.name ?? null,
      constraints: this.extras.constraints,
      diagnostics: this.info.diagnostics,
      findings: this.findings(),
    };
  }

  overview(date: string, filters: Filters): OverviewData {
    const data = overview(this.panel, this.cube, this.date(date), filterMasks(this.panel, filters), this.options.integrityTolerance);
    return { ...data, guardrails: this.guardrailReport.checks.filter((c) => c.date === date) };
  }

  features(date: string, filters: Filters, feature: string | null, colorBy: string | null): FeaturesData {
    return { date, ...this.sharedFeatures(date, filters), dependence: this.dependence(date, filters, feature, colorBy) };
  }

  dependence(date: string, filters: Filters, feature: string | null, colorBy: string | null): FeaturesData['dependence'] {
    const focus = feature ?? this.sharedFeatures(date, filters).importance.features[0]?.feature ?? null;
    return focus === null ? null : dependenceData(this.panel, this.date(date), filterMasks(this.panel, filters), focus, { colourFeature: colorBy ?? 'auto' });
  }

  /**
   * The Features tab but the dependence plot, kept per date and filters: picking another
   * feature or colour changes only the dependence plot (the feature switch was the slowest
   * interaction).
   */
  private sharedFeatures(date: string, filters: Filters): Pick<FeaturesData, 'importance' | 'beeswarm' | 'bySector'> {
    return this.featureCache.get(`${date}\u0000${filtersKey(filters)}`, () => {
      const d = this.date(date);
      const masks = filterMasks(this.panel, filters);
      return {
        importance: featureImportance(this.panel, d, masks),
        // The ten most important features: 20 x 1,900 points would be a 4 MB message.
        beeswarm: beeswarmData(this.panel, d, masks, { top: 10 }),
        bySector: importanceBySector(this.panel, d, masks),
      };
    });
  }

  portfolio(date: string, filters: Filters): PortfolioData {
    return portfolioData(this.panel, this.date(date), filterMasks(this.panel, filters), this.extras.constraints, this.guardrailReport);
  }

  compare(date: string, filters: Filters, against: 'previous' | 'baseline', stock: string | null): CompareData {
    return compareData(this.panel, this.date(date), filterMasks(this.panel, filters), against, stock, this.extras.baseline, this.info.name);
  }

  performance(): PerformanceData | null {
    // Computed on first use (about half a second on the sample) and kept: it depends on neither date nor filters.
    if (this.performanceData === undefined) this.performanceData = this.extras.returns ? performance(this.panel, this.extras.returns, { riskFree: this.riskFree() }) : null;
    return this.performanceData;
  }

  /** The manifest's risk-free rate, else the setting's, else 0. */
  private riskFree(): RiskFree {
    if (this.extras.riskFreeRate !== undefined) return { rate: this.extras.riskFreeRate, source: 'manifest' };
    const setting = this.options.riskFreeRate;
    if (setting !== undefined && setting !== 0 && Number.isFinite(setting) && setting > -1) return { rate: setting, source: 'setting' };
    return { rate: 0, source: 'default' };
  }

  guardrails(): GuardrailReport {
    return this.guardrailReport;
  }

  featureStats(date: string, filters: Filters, feature: string): FeatureStats {
    return featureStats(this.panel, this.date(date), feature, filters);
  }

  problems(): RunProblems {
    return (this.problemsCache ??= runProblems(this.guardrailReport.summary, this.integrity()));
  }

  /** Base value + sum of contributions = score on every date of the run (one computation for the Problems panel, `check` and the summaries). */
  integrity(): RunIntegrity {
    return (this.integrityCache ??= runIntegrity(this.panel, this.options.integrityTolerance));
  }

  /**
   * The run's findings counted by the one severity model shared by every surface, the check
   * gates of `constraints` included: coverage (always, against its default minimum), the
   * signal t-statistic and attribution stability (only when the manifest sets their limit:
   * each needs a pass over the whole run).
   */
  private findings(): FindingCounts {
    const problems = this.problems();
    const constraints = this.extras.constraints;
    const coverage = coverageGate(this.panel, constraints.coverage?.min ?? DEFAULT_COVERAGE_MIN);
    const signals = constraints.signals?.minTstat !== undefined ? this.signals() : null;
    const stability = constraints.stability?.minRankCorrelation !== undefined ? this.stability() : null;
    const gates = gateFailures({
      coverage: { pass: coverage.pass, message: () => messages.coverageBelow(coverage.min, coverage.worst?.date ?? '', coverage.worst?.share ?? 0, coverage.failedDates.length, coverage.checked, coverage.hint ?? '') },
      signals: signals && { pass: signals.pass, message: () => messages.signalTstatBelow(signals.stats[0]?.tstat ?? null, signals.minTstat as number) },
      stability: stability && { pass: stability.pass, message: () => messages.stabilityBelow(stability.minRankCorrelation as number, stability.breaches) },
    });
    return countFindings(runFindings(problems.guardrails, problems.integrity?.failures ?? 0, this.info.diagnostics, gates));
  }

  factors(date: string, filters: Filters): FactorsData {
    const d = this.date(date);
    const masks = filterMasks(this.panel, filters);
    return {
      date,
      byFactor: factorExposure(this.panel, this.cube, d, masks),
      // The timeline depends on the filters only, not on the date picked.
      history: this.historyCache.get(filtersKey(filters), () => factorHistory(this.panel, this.cube, masks)),
      bySector: factorByGroup(this.panel, this.cube, d, masks, 'sector'),
      byCountry: factorByGroup(this.panel, this.cube, d, masks, 'country'),
    };
  }

  stocks(date: string, filters: Filters): StocksData {
    return { date, rows: stockRows(this.panel, this.date(date), filterMasks(this.panel, filters)) };
  }

  stock(date: string, stock: string, _filters: Filters): StockDetailData {
    const s = this.stockIndex.get(stock);
    if (s === undefined) throw new InputError(messages.unknownStock(stock));
    return stockDetail(this.panel, s, this.date(date));
  }

  signals(): SignalStatsData | null {
    const performance = this.performance();
    if (!performance) return null;
    const { horizons, signals = {} } = this.extras;
    if (!horizons?.length) return signalStats(performance.ic, signals, this.extras.constraints);
    // The shortest horizon is the run's forward return: its length sets the overlap, unless the manifest says.
    const shortest = Math.max(1, Math.ceil(horizonPeriods(horizons[0].horizon, inferFrequency(this.panel.dates).frequency) - 1e-9));
    // Over the whole run (neither date nor filters change it): computed once.
    const decay = (this.icDecayData ??= icDecay(this.panel, horizons, { neweyWestLags: signals.neweyWestLags }));
    return signalStats(performance.ic, { ...signals, horizon: signals.horizon ?? shortest }, this.extras.constraints, decay);
  }

  stability(): AttributionStability {
    // Over the whole run (neither date nor filters change it): computed once.
    return (this.stabilityData ??= attributionStability(this.panel, this.extras.baseline, this.extras.constraints));
  }

  async holdDates(dates: readonly string[]): Promise<() => void> {
    return holdDates(this.panel, dates.map((d) => this.date(d)));
  }

  async prepareStability(): Promise<void> {
    const baseline = this.extras.baseline;
    if (this.stabilityData || (this.panel.cells.kind === 'memory' && (!baseline || baseline.panel.cells.kind === 'memory'))) return;
    const importance = { run: await importanceByDateHeld(this.panel), baseline: baseline ? await importanceByDateHeld(baseline.panel) : null };
    this.stabilityData ??= attributionStability(this.panel, baseline, this.extras.constraints, importance);
  }

  async prepareSummary(): Promise<void> {
    if (this.extras.constraints.stability?.minRankCorrelation !== undefined) await this.prepareStability();
  }

  async close(): Promise<void> {
    for (const panel of [this.panel, this.extras.baseline?.panel]) if (panel?.cells.kind === 'by-date') await panel.cells.reader.close();
  }

  explain(date: string, stock: string): HoldingExplanation {
    const s = this.stockIndex.get(stock);
    if (s === undefined) throw new InputError(messages.unknownStock(stock));
    return explainHolding(this.panel, this.date(date), s, this.extras.constraints);
  }

  transferCoefficient(): TransferCoefficients | null {
    return transferCoefficients(this.panel);
  }

  private date(date: string): number {
    const d = this.dateIndex.get(date);
    if (d === undefined) throw new InputError(messages.unknownDate(date, this.panel.dates[0], this.panel.dates[this.panel.dates.length - 1]));
    return d;
  }
}

/** The filters as a cache key (order-insensitive within each list). */
function filtersKey(filters: Filters): string {
  return [filters.sectors, filters.countries, filters.regions, filters.factors].map((list) => [...list].sort().join('\u0001')).join('\u0002');
}

/** The last few answers by key: the user flips between a handful of dates and filters. */
class RecentCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}

/**
 * The aggregation interface every view is answered through, and its in-memory
 * implementation (typed-array panel + Arquero cube). A SQL backend for runs too large for
 * the editor's memory would implement the same interface.
 */
import { InputError } from '../errors';
import { messages } from '../messages';
import type { Panel } from '../run/panel';
import type { Diagnostic, FactorsData, Filters, OverviewData, RunSummary, StockDetailData, StocksData, TableRole } from '../types';
import { buildCube, type Cube } from './cube';
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
}

export interface EngineOptions {
  /** Largest |base + sum of contributions - score| the integrity check accepts. */
  integrityTolerance: number;
}

export interface RunInfo {
  name: string;
  source: string;
  files: { role: TableRole; name: string }[];
  diagnostics: Diagnostic[];
}

export class PanelEngine implements AttributionEngine {
  private readonly cube: Cube;
  private readonly dateIndex: Map<string, number>;
  private readonly stockIndex: Map<string, number>;

  constructor(
    private readonly panel: Panel,
    private readonly info: RunInfo,
    private readonly options: EngineOptions = { integrityTolerance: 1e-6 },
  ) {
    this.cube = buildCube(panel);
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
      hasFeatureValues: p.featureValues !== null,
      weightScale: p.weightScale,
      contributionCount: contributionRows * p.features.length,
      diagnostics: this.info.diagnostics,
    };
  }

  overview(date: string, filters: Filters): OverviewData {
    return overview(this.panel, this.cube, this.date(date), filterMasks(this.panel, filters), this.options.integrityTolerance);
  }

  factors(date: string, filters: Filters): FactorsData {
    const d = this.date(date);
    const masks = filterMasks(this.panel, filters);
    return {
      date,
      byFactor: factorExposure(this.panel, this.cube, d, masks),
      history: factorHistory(this.panel, this.cube, masks),
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

  private date(date: string): number {
    const d = this.dateIndex.get(date);
    if (d === undefined) throw new InputError(messages.unknownDate(date, this.panel.dates[0], this.panel.dates[this.panel.dates.length - 1]));
    return d;
  }
}

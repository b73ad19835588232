/**
 * What changed between two snapshots (a panel on a date): names that entered or left the
 * portfolio, weight changes, and every stock's score change split by factor, so a reviewer
 * sees not just that a name moved but which signals moved it. Both comparisons (a date
 * against the previous one, a run against its baseline) are this one computation.
 */
import type { Panel } from '../run/panel';
import type { ExposureChange, StockChange } from './types';

/** A panel on one of its dates, with a label for display (`2024-01-31`, `baseline`). */
export interface Snapshot {
  panel: Panel;
  date: number;
  label: string;
}

export type { ExposureChange, StockChange } from './types';

export interface Comparison {
  before: { label: string; date: string };
  after: { label: string; date: string };
  /** The after side's factors, then those only the before side has. */
  factors: string[];
  /** Features (and factors) present on one side only: they count as 0 on the other. */
  featuresOnlyBefore: string[];
  featuresOnlyAfter: string[];
  factorsOnlyBefore: string[];
  factorsOnlyAfter: string[];
  /** Stocks with contributions on one side only (e.g. listings, delistings). */
  scoredOnlyBefore: number;
  scoredOnlyAfter: number;
  /** Every stock with a row on either side, largest |weight change| first, then largest |score change|, then by id. */
  stocks: StockChange[];
  /** Names entered, largest new weight first. */
  entered: string[];
  /** Names left, largest old weight first. */
  left: string[];
  exposure: ExposureChange[];
  /** One-way turnover between the two sides: 0.5 x sum |weight change|. */
  turnover: number;
}

/** Compares two snapshots (the panels may be the same panel on two dates, or two runs). */
export function compareSnapshots(before: Snapshot, after: Snapshot): Comparison {
  for (const side of [before, after]) {
    if (!Number.isInteger(side.date) || side.date < 0 || side.date >= side.panel.dates.length) throw new RangeError(`date index ${side.date} is outside ${side.label}'s ${side.panel.dates.length} dates`);
  }
  return compare(before, after);
}

interface Side {
  /** Stock id -> row on the date. */
  rows: Map<string, number>;
  /** Factor name -> factor index. */
  factorIndex: Map<string, number>;
}

function sideOf(s: Snapshot): Side {
  const { panel, date } = s;
  const rows = new Map<string, number>();
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) rows.set(panel.stocks[panel.rowStock[r]], r);
  return { rows, factorIndex: new Map(panel.factors.map((f, i) => [f, i])) };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compare(before: Snapshot, after: Snapshot): Comparison {
  const b = sideOf(before);
  const a = sideOf(after);
  const pb = before.panel;
  const pa = after.panel;
  const factors = [...pa.factors, ...pb.factors.filter((f) => !a.factorIndex.has(f))];
  const featuresBefore = new Set(pb.features.map((f) => f.name));
  const featuresAfter = new Set(pa.features.map((f) => f.name));
  const factorColumn = (panel: Panel, side: Side) => factors.map((f) => (side.factorIndex.has(f) ? panel.factorSums[side.factorIndex.get(f) as number] : null));
  const sumsBefore = factorColumn(pb, b);
  const sumsAfter = factorColumn(pa, a);

  const exposureBefore = new Float64Array(factors.length);
  const exposureAfter = new Float64Array(factors.length);
  const fromWeights = new Float64Array(factors.length);
  const fromSignals = new Float64Array(factors.length);

  const ids = [...new Set([...b.rows.keys(), ...a.rows.keys()])].sort(byName);
  let scoredOnlyBefore = 0;
  let scoredOnlyAfter = 0;
  let turnover = 0;
  const stocks: StockChange[] = ids.map((stock) => {
    const rb = b.rows.get(stock) ?? -1;
    const ra = a.rows.get(stock) ?? -1;
    const weightBefore = rb >= 0 ? pb.weight[rb] : 0;
    const weightAfter = ra >= 0 ? pa.weight[ra] : 0;
    const scoredBefore = rb >= 0 && pb.hasContributions[rb] === 1;
    const scoredAfter = ra >= 0 && pa.hasContributions[ra] === 1;
    if (scoredBefore && !scoredAfter) scoredOnlyBefore++;
    if (scoredAfter && !scoredBefore) scoredOnlyAfter++;
    turnover += Math.abs(weightAfter - weightBefore);

    const levelsBefore = factors.map((_, k) => (scoredBefore && sumsBefore[k] ? (sumsBefore[k] as Float64Array)[rb] : 0));
    const levelsAfter = factors.map((_, k) => (scoredAfter && sumsAfter[k] ? (sumsAfter[k] as Float64Array)[ra] : 0));
    for (let k = 0; k < factors.length; k++) {
      exposureBefore[k] += weightBefore * levelsBefore[k];
      exposureAfter[k] += weightAfter * levelsAfter[k];
      fromWeights[k] += (weightAfter - weightBefore) * levelsAfter[k];
      fromSignals[k] += weightBefore * (levelsAfter[k] - levelsBefore[k]);
    }

    const scoreBefore = scoredBefore && Number.isFinite(pb.score[rb]) ? pb.score[rb] : null;
    const scoreAfter = scoredAfter && Number.isFinite(pa.score[ra]) ? pa.score[ra] : null;
    const both = scoredBefore && scoredAfter;
    const baseBefore = both ? baseOf(pb, rb) : 0;
    const baseAfter = both ? baseOf(pa, ra) : 0;
    const residual = (panel: Panel, r: number, score: number | null, base: number) => (score === null ? NaN : score - base - panel.sumContributions[r]);
    const residualChange = both ? residual(pa, ra, scoreAfter, baseAfter) - residual(pb, rb, scoreBefore, baseBefore) : NaN;
    const rankBefore = rb >= 0 && pb.scoreRank[rb] > 0 ? pb.scoreRank[rb] : null;
    const rankAfter = ra >= 0 && pa.scoreRank[ra] > 0 ? pa.scoreRank[ra] : null;
    const meta = ra >= 0 ? { panel: pa, s: pa.rowStock[ra] } : { panel: pb, s: pb.rowStock[rb] };
    return {
      stock,
      name: meta.panel.stockName[meta.s],
      sector: meta.panel.sectors[meta.panel.stockSector[meta.s]],
      weightBefore,
      weightAfter,
      weightChange: weightAfter - weightBefore,
      status: weightBefore <= 0 && weightAfter > 0 ? 'entered' : weightBefore > 0 && weightAfter <= 0 ? 'left' : weightBefore > 0 ? 'held' : 'none',
      scoreBefore,
      scoreAfter,
      scoreChange: scoreBefore !== null && scoreAfter !== null ? scoreAfter - scoreBefore : null,
      rankBefore,
      rankAfter,
      rankChange: rankBefore !== null && rankAfter !== null ? rankBefore - rankAfter : null,
      baseChange: both ? baseAfter - baseBefore : null,
      factorsBefore: scoredBefore ? levelsBefore : null,
      factorsAfter: scoredAfter ? levelsAfter : null,
      factorChanges: both ? levelsAfter.map((v, k) => v - levelsBefore[k]) : null,
      residualChange: Number.isFinite(residualChange) ? residualChange : null,
    };
  });

  const magnitude = (x: number | null) => (x === null ? -1 : Math.abs(x));
  stocks.sort((x, y) => Math.abs(y.weightChange) - Math.abs(x.weightChange) || magnitude(y.scoreChange) - magnitude(x.scoreChange) || byName(x.stock, y.stock));
  const entered = stocks.filter((s) => s.status === 'entered').sort((x, y) => y.weightAfter - x.weightAfter || byName(x.stock, y.stock));
  const left = stocks.filter((s) => s.status === 'left').sort((x, y) => y.weightBefore - x.weightBefore || byName(x.stock, y.stock));
  return {
    before: { label: before.label, date: pb.dates[before.date] },
    after: { label: after.label, date: pa.dates[after.date] },
    factors,
    featuresOnlyBefore: [...featuresBefore].filter((f) => !featuresAfter.has(f)),
    featuresOnlyAfter: [...featuresAfter].filter((f) => !featuresBefore.has(f)),
    factorsOnlyBefore: pb.factors.filter((f) => !a.factorIndex.has(f)),
    factorsOnlyAfter: pa.factors.filter((f) => !b.factorIndex.has(f)),
    scoredOnlyBefore,
    scoredOnlyAfter,
    stocks,
    entered: entered.map((s) => s.stock),
    left: left.map((s) => s.stock),
    exposure: factors.map((factor, k) => ({
      factor,
      before: exposureBefore[k],
      after: exposureAfter[k],
      change: exposureAfter[k] - exposureBefore[k],
      fromWeights: fromWeights[k],
      fromSignals: fromSignals[k],
    })),
    turnover: turnover / 2,
  };
}

/** The row's base value (0 when the run has none, as the panel assumes when it derives a score). */
function baseOf(panel: Panel, row: number): number {
  const base = panel.baseValue ? panel.baseValue[row] : 0;
  return Number.isFinite(base) ? base : 0;
}

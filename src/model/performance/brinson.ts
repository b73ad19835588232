/**
 * Brinson-Fachler attribution by sector: splits each date's active return into allocation
 * (being over- or underweight sectors that beat or lagged the benchmark), selection
 * (picking better names within a sector) and their interaction.
 */
import type { Panel } from '../run/panel';
import { assertAligned } from './validate';

/** One sector on one date. Weights are the shares of the date's weight with a return. */
export interface BrinsonSector {
  sector: string;
  portfolioWeight: number;
  benchmarkWeight: number;
  /** Weight-averaged forward return of the portfolio's names in the sector; null when it holds none. */
  portfolioReturn: number | null;
  /** Same for the benchmark; null when the benchmark has none. */
  benchmarkReturn: number | null;
  /** (w_p,s - w_b,s)(R_b,s - R_b) */
  allocation: number;
  /** w_b,s (R_p,s - R_b,s) */
  selection: number;
  /** (w_p,s - w_b,s)(R_p,s - R_b,s) */
  interaction: number;
  /** allocation + selection + interaction */
  total: number;
}

/** One date's attribution; allocation + selection + interaction = active = portfolio - benchmark. */
export interface BrinsonPoint {
  date: string;
  portfolioReturn: number;
  benchmarkReturn: number;
  activeReturn: number;
  allocation: number;
  selection: number;
  interaction: number;
  /** Sectors held by either side, in panel.sectors order. */
  sectors: BrinsonSector[];
}

/** Per-sector totals over the dates (arithmetic sums of the per-date terms). */
export interface BrinsonTotal {
  sector: string;
  allocation: number;
  selection: number;
  interaction: number;
  total: number;
}

export interface BrinsonAttribution {
  /** Dates where both portfolio and benchmark have names with a return. */
  points: BrinsonPoint[];
  bySector: BrinsonTotal[];
}

/**
 * Brinson-Fachler by sector on every date with returns, or null without a benchmark.
 *
 * Sector returns are weight-averaged forward returns over the sector's names that have a
 * return, and weights are rescaled over those names to sum to 1 on each side (as in
 * portfolioReturns), so the three terms sum to R_p - R_b exactly. A sector the portfolio
 * does not hold takes R_p,s = R_b,s (no selection or interaction: only its underweight's
 * allocation); a sector outside the benchmark takes R_b,s = R_b (no allocation: its return
 * over the benchmark is interaction).
 * @example brinsonFachler(panel, aligned.values)?.points[0] // { activeReturn: 0.004, allocation: 0.001, selection: 0.0035, interaction: -0.0005, sectors: [...] }
 */
export function brinsonFachler(panel: Panel, returns: Float64Array): BrinsonAttribution | null {
  assertAligned(panel, returns);
  if (!panel.benchmark) return null;
  return attribute(panel, panel.benchmark, returns);
}

function attribute(panel: Panel, benchmark: Float64Array, returns: Float64Array): BrinsonAttribution {
  const nSectors = panel.sectors.length;
  const totals = panel.sectors.map((sector) => ({ sector, allocation: 0, selection: 0, interaction: 0, total: 0, seen: false }));
  const points: BrinsonPoint[] = [];
  for (let d = 0; d < panel.dates.length; d++) {
    const wp = new Float64Array(nSectors);
    const wb = new Float64Array(nSectors);
    const rp = new Float64Array(nSectors);
    const rb = new Float64Array(nSectors);
    let portfolioWeight = 0;
    let benchmarkWeight = 0;
    for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) {
      const ret = returns[r];
      if (!Number.isFinite(ret)) continue;
      const s = panel.stockSector[panel.rowStock[r]];
      const w = panel.weight[r];
      const b = benchmark[r];
      wp[s] += w;
      rp[s] += w * ret;
      wb[s] += b;
      rb[s] += b * ret;
      portfolioWeight += w;
      benchmarkWeight += b;
    }
    if (portfolioWeight === 0 || benchmarkWeight === 0) continue;
    let portfolioReturn = 0;
    let benchmarkReturn = 0;
    for (let s = 0; s < nSectors; s++) {
      portfolioReturn += rp[s];
      benchmarkReturn += rb[s];
    }
    portfolioReturn /= portfolioWeight;
    benchmarkReturn /= benchmarkWeight;

    const point: BrinsonPoint = { date: panel.dates[d], portfolioReturn, benchmarkReturn, activeReturn: portfolioReturn - benchmarkReturn, allocation: 0, selection: 0, interaction: 0, sectors: [] };
    for (let s = 0; s < nSectors; s++) {
      if (wp[s] === 0 && wb[s] === 0) continue;
      const heldP = wp[s] !== 0;
      const heldB = wb[s] !== 0;
      const benchmarkSector = heldB ? rb[s] / wb[s] : benchmarkReturn;
      const portfolioSector = heldP ? rp[s] / wp[s] : benchmarkSector;
      const p = wp[s] / portfolioWeight;
      const b = wb[s] / benchmarkWeight;
      const allocation = (p - b) * (benchmarkSector - benchmarkReturn);
      const selection = b * (portfolioSector - benchmarkSector);
      const interaction = (p - b) * (portfolioSector - benchmarkSector);
      const total = allocation + selection + interaction;
      point.sectors.push({
        sector: panel.sectors[s],
        portfolioWeight: p,
        benchmarkWeight: b,
        portfolioReturn: heldP ? portfolioSector : null,
        benchmarkReturn: heldB ? benchmarkSector : null,
        allocation,
        selection,
        interaction,
        total,
      });
      point.allocation += allocation;
      point.selection += selection;
      point.interaction += interaction;
      const t = totals[s];
      t.seen = true;
      t.allocation += allocation;
      t.selection += selection;
      t.interaction += interaction;
      t.total += total;
    }
    points.push(point);
  }
  const bySector = totals.filter((t) => t.seen).map(({ sector, allocation, selection, interaction, total }) => ({ sector, allocation, selection, interaction, total }));
  return { points, bySector };
}

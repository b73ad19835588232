/** The Overview tab's headline numbers for one date under the filters. */
import { grossCoverage } from '../run/coverage';
import type { Panel } from '../run/panel';
import type { GroupWeight, OverviewData } from '../types';
import type { Cube } from './cube';
import { factorExposure } from './factorAttribution';
import type { FilterMasks } from './filters';
import { integrityCheck } from './integrity';

/** Weight of each stock on a date (0 where it has no row), over stocks passing the filter. */
function weightsOn(panel: Panel, date: number, masks: FilterMasks): Float64Array {
  const out = new Float64Array(panel.stocks.length);
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    const s = panel.rowStock[r];
    if (masks.stock[s]) out[s] = panel.weight[r];
  }
  return out;
}

/** One-way turnover between two dates: half the sum of absolute weight changes. */
export function oneWayTurnover(panel: Panel, date: number, previous: number, masks: FilterMasks): number {
  const now = weightsOn(panel, date, masks);
  const before = weightsOn(panel, previous, masks);
  let sum = 0;
  for (let s = 0; s < now.length; s++) sum += Math.abs(now[s] - before[s]);
  return sum / 2;
}

function sectorWeights(panel: Panel, cube: Cube, date: number, masks: FilterMasks): GroupWeight[] {
  const n = panel.sectors.length;
  const portfolio = new Float64Array(n);
  const benchmark = new Float64Array(n);
  const holdings = new Float64Array(n);
  const present = new Uint8Array(n);
  for (let g = 0; g < cube.size; g++) {
    if (cube.date[g] !== date) continue;
    if (!masks.sector[cube.sector[g]] || !masks.country[cube.country[g]] || !masks.region[cube.region[g]]) continue;
    const s = cube.sector[g];
    present[s] = 1;
    portfolio[s] += cube.weight[g];
    holdings[s] += cube.holdings[g];
    if (cube.benchmark) benchmark[s] += cube.benchmark[g];
  }
  const rows: GroupWeight[] = [];
  panel.sectors.forEach((group, s) => {
    if (!present[s]) return;
    const b = cube.benchmark ? benchmark[s] : null;
    rows.push({ group, portfolio: portfolio[s], benchmark: b, active: b === null ? null : portfolio[s] - b, holdings: holdings[s] });
  });
  return rows;
}

/** The overview without guardrails (the engine adds them from its per-run report). */
export function overview(panel: Panel, cube: Cube, date: number, masks: FilterMasks, tolerance: number): OverviewData {
  let holdings = 0;
  let universe = 0;
  let benchmarkNames = 0;
  let portfolioWeight = 0;
  let withoutContributions = 0;
  let activeSum = 0;
  const held: number[] = [];
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    if (!masks.stock[panel.rowStock[r]]) continue;
    const w = panel.weight[r];
    universe += panel.hasContributions[r];
    portfolioWeight += w;
    // A holding is a name with a non-zero weight: long or short.
    if (w !== 0) {
      holdings++;
      held.push(Math.abs(w));
      if (!panel.hasContributions[r]) withoutContributions++;
    }
    if (panel.benchmark) {
      if (panel.benchmark[r] > 0) benchmarkNames++;
      activeSum += Math.abs(w - panel.benchmark[r]);
    }
  }
  held.sort((a, b) => b - a);
  // Share of gross weight (sum of |w|) with contributions: the same figure `check` gates (run/coverage.ts).
  const coverage = grossCoverage(panel, date, (s) => masks.stock[s] === 1);
  const top10Weight = held.slice(0, 10).reduce((a, b) => a + b, 0);
  return {
    date: panel.dates[date],
    previousDate: date > 0 ? panel.dates[date - 1] : null,
    holdings,
    universe,
    benchmarkNames: panel.benchmark ? benchmarkNames : null,
    portfolioWeight,
    activeShare: panel.benchmark ? activeSum / 2 : null,
    top10Weight,
    turnover: date > 0 && panel.hasWeights ? oneWayTurnover(panel, date, date - 1, masks) : null,
    weightCoverage: coverage.gross > 0 ? coverage.share : 0,
    holdingsWithoutContributions: withoutContributions,
    integrity: integrityCheck(panel, date, masks, tolerance),
    factorExposure: factorExposure(panel, cube, date, masks),
    sectorWeights: sectorWeights(panel, cube, date, masks),
    guardrails: [],
  };
}

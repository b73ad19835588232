/** The Portfolio tab: active weights against their limits, concentration, and weight against score. */
import type { Constraints } from '../manifest';
import type { Panel } from '../run/panel';
import type { GroupActive, GuardrailReport, PortfolioData, WeightScorePoint } from '../types';
import type { FilterMasks } from './filters';
import { oneWayTurnover } from './overview';
import { NO_FILTERS } from '../types';
import { filterMasks } from './filters';

const LIMIT_TOLERANCE = 1e-6;

function groupActive(panel: Panel, date: number, masks: FilterMasks, by: 'sector' | 'country' | 'region', limit: number | null): GroupActive[] {
  const labels = by === 'sector' ? panel.sectors : by === 'country' ? panel.countries : panel.regions;
  const codes = by === 'sector' ? panel.stockSector : by === 'country' ? panel.stockCountry : panel.stockRegion;
  const portfolio = new Float64Array(labels.length);
  const benchmark = new Float64Array(labels.length);
  const holdings = new Float64Array(labels.length);
  const present = new Uint8Array(labels.length);
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    const s = panel.rowStock[r];
    if (!masks.stock[s]) continue;
    const g = codes[s];
    present[g] = 1;
    portfolio[g] += panel.weight[r];
    if (panel.weight[r] !== 0) holdings[g]++;
    if (panel.benchmark) benchmark[g] += panel.benchmark[r];
  }
  const rows: GroupActive[] = [];
  labels.forEach((group, g) => {
    if (!present[g]) return;
    const b = panel.benchmark ? benchmark[g] : null;
    const active = b === null ? null : portfolio[g] - b;
    rows.push({ group, portfolio: portfolio[g], benchmark: b, active, holdings: holdings[g], limit, breach: active !== null && limit !== null && Math.abs(active) > limit + LIMIT_TOLERANCE });
  });
  return rows.sort((a, b) => Math.abs(b.active ?? b.portfolio) - Math.abs(a.active ?? a.portfolio));
}

/**
 * Everything the Portfolio tab draws for a date. Group weights and the weight-score points
 * follow the filters; concentration, turnover and the guardrails are the whole book's.
 */
export function portfolioData(panel: Panel, date: number, filters: FilterMasks, constraints: Constraints, guardrails: GuardrailReport): PortfolioData {
  const whole = filterMasks(panel, NO_FILTERS);
  const held: { stock: number; weight: number }[] = [];
  let sumSquares = 0;
  let activeSum = 0;
  const points: WeightScorePoint[] = [];
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    const s = panel.rowStock[r];
    const w = panel.weight[r];
    if (w > 0) held.push({ stock: s, weight: w });
    sumSquares += w * w;
    if (panel.benchmark) activeSum += Math.abs(w - panel.benchmark[r]);
    if (filters.stock[s] && panel.hasContributions[r] && Number.isFinite(panel.score[r]) && (w > 0 || (panel.benchmark?.[r] ?? 0) > 0)) {
      points.push({
        stock: panel.stocks[s],
        name: panel.stockName[s],
        sector: panel.sectors[panel.stockSector[s]],
        weight: w,
        activeWeight: panel.benchmark ? w - panel.benchmark[r] : null,
        score: panel.score[r],
        rank: panel.scoreRank[r] || null,
      });
    }
  }
  held.sort((a, b) => b.weight - a.weight);
  const turnover: { date: string; turnover: number }[] = [];
  if (panel.hasWeights) for (let d = 1; d < panel.dates.length; d++) turnover.push({ date: panel.dates[d], turnover: oneWayTurnover(panel, d, d - 1, whole) });
  return {
    date: panel.dates[date],
    bySector: groupActive(panel, date, filters, 'sector', constraints.sector?.maxActive ?? null),
    byCountry: groupActive(panel, date, filters, 'country', constraints.country?.maxActive ?? null),
    byRegion: groupActive(panel, date, filters, 'region', constraints.region?.maxActive ?? null),
    largest: held.slice(0, 15).map((h) => ({ stock: panel.stocks[h.stock], name: panel.stockName[h.stock], weight: h.weight })),
    stockLimit: constraints.stock?.maxWeight ?? null,
    concentration: {
      holdings: held.length,
      top10Weight: held.slice(0, 10).reduce((a, h) => a + h.weight, 0),
      activeShare: panel.benchmark ? activeSum / 2 : null,
      effectiveNames: sumSquares > 0 ? 1 / sumSquares : 0,
      largestWeight: held.length ? held[0].weight : 0,
    },
    weightVsScore: points,
    turnover,
    turnoverLimit: constraints.turnover?.max ?? null,
    guardrails,
  };
}

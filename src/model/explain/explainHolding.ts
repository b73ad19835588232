/**
 * "Why is this name held?": one stock on one date followed from its signals to its weight.
 * Base value, each factor's contribution (with its features), the score and its rank in the
 * universe, the weight and active weight, the guardrails that bind on the name (its weight
 * at the single-name cap; its sector, country or region at the active-weight limit), and
 * its change since the previous date decomposed by factor (compare/explainChange.ts).
 */
import { compareDates } from '../compare/compareDates';
import { explainChange, type ChangeExplanation } from '../compare/explainChange';
import type { Constraints } from '../manifest';
import { groupActiveWeights, type Grouping } from '../guardrails/activeWeight';
import { cellOffset, contributionColumns } from '../run/cells';
import type { Panel } from '../run/panel';

/** A weight within this much of its limit is at the limit: the constraint binds (0.01 percentage points). */
export const AT_LIMIT = 1e-4;
/** Beyond the limit by more than this is a breach (as the guardrail checks judge). */
const BREACH_TOLERANCE = 1e-6;

/** One guardrail as it applies to the name. */
export interface GuardrailOnName {
  guardrail: 'stock' | Grouping;
  /** The stock id for `stock`; the name's sector, country or region otherwise. */
  name: string;
  limit: number;
  /** The name's weight (stock), or its group's active weight; null when it cannot be checked (no benchmark). */
  value: number | null;
  /**
   * - `breach`: beyond the limit;
   * - `at-limit`: within AT_LIMIT of it: the constraint binds and holds the weight where it is;
   * - `within`: room left; `not-checked`: no benchmark for an active-weight limit.
   */
  status: 'breach' | 'at-limit' | 'within' | 'not-checked';
}

/** One factor's part in the score, with its features (largest |contribution| first). */
export interface FactorStep {
  factor: string;
  contribution: number;
  features: { feature: string; contribution: number }[];
}

export interface HoldingExplanation {
  date: string;
  stock: string;
  name: string;
  sector: string;
  country: string;
  region: string;
  /** False when the stock has no contributions on the date (nothing to explain its score by). */
  hasContributions: boolean;
  baseValue: number;
  /** Largest |contribution| first. */
  factors: FactorStep[];
  /** The sum of every feature's contribution. */
  sumContributions: number;
  /** The run's score (given, or base + sum); null when missing. */
  score: number | null;
  /** score - base - sum: what the integrity check measures (0 when the score is base + sum). */
  residual: number | null;
  /** 1 = highest score of the date; null without a score. */
  rank: number | null;
  /** Stocks of the date with a score. */
  universe: number;
  weight: number;
  benchmarkWeight: number | null;
  activeWeight: number | null;
  guardrails: GuardrailOnName[];
  /** The date before, or null on the first date. */
  previousDate: string | null;
  /** The change since the previous date by factor; null on the first date or when the stock is on neither. */
  change: ChangeExplanation | null;
}

/**
 * Explains one stock's position on one date (indices into the panel).
 * @example explainHolding(panel, 59, 812, { stock: { maxWeight: 0.02 } })
 *   // { stock: 'AAON', baseValue: 0.005, factors: [{ factor: 'momentum', contribution: 0.0121, … }, …], score: 0.0312, rank: 14, weight: 0.02,
 *   //   guardrails: [{ guardrail: 'stock', name: 'AAON', limit: 0.02, value: 0.02, status: 'at-limit' }], change: { scoreChange: 0.004, drivers: […] } }
 */
export function explainHolding(panel: Panel, date: number, stock: number, constraints: Constraints = {}): HoldingExplanation {
  if (!Number.isInteger(date) || date < 0 || date >= panel.dates.length) throw new RangeError(`date index ${date} is outside 0..${panel.dates.length - 1}`);
  if (!Number.isInteger(stock) || stock < 0 || stock >= panel.stocks.length) throw new RangeError(`stock index ${stock} is outside 0..${panel.stocks.length - 1}`);
  return explain(panel, date, stock, constraints);
}

function explain(panel: Panel, d: number, s: number, constraints: Constraints): HoldingExplanation {
  const r = panel.rowAt[d * panel.stocks.length + s];
  const present = r >= 0;
  const hasContributions = present && panel.hasContributions[r] === 1;
  const base = present && panel.baseValue && Number.isFinite(panel.baseValue[r]) ? panel.baseValue[r] : 0;
  const o = cellOffset(panel, d);
  const rowContributions = hasContributions ? contributionColumns(panel, d).map((column) => column[r - o]) : [];
  const factors: FactorStep[] = hasContributions
    ? panel.factors
        .map((factor, k) => ({
          factor,
          contribution: panel.factorSums[k][r],
          features: panel.features
            .map((f, i) => ({ feature: f.name, factor: panel.featureFactor[i], contribution: rowContributions[i] }))
            .filter((f) => f.factor === k)
            .map(({ feature, contribution }) => ({ feature, contribution }))
            .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)),
        }))
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    : [];
  const sum = hasContributions ? panel.sumContributions[r] : 0;
  const score = present && Number.isFinite(panel.score[r]) ? panel.score[r] : null;
  let universe = 0;
  for (let row = panel.dateStart[d]; row < panel.dateStart[d + 1]; row++) if (panel.scoreRank[row] > 0) universe++;
  const weight = present ? panel.weight[r] : 0;
  const benchmarkWeight = present && panel.benchmark ? panel.benchmark[r] : panel.benchmark ? 0 : null;
  const previousDate = d > 0 ? panel.dates[d - 1] : null;
  let change: ChangeExplanation | null = null;
  if (previousDate !== null) {
    const comparison = compareDates(panel, panel.dates[d]);
    if (comparison.stocks.some((c) => c.stock === panel.stocks[s])) change = explainChange(comparison, panel.stocks[s]);
  }
  return {
    date: panel.dates[d],
    stock: panel.stocks[s],
    name: panel.stockName[s],
    sector: panel.sectors[panel.stockSector[s]],
    country: panel.countries[panel.stockCountry[s]],
    region: panel.regions[panel.stockRegion[s]],
    hasContributions,
    baseValue: base,
    factors,
    sumContributions: sum,
    score,
    residual: score === null || !hasContributions ? null : score - base - sum,
    rank: present && panel.scoreRank[r] > 0 ? panel.scoreRank[r] : null,
    universe,
    weight,
    benchmarkWeight,
    activeWeight: benchmarkWeight === null ? null : weight - benchmarkWeight,
    guardrails: guardrailsOnName(panel, d, s, weight, constraints),
    previousDate,
    change,
  };
}

function status(value: number, limit: number): GuardrailOnName['status'] {
  const size = Math.abs(value);
  if (size > limit + BREACH_TOLERANCE) return 'breach';
  return size >= limit - AT_LIMIT ? 'at-limit' : 'within';
}

function guardrailsOnName(panel: Panel, d: number, s: number, weight: number, constraints: Constraints): GuardrailOnName[] {
  const out: GuardrailOnName[] = [];
  const cap = constraints.stock?.maxWeight;
  if (cap !== undefined) out.push({ guardrail: 'stock', name: panel.stocks[s], limit: cap, value: weight, status: status(weight, cap) });
  const groups: [Grouping, string][] = [
    ['sector', panel.sectors[panel.stockSector[s]]],
    ['country', panel.countries[panel.stockCountry[s]]],
    ['region', panel.regions[panel.stockRegion[s]]],
  ];
  for (const [grouping, name] of groups) {
    const limit = constraints[grouping]?.maxActive;
    if (limit === undefined) continue;
    if (!panel.benchmark) {
      out.push({ guardrail: grouping, name, limit, value: null, status: 'not-checked' });
      continue;
    }
    const value = groupActiveWeights(panel, panel.benchmark, d, grouping).find((g) => g.name === name)?.value ?? 0;
    out.push({ guardrail: grouping, name, limit, value, status: status(value, limit) });
  }
  return out;
}

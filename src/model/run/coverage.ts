/**
 * How much of the book the attribution explains: the share of gross weight (sum of |w|, so
 * a 130/30 book's shorts count as much as its longs) held in names that have
 * contributions. Shown on the Overview ("weight with contributions") and gated by
 * `glassbox check` against the manifest's `constraints.coverage.min`; one computation for
 * both.
 */
import { messages } from '../messages';
import type { Panel } from './panel';

/** The coverage `check` requires when the manifest sets none. */
export const DEFAULT_COVERAGE_MIN = 0.95;

/** Gross weight and the part of it with contributions, on one date. */
export interface DateCoverage {
  /** Sum of |weight| of the names held (long or short). */
  gross: number;
  /** Sum of |weight| of the held names that have contributions. */
  covered: number;
  /** covered / gross; 1 when nothing is held (nothing to explain). */
  share: number;
}

/**
 * Coverage of date index `d`, over the stocks `include` lets through (all by default).
 * @example grossCoverage(panel, 0) // { gross: 1.6, covered: 1.3, share: 0.8125 } for a 130/30 book whose 30% short has no contributions
 */
export function grossCoverage(panel: Panel, d: number, include: (stock: number) => boolean = () => true): DateCoverage {
  let gross = 0;
  let covered = 0;
  for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) {
    const w = panel.weight[r];
    if (w === 0 || !include(panel.rowStock[r])) continue;
    gross += Math.abs(w);
    if (panel.hasContributions[r]) covered += Math.abs(w);
  }
  return { gross, covered, share: gross > 0 ? covered / gross : 1 };
}

/** The coverage gate of `glassbox check`. */
export interface CoverageGate {
  min: number;
  /** Null when the run has no weights (nothing to cover). */
  pass: boolean | null;
  /** Dates with a position. */
  checked: number;
  /** The date with the lowest share, and that share. */
  worst: { date: string; share: number } | null;
  /** Dates below `min`, ascending. */
  failedDates: string[];
  /** The likely cause when it fails (padded ids, dates a day apart). */
  hint: string | null;
}

/**
 * Coverage on every date against `min`: fails when any date's share of gross weight with
 * contributions is below it, naming the worst date and the likely cause.
 */
export function coverageGate(panel: Panel, min: number = DEFAULT_COVERAGE_MIN): CoverageGate {
  const gate: CoverageGate = { min, pass: null, checked: 0, worst: null, failedDates: [], hint: null };
  if (!panel.hasWeights) return gate;
  let worstIndex = -1;
  panel.dates.forEach((date, d) => {
    const { gross, share } = grossCoverage(panel, d);
    if (gross === 0) return;
    gate.checked++;
    if (!gate.worst || share < gate.worst.share) {
      gate.worst = { date, share };
      worstIndex = d;
    }
    if (share < min) gate.failedDates.push(date);
  });
  gate.pass = gate.failedDates.length === 0;
  if (!gate.pass && worstIndex >= 0) gate.hint = likelyCause(panel, worstIndex);
  return gate;
}

/** An id as a spreadsheet or a database may have rewritten it: Excel's ="00123", padding, case, spaces. */
export function normalisedId(id: string): string {
  const unwrapped = id.trim().replace(/^="(.*)"$/, '$1').replace(/^"(.*)"$/, '$1').trim();
  const unpadded = /^0+\d/.test(unwrapped) ? unwrapped.replace(/^0+(?=\d)/, '') : unwrapped;
  return unpadded.toUpperCase();
}

const DAY_MS = 86_400_000;

/** Why the held names of date `d` lack contributions, when the data says: padded ids, or dates a day apart. */
function likelyCause(panel: Panel, d: number): string {
  const held: number[] = [];
  const explained = new Map<string, number>();
  for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) {
    const s = panel.rowStock[r];
    if (panel.weight[r] !== 0 && !panel.hasContributions[r]) held.push(s);
    else if (panel.hasContributions[r]) explained.set(normalisedId(panel.stocks[s]), s);
  }
  const pairs = held.filter((s) => explained.has(normalisedId(panel.stocks[s]))).map((s) => [panel.stocks[s], panel.stocks[explained.get(normalisedId(panel.stocks[s])) as number]]);
  if (pairs.length) return messages.coverageHintIds(pairs.length, held.length, pairs[0][0], pairs[0][1]);
  // No contributions on the date, but on a date one day away with no weights: a time zone shift.
  const time = Date.parse(panel.dates[d]);
  if (Number.isFinite(time)) {
    for (const other of [d - 1, d + 1]) {
      if (other < 0 || other >= panel.dates.length) continue;
      const apart = Math.abs(Date.parse(panel.dates[other]) - time);
      if (apart > 1.5 * DAY_MS) continue;
      let contributions = 0;
      let weights = 0;
      for (let r = panel.dateStart[other]; r < panel.dateStart[other + 1]; r++) {
        contributions += panel.hasContributions[r];
        if (panel.weight[r] !== 0) weights++;
      }
      if (contributions > 0 && weights === 0) return messages.coverageHintDates(panel.dates[d], panel.dates[other]);
    }
  }
  return messages.coverageHintGeneric();
}

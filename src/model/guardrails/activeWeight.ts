/**
 * Sector, country and region active weights (portfolio - benchmark, summed per group)
 * against the manifest's `maxActive`: the limits that keep an active book from becoming a
 * sector or country bet the model never meant to take.
 */
import type { Panel } from '../run/panel';
import { assertDateIndex, assertLimit, type GuardrailCheck, type GuardrailValue, judge, LIMIT_TOLERANCE, uncheckable } from './check';

export type Grouping = 'sector' | 'country' | 'region';

/**
 * Active weight of every group present on the date (held by the portfolio or the
 * benchmark), checked against |active| <= limit. Without a benchmark the check says
 * `no-benchmark`; without portfolio weights, `no-weights`. Filters do not apply: a
 * guardrail is about the whole book.
 * @example activeWeightCheck(panel, 3, 'sector', 0.05)
 *   // { guardrail: 'sector', limit: 0.05, status: 'pass', pass: true, worst: { name: 'Health Care', value: -0.031 }, breaches: [] }
 */
export function activeWeightCheck(panel: Panel, date: number, grouping: Grouping, limit: number, tolerance = LIMIT_TOLERANCE): GuardrailCheck {
  assertDateIndex(panel.dates, date);
  assertLimit(limit, `${grouping} active weight`);
  if (!panel.hasWeights) return uncheckable(panel.dates[date], grouping, limit, 'no-weights');
  if (!panel.benchmark) return uncheckable(panel.dates[date], grouping, limit, 'no-benchmark');
  return judge(panel.dates[date], grouping, limit, groupActiveWeights(panel, panel.benchmark, date, grouping), tolerance);
}

/** Per group present on the date: sum of (weight - benchmark) over its stocks. */
export function groupActiveWeights(panel: Panel, benchmark: Float64Array, date: number, grouping: Grouping): GuardrailValue[] {
  const { labels, codes } = groupsOf(panel, grouping);
  const active = new Float64Array(labels.length);
  const present = new Uint8Array(labels.length);
  for (let r = panel.dateStart[date]; r < panel.dateStart[date + 1]; r++) {
    const w = panel.weight[r];
    const b = benchmark[r];
    if (w === 0 && b === 0) continue;
    const g = codes[panel.rowStock[r]];
    present[g] = 1;
    active[g] += w - b;
  }
  const values: GuardrailValue[] = [];
  labels.forEach((name, g) => {
    if (present[g]) values.push({ name, value: active[g] });
  });
  return values;
}

function groupsOf(panel: Panel, grouping: Grouping): { labels: string[]; codes: Int32Array } {
  switch (grouping) {
    case 'sector':
      return { labels: panel.sectors, codes: panel.stockSector };
    case 'country':
      return { labels: panel.countries, codes: panel.stockCountry };
    case 'region':
      return { labels: panel.regions, codes: panel.stockRegion };
  }
}

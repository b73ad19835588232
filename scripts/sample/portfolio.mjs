// Portfolio construction for the sample: a long-only, benchmark-aware small-cap book built
// from the model's scores inside the run's guardrails (single-name cap, sector active
// weight, monthly one-way turnover). Weights are dense arrays over the whole universe plus
// one trailing slot for the cash line.

export const LIMITS = { maxWeight: 0.02, maxSectorActive: 0.05, maxTurnover: 0.25 };

/** The target's sector band and the turnover the blend aims at: inside the limits, with slack. */
const TARGET_SECTOR_ACTIVE = 0.04;
const TARGET_TURNOVER = 0.245;
/** Positions below this are sold rather than left as dust. */
const MIN_POSITION = 0.0005;
/** The index core holds only names whose core weight would reach this. */
const CORE_MIN_POSITION = 0.0006;

/** One-way turnover: half the sum of absolute weight changes (cash included). */
export function turnover(w, prev) {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += Math.abs(w[i] - prev[i]);
  return s / 2;
}

/**
 * The target portfolio on one date: an index core (35% of the invested weight at
 * benchmark weights, enhanced-index style, which keeps the tracking error near 3.5%) and
 * an active sleeve. In the sleeve, names scoring above `zBuy` standard deviations are
 * bought, held names are kept while they score above `zHold` (a buy/sell band that keeps
 * turnover down); each sits at its benchmark weight plus a tilt that grows with its
 * standardised score. Sector weights are then set inside the band benchmark +- 4% (topping
 * up an underweight sector with its best-scoring names when needed), and within a sector
 * no name exceeds the single-name cap (water-filling). Core positions below the dust
 * threshold are sold by `rebalance`.
 * @param {object} a
 * @param {Float64Array} a.z standardised score, dense over the universe (NaN when not alive)
 * @param {Float64Array} a.bench benchmark weight, dense (0 when not alive)
 * @param {string[]} a.sectorOf published sector of each stock
 * @param {number} a.cash weight of the cash line
 * @param {Float64Array} [a.held] the previous portfolio
 */
export function targetPortfolio({ z, bench, sectorOf, cash, held, zBuy = 1.3, zHold = 0.45, tilt = 0.0028, core = 0.35 }) {
  const n = bench.length;
  const invest = 1 - cash;
  const tiltOf = (zi) => tilt * Math.max(zi - zHold + 0.3, 0.3) ** 1.4;
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (z[i] > zBuy || (held && held[i] > 0 && z[i] > zHold)) raw[i] = bench[i] + tiltOf(z[i]);
  }
  normalise(raw, invest * (1 - core));
  const members = new Map();
  for (let i = 0; i < n; i++) if (z[i] === z[i]) (members.get(sectorOf[i]) ?? members.set(sectorOf[i], []).get(sectorOf[i])).push(i);
  const sectors = [...members.keys()].sort();

  // The index core: a share of the book at benchmark weights, sector by sector, in the
  // names large enough not to be dust (a sampled index: each sector's core weight is its
  // benchmark weight x the core share, spread over its larger names).
  let benchTotal = 0;
  for (let i = 0; i < n; i++) if (z[i] === z[i]) benchTotal += bench[i];
  const coreScale = (invest * core) / benchTotal;
  for (const s of sectors) {
    const ids = members.get(s);
    const large = ids.filter((i) => bench[i] * coreScale >= CORE_MIN_POSITION);
    const held = large.length ? large : ids;
    const sectorBench = ids.reduce((a, i) => a + bench[i], 0);
    const heldBench = held.reduce((a, i) => a + bench[i], 0);
    for (const i of held) raw[i] += (bench[i] * coreScale * sectorBench) / heldBench;
  }

  // Sector budgets: the raw sector weight clamped to the band, the excess (or shortfall)
  // spread over the sectors in proportion to their room.
  const budget = new Map(), lo = new Map(), hi = new Map();
  for (const s of sectors) {
    let held_ = 0, b = 0;
    for (const i of members.get(s)) { held_ += raw[i]; b += bench[i]; }
    lo.set(s, Math.max(0, b - TARGET_SECTOR_ACTIVE));
    hi.set(s, b + TARGET_SECTOR_ACTIVE);
    budget.set(s, Math.min(hi.get(s), Math.max(lo.get(s), held_)));
  }
  const excess = invest - sectors.reduce((a, s) => a + budget.get(s), 0);
  const room = (s) => (excess > 0 ? hi.get(s) - budget.get(s) : budget.get(s) - lo.get(s));
  const totalRoom = sectors.reduce((a, s) => a + room(s), 0);
  const rooms = new Map(sectors.map((s) => [s, room(s)]));
  for (const s of sectors) budget.set(s, budget.get(s) + (excess * rooms.get(s)) / totalRoom);

  // Within each sector: enough names to hold the budget under the cap, then water-fill.
  const w = new Float64Array(n + 1);
  const cap = LIMITS.maxWeight - 5e-4;
  for (const s of sectors) {
    const target = budget.get(s);
    if (target <= 1e-12) continue;
    const ranked = members.get(s).slice().sort((p, q) => z[q] - z[p]);
    const chosen = ranked.filter((i) => raw[i] > 0);
    for (const i of ranked) {
      if (chosen.length * cap * 0.8 >= target) break;
      if (raw[i] === 0) { raw[i] = bench[i] + tiltOf(zHold); chosen.push(i); }
    }
    const sum = chosen.reduce((a, i) => a + raw[i], 0);
    for (const i of chosen) w[i] = (raw[i] * target) / sum;
    waterFill(w, chosen, cap);
  }
  w[n] = cash;
  return w;
}

/** Clip the names in `ids` at `cap`, handing the excess to the others in `ids` pro rata. */
function waterFill(w, ids, cap) {
  for (let iter = 0; iter < 50; iter++) {
    let excess = 0, room = 0;
    for (const i of ids) {
      if (w[i] > cap) { excess += w[i] - cap; w[i] = cap; } else if (w[i] < cap) room += w[i];
    }
    if (excess < 1e-15) return;
    for (const i of ids) if (w[i] < cap) w[i] *= 1 + excess / room;
  }
}

/**
 * This date's portfolio: the previous one moved toward the target as far as the turnover
 * budget allows (bisection on the blend fraction), names that left the universe sold, and
 * dust positions sold.
 */
export function rebalance({ target, prev, alive, turnoverBudget = TARGET_TURNOVER }) {
  if (!prev) return prune(target.slice(), alive);
  const blend = (lambda) => {
    const w = new Float64Array(target.length);
    for (let i = 0; i < w.length; i++) w[i] = prev[i] + lambda * (target[i] - prev[i]);
    return prune(w, alive);
  };
  let lo = 0, hi = 1;
  if (turnover(blend(1), prev) <= turnoverBudget) return blend(1);
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (turnover(blend(mid), prev) <= turnoverBudget) lo = mid; else hi = mid;
  }
  return blend(lo);
}

function prune(w, alive) {
  const n = w.length - 1;
  const cash = w[n];
  for (let i = 0; i < n; i++) if (!alive[i] || w[i] < MIN_POSITION) w[i] = 0;
  normalise(w, 1 - cash);
  capNames(w, LIMITS.maxWeight - 1e-4);
  return w;
}

/** Clip names at `cap` and hand the excess to the uncapped names pro rata. */
function capNames(w, cap) {
  let moved = false;
  for (let iter = 0; iter < 20; iter++) {
    let excess = 0, room = 0;
    for (let i = 0; i < w.length - 1; i++) {
      if (w[i] > cap) { excess += w[i] - cap; w[i] = cap; moved = true; } else room += w[i];
    }
    if (excess < 1e-12) break;
    for (let i = 0; i < w.length - 1; i++) if (w[i] < cap) w[i] *= 1 + excess / room;
  }
  return moved;
}

/** Scale the equity slots (all but the trailing cash slot) to sum to `total`. */
function normalise(w, total) {
  let s = 0;
  for (let i = 0; i < w.length - 1; i++) s += w[i];
  if (s > 0) for (let i = 0; i < w.length - 1; i++) w[i] *= total / s;
}

/**
 * Plant a guardrail breach: move weight into one sector until its active weight reaches
 * `active`, taking it pro rata from every other equity position.
 */
export function overweightSector(w, bench, sectorOf, sector, active) {
  const n = bench.length;
  let held = 0, b = 0, other = 0;
  for (let i = 0; i < n; i++) {
    if (sectorOf[i] === sector) { held += w[i]; b += bench[i]; } else other += w[i];
  }
  const delta = b + active - held;
  for (let i = 0; i < n; i++) w[i] *= sectorOf[i] === sector ? (held + delta) / held : (other - delta) / other;
  return delta;
}

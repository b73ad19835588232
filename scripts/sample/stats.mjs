// The statistics the sample is tuned to, computed here from plain arrays (the generator's
// own yardstick; the tests recompute them in SQL with DuckDB, and Glass Box in its engine).

/** Spearman rank correlation with average ranks for ties. */
export function rankIc(x, y) {
  const rx = averageRanks(x), ry = averageRanks(y);
  const n = x.length, m = (n + 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (rx[i] - m) * (ry[i] - m); sxx += (rx[i] - m) ** 2; syy += (ry[i] - m) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

function averageRanks(v) {
  const order = [...v.keys()].sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export const mean = (xs) => xs.reduce((a, v) => a + v, 0) / xs.length;
export const sd = (xs) => { const m = mean(xs); return Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / (xs.length - 1)); };

/**
 * Monthly portfolio and benchmark returns -> the active statistics Glass Box reports:
 * tracking error and information ratio from the arithmetic active returns (x 12, x
 * sqrt 12), Sortino against 0, drawdown of the relative wealth prod(1 + rp) / prod(1 + rb)
 * and how long the worst one lasted (peak to recovery, or to the end).
 */
export function activeStats(rp, rb) {
  const active = rp.map((r, t) => r - rb[t]);
  const m = mean(active);
  const te = sd(active) * Math.sqrt(12);
  const downside = Math.sqrt(mean(active.map((a) => Math.min(a, 0) ** 2)) * 12);
  let wp = 1, wb = 1, peak = 1, peakAt = -1, worst = 0, worstFrom = -1, worstTo = -1, recovered = null;
  const wealth = [];
  for (let t = 0; t < rp.length; t++) {
    wp *= 1 + rp[t]; wb *= 1 + rb[t];
    const w = wp / wb;
    wealth.push(w);
    if (w >= peak) { peak = w; peakAt = t; }
    const dd = w / peak - 1;
    if (dd < worst) { worst = dd; worstFrom = peakAt; worstTo = t; }
  }
  if (worstTo >= 0) {
    const peakWealth = worstFrom < 0 ? 1 : wealth[worstFrom];
    recovered = wealth.findIndex((w, t) => t > worstTo && w >= peakWealth);
  }
  return {
    months: active.length,
    portfolioAnnualised: wp ** (12 / active.length) - 1,
    benchmarkAnnualised: wb ** (12 / active.length) - 1,
    meanMonthly: m,
    annualised: wealth.at(-1) ** (12 / active.length) - 1,
    trackingError: te,
    informationRatio: (m * 12) / te,
    hitRate: active.filter((a) => a > 0).length / active.length,
    sortino: (m * 12) / downside,
    maxDrawdown: worst,
    /** Periods from the worst drawdown's peak to its trough, and to its recovery (null: not by the end). */
    drawdownTrough: worstTo - worstFrom,
    drawdownRecovery: recovered === null || recovered < 0 ? null : recovered - worstFrom,
  };
}

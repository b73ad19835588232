/**
 * Pearson and Spearman correlation over paired observations, the statistics behind the
 * information coefficient. Pairs where either value is not finite are left out.
 */

/**
 * Two values closer than this fraction of the larger's magnitude rank as ties: sums of the
 * same terms taken in another order (a database's aggregation, the panel's loop) differ in
 * their last bits, and a rank must not depend on the order a sum was taken in. Sums of model
 * outputs rounded to a few decimals tie often (two stocks' factor sums of -0.000999). Each
 * pair's own magnitude, not the column's largest: one outlier must not tie the rest.
 */
const TIE_TOLERANCE = 1e-12;

/**
 * 1-based ranks with ties given the average of the ranks they span (so [5, 1, 5] ranks as
 * [2.5, 1, 2.5]): the convention that keeps Spearman's rho symmetric under ties. Values
 * equal to rounding (TIE_TOLERANCE) are ties.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  const tied = (a: number, b: number) => a === b || (Number.isFinite(b - a) && b - a <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));
  for (let i = 0; i < n; ) {
    let j = i;
    // Measured from the tie's first value, so that a run of close values never chains far.
    while (j + 1 < n && tied(values[order[i]], values[order[j + 1]])) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** The pairs where both values are finite. */
export function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
  if (x.length !== y.length) throw new RangeError(`paired series differ in length: ${x.length} and ${y.length}`);
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) keep.push(i);
  return { x: Float64Array.from(keep, (i) => x[i]), y: Float64Array.from(keep, (i) => y[i]) };
}

/**
 * Pearson's correlation of the finite pairs; null with fewer than 3 pairs or when either
 * side is constant (the correlation is undefined, not 0).
 * @example pearson([1, 2, 3], [2, 4, 7]) // 0.993…
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const pairs = finitePairs(x, y);
  return pearsonOfFinite(pairs.x, pairs.y);
}

/**
 * Spearman's rank correlation of the finite pairs: Pearson's on average ranks. Invariant
 * to any strictly increasing transform of either side.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const pairs = finitePairs(x, y);
  return pearsonOfFinite(averageRanks(pairs.x), averageRanks(pairs.y));
}

/**
 * Pearson's correlation of two equally long series of finite numbers (no checks: the IC
 * loop has already selected finite pairs and ranks each date's returns once).
 */
export function pearsonOfFinite(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 3 || constant(x) || constant(y)) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function constant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/**
 * "Only what changed": one rule for `glassbox diff --only-changes X` and the Compare tab's
 * toggle. A figure is kept when its change is larger than the threshold in absolute value,
 * or when it has no change to measure (a side missing); with no threshold everything is kept.
 */

/**
 * Whether a change is shown under the threshold (null threshold: always).
 * @example changedBeyond(0.002, 0.001) // true
 * @example changedBeyond(-0.001, 0.001) // false: at most the threshold is hidden
 */
export function changedBeyond(delta: number | null, threshold: number | null): boolean {
  return threshold === null || delta === null || Math.abs(delta) > threshold;
}

/**
 * The rows whose change passes `changedBeyond`, and how many were hidden.
 * @example onlyChanges(factors, 0.001, (f) => f.change) // { kept: [...], hidden: 3 }
 */
export function onlyChanges<T>(rows: readonly T[], threshold: number | null, changeOf: (row: T) => number | null): { kept: T[]; hidden: number } {
  if (threshold !== null && !(Number.isFinite(threshold) && threshold >= 0)) throw new RangeError(`only-changes threshold must be a non-negative number, got ${threshold}`);
  const kept = rows.filter((row) => changedBeyond(changeOf(row), threshold));
  return { kept, hidden: rows.length - kept.length };
}

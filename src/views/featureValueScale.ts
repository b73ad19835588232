/**
 * How the Features charts colour a feature's raw value: low to high between two theme
 * colours that do not mean "negative" and "positive" (values are not contributions), and a
 * hollow muted point where the run gives no value.
 */
import type { ChartTheme } from './theme';

/**
 * The low and high ends of the feature-value scale: the theme's positive (blue) colour
 * and its second categorical (orange) colour, a colour-blind-safe pair whose linear-RGB
 * midpoint is a grey that shows on light and dark backgrounds.
 */
export function featureValueRange(theme: ChartTheme): [string, string] {
  return [theme.positive, theme.categorical[1] ?? theme.accent];
}

/**
 * Each value's rank among the values of its group, scaled to 0 (lowest) .. 1 (highest),
 * ties sharing their mean rank; a group with one value gets 0.5, a missing value null.
 * Ranks make the colour of a feature with outliers or a skewed distribution readable,
 * and put every feature of a beeswarm on the same low-to-high scale.
 * @example valueRanks([1, 5, null, 5], [0, 0, 0, 0]) // [0, 0.75, null, 0.75]
 */
export function valueRanks(values: readonly (number | null)[], groups: readonly number[]): (number | null)[] {
  const out: (number | null)[] = values.map(() => null);
  const byGroup = new Map<number, number[]>();
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const list = byGroup.get(groups[i]) ?? [];
    list.push(i);
    byGroup.set(groups[i], list);
  });
  for (const members of byGroup.values()) {
    members.sort((a, b) => (values[a] as number) - (values[b] as number));
    const n = members.length;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j + 1 < n && values[members[j + 1]] === values[members[i]]) j++;
      const rank = n === 1 ? 0.5 : (i + j) / 2 / (n - 1);
      for (let k = i; k <= j; k++) out[members[k]] = rank;
      i = j + 1;
    }
  }
  return out;
}

/** The `q` quantile (0..1) of finite `values` by linear interpolation; null when there are none. */
export function quantile(values: readonly (number | null)[], q: number): number | null {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const at = Math.max(0, Math.min(1, q)) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

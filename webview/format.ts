/** Number formats for tiles, tables and summaries (charts format their own axes). */

const DASH = '–';

/** A fraction as a percentage: 0.0123 -> "1.23%". */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${(value * 100).toFixed(digits)}%`;
}

/** A signed fraction as percentage points: 0.004 -> "+0.40%". */
export function formatSignedPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const text = formatPercent(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** A plain number with a fixed number of decimals: 0.12345 -> "0.123". */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toFixed(digits);
}

/** A signed number: 0.12 -> "+0.120". */
export function formatSigned(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value > 0 ? `+${value.toFixed(digits)}` : value.toFixed(digits);
}

/** An integer count with thousands separators: 4500 -> "4,500". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return Math.round(value).toLocaleString('en-US');
}

/** A small error in scientific notation: 3.2e-9 -> "3.2e-9". */
export function formatError(value: number): string {
  if (!Number.isFinite(value)) return DASH;
  if (value === 0) return '0';
  return Math.abs(value) < 1e-3 ? value.toExponential(1) : value.toFixed(4);
}

/**
 * A signed number to `digits` significant digits, trailing zeros dropped, no exponent, the
 * way the charts label contributions and scores (d3 `+.3~r`): 0.0051 -> "+0.0051",
 * -0.0017649 -> "-0.00176".
 */
export function formatSignedSignificant(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(digits)))));
  const decimals = Math.min(Math.max(digits - 1 - magnitude, 0), 20);
  let text = Math.abs(value).toFixed(decimals);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return `${value < 0 ? '-' : '+'}${text}`;
}

/**
 * How many decimals show the largest of `values` to `significant` digits (at least 1, at
 * most 6): one fixed count for a whole table column, so its numbers line up and small
 * scores (0.0193) do not lose their digits to a fixed three decimals (0.019).
 */
export function decimalsFor(values: Iterable<number | null | undefined>, significant = 3): number {
  let largest = 0;
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  if (largest === 0) return 3;
  return Math.min(Math.max(significant - 1 - Math.floor(Math.log10(largest)), 1), 6);
}

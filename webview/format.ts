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

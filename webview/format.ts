/**
 * Number formats for tiles, tables and summaries: the views layer's one formatting module
 * (src/views/format.ts) under the names the tabs use. Weights in percent, scores and
 * contributions in bp of score, fixed decimals, never scientific notation.
 */
import { BP_PER_SCORE, displayedSign, formatFixed, formatPercentText, formatScoreBp, formatScoreBpUnit } from '../src/views/format';

/** A fraction as a percentage: 0.0123 -> "1.23%". */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  return formatPercentText(value, digits, false);
}

/** A signed fraction as percentage points: 0.004 -> "+0.40%". */
export function formatSignedPercent(value: number | null | undefined, digits = 2): string {
  return formatPercentText(value, digits, true);
}

/** A plain number with a fixed number of decimals: 0.12345 -> "0.123". */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return formatFixed(value, digits, false);
}

/** A signed number: 0.12 -> "+0.120". */
export function formatSigned(value: number | null | undefined, digits = 3): string {
  return formatFixed(value, digits, true);
}

/** An integer count with thousands separators: 4500 -> "4,500". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

/** A score, contribution or attribution in bp of score, with the unit: 0.00252 -> "+25.2 bp". */
export function formatBp(value: number | null | undefined, decimals = 1, signed = true): string {
  return formatScoreBpUnit(value, decimals, signed);
}

/** The same without the unit, for a table column whose header states it: 0.0201 -> "+201.0". */
export function formatBpNumber(value: number | null | undefined, decimals = 1, signed = true): string {
  return formatScoreBp(value, decimals, signed);
}

/** An integrity error or tolerance (score units) in bp of score, four decimals: 1e-6 -> "0.0100 bp". */
export function formatError(value: number | null | undefined): string {
  return formatScoreBpUnit(value, 4, false);
}

/**
 * The class a table cell of a signed percentage takes: `negative` or `positive` as the text
 * reads (`formatSignedPercent(value, digits)`), none when it reads 0.00%: a tiny negative
 * active weight is not red.
 * @example percentSignClass(-0.000001) // '' (reads 0.00%); percentSignClass(-0.0001) // 'negative' (−0.01%)
 */
export function percentSignClass(value: number | null | undefined, digits = 2): '' | 'negative' | 'positive' {
  const sign = displayedSign(value, digits, 100);
  return sign === 'zero' ? '' : sign;
}

/** The same for a value shown in bp of score (`formatBp(value, decimals)`). */
export function bpSignClass(value: number | null | undefined, decimals = 1): '' | 'negative' | 'positive' {
  const sign = displayedSign(value, decimals, BP_PER_SCORE);
  return sign === 'zero' ? '' : sign;
}

/** The same for a plain number shown with `digits` decimals (`formatNumber(value, digits)`). */
export function numberSignClass(value: number | null | undefined, digits = 3): '' | 'negative' | 'positive' {
  const sign = displayedSign(value, digits, 1);
  return sign === 'zero' ? '' : sign;
}

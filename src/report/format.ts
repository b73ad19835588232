/**
 * Number formats shared by the command line's tables and the reports: the views layer's
 * one formatting module (src/views/format.ts). Weights in percent; in the reports, scores,
 * contributions and attributions in bp of score with the unit; never scientific notation.
 */
import { formatPercentText, formatScoreBpUnit } from '../views/format';

/** A fraction as a percentage: 0.0561 -> '5.61%'; '—' when missing. */
export function percent(value: number | null | undefined, digits = 2, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatPercentText(value, digits, signed);
}

/**
 * A value in score units as the command line prints it: 4 significant digits and its sign,
 * plain decimals (never scientific: below 5e-9 it is 0): 0.001234 -> '+0.001234',
 * -0.05 -> '-0.05', 1.074e-10 -> '0'; '—' when missing.
 */
export function signed(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = plain(value, digits);
  return text === '0' ? text : value > 0 ? `+${text}` : text;
}

/** An unsigned number the same way: 0.0123456 -> '0.01235'. */
export function number(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return plain(value, digits);
}

/** `digits` significant digits in plain decimals, at most 8 of them, trailing zeros dropped. */
function plain(value: number, digits: number): string {
  const magnitude = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(8, Math.max(0, digits - 1 - magnitude));
  let text = value.toFixed(decimals);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return /^-?0$/.test(text) ? '0' : text;
}

/**
 * A contribution or attribution (score units) in bp of score, signed, as the reports
 * print it: 0.001234 -> '+12.3 bp', 1.074e-10 -> '0.0 bp'; '—' when missing.
 */
export function bp(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatScoreBpUnit(value, decimals, true);
}

/** An unsigned magnitude in score units (mean |contribution|) in bp of score: 0.00104 -> '10.4 bp'. */
export function bpMagnitude(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatScoreBpUnit(value, decimals, false);
}

/** A count with thousands separators: 1965 -> '1,965'. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

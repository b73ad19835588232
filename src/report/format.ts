/** Number formats shared by the command line's tables and the reports. */

/** A fraction as a percentage: 0.0561 -> '5.61%'; '—' when missing. */
export function percent(value: number | null | undefined, digits = 2, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = `${(value * 100).toFixed(digits)}%`;
  return signed && value > 0 ? `+${text}` : text;
}

/** A contribution with 4 significant digits and its sign: 0.001234 -> '+0.001234'; '—' when missing. */
export function signed(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const text = Math.abs(value) >= 1e-4 && Math.abs(value) < 1e6 ? String(Number(value.toPrecision(digits))) : value.toExponential(digits - 1);
  return value > 0 ? `+${text}` : text;
}

/** An unsigned number with 4 significant digits: 0.0123456 -> '0.01235'. */
export function number(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  return Math.abs(value) >= 1e-4 && Math.abs(value) < 1e6 ? String(Number(value.toPrecision(digits))) : value.toExponential(digits - 1);
}

/** A count with thousands separators: 1965 -> '1,965'. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * Numbers written into chart titles and subtitles (plain text, never expressions), in the
 * same style d3-format gives the tooltips: U+2212 for minus.
 */

const MINUS = '\u2212';

/** A fraction as a percent: `percentText(0.0134, 2, true)` is `+1.34%`. */
export function percentText(value: number, digits = 2, signed = false): string {
  const text = `${Math.abs(value * 100).toFixed(digits)}%`;
  if (Number(text.slice(0, -1)) === 0) return text;
  return value < 0 ? `${MINUS}${text}` : signed ? `+${text}` : text;
}

/** A number with up to `digits` significant digits: `numberText(0.04998, 3)` is `0.05`. */
export function numberText(value: number, digits = 3, signed = false): string {
  const rounded = Number(Math.abs(value).toPrecision(digits));
  const text = String(rounded);
  if (rounded === 0) return '0';
  return value < 0 ? `${MINUS}${text}` : signed ? `+${text}` : text;
}

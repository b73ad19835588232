/**
 * The one formatting module: how every number reads in the charts, the webview's tiles and
 * tables, the reports and the exports. Units are always stated and never scientific:
 *
 * - weights (portfolio, benchmark, active) in percent: `1.25%`, `+0.42%`;
 * - scores, contributions and attributions in basis points of score (bp: 1 bp = 0.0001 of
 *   the model's score), with fixed decimals: a contribution of 0.00252 reads `+25.2 bp`,
 *   one of 1.074e-10 reads `0.0 bp`, never `+1.074e-10`.
 *
 * Charts keep their data in score units (what a click or an export yields) and format
 * through the Vega expression function `scoreBp` (see `registerScoreFormat`), which
 * multiplies by 10,000 before applying a d3-format specifier.
 */

/** Portfolio and benchmark weights, as fractions shown in percent: `1.25%`. */
export const WEIGHT_FORMAT = '.2%';
/** Active weights and other signed weights: `+0.42%`, `−1.10%`. */
export const ACTIVE_WEIGHT_FORMAT = '+.2%';
/** Weight axes: `1%`, `0.5%` (no trailing zeros). */
export const WEIGHT_AXIS_FORMAT = '~%';

/** Basis points of score per unit of score. */
export const BP_PER_SCORE = 10_000;
/** The unit every score, contribution and attribution is shown in. */
export const SCORE_UNIT = 'bp';
/** The unit spelled out, for axis titles and table headers: `Contribution (bp of score)`. */
export const SCORE_UNIT_TITLE = 'bp of score';
/** The Vega-Lite `formatType` of numbers in score units shown in bp (registered by `registerScoreFormat`). */
export const SCORE_FORMAT_TYPE = 'scoreBp';

/** A Vega-Lite format in bp of score: spread into an encoding, axis or legend (`{ ...CONTRIBUTION_FORMAT }`). */
export interface ScoreFormat {
  format: string;
  formatType: typeof SCORE_FORMAT_TYPE;
}

const bp = (specifier: string): ScoreFormat => Object.freeze({ format: specifier, formatType: SCORE_FORMAT_TYPE });

/** Contributions and attributions, signed, one decimal of bp: `+25.2`, `−3.1`, `+0.0`. */
export const CONTRIBUTION_FORMAT = bp('+,.1f');
/** Contribution axes and legends: short ticks in bp (`20`, `−2.5`). */
export const CONTRIBUTION_AXIS_FORMAT = bp(',~f');
/** Scores and base values, in bp, one decimal, unsigned unless negative: `201.3`. */
export const SCORE_FORMAT = bp(',.1f');
/** Unsigned magnitudes such as mean |contribution|: `10.4`. */
export const MAGNITUDE_FORMAT = bp(',.1f');

/** A number format: a d3-format specifier, or one in bp of score. */
export type NumberFormat = string | ScoreFormat;

/** The Vega-Lite properties of `format`, to spread into an encoding, axis or legend. */
export function formatProps(format: NumberFormat): { format: string; formatType?: string } {
  return typeof format === 'string' ? { format } : { format: format.format, formatType: format.formatType };
}

/** `title` with the score unit: `Contribution (bp of score)`. */
export function scoreTitle(title: string): string {
  return `${title} (${SCORE_UNIT_TITLE})`;
}

/** `title`, with the unit when `format` shows bp of score. */
export function unitTitle(title: string, format: NumberFormat): string {
  return typeof format === 'string' ? title : scoreTitle(title);
}

/** Which side of zero a value is on; charts colour bars and cells by it. */
export type Sign = 'positive' | 'negative';

export function signOf(value: number): Sign {
  return value < 0 ? 'negative' : 'positive';
}

/**
 * The side of zero a value reads on once formatted with `decimals` (after `scale`, e.g. 100
 * for percent): `zero` when it rounds to zero, so that a tiny negative active weight that
 * prints `0.00%` is neither red nor green. Tables colour a cell by it, never by the raw sign.
 * @example displayedSign(-0.000001, 2, 100) // 'zero' (prints 0.00%); displayedSign(-0.0001, 2, 100) // 'negative' (−0.01%)
 */
export function displayedSign(value: number | null | undefined, decimals: number, scale = 1): Sign | 'zero' {
  if (missing(value)) return 'zero';
  if (Number(Math.abs(value * scale).toFixed(decimals)) === 0) return 'zero';
  return value < 0 ? 'negative' : 'positive';
}

const MINUS = '\u2212';
const DASH = '–';

const missing = (value: number | null | undefined): value is null | undefined => value === null || value === undefined || !Number.isFinite(value);

/**
 * Fixed decimals, rounded, with U+2212 for minus and no "−0.0": what every table and tile
 * prints. `signed` adds "+" to positive values.
 */
function fixed(value: number, decimals: number, signed: boolean): string {
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return text;
  const grouped = groupThousands(text);
  return value < 0 ? `${MINUS}${grouped}` : signed ? `+${grouped}` : grouped;
}

function groupThousands(text: string): string {
  const [whole, fraction] = text.split('.');
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

/** A value in score units as bp of score, without the unit: `scoreBp(0.00252)` is `+25.2`. */
export function formatScoreBp(value: number | null | undefined, decimals = 1, signed = true): string {
  if (missing(value)) return DASH;
  return fixed(value * BP_PER_SCORE, decimals, signed);
}

/** A value in score units with its unit: `formatScoreBpUnit(0.00252)` is `+25.2 bp`. */
export function formatScoreBpUnit(value: number | null | undefined, decimals = 1, signed = true): string {
  return missing(value) ? DASH : `${formatScoreBp(value, decimals, signed)} ${SCORE_UNIT}`;
}

/** A fraction in percent: `formatPercentText(0.0134, 2, true)` is `+1.34%`. */
export function formatPercentText(value: number | null | undefined, decimals = 2, signed = false): string {
  if (missing(value)) return DASH;
  return `${fixed(value * 100, decimals, signed)}%`;
}

/** A plain number with fixed decimals, never scientific: `formatFixed(0.0561, 3)` is `0.056`. */
export function formatFixed(value: number | null | undefined, decimals = 2, signed = false): string {
  if (missing(value)) return DASH;
  return fixed(value, decimals, signed);
}

/**
 * The function behind the `scoreBp` format type: `value` (score units) times 10,000
 * through `format(specifier)`, the view's d3 number formatter.
 */
export function scoreBpFormatter(format: (specifier: string) => (n: number) => string): (value: unknown, specifier: string) => string {
  return (value, specifier) => {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) return String(value);
    // `+ 0` drops -0, so that no label reads "−0.0".
    const scaled = Math.round(n * BP_PER_SCORE * 1e6) / 1e6 + 0;
    const text = format(specifier)(scaled);
    // A value that rounds to zero is written unsigned: "0.0", never "+0.0" or "−0.0".
    return /[1-9]/.test(text) ? text : text.replace(/^[+\-\u2212]/, '');
  };
}

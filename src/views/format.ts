/**
 * Number formats (d3-format strings) shared by every chart, so a weight or a contribution
 * reads the same in every tooltip, label and axis.
 */

/** Portfolio and benchmark weights, as fractions shown in percent: `1.25%`. */
export const WEIGHT_FORMAT = '.2%';
/** Active weights and other signed weights: `+0.42%`, `−1.10%`. */
export const ACTIVE_WEIGHT_FORMAT = '+.2%';
/** Weight axes: `1%`, `0.5%` (no trailing zeros). */
export const WEIGHT_AXIS_FORMAT = '~%';
/**
 * Contributions and attributions, in score units: three significant digits, signed, no
 * exponent, no trailing zeros (`+0.0123`, `−1.5`).
 */
export const CONTRIBUTION_FORMAT = '+.3~r';
/** Scores and base values: three significant digits, unsigned unless negative. */
export const SCORE_FORMAT = '.3~r';
/** Contribution axes: short ticks (`0.02`, `−0.1`). */
export const CONTRIBUTION_AXIS_FORMAT = '~r';

/** Which side of zero a value is on; charts colour bars and cells by it. */
export type Sign = 'positive' | 'negative';

export function signOf(value: number): Sign {
  return value < 0 ? 'negative' : 'positive';
}

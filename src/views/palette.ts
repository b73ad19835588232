/**
 * The categorical palette every chart, the HTML report and the chart exports share, and the
 * one rule that gives a factor (or a sector, a country...) its colour: its position in the
 * run's own list, never its position among the categories a chart happens to draw. So
 * `quality` is the same colour in the exposure bars, the importance bars, the history
 * lines and the report, whatever the filters leave on screen.
 *
 * The colours: Okabe and Ito's colour-blind-safe set (without its yellow and black, which
 * vanish on a white or a black background) extended to twenty, each further colour chosen as
 * the one farthest (CIEDE2000) from those already taken, in normal vision and in simulated
 * deuteranopia, protanopia and tritanopia (Machado et al. 2009). Every colour has a contrast
 * of at least 2:1 with the light, the dark and the high-contrast backgrounds, so the same
 * list serves every theme and a factor keeps its colour when the theme changes.
 * test/unit/views/palette.test.ts measures the distances: at least 15 between any two of
 * the twenty in normal vision, at least 8 between any two of the first ten under each
 * simulated deficiency.
 */

/** Twenty categorical colours, most distinguishable first. */
export const CATEGORICAL_PALETTE: readonly string[] = Object.freeze([
  '#0072b2', // blue
  '#e69f00', // orange
  '#009e73', // bluish green
  '#d55e00', // vermillion
  '#56b4e9', // sky blue
  '#cc79a7', // reddish purple
  '#7f415b', // plum
  '#885efb', // violet
  '#4f5f2e', // olive
  '#a71c03', // brick
  '#a4b264', // lime
  '#927949', // khaki
  '#545586', // slate
  '#c808a8', // magenta
  '#cf7069', // salmon
  '#9291c6', // lavender
  '#01756c', // teal
  '#348e08', // green
  '#c01c45', // crimson
  '#42a9b0', // turquoise
]);

/**
 * Point shapes that tell apart categories past the twentieth (which reuse the colours):
 * the n-th round of twenty takes the n-th shape, so no two categories share both.
 */
export const CATEGORY_SHAPES: readonly string[] = Object.freeze(['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down']);

/** The colour of the category at `index` of its list (0-based); past twenty, the colours repeat with another shape. */
export function categoryColor(index: number): string {
  const i = Number.isInteger(index) && index >= 0 ? index : 0;
  return CATEGORICAL_PALETTE[i % CATEGORICAL_PALETTE.length];
}

/** The point shape of the category at `index`: a circle for the first twenty, then the next shape each round. */
export function categoryShape(index: number): string {
  const i = Number.isInteger(index) && index >= 0 ? index : 0;
  return CATEGORY_SHAPES[Math.floor(i / CATEGORICAL_PALETTE.length) % CATEGORY_SHAPES.length];
}

/**
 * A Vega-Lite colour scale for `shown` (the categories a chart draws, in legend order),
 * each in the colour of its place in `all` (the run's list: its factors, sectors...);
 * categories missing from `all` follow it, in the order they come.
 * @example categoryScale(['value', 'quality', 'growth'], ['growth', 'value']) // { domain: ['growth', 'value'], range: ['#009e73', '#0072b2'] }
 */
export function categoryScale(all: readonly string[], shown: readonly string[]): { domain: string[]; range: string[] } {
  const order = categoryOrder(all, shown);
  return { domain: [...shown], range: shown.map((c) => categoryColor(order.get(c) as number)) };
}

/** Like `categoryScale`, the point shapes of `shown` (circles unless there are more than twenty categories). */
export function categoryShapeScale(all: readonly string[], shown: readonly string[]): { domain: string[]; range: string[] } {
  const order = categoryOrder(all, shown);
  return { domain: [...shown], range: shown.map((c) => categoryShape(order.get(c) as number)) };
}

/** Each category's place: its index in `all`, else after every one of `all`, in the order `shown` has them. */
function categoryOrder(all: readonly string[], shown: readonly string[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const c of all) if (!order.has(String(c))) order.set(String(c), order.size);
  for (const c of shown) if (!order.has(String(c))) order.set(String(c), order.size);
  return order;
}

/**
 * Each factor's colour for a run whose factors are `factors` (the run's order), as a map:
 * what the HTML report's tables and legends and the webview's swatches use.
 */
export function factorColors(factors: readonly string[]): Map<string, string> {
  const scale = categoryScale(factors, factors);
  return new Map(scale.domain.map((f, i) => [f, scale.range[i]]));
}

/**
 * Rendering chart specs without a browser and without eval: Vega-Lite compiles the spec,
 * Vega parses it to an expression AST (`ast: true`) and runs it with the CSP-safe
 * vega-interpreter, exactly as the webview does under its Content-Security-Policy.
 * Used by the tests and the static report (SVG export); the mark counter also runs on the
 * webview's live views.
 */
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import { registerScoreFormat } from './vegaFormats';

registerScoreFormat();

export interface RenderOptions {
  /**
   * Width in pixels for specs sized `width: 'container'` (there is no container outside a
   * page). Default 640.
   */
  width?: number;
}

/** Rendered mark items by Vega mark type (`rect`, `symbol`, `line`, `text`, `rule`, ...). */
export type MarkTypeCounts = Record<string, number>;

/** Mark types that draw data rather than annotate it. Text labels and rules are left out. */
const DATA_MARK_TYPES = new Set(['rect', 'symbol', 'arc', 'area', 'line', 'trail', 'path', 'shape', 'image']);
/** Mark types drawn as one shape per mark however many data points they join. */
const CONNECTED_MARK_TYPES = new Set(['line', 'area', 'trail']);

/**
 * Compiles `spec` and runs it headless ('none' renderer, interpreted expressions).
 * The caller owns the view and should `finalize()` it.
 */
export async function headlessView(spec: TopLevelSpec, options: RenderOptions = {}): Promise<vega.View> {
  const sized = withFixedWidth(spec, options.width ?? 640);
  const compiled = compile(sized).spec;
  const runtime = vega.parse(compiled, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter, logLevel: vega.Warn });
  await view.runAsync();
  return view;
}

/**
 * The chart as a standalone SVG document. Text from data is escaped by Vega's SVG
 * renderer, so a stock named `<img ...>` is drawn as text, never markup.
 * @example const svg = await renderSvg(factorExposureChart(rows, LIGHT_THEME, { measure: 'portfolio' }));
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const view = await headlessView(spec, options);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders `spec` headless and counts its marks by type (see `sceneMarkCountsByType`). */
export async function countMarks(spec: TopLevelSpec, options: RenderOptions = {}): Promise<MarkTypeCounts> {
  const view = await headlessView(spec, options);
  try {
    return sceneMarkCountsByType(view);
  } finally {
    view.finalize();
  }
}

/**
 * How many data marks a view drew: bars, cells, points, plus one per line or area.
 * Axes, legends, titles, text labels, rules and invisible hover points are not counted. Works on any Vega view
 * that has run (a live vega-embed view in the webview, or a headless one).
 * @example const { view } = await vegaEmbed(el, spec, { ast: true }); countSceneMarks(view);
 */
export function countSceneMarks(view: vega.View): number {
  let total = 0;
  for (const [type, count] of Object.entries(sceneMarkCountsByType(view))) {
    if (DATA_MARK_TYPES.has(type)) total += count;
  }
  return total;
}

/**
 * Mark items per Vega mark type in a view's scenegraph, outside axes, legends and titles.
 * A line, area or trail counts once per drawn shape; any other type once per item.
 * Items with opacity 0 (hover targets) are not counted.
 */
export function sceneMarkCountsByType(view: vega.View): MarkTypeCounts {
  const counts: MarkTypeCounts = {};
  const scenegraph = view.scenegraph() as unknown as { root?: SceneMark };
  visit(scenegraph.root ?? (scenegraph as SceneMark), counts);
  return counts;
}

/** The parts of Vega's scenegraph the counter reads. */
interface SceneMark {
  marktype: string;
  role: string;
  items?: SceneNode[];
}
interface SceneNode {
  items?: SceneMark[];
  opacity?: number;
}

const GUIDE_ROLES = new Set(['axis', 'legend', 'title']);

function visit(mark: SceneMark, counts: MarkTypeCounts): void {
  if (!mark || GUIDE_ROLES.has(mark.role)) return;
  const items = mark.items ?? [];
  if (mark.marktype === 'group') {
    for (const group of items) for (const child of group.items ?? []) visit(child, counts);
    return;
  }
  // Invisible items (hover targets for tooltips) are not drawn marks.
  const visible = items.filter((item) => item.opacity !== 0).length;
  if (!visible) return;
  const n = CONNECTED_MARK_TYPES.has(mark.marktype) ? 1 : visible;
  counts[mark.marktype] = (counts[mark.marktype] ?? 0) + n;
}

/** A copy of `spec` with `width: 'container'` replaced by `width` at every level. */
function withFixedWidth(spec: TopLevelSpec, width: number): TopLevelSpec {
  const fix = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fix);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' || key === 'datasets' || key === 'config' || key === 'usermeta') out[key] = value;
      else if (key === 'width' && value === 'container') out[key] = width;
      else out[key] = fix(value);
    }
    return out;
  };
  return fix(spec) as TopLevelSpec;
}

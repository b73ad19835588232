/**
 * The one place the webview calls vega-embed. Charts are drawn CSP-safe (the expression
 * interpreter instead of compiled code; no injected <style>: media/webview.css carries
 * vega-embed's and vega-tooltip's CSS), finalized before they are drawn again, redrawn
 * with a new theme, and counted (marks per chart) for the `rendered` message. A chart with
 * a point layer (the beeswarm) has Vega draw its axes and legend and a canvas draw its
 * points through the same scales (canvas/pointLayer.ts).
 */
import embed, { type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { TopLevelSpec } from 'vega-lite';
import type { View } from 'vega';
import { chartMeta, countSceneMarks, type ChartTheme } from '../src/views';
import { hoverFields } from '../src/views/hoverDetails';
import type { FromWebview, RenderedChart } from '../src/protocol';
import { el, icon } from './dom';
import { hoverTooltipHandler } from './hoverTooltip';
import { registerScoreFormat } from '../src/views/vegaFormats';
import type { BeeswarmMeta } from '../src/views/beeswarm';
import { PointLayer, type PointLayerData, type PointLayerScales } from './canvas/pointLayer';

registerScoreFormat();

/** One chart of a tab: where it goes, how to build its spec, what a click on a mark does. */
export interface ChartDefinition {
  /** Stable name reported in `rendered` (e.g. `sector-weights`). */
  name: string;
  /** The container; the chart replaces its content. */
  container: HTMLElement;
  /** Builds the Vega-Lite spec for a theme (called again when the theme changes). */
  build(theme: ChartTheme): TopLevelSpec;
  /**
   * Called with the clicked mark's datum (a data row of the spec) and the click itself
   * (whose modifier keys may change what the click does).
   */
  onClick?(datum: Record<string, unknown>, event: MouseEvent): void;
  /**
   * Roughly how many marks the chart draws; above `CANVAS_THRESHOLD` it draws on a canvas
   * (a spec whose `usermeta.renderer` names a renderer is drawn with that one).
   */
  estimatedMarks?: number;
  /**
   * Points drawn on a canvas over the chart, through its scales (the spec draws the axes
   * and legend and names the point style in `usermeta.pointStyle`); a click on one calls
   * `onClick` with its datum.
   */
  points?: PointLayerData & { scales: PointLayerScales };
}

/** Above this many marks SVG gets slow to build and to hit-test; canvas does not. */
export const CANVAS_THRESHOLD = 3000;

/** The renderer a spec asks for in `usermeta.renderer`, else by the estimated number of marks. */
export function rendererFor(spec: TopLevelSpec, estimatedMarks: number): 'svg' | 'canvas' {
  const asked = (spec as { usermeta?: { renderer?: unknown } }).usermeta?.renderer;
  if (asked === 'svg' || asked === 'canvas') return asked;
  return estimatedMarks > CANVAS_THRESHOLD ? 'canvas' : 'svg';
}

/**
 * `spec` with its top-level `datasets` empty, and the datasets taken out (name, rows), to
 * insert once the view is laid out. A spec whose domains do not depend on the datasets
 * (the beeswarm gives its domains) is then encoded once, at its final width.
 */
export function withoutDatasets(spec: TopLevelSpec): { spec: TopLevelSpec; datasets: [string, unknown[]][] } {
  const named = (spec as { datasets?: Record<string, unknown> }).datasets;
  const datasets = Object.entries(named ?? {}).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]) && entry[1].length > 0);
  if (!datasets.length) return { spec, datasets: [] };
  return { spec: { ...spec, datasets: Object.fromEntries(datasets.map(([name]) => [name, []])) } as TopLevelSpec, datasets };
}

/** The `exportChart` message a chart's export buttons post. */
export type ChartExport = Extract<FromWebview, { type: 'exportChart' }>;

/** PNG exports are drawn at twice the on-screen size (sharp on high-density screens and slides). */
const PNG_SCALE = 2;

interface LiveChart {
  definition: ChartDefinition;
  result: Result | null;
  /** The theme the chart was last drawn with; null when it must be drawn again. */
  theme: ChartTheme | null;
  marks: number;
  /** The canvas of the chart's points, if it has a point layer. */
  layer: PointLayer | null;
  /** Draws of one container run one after another, never interleaved. */
  queue: Promise<unknown>;
}

/**
 * The live charts of the page, keyed by container. `draw` embeds (or re-embeds) one chart;
 * `setTheme` then `refresh(root)` redraws the charts of a tab in a new theme.
 */
export class Charts {
  private readonly live = new Map<HTMLElement, LiveChart>();

  /**
   * `exportChart` receives a chart's SVG or PNG when the user clicks its export buttons (the
   * host asks where to save it); without it the charts have no export buttons.
   */
  constructor(
    private theme: ChartTheme,
    private readonly reportError: (message: string) => void,
    private readonly exportChart?: (message: ChartExport) => void,
  ) {}

  /** Draw one chart (finalizing whatever the container showed before) and count its marks. */
  async draw(definition: ChartDefinition): Promise<RenderedChart> {
    const previous = this.live.get(definition.container);
    this.release(definition.container);
    const chart: LiveChart = { definition, result: null, theme: this.theme, marks: 0, layer: null, queue: Promise.resolve() };
    this.live.set(definition.container, chart);
    return this.embedChart(chart, previous?.queue);
  }

  /** Draw several charts at once; resolves with each one's marks, in order. */
  drawAll(definitions: ChartDefinition[]): Promise<RenderedChart[]> {
    return Promise.all(definitions.map((d) => this.draw(d)));
  }

  /** Use `theme` for charts drawn from now on; `refresh` redraws the ones already drawn. */
  setTheme(theme: ChartTheme): void {
    this.theme = theme;
  }

  /**
   * Redraw the charts inside `root` that were drawn with another theme (the visible tab after
   * a theme change; a hidden tab when it is shown again). Resolves with how many were redrawn.
   */
  async refresh(root: HTMLElement): Promise<number> {
    const stale = this.within(root).filter((chart) => chart.theme !== this.theme);
    await Promise.all(
      stale.map((chart) => {
        chart.theme = this.theme;
        return this.embedChart(chart);
      }),
    );
    return stale.length;
  }

  /**
   * Mark the charts inside `root` for redrawing by the next `refresh` (they were drawn
   * while hidden, at a width of zero).
   */
  invalidate(root: HTMLElement): void {
    for (const chart of this.within(root)) chart.theme = null;
  }

  /** The charts inside `root` as last drawn, in page order (for the `rendered` message). */
  renderedWithin(root: HTMLElement): RenderedChart[] {
    return this.within(root).map((chart) => ({ name: chart.definition.name, marks: chart.marks }));
  }

  private within(root: HTMLElement): LiveChart[] {
    return [...this.live.values()]
      .filter((chart) => root.contains(chart.definition.container))
      .sort((a, b) =>
        a.definition.container.compareDocumentPosition(b.definition.container) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
      );
  }

  /** Finalize and forget every chart inside `root` (before a tab re-renders or is emptied). */
  releaseWithin(root: HTMLElement): void {
    for (const container of [...this.live.keys()]) {
      if (root === container || root.contains(container) || !container.isConnected) this.release(container);
    }
  }

  /** Finalize and forget the chart in `container`, if any. */
  release(container: HTMLElement): void {
    const chart = this.live.get(container);
    if (!chart) return;
    chart.layer?.destroy();
    chart.result?.finalize();
    this.live.delete(container);
  }

  /**
   * Save-as-SVG and save-as-PNG buttons under the chart, drawn from the live view (the whole
   * chart, in its current theme, whatever renderer shows it on screen, with its point layer).
   */
  private exportControls(name: string, view: View, layer: PointLayer | null): HTMLElement {
    const button = (format: 'svg' | 'png') => {
      const label = format.toUpperCase();
      const b = el('button', { className: 'chart-export-button', title: `Save this chart as ${label}`, attrs: { type: 'button', 'aria-label': `Save the chart ${name} as ${label}` } }, [
        icon('desktop-download'),
        el('span', { text: label }),
      ]);
      b.addEventListener('click', (event) => {
        event.stopPropagation();
        void this.exportView(name, view, layer, format);
      });
      return b;
    };
    return el('div', { className: 'chart-export' }, [button('svg'), button('png')]);
  }

  private async exportView(name: string, view: View, layer: PointLayer | null, format: 'svg' | 'png'): Promise<void> {
    try {
      // A point layer's points go into the file too: painted over the PNG, vector paths in the SVG.
      const data = layer
        ? format === 'svg'
          ? await layer.toSVG()
          : await layer.toPNG(PNG_SCALE)
        : format === 'svg'
          ? await view.toSVG()
          : await view.toImageURL('png', PNG_SCALE);
      this.exportChart?.({ type: 'exportChart', name, format, data });
    } catch (error) {
      this.reportError(`Chart '${name}' could not be exported as ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Queue a draw of `chart` after any draw of the same container still running. */
  private embedChart(chart: LiveChart, after: Promise<unknown> = chart.queue): Promise<RenderedChart> {
    const drawn = after.then(() => this.embedNow(chart), () => this.embedNow(chart));
    chart.queue = drawn;
    return drawn;
  }

  private async embedNow(chart: LiveChart): Promise<RenderedChart> {
    const { definition } = chart;
    const { container, name } = definition;
    chart.theme = this.theme;
    chart.marks = 0;
    if (this.live.get(container) !== chart) return { name, marks: 0 };
    chart.layer?.destroy();
    chart.layer = null;
    chart.result?.finalize();
    chart.result = null;
    try {
      const spec = definition.build(this.theme);
      const renderer = rendererFor(spec, definition.estimatedMarks ?? 0);
      // Charts with many points build a point's tooltip on hover (usermeta.tooltip), with the view's formatter.
      const fields = hoverFields(spec);
      let view: View | null = null;
      const format = (value: number, specifier: string) => (view ? view.locale().format(specifier)(value) : String(value));
      // The spec's named datasets (many points) go in once the chart is laid out: drawn with
      // them, Vega would encode every point at the container's width, then again at the
      // width left by the axes and legend.
      const { spec: laidOut, datasets } = withoutDatasets(spec);
      const result = await embed(container, laidOut, {
        ast: true,
        expr: expressionInterpreter,
        actions: false,
        renderer,
        defaultStyle: false,
        // A point layer shows its own tooltip; Vega's (its marks have none) would hide it on every move.
        tooltip: definition.points ? false : fields.length ? hoverTooltipHandler(fields, format) : { disableDefaultStyle: true },
        logLevel: 1,
      });
      view = result.view;
      if (datasets.length) {
        for (const [dataset, values] of datasets) result.view.data(dataset, values);
        await result.view.runAsync();
      }
      if (this.live.get(container) !== chart) {
        // Replaced or released while drawing: this result is already stale.
        result.finalize();
        return { name, marks: 0 };
      }
      chart.result = result;
      const style = (spec as { usermeta?: Partial<BeeswarmMeta> }).usermeta?.pointStyle;
      if (definition.points && style) {
        chart.layer = new PointLayer(container, result.view, definition.points, style, fields, definition.points.scales, definition.onClick);
        // For the browser-tier tests, as vegaView below.
        Object.defineProperty(container, 'pointLayer', { value: chart.layer, configurable: true });
      }
      container.dataset.chart = name;
      container.dataset.renderer = renderer;
      // The live view, for the browser-tier tests to find a mark on a canvas (not enumerable, not data).
      Object.defineProperty(container, 'vegaView', { value: result.view, configurable: true });
      if (definition.onClick) {
        const onClick = definition.onClick;
        result.view.addEventListener('click', (event, item) => {
          const datum = (item as { datum?: unknown } | null | undefined)?.datum;
          if (datum && typeof datum === 'object') onClick(datum as Record<string, unknown>, event as MouseEvent);
        });
        container.classList.add('clickable');
      }
      if (this.exportChart) container.append(this.exportControls(name, result.view, chart.layer));
      const warnings = chartMeta(spec)?.warnings ?? [];
      if (warnings.length) {
        container.append(el('ul', { className: 'chart-warnings' }, warnings.map((w) => el('li', { text: w }))));
      }
      const marks = countSceneMarks(result.view) + (chart.layer?.count ?? 0);
      container.dataset.marks = String(marks);
      chart.marks = marks;
      return { name, marks };
    } catch (error) {
      const message = `Chart '${name}' could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
      container.replaceChildren(el('div', { className: 'inline-error', text: message, attrs: { role: 'alert' } }));
      this.reportError(message);
      return { name, marks: 0 };
    }
  }
}

/**
 * A chart's points drawn on a plain <canvas> laid over the plot area of a Vega view that
 * draws only the axes, legend, rules and title (the beeswarm: 90,000 points). The canvas
 * reads the view's own scales, so a point sits exactly where Vega would have put it; it is
 * sized for the screen's devicePixelRatio and its pixels painted in one pass per colour
 * level (pointGeometry.ts: anti-aliased stamps, no 90,000-arc path to rasterise). The
 * pointer finds a point through a grid (pointGeometry.ts): hover shows the point's tooltip
 * rows, a click hands its datum to the chart's click handler. Exports compose the points
 * with the view's image (PNG) or add them to its SVG as one path per colour level.
 */
import type { View } from 'vega';
import { HOVER_DETAILS, type TooltipField } from '../../src/views/hoverDetails';
import type { PointStyle } from '../../src/views/beeswarm';
import { hoverTooltipHandler } from '../hoverTooltip';
import { parseColor } from '../../src/views/colors';
import { COLOUR_LEVELS, PointGrid, bucketValue, colourBuckets, pointPixels, pointsSvg, rasterizePoints, type BandPoints, type PointPaint, type PointPixels, type RasterPaint, type Rgb } from './pointGeometry';

/** What a chart gives its point layer: the points and each one's datum (what a click or tooltip reads). */
export interface PointLayerData {
  points: BandPoints;
  /** The datum of point `i`. */
  datum(i: number): Record<string, unknown>;
}

/** The Vega scales a layer reads, by the names the compiled spec gives them. */
export interface PointLayerScales {
  x: string;
  y: string;
  color: string;
}

/** Extra pixels the pointer may be off a point's edge and still hit it. */
const HIT_SLOP = 2;

export class PointLayer {
  /** The canvas, over the plot area and a margin of `margin` pixels round it (points on the edge are drawn whole). */
  readonly canvas: HTMLCanvasElement;
  private pixels: PointPixels = { px: new Float32Array(0), py: new Float32Array(0) };
  private grid: PointGrid | null = null;
  private paint: PointPaint;
  private readonly margin: number;
  private readonly buckets: { order: Uint32Array; start: Uint32Array };
  private readonly tooltip: ReturnType<typeof hoverTooltipHandler>;
  private readonly listeners: [string, EventListener][] = [];
  private frame = 0;
  private hovered = -1;
  private readonly onResize = () => this.schedule();
  /** Milliseconds the last draw took (pixels, grid and paint). */
  lastDrawMs = 0;
  /** How many times the layer was drawn (once, plus once per resize of the view). */
  draws = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly view: View,
    private readonly data: PointLayerData,
    private readonly style: PointStyle,
    fields: readonly TooltipField[],
    private readonly scales: PointLayerScales,
    private readonly onClick?: (datum: Record<string, unknown>, event: MouseEvent) => void,
  ) {
    this.margin = Math.ceil(style.radius + style.hollowStrokeWidth + 1);
    this.buckets = colourBuckets(data.points.colour);
    this.paint = this.currentPaint();
    this.tooltip = hoverTooltipHandler(fields, (value, specifier) => view.locale().format(specifier)(value));
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'point-layer';
    this.canvas.setAttribute('aria-hidden', 'true');
    // Over the chart, transparent to the pointer: the container listens and asks the grid.
    Object.assign(this.canvas.style, { position: 'absolute', pointerEvents: 'none', left: '0px', top: '0px' });
    if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
    container.append(this.canvas);
    this.listen('pointermove', (event) => this.hover(event as PointerEvent));
    this.listen('pointerleave', (event) => this.leave(event as PointerEvent));
    this.listen('click', (event) => this.click(event as MouseEvent));
    view.addResizeListener(this.onResize);
    this.draw();
  }

  /** How many points the layer draws (those with a finite position). */
  get count(): number {
    let n = 0;
    for (let i = 0; i < this.pixels.px.length; i++) if (Number.isFinite(this.pixels.px[i]) && Number.isFinite(this.pixels.py[i])) n++;
    return n;
  }

  /** Lay the canvas over the view's plot area and paint every point. */
  draw(): void {
    const started = performance.now();
    const { width, height, left, top } = this.plotArea();
    this.pixels = pointPixels(this.data.points, this.bandScales());
    this.grid = new PointGrid(this.pixels, width, height);
    this.paint = this.currentPaint();
    const m = this.margin;
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = width + 2 * m;
    const cssHeight = height + 2 * m;
    this.canvas.width = Math.max(1, Math.round(cssWidth * ratio));
    this.canvas.height = Math.max(1, Math.round(cssHeight * ratio));
    Object.assign(this.canvas.style, { left: `${left - m}px`, top: `${top - m}px`, width: `${cssWidth}px`, height: `${cssHeight}px` });
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { width: w, height: h } = this.canvas;
    const pixels = rasterizePoints(this.pixels, this.buckets, this.rasterPaint(), w, h, ratio, m * ratio, m * ratio);
    ctx.putImageData(new ImageData(pixels, w, h), 0, 0);
    this.lastDrawMs = performance.now() - started;
    this.draws++;
  }

  /**
   * Where point `i` is on the page (client pixels), for tests and for placing things by a
   * point; null when it has no position.
   */
  clientPosition(i: number): { x: number; y: number } | null {
    const box = this.canvas.getBoundingClientRect();
    const x = this.pixels.px[i];
    const y = this.pixels.py[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
    return { x: box.left + this.margin + x, y: box.top + this.margin + y };
  }

  /** The index of the point under client position (x, y), or −1. */
  pointAt(clientX: number, clientY: number): number {
    if (!this.grid) return -1;
    const box = this.canvas.getBoundingClientRect();
    return this.grid.nearest(clientX - box.left - this.margin, clientY - box.top - this.margin, this.style.radius + HIT_SLOP);
  }

  /** The chart as a PNG data URL at `scale`: the view's image with the points painted over its plot area. */
  async toPNG(scale: number): Promise<string> {
    const image = (await this.view.toCanvas(scale)) as HTMLCanvasElement;
    const ctx = image.getContext('2d');
    if (!ctx) throw new Error('no 2D context to draw the points on');
    const [ox, oy] = this.plotOrigin();
    // The points at the export's scale, composited over the view's image (its plot area at the origin).
    const points = document.createElement('canvas');
    points.width = image.width;
    points.height = image.height;
    const pixels = rasterizePoints(this.pixels, this.buckets, this.rasterPaint(), image.width, image.height, scale, ox * scale, oy * scale);
    points.getContext('2d')?.putImageData(new ImageData(pixels, image.width, image.height), 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(points, 0, 0);
    return image.toDataURL('image/png');
  }

  /** The chart as SVG: the view's SVG with the points added as one path per colour level (vector, not an image). */
  async toSVG(): Promise<string> {
    const svg = await this.view.toSVG();
    const end = svg.lastIndexOf('</svg>');
    if (end < 0) throw new Error('the view gave no SVG document');
    return `${svg.slice(0, end)}${pointsSvg(this.pixels, this.data.points.colour, this.paint, this.plotOrigin())}${svg.slice(end)}`;
  }

  /** Remove the canvas and every listener (before the view is finalized). */
  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.view.removeResizeListener(this.onResize);
    for (const [type, listener] of this.listeners) this.container.removeEventListener(type, listener);
    this.canvas.remove();
    if (this.hovered >= 0) this.hideTooltip();
  }

  private listen(type: string, listener: EventListener): void {
    this.container.addEventListener(type, listener);
    this.listeners.push([type, listener]);
  }

  private schedule(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** The plot area in the container's coordinates: the view's element offset plus its origin, and the view's width and height. */
  private plotArea(): { left: number; top: number; width: number; height: number } {
    const rendered = this.view.container()?.querySelector('svg, canvas:not(.point-layer)') ?? null;
    const box = this.container.getBoundingClientRect();
    const at = rendered?.getBoundingClientRect() ?? box;
    const [ox, oy] = this.plotOrigin();
    // The canvas is placed from the container's padding edge, inside its border.
    return { left: at.left - box.left - this.container.clientLeft + ox, top: at.top - box.top - this.container.clientTop + oy, width: this.view.width(), height: this.view.height() };
  }

  /** The plot area's top left in the view's image: its padding plus the origin of its top-level group. */
  private plotOrigin(): [number, number] {
    const [ox, oy] = this.view.origin();
    const padding = this.view.padding() as { left?: number; top?: number };
    return [ox + (padding.left ?? 0), oy + (padding.top ?? 0)];
  }

  private bandScales() {
    const x = this.view.scale(this.scales.x) as unknown as (v: number) => number;
    const y = this.view.scale(this.scales.y) as unknown as ((v: string) => number) & { domain(): string[]; bandwidth(): number };
    return { x, rowTop: y.domain().map((row) => y(row)), bandwidth: y.bandwidth() };
  }

  /** Colours from the view's colour scale (the legend's), sizes and the hollow colour from the chart's style. */
  private currentPaint(): PointPaint {
    const colour = this.view.scale(this.scales.color) as unknown as ((v: number) => string) | undefined;
    const bucketColours = Array.from({ length: COLOUR_LEVELS }, (_, b) => (colour ? String(colour(bucketValue(b))) : this.style.hollowColor));
    return { ...this.style, bucketColours };
  }

  /** The paint as RGB for the rasteriser (a colour the parser does not read is resolved by the canvas). */
  private rasterPaint(): RasterPaint {
    return { ...this.paint, bucketColours: this.paint.bucketColours.map((c) => this.rgb(c)), hollowColor: this.rgb(this.paint.hollowColor) };
  }

  private rgb(css: string): Rgb {
    const parsed = parseColor(css);
    if (parsed) return parsed;
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return [128, 128, 128];
    ctx.fillStyle = css;
    return parseColor(String(ctx.fillStyle)) ?? [128, 128, 128];
  }

  private hover(event: PointerEvent): void {
    const i = this.pointAt(event.clientX, event.clientY);
    if (i < 0) {
      if (this.hovered >= 0) this.leave(event);
      return;
    }
    this.hovered = i;
    this.container.style.cursor = this.onClick ? 'pointer' : '';
    this.tooltip(null as never, event, { datum: this.data.datum(i) } as never, HOVER_DETAILS);
  }

  private leave(event: PointerEvent): void {
    this.hovered = -1;
    this.container.style.cursor = '';
    this.tooltip(null as never, event, null as never, undefined);
  }

  private hideTooltip(): void {
    document.getElementById('vg-tooltip-element')?.classList.remove('visible');
  }

  private click(event: MouseEvent): void {
    if (!this.onClick) return;
    const i = this.pointAt(event.clientX, event.clientY);
    if (i >= 0) this.onClick(this.data.datum(i), event);
  }
}

/**
 * The arithmetic of a point layer, apart from the DOM so the Node tier tests it: where each
 * point of a banded point chart (the beeswarm) falls in pixels through the chart's own
 * scales, which colour bucket it is drawn in, the grid that finds the point under the
 * pointer, and the same points as SVG paths for an SVG export.
 */

/** Points in rows of a band scale: x in data units, the row's band, the place in the band, a colour value. */
export interface BandPoints {
  /** x in data units (through the chart's x scale). */
  x: ArrayLike<number>;
  /** Index of the point's row in the y scale's domain. */
  row: ArrayLike<number>;
  /** Place within the row: +0.5 is the band's top, −0.5 its bottom. */
  offset: ArrayLike<number>;
  /** Colour value 0..1 through the chart's colour scale; NaN draws the point hollow. */
  colour: ArrayLike<number>;
}

/** The parts of the chart's scales a layer reads (Vega's scale functions satisfy them). */
export interface BandScales {
  x(value: number): number;
  /** The top of each row's band, in the y domain's order. */
  rowTop: readonly number[];
  bandwidth: number;
}

/** Pixel positions of the points in the plot area (origin at its top left). */
export interface PointPixels {
  px: Float32Array;
  py: Float32Array;
}

/** Levels of the colour scale the points are drawn in: one fill pass per level (0 and 1 exact). */
export const COLOUR_LEVELS = 33;
/** The bucket of hollow points (no colour value). */
export const HOLLOW_BUCKET = COLOUR_LEVELS;

/**
 * Each point's pixel position: px = x(value), py = the row's top + (0.5 − offset) × bandwidth,
 * which is where Vega-Lite puts a point with a `yOffset` over [0.5, −0.5] in a band.
 * @example pointPixels({ x: [0], row: [1], offset: [0], colour: [0.5] }, { x: (v) => 100 + v, rowTop: [0, 28], bandwidth: 28 }) // px [100], py [42]
 */
export function pointPixels(points: BandPoints, scales: BandScales): PointPixels {
  const n = points.x.length;
  const px = new Float32Array(n);
  const py = new Float32Array(n);
  const { rowTop, bandwidth } = scales;
  for (let i = 0; i < n; i++) {
    px[i] = scales.x(points.x[i]);
    py[i] = (rowTop[points.row[i]] ?? NaN) + (0.5 - points.offset[i]) * bandwidth;
  }
  return { px, py };
}

/** The colour level of a colour value 0..1, or `HOLLOW_BUCKET` for NaN. */
export function colourBucket(value: number): number {
  if (!Number.isFinite(value)) return HOLLOW_BUCKET;
  return Math.round(Math.max(0, Math.min(1, value)) * (COLOUR_LEVELS - 1));
}

/** The colour value a level is drawn with (what the chart's colour scale is asked for). */
export function bucketValue(bucket: number): number {
  return bucket / (COLOUR_LEVELS - 1);
}

/**
 * The point indices of each colour bucket (`COLOUR_LEVELS` levels then the hollow one), in
 * point order, as one index array and the start of each bucket in it.
 */
export function colourBuckets(colour: ArrayLike<number>): { order: Uint32Array; start: Uint32Array } {
  const n = colour.length;
  const buckets = new Uint8Array(n);
  const count = new Uint32Array(HOLLOW_BUCKET + 2);
  for (let i = 0; i < n; i++) {
    const b = colourBucket(colour[i]);
    buckets[i] = b;
    count[b + 1]++;
  }
  for (let b = 1; b < count.length; b++) count[b] += count[b - 1];
  const start = count.slice();
  const order = new Uint32Array(n);
  const next = count.slice(0, HOLLOW_BUCKET + 1);
  for (let i = 0; i < n; i++) order[next[buckets[i]]++] = i;
  return { order, start };
}

/**
 * A uniform grid over the plot area that finds the point nearest the pointer: each cell
 * lists the points whose centre lies in it (a compressed index: `cells` holds point
 * indices, `cellStart` each cell's first), so a look-up reads the 3 x 3 cells around the
 * pointer. Built in O(n); 90,000 points take a few milliseconds.
 */
export class PointGrid {
  private readonly columns: number;
  private readonly rows: number;
  private readonly cellStart: Uint32Array;
  private readonly cells: Uint32Array;

  constructor(
    private readonly pixels: PointPixels,
    width: number,
    height: number,
    private readonly cellSize = 8,
  ) {
    this.columns = Math.max(1, Math.ceil(width / cellSize));
    this.rows = Math.max(1, Math.ceil(height / cellSize));
    const n = pixels.px.length;
    const cellOf = new Int32Array(n);
    const count = new Uint32Array(this.columns * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const c = this.cell(pixels.px[i], pixels.py[i]);
      cellOf[i] = c;
      if (c >= 0) count[c + 1]++;
    }
    for (let c = 1; c < count.length; c++) count[c] += count[c - 1];
    this.cellStart = count;
    this.cells = new Uint32Array(count[count.length - 1]);
    const next = count.slice(0, -1);
    for (let i = 0; i < n; i++) if (cellOf[i] >= 0) this.cells[next[cellOf[i]]++] = i;
  }

  /**
   * The index of the point nearest (x, y) within `radius` pixels, or −1. Of points at the
   * same distance, the one drawn last (on top) wins.
   */
  nearest(x: number, y: number, radius: number): number {
    const { px, py } = this.pixels;
    const reach = Math.ceil(radius / this.cellSize);
    const cx = Math.floor(x / this.cellSize);
    const cy = Math.floor(y / this.cellSize);
    let best = -1;
    let bestDistance = radius * radius;
    for (let row = Math.max(0, cy - reach); row <= Math.min(this.rows - 1, cy + reach); row++) {
      for (let column = Math.max(0, cx - reach); column <= Math.min(this.columns - 1, cx + reach); column++) {
        const c = row * this.columns + column;
        for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) {
          const i = this.cells[k];
          const d = (px[i] - x) ** 2 + (py[i] - y) ** 2;
          if (d < bestDistance || (d === bestDistance && i > best)) {
            best = i;
            bestDistance = d;
          }
        }
      }
    }
    return best;
  }

  private cell(x: number, y: number): number {
    if (!(x >= 0 && y >= 0)) return -1;
    const column = Math.floor(x / this.cellSize);
    const row = Math.floor(y / this.cellSize);
    if (column >= this.columns || row >= this.rows) return -1;
    return row * this.columns + column;
  }
}

/** How the points are painted: one colour per bucket, the hollow one stroked. */
export interface PointPaint {
  radius: number;
  opacity: number;
  /** The colour of each bucket below `HOLLOW_BUCKET`. */
  bucketColours: readonly string[];
  hollowColor: string;
  hollowOpacity: number;
  hollowStrokeWidth: number;
}

/** Two decimals: enough for a pixel position, and a small file. */
const coordinate = (v: number) => String(Math.round(v * 100) / 100);

/**
 * The points as SVG, one `<path>` per colour bucket (each point a circle drawn as two
 * arcs), translated to the plot area's origin: what an SVG export of a canvas layer adds
 * to the chart's own SVG, so the file stays vector and small (about 40 bytes a point).
 */
export function pointsSvg(pixels: PointPixels, colour: ArrayLike<number>, paint: PointPaint, origin: [number, number]): string {
  const { order, start } = colourBuckets(colour);
  const r = paint.radius;
  const d = coordinate(2 * r);
  const parts: string[] = [`<g class="point-layer" transform="translate(${coordinate(origin[0])},${coordinate(origin[1])})">`];
  for (let b = 0; b <= HOLLOW_BUCKET; b++) {
    if (start[b] === start[b + 1]) continue;
    const path: string[] = [];
    for (let k = start[b]; k < start[b + 1]; k++) {
      const i = order[k];
      path.push(`M${coordinate(pixels.px[i] - r)},${coordinate(pixels.py[i])}a${coordinate(r)},${coordinate(r)} 0 1,0 ${d},0a${coordinate(r)},${coordinate(r)} 0 1,0 -${d},0`);
    }
    const style =
      b === HOLLOW_BUCKET
        ? `fill="none" stroke="${escapeAttribute(paint.hollowColor)}" stroke-width="${paint.hollowStrokeWidth}" stroke-opacity="${paint.hollowOpacity}"`
        : `fill="${escapeAttribute(paint.bucketColours[b])}" fill-opacity="${paint.opacity}"`;
    parts.push(`<path ${style} d="${path.join('')}"/>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Sub-pixel steps a point's centre is rounded to when stamped (per axis). */
const SUBPIXEL = 4;
/** Samples per pixel side when a stamp's coverage is measured. */
const SAMPLES = 4;

/** A disc or ring's coverage of the pixels round a centre at a given sub-pixel offset. */
interface Stamp {
  /** Pixels from the centre's pixel to the stamp's left and top edge. */
  reach: number;
  /** Side of the square stamp. */
  size: number;
  /** Coverage 0..1 of each pixel, row by row. */
  coverage: Float32Array;
}

/**
 * The coverage stamps of a disc of `radius` device pixels (or, with `ring` > 0, of a ring of
 * that width centred on the radius), one per sub-pixel offset of the centre, measured by
 * sampling each pixel `SAMPLES` x `SAMPLES` times: an anti-aliased circle as the canvas draws one.
 */
export function pointStamps(radius: number, ring = 0): Stamp[] {
  const outer = radius + ring / 2;
  const inner = ring > 0 ? Math.max(0, radius - ring / 2) : -1;
  const reach = Math.ceil(outer) + 1;
  const size = 2 * reach + 1;
  const stamps: Stamp[] = [];
  for (let sy = 0; sy < SUBPIXEL; sy++) {
    for (let sx = 0; sx < SUBPIXEL; sx++) {
      // The centre, in the stamp's coordinates: the centre of pixel `reach` plus the offset.
      const cx = reach + 0.5 + sx / SUBPIXEL;
      const cy = reach + 0.5 + sy / SUBPIXEL;
      const coverage = new Float32Array(size * size);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          let hits = 0;
          for (let j = 0; j < SAMPLES; j++) {
            for (let i = 0; i < SAMPLES; i++) {
              const d = Math.hypot(x + (i + 0.5) / SAMPLES - cx, y + (j + 0.5) / SAMPLES - cy);
              if (d <= outer && d >= inner) hits++;
            }
          }
          coverage[y * size + x] = hits / (SAMPLES * SAMPLES);
        }
      }
      stamps.push({ reach, size, coverage });
    }
  }
  return stamps;
}

/** An RGB colour, 0..255 each. */
export type Rgb = readonly [number, number, number];

/** How `rasterizePoints` paints: colours as RGB, sizes in CSS pixels. */
export interface RasterPaint {
  radius: number;
  opacity: number;
  bucketColours: readonly Rgb[];
  hollowColor: Rgb;
  hollowOpacity: number;
  hollowStrokeWidth: number;
}

/**
 * Every point painted into an RGBA pixel buffer (non-premultiplied, as ImageData holds it)
 * of `width` x `height` device pixels, each point at (offsetX + px × scale, offsetY + py × scale):
 * one pass per colour bucket, in bucket order, the hollow points last, each point an
 * anti-aliased stamp composited source-over. Painting the pixels here rather than asking
 * the canvas for 90,000 arcs keeps the browser from rasterising a path of 90,000
 * sub-paths (half a second in software).
 */
export function rasterizePoints(
  pixels: PointPixels,
  buckets: { order: Uint32Array; start: Uint32Array },
  paint: RasterPaint,
  width: number,
  height: number,
  scale: number,
  offsetX: number,
  offsetY: number,
): Uint8ClampedArray<ArrayBuffer> {
  // Premultiplied colour and alpha, composited in floats, converted once at the end.
  const buffer = new Float32Array(width * height * 4);
  const filled = pointStamps(paint.radius * scale);
  const hollow = pointStamps(paint.radius * scale, paint.hollowStrokeWidth * scale);
  const { px, py } = pixels;
  const { order, start } = buckets;
  for (let b = 0; b <= HOLLOW_BUCKET; b++) {
    if (start[b] === start[b + 1]) continue;
    const isHollow = b === HOLLOW_BUCKET;
    const [r, g, bl] = isHollow ? paint.hollowColor : paint.bucketColours[b];
    const opacity = isHollow ? paint.hollowOpacity : paint.opacity;
    const stamps = isHollow ? hollow : filled;
    for (let k = start[b]; k < start[b + 1]; k++) {
      const i = order[k];
      const x = offsetX + px[i] * scale;
      const y = offsetY + py[i] * scale;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      // The centre's pixel, and which sub-pixel stamp: pixel centres are at +0.5.
      const fx = x - 0.5;
      const fy = y - 0.5;
      let ix = Math.floor(fx);
      let iy = Math.floor(fy);
      let sx = Math.round((fx - ix) * SUBPIXEL);
      let sy = Math.round((fy - iy) * SUBPIXEL);
      if (sx === SUBPIXEL) {
        sx = 0;
        ix++;
      }
      if (sy === SUBPIXEL) {
        sy = 0;
        iy++;
      }
      const stamp = stamps[sy * SUBPIXEL + sx];
      const { reach, size, coverage } = stamp;
      const left = ix - reach;
      const top = iy - reach;
      for (let v = 0; v < size; v++) {
        const row = top + v;
        if (row < 0 || row >= height) continue;
        for (let u = 0; u < size; u++) {
          const column = left + u;
          if (column < 0 || column >= width) continue;
          const c = coverage[v * size + u];
          if (c === 0) continue;
          const a = c * opacity;
          const o = (row * width + column) * 4;
          const keep = 1 - a;
          buffer[o] = r * a + buffer[o] * keep;
          buffer[o + 1] = g * a + buffer[o + 1] * keep;
          buffer[o + 2] = bl * a + buffer[o + 2] * keep;
          buffer[o + 3] = a + buffer[o + 3] * keep;
        }
      }
    }
  }
  const out = new Uint8ClampedArray(width * height * 4);
  for (let o = 0; o < buffer.length; o += 4) {
    const a = buffer[o + 3];
    if (a <= 0) continue;
    out[o] = buffer[o] / a;
    out[o + 1] = buffer[o + 1] / a;
    out[o + 2] = buffer[o + 2] / a;
    out[o + 3] = a * 255;
  }
  return out;
}

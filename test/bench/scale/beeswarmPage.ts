/**
 * Browser side of the beeswarm timing (bundled as an IIFE by scripts/bench/bundle.mjs):
 * the Features tab's beeswarm drawn exactly as the webview draws it, through the real
 * Charts class of webview/charts.ts: beeswarmLayout, the axes-only Vega-Lite chart
 * (vega-embed, CSP-safe interpreter) and the canvas point layer over it. Timed from the
 * points arriving to the browser having painted the frame.
 */
import type { BeeswarmPoint } from '../../../src/model/features/types';
import { BEESWARM_SCALES, beeswarmChart, beeswarmLayout } from '../../../src/views/beeswarm';
import { LIGHT_THEME } from '../../../src/views/themes';
import { Charts } from '../../../webview/charts';
import type { PointLayer } from '../../../webview/canvas/pointLayer';

interface Draw {
  /** beeswarmLayout: swarm offsets, value ranks, typed arrays. */
  layoutMs: number;
  /** The chart drawn (Vega axes and legend, then the canvas points), to `Charts.draw` resolving. */
  embedMs: number;
  /** From the chart drawn to the frame painted. */
  paintMs: number;
  /** The point layer's own draw: pixels through the scales, grid, paint. */
  canvasMs: number;
  totalMs: number;
  renderer: string;
  marks: number;
  /** Times the point layer drew (1 unless the view resized). */
  draws: number;
}

async function drawBeeswarm(points: BeeswarmPoint[]): Promise<Draw> {
  const container = document.getElementById('chart') as HTMLElement;
  const errors: string[] = [];
  const charts = new Charts(LIGHT_THEME, (message) => errors.push(message));
  const started = performance.now();
  const layout = beeswarmLayout(points);
  const laidOut = performance.now();
  const rendered = await charts.draw({
    name: 'feature-beeswarm',
    container,
    build: (theme) => beeswarmChart(layout, theme),
    points: { points: { x: layout.contribution, row: layout.row, offset: layout.offset, colour: layout.valueRank }, datum: (i) => ({ ...layout.points[i] }), scales: BEESWARM_SCALES },
    onClick: () => undefined,
  });
  const drawn = performance.now();
  // Wait for the browser to paint the frame.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const done = performance.now();
  if (errors.length) throw new Error(errors.join('; '));
  const layer = (container as unknown as { pointLayer?: PointLayer }).pointLayer;
  const result = { layoutMs: laidOut - started, embedMs: drawn - laidOut, paintMs: done - drawn, canvasMs: layer?.lastDrawMs ?? NaN, totalMs: done - started, draws: layer?.draws ?? 0, renderer: layer ? `${container.dataset.renderer} axes + canvas points` : String(container.dataset.renderer), marks: rendered.marks };
  charts.release(container);
  return result;
}

(window as unknown as { drawBeeswarm: typeof drawBeeswarm }).drawBeeswarm = drawBeeswarm;

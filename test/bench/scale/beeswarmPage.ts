/**
 * Browser side of the beeswarm timing (bundled as an IIFE by scripts/bench/bundle.mjs):
 * builds the spec with the real beeswarmChart and draws it exactly as webview/charts.ts
 * does (vega-embed, CSP-safe interpreter, the renderer the spec asks for).
 */
import embed from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { BeeswarmPoint } from '../../../src/model/features/types';
import { beeswarmChart } from '../../../src/views/beeswarm';
import { rendererFor } from '../../../webview/charts';
import { LIGHT_THEME } from '../../../src/views/themes';
import { countSceneMarks } from '../../../src/views';

/** The spec without its per-point tooltip encoding (what a lazy tooltip would save). */
function withoutTooltips(spec: unknown): unknown {
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const encoding = (node as { encoding?: Record<string, unknown> }).encoding;
    if (encoding) delete encoding.tooltip;
    for (const child of (node as { layer?: unknown[] }).layer ?? []) walk(child);
  };
  walk(spec);
  return spec;
}

async function drawBeeswarm(points: BeeswarmPoint[], variant: 'as shipped' | 'no tooltip encoding' = 'as shipped'): Promise<{ specMs: number; embedMs: number; totalMs: number; renderer: string; marks: number }> {
  const container = document.getElementById('chart') as HTMLElement;
  const started = performance.now();
  let spec = beeswarmChart(points, LIGHT_THEME);
  if (variant === 'no tooltip encoding') spec = withoutTooltips(spec) as typeof spec;
  const built = performance.now();
  const renderer = rendererFor(spec, points.length);
  const result = await embed(container, spec, { ast: true, expr: expressionInterpreter, actions: false, renderer, defaultStyle: false, tooltip: { disableDefaultStyle: true }, logLevel: 1 });
  // Wait for the browser to paint the frame.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const done = performance.now();
  const marks = countSceneMarks(result.view as unknown as Parameters<typeof countSceneMarks>[0]);
  result.finalize();
  return { specMs: built - started, embedMs: done - built, totalMs: done - started, renderer, marks };
}

(window as unknown as { drawBeeswarm: typeof drawBeeswarm }).drawBeeswarm = drawBeeswarm;

import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { BeeswarmPoint } from '../../../src/model/features/types';
import { LIGHT_THEME, beeswarmChart, chartMeta } from '../../../src/views';
import { HOVER_DETAILS, hoverDetails, hoverFields } from '../../../src/views/hoverDetails';
import { headlessView } from '../../../src/views/render';
import { XSS } from './fixtures';

interface SceneNode {
  items?: SceneNode[];
  tooltip?: unknown;
  datum?: Record<string, unknown>;
}

/** Each drawn point's datum and tooltip, and the view's number formatter. */
async function pointsOf(spec: TopLevelSpec): Promise<{ tips: { datum: Record<string, unknown>; tooltip: unknown }[]; format: (v: number, s: string) => string }> {
  const view = await headlessView(spec);
  const tips: { datum: Record<string, unknown>; tooltip: unknown }[] = [];
  const walk = (node: SceneNode) => {
    if (node.tooltip !== undefined && node.datum) tips.push({ datum: node.datum, tooltip: node.tooltip });
    for (const child of node.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: SceneNode }).root);
  const locale = view.locale();
  view.finalize();
  return { tips, format: (v, s) => locale.format(s)(v) };
}

const point = (i: number, value: number | null): BeeswarmPoint => ({ feature: i % 2 ? 'roe' : XSS, factor: 'quality', stock: `S${i}`, contribution: (i - 3) * 0.00123, value, weight: i * 0.0011 });

describe('views/hoverDetails', () => {
  it('builds the rows a many-point chart shows on hover exactly as the evaluated tooltip of a small chart reads', async () => {
    const points = [0, 1, 2, 3, 4, 5].map((i) => point(i, i === 2 ? null : i * 1.5));
    const small = await pointsOf(beeswarmChart(points, LIGHT_THEME));
    const many = beeswarmChart(points, LIGHT_THEME, { canvasThreshold: 1 });
    const fields = hoverFields(many);
    assert.equal(fields.length, 6);
    const lazy = await pointsOf(many);
    assert.equal(lazy.tips.length, points.length);
    assert.ok(lazy.tips.every((t) => t.tooltip === HOVER_DETAILS));
    for (const { datum, tooltip } of small.tips) {
      const twin = lazy.tips.find((t) => t.datum.stock === datum.stock && t.datum.feature === datum.feature)!;
      assert.deepEqual(hoverDetails(twin.datum, fields, lazy.format), tooltip, String(datum.stock));
    }
    // Names stay text (the webview sets them as textContent).
    assert.equal(hoverDetails(lazy.tips[0].datum, fields, lazy.format).Feature, XSS);
  });

  it('leaves out fields the datum lacks, and reads no usermeta from a foreign spec', () => {
    assert.deepEqual(hoverDetails({ stock: 'A', value: null }, [{ field: 'stock', title: 'Stock' }, { field: 'value', title: 'Value', format: '.2f' }], () => 'x'), { Stock: 'A' });
    assert.deepEqual(hoverFields({ usermeta: { name: 'x' } }), []);
    assert.deepEqual(hoverFields(null), []);
    assert.equal(chartMeta(beeswarmChart([point(1, 1)], LIGHT_THEME))?.name, 'feature-beeswarm');
  });
});

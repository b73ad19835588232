import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { BeeswarmPoint } from '../../../src/model/features/types';
import { LIGHT_THEME, beeswarmChart, beeswarmLayout, chartMeta } from '../../../src/views';
import { BEESWARM_TOOLTIP, type BeeswarmMeta } from '../../../src/views/beeswarm';
import { hoverDetails, hoverFields, tooltipEncoding } from '../../../src/views/hoverDetails';
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
  it('builds the rows a canvas beeswarm point shows on hover exactly as an evaluated Vega-Lite tooltip of the same point reads', async () => {
    const points = [0, 1, 2, 3, 4, 5].map((i) => point(i, i === 2 ? null : i * 1.5));
    const spec = beeswarmChart(beeswarmLayout(points), LIGHT_THEME);
    const fields = (chartMeta(spec) as BeeswarmMeta).tooltip;
    assert.deepEqual(fields, [...BEESWARM_TOOLTIP]);
    // The same points as Vega-Lite circles with the tooltip encoding of those rows (without the value where there is none).
    const layers = (spec as unknown as { layer: Record<string, unknown>[] }).layer;
    const scales = layers[1] as { encoding: Record<string, unknown> };
    const evaluated = {
      ...spec,
      layer: [
        { ...scales, data: { values: points.filter((p) => p.value !== null) }, encoding: { ...scales.encoding, color: { value: 'black' }, tooltip: tooltipEncoding(fields) } },
        { ...scales, data: { values: points.filter((p) => p.value === null) }, encoding: { ...scales.encoding, color: { value: 'black' }, tooltip: tooltipEncoding(fields.filter((f) => f.field !== 'value')) } },
      ],
    } as unknown as TopLevelSpec;
    const { tips, format } = await pointsOf(evaluated);
    assert.equal(tips.length, points.length);
    for (const { datum, tooltip } of tips) assert.deepEqual(hoverDetails(datum, fields, format), tooltip, String(datum.stock));
    // Names stay text (the webview sets them as textContent).
    assert.equal(hoverDetails(points[0] as unknown as Record<string, unknown>, fields, format).Feature, XSS);
  });

  it('leaves out fields the datum lacks, and reads no usermeta from a foreign spec', () => {
    assert.deepEqual(hoverDetails({ stock: 'A', value: null }, [{ field: 'stock', title: 'Stock' }, { field: 'value', title: 'Value', format: '.2f' }], () => 'x'), { Stock: 'A' });
    assert.deepEqual(hoverFields({ usermeta: { name: 'x' } }), []);
    assert.deepEqual(hoverFields(null), []);
    assert.equal(chartMeta(beeswarmChart(beeswarmLayout([point(1, 1)]), LIGHT_THEME))?.name, 'feature-beeswarm');
  });
});

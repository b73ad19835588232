import assert from 'node:assert/strict';
import type { DependenceData } from '../../../src/model/features/types';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg } from '../../../src/views';
import type { RendererMeta } from '../../../src/views/beeswarm';
import { parseColor } from '../../../src/views/colors';
import { DEPENDENCE_CHART, dependenceChart } from '../../../src/views/dependence';
import { featureValueRange } from '../../../src/views/featureValueScale';
import { MINUS, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgMarks, svgTexts } from './fixtures';

const cssRgb = (hex: string) => `rgb(${parseColor(hex)?.join(', ')})`;

/** ep_fy1 at -2 .. 2 with a stronger slope where roe is low; the last stock has no roe. */
function data(overrides: Partial<DependenceData> = {}): DependenceData {
  const roe = [-1, 1, -1, 1, null];
  return {
    feature: 'ep_fy1',
    factor: 'value',
    colourFeature: 'roe',
    colourFactor: 'quality',
    date: '2024-03-29',
    points: [-2, -1, 0, 1, 2].map((x, i) => ({
      stock: `S${i}`,
      date: '2024-03-29',
      value: x,
      contribution: x * (roe[i] === -1 ? 0.002 : 0.001),
      colourValue: roe[i],
    })),
    eligible: 5,
    stride: 1,
    missingValues: 0,
    interaction: null,
    ...overrides,
  };
}

describe('views/dependence', () => {
  it('draws one point per stock, a zero rule, and names both features in the title and axes', async () => {
    const spec = dependenceChart(data(), LIGHT_THEME);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'symbol'), 5);
    assert.equal(countSvgItems(svg, 'rule'), 1);
    const texts = svgTexts(svg);
    for (const label of ['ep_fy1 · coloured by roe', '2024-03-29', 'ep_fy1 value', 'ep_fy1 contribution (bp of score)', 'roe', `${MINUS}40`]) {
      assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
    }
    assert.deepEqual(chartMeta(spec), { name: DEPENDENCE_CHART, renderer: 'svg' });
  });

  it('colours by the second feature from low to high, without its value hollow and grey', async () => {
    const svg = await renderSvg(dependenceChart(data(), LIGHT_THEME));
    const [low, high] = featureValueRange(LIGHT_THEME);
    const [hollow, filled] = svgMarks(svg).filter((m) => m.type === 'symbol');
    const fills = [...filled.body.matchAll(/fill="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(fills.sort(), [cssRgb(low), cssRgb(low), cssRgb(high), cssRgb(high)].sort());
    assert.equal((hollow.body.match(new RegExp(`stroke="${LIGHT_THEME.mutedForeground}"`, 'g')) ?? []).length, 1);
    assert.ok(!/fill="rgb/.test(hollow.body));
  });

  it('clamps the colour scale to the 5th..95th percentile of the second feature', () => {
    const points = Array.from({ length: 21 }, (_, i) => ({ stock: `S${i}`, date: 'd', value: i, contribution: i, colourValue: i === 20 ? 1000 : i }));
    const spec = dependenceChart(data({ points, eligible: 21 }), LIGHT_THEME) as unknown as { layer: { layer?: { encoding: { color?: { scale: { domain: number[]; clamp: boolean } } } }[] }[] };
    const scale = spec.layer[1].layer?.[0].encoding.color?.scale;
    assert.deepEqual(scale?.domain, [1, 19]);
    assert.equal(scale?.clamp, true);
  });

  it('says when the points are a sample over every date, and shows each point\'s date', async () => {
    const spec = dependenceChart(data({ date: null, eligible: 112_699, stride: 23 }), LIGHT_THEME);
    const texts = svgTexts(await renderSvg(spec));
    assert.ok(texts.includes('All dates · every 23rd of 112,699 stock-dates'), JSON.stringify(texts));
    const [first] = await clickableData(spec);
    assert.equal(first.date, '2024-03-29');
  });

  it('draws every point hollow without a colour feature, and nothing but the rule without values', async () => {
    const plain = dependenceChart(data({ colourFeature: null, colourFactor: null }), LIGHT_THEME);
    const svg = await renderSvg(plain);
    assert.equal(countSvgItems(svg, 'symbol'), 5);
    assert.ok(!/fill="rgb/.test(svgMarks(svg).filter((m) => m.type === 'symbol')[0].body));
    assert.ok(svgTexts(svg).includes('ep_fy1'));
    const none = dependenceChart(data({ points: [], eligible: 0, missingValues: 12 }), LIGHT_THEME);
    assert.match(chartMeta(none)?.warnings?.[0] ?? '', /no values of ep_fy1/);
    const empty = await renderSvg(none);
    assert.equal(countSvgItems(empty, 'symbol'), 0);
    assert.equal(countSvgItems(empty, 'rule'), 1);
  });

  it('asks for the canvas renderer for many points', () => {
    const points = Array.from({ length: 2500 }, (_, i) => ({ stock: `S${i}`, date: 'd', value: i, contribution: i, colourValue: i }));
    assert.equal((chartMeta(dependenceChart(data({ points, eligible: 2500 }), LIGHT_THEME)) as RendererMeta).renderer, 'canvas');
  });

  it('keeps stock and date for clicks, escapes names, keeps them out of expressions, follows the theme', async () => {
    const spec = dependenceChart(data({ feature: XSS, colourFeature: 'roe' }), DARK_THEME);
    const svg = await renderSvg(spec);
    assertEscaped(svg);
    assertNoDataInExpressions(spec, [XSS, 'roe', 'S0']);
    assert.equal(svgBackground(svg), DARK_THEME.background);
    const clicks = await clickableData(spec);
    assert.deepEqual(clicks.map((d) => d.stock).sort(), ['S0', 'S1', 'S2', 'S3', 'S4']);
    assert.ok(clicks.every((d) => d.feature === XSS));
  });
});

/**
 * The Features tab's beeswarm in Chromium: Vega draws the axes and legend, a canvas the
 * points (webview/canvas/pointLayer.ts). Checked against the recorded engine answer on the
 * sample run: every point drawn, each where the chart's axes say it is (the zero rule and
 * the row's label in the page, the canvas pixel painted), the hover tooltip's rows, what a
 * click and a Ctrl+click post, both exports holding the points, and the light and dark
 * screenshots (test-results/webview/beeswarm-light.png, beeswarm-dark.png).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { featuresFixture } from './newTabsFixtures';
import type { FromWebview, Query } from '../../src/protocol';
import { defaultViewState } from '../../src/protocol';
import { formatScoreBp } from '../../src/views/format';
import { formatPercent } from '../../webview/format';
import { FIXTURES, FakeHost, RESULTS, loadRun, useBrowser } from './harness';
import type { TestTheme } from './themes';

type RequestMessage = Extract<FromWebview, { type: 'request' }>;
type ExportMessage = Extract<FromWebview, { type: 'exportChart' }>;
const isRequest = (kind: Query['kind']) => (m: FromWebview): m is RequestMessage => m.type === 'request' && m.query.kind === kind;
const CHART = '[data-chart="feature-beeswarm"]';

/** A value with four significant digits, trailing zeros dropped, a true minus: d3's `.4~g`, written out. */
function fourSignificant(value: number): string {
  const text = value.toPrecision(4);
  const trimmed = text.includes('e') ? text : text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return trimmed.replace('-', '\u2212');
}

/** What the page tells of one point: its datum, its place on the page, the nearest other point. */
interface PagePoint {
  index: number;
  datum: { feature: string; factor: string; stock: string; contribution: number; value: number | null; weight: number };
  x: number;
  y: number;
  /** Distance to the nearest other point, in CSS pixels. */
  clearance: number;
}

describe('webview: the Features beeswarm on a canvas', function () {
  this.timeout(60000);
  const SAMPLE = join(FIXTURES, 'sample');
  const run = loadRun(SAMPLE);
  const latest = run.dates[run.dates.length - 1];
  const data = featuresFixture(null, null);
  let host: FakeHost;

  const page = useBrowser(() => run.name);

  afterEach(async () => {
    if (!host) return;
    const { consoleErrors, cspViolations } = host;
    await host.close();
    assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
    assert.deepEqual(consoleErrors, [], 'console errors');
    host = undefined as unknown as FakeHost;
  });

  async function open(theme: TestTheme = 'light'): Promise<void> {
    host = new FakeHost(page.browser, page.origin, run, SAMPLE);
    await host.open({ theme, width: 1400, height: 1000, initState: { ...defaultViewState(), tab: 'features' } });
    await host.rendered('features');
  }

  /** Every point as the layer placed it, with its clearance from the others. */
  function points(): Promise<PagePoint[]> {
    return host.page.locator(CHART).evaluate((container) => {
      type Layer = { count: number; clientPosition(i: number): { x: number; y: number } | null; pointAt(x: number, y: number): number };
      const layer = (container as unknown as { pointLayer: Layer }).pointLayer;
      const datum = (i: number) => (layer as unknown as { data: { datum(i: number): PagePoint['datum'] } }).data.datum(i);
      const placed = Array.from({ length: layer.count }, (_, i) => ({ index: i, datum: datum(i), ...layer.clientPosition(i)! }));
      return placed.map((p) => ({ ...p, clearance: Math.min(...placed.filter((q) => q !== p).map((q) => Math.hypot(q.x - p.x, q.y - p.y))) }));
    });
  }

  it('draws every point of the answer on the canvas, each at the chart\'s axes: the zero rule and its row\'s label', async () => {
    await open();
    const rendered = await host.rendered('features');
    assert.equal(rendered.charts.find((c) => c.name === 'feature-beeswarm')!.marks, data.beeswarm.points.length);
    assert.equal(await host.page.locator(`${CHART} canvas.point-layer`).count(), 1);
    const placed = await points();
    assert.equal(placed.length, data.beeswarm.points.length);
    // The layer's points are the answer's points, each once.
    assert.deepEqual(new Set(placed.map((p) => `${p.datum.feature}|${p.datum.stock}`)), new Set(data.beeswarm.points.map((p) => `${p.feature}|${p.stock}`)));

    // Where the axes are in the page: the zero rule's line, a pixel per unit of contribution, each row's label.
    const axes = await host.page.locator(CHART).evaluate((container) => {
      const view = (container as unknown as { vegaView: { scale(name: string): ((v: unknown) => number) & { bandwidth?(): number } } }).vegaView;
      const x = view.scale('x');
      const rule = container.querySelector('.mark-rule.role-mark line')!.getBoundingClientRect();
      const labels = [...container.querySelectorAll('.role-axis-label text')].map((t) => {
        const box = t.getBoundingClientRect();
        return { text: t.textContent ?? '', y: box.top + box.height / 2 };
      });
      return { zeroX: rule.left + rule.width / 2, perUnit: x(1) - x(0), bandwidth: view.scale('y').bandwidth!(), labels };
    });
    for (const p of placed) {
      const expectedX = axes.zeroX + p.datum.contribution * axes.perUnit;
      assert.ok(Math.abs(p.x - expectedX) < 0.75, `${p.datum.feature} ${p.datum.stock}: x ${p.x} where the axis puts ${expectedX}`);
      const label = axes.labels.find((l) => l.text === p.datum.feature);
      assert.ok(label, `row label ${p.datum.feature}`);
      assert.ok(Math.abs(p.y - label.y) <= axes.bandwidth * 0.42 + 1, `${p.datum.feature} ${p.datum.stock}: y ${p.y} outside its row centred at ${label.y}`);
    }

    // The canvas is painted where the points are, and nowhere far from one (an empty corner stays clear).
    const painted = await host.page.locator(`${CHART} canvas.point-layer`).evaluate((canvas: HTMLCanvasElement, at: { x: number; y: number }[]) => {
      const box = canvas.getBoundingClientRect();
      const ratio = canvas.width / box.width;
      const ctx = canvas.getContext('2d')!;
      const alpha = (x: number, y: number) => ctx.getImageData(Math.floor((x - box.left) * ratio), Math.floor((y - box.top) * ratio), 1, 1).data[3];
      return { atPoints: at.map((p) => alpha(p.x, p.y)), ratio };
    }, placed.map((p) => ({ x: p.x, y: p.y })));
    assert.ok(painted.atPoints.every((a) => a > 0), `${painted.atPoints.filter((a) => a === 0).length} point centres unpainted`);
  });

  it('hovering a point shows its stock, feature, factor, contribution, value and weight; a click selects its feature, Ctrl+click opens its definition', async () => {
    await open();
    const placed = await points();
    const selected = data.dependence!.feature;
    // An isolated point of another row than the selected feature's, so the pointer finds that one.
    const target = placed.filter((p) => p.clearance > 6 && p.datum.feature !== selected && p.datum.value !== null).sort((a, b) => b.clearance - a.clearance)[0];
    assert.ok(target, 'an isolated point');
    await host.page.mouse.move(target.x, target.y);
    const tooltip = host.page.locator('#vg-tooltip-element.visible');
    await tooltip.waitFor();
    const rows = await tooltip.locator('tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.key')!.textContent, tr.querySelector('.value')!.textContent]));
    const d = target.datum;
    const answer = data.beeswarm.points.find((p) => p.feature === d.feature && p.stock === d.stock)!;
    assert.deepEqual(Object.fromEntries(rows), {
      Feature: answer.feature,
      Factor: answer.factor,
      Stock: answer.stock,
      'Contribution (bp of score)': formatScoreBp(answer.contribution, 1, true),
      Value: fourSignificant(answer.value!),
      Weight: formatPercent(answer.weight),
    });
    // Off the points, the tooltip goes.
    await host.page.mouse.move(target.x, target.y - 400);
    await host.page.waitForFunction(() => !document.querySelector('#vg-tooltip-element.visible'));

    let from = host.posted.length;
    await host.page.mouse.click(target.x, target.y);
    // Same date and filters: only the dependence plot is asked again.
    const request = await host.waitFor(isRequest('dependence'), { from });
    assert.deepEqual(request.query, { kind: 'dependence', date: latest, filters: defaultViewState().filters, feature: d.feature, colorBy: null });
    await host.rendered('features', from);

    from = host.posted.length;
    const again = (await points()).find((p) => p.datum.feature === d.feature && p.datum.stock === d.stock)!;
    await host.page.keyboard.down('Control');
    await host.page.mouse.click(again.x, again.y);
    await host.page.keyboard.up('Control');
    assert.deepEqual(await host.waitFor((m) => m.type === 'openFeature', { from }), { type: 'openFeature', feature: d.feature });
  });

  it('exports hold the points: the SVG as one path per colour with a circle per point, the PNG painted at each point', async () => {
    await open();
    const placed = await points();
    let from = host.posted.length;
    await host.page.locator(`${CHART} .chart-export-button`, { hasText: 'SVG' }).click();
    const svg = (await host.waitFor((m): m is ExportMessage => m.type === 'exportChart', { from })).data;
    const layer = svg.slice(svg.indexOf('<g class="point-layer"'));
    assert.ok(layer.length > 0, 'the SVG has the point layer');
    assert.equal((layer.match(/M/g) ?? []).length, placed.length);
    assert.ok(svg.includes('Contribution (bp of score)'), 'and the chart\'s axes');

    from = host.posted.length;
    await host.page.locator(`${CHART} .chart-export-button`, { hasText: 'PNG' }).click();
    const png = (await host.waitFor((m): m is ExportMessage => m.type === 'exportChart', { from })).data;
    assert.match(png, /^data:image\/png;base64,/);
    writeFileSync(join(RESULTS, 'beeswarm-export.png'), Buffer.from(png.slice(png.indexOf(',') + 1), 'base64'));
    // Decoded in the page: at an isolated point's place in the view's image (twice the size), the point's colour, not the background.
    const target = placed.filter((p) => p.clearance > 6).sort((a, b) => b.clearance - a.clearance)[0];
    const check = await host.page.locator(CHART).evaluate(async (container, { url, index }) => {
      // Where the point is now (the export's click may have scrolled the page).
      const at = (container as unknown as { pointLayer: { clientPosition(i: number): { x: number; y: number } } }).pointLayer.clientPosition(index);
      const rendered = container.querySelector('svg')!.getBoundingClientRect();
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const pixel = (px: number, py: number) => [...ctx.getImageData(Math.floor(px * 2), Math.floor(py * 2), 1, 1).data];
      // The point's place in the view's image: its offset from the rendered SVG's corner.
      return { point: pixel(at.x - rendered.left, at.y - rendered.top), background: pixel(2, 2), size: [image.width, image.height], view: [rendered.width, rendered.height] };
    }, { url: png, index: target.index });
    assert.deepEqual(check.size, check.view.map((v) => Math.round(v * 2)));
    assert.notDeepEqual(check.point, check.background, `the PNG shows the point ${target.datum.stock} (${check.point} vs background ${check.background})`);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: the points take the theme's feature-value colours (screenshot beeswarm-${theme}.png)`, async () => {
      await open(theme);
      const placed = await points();
      // The lowest and highest values of a row, where they stand clear of other points: the legend's two ends.
      const colours = await host.page.locator(CHART).evaluate((container, at: { x: number; y: number; rank: 'low' | 'high' }[]) => {
        const view = (container as unknown as { vegaView: { scale(name: string): (v: number) => string } }).vegaView;
        const canvas = container.querySelector('canvas.point-layer') as HTMLCanvasElement;
        const box = canvas.getBoundingClientRect();
        const ratio = canvas.width / box.width;
        const ctx = canvas.getContext('2d')!;
        const probe = document.createElement('canvas').getContext('2d')!;
        const rgb = (css: string) => {
          probe.fillStyle = css;
          const hex = String(probe.fillStyle);
          return [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
        };
        return {
          low: rgb(view.scale('color')(0)),
          high: rgb(view.scale('color')(1)),
          pixels: at.map((p) => ({ rank: p.rank, rgba: [...ctx.getImageData(Math.floor((p.x - box.left) * ratio), Math.floor((p.y - box.top) * ratio), 1, 1).data] })),
        };
      }, extremes(placed));
      assert.ok(colours.pixels.length >= 2, 'isolated extreme points');
      for (const p of colours.pixels) {
        const expected = p.rank === 'low' ? colours.low : colours.high;
        assert.ok(p.rgba.slice(0, 3).every((c, k) => Math.abs(c - expected[k]) <= 2), `${p.rank} point ${p.rgba} should be ${expected}`);
      }
      await host.page.locator(`${CHART}`).screenshot({ path: join(RESULTS, `beeswarm-${theme}.png`) });
      if (theme === 'dark') assert.notDeepEqual(colours.low, [0, 0, 0]);
    });
  }

  /** Isolated points holding their row's lowest or highest value. */
  function extremes(placed: PagePoint[]): { x: number; y: number; rank: 'low' | 'high' }[] {
    const out: { x: number; y: number; rank: 'low' | 'high' }[] = [];
    for (const feature of new Set(placed.map((p) => p.datum.feature))) {
      const row = placed.filter((p) => p.datum.feature === feature && p.datum.value !== null);
      if (row.length < 2) continue;
      const values = row.map((p) => p.datum.value as number);
      const [lo, hi] = [Math.min(...values), Math.max(...values)];
      for (const p of row) {
        const ties = values.filter((v) => v === p.datum.value).length;
        if (p.clearance > 6 && ties === 1 && (p.datum.value === lo || p.datum.value === hi)) out.push({ x: p.x, y: p.y, rank: p.datum.value === lo ? 'low' : 'high' });
      }
    }
    return out;
  }
});

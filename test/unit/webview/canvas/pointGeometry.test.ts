import assert from 'node:assert/strict';
import { COLOUR_LEVELS, HOLLOW_BUCKET, PointGrid, bucketValue, colourBucket, colourBuckets, pointPixels, pointsSvg } from '../../../../webview/canvas/pointGeometry';

/** A deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('webview/canvas/pointGeometry', () => {
  it('places a point at x(value) and at its offset within its row\'s band', () => {
    const pixels = pointPixels({ x: [0, 1, -1], row: [0, 1, 1], offset: [0, 0.5, -0.5], colour: [0, 1, NaN] }, { x: (v) => 100 + 10 * v, rowTop: [0, 28], bandwidth: 28 });
    assert.deepEqual([...pixels.px], [100, 110, 90]);
    assert.deepEqual([...pixels.py], [14, 28, 56]);
  });

  it('buckets colours with both ends exact, NaN hollow, each point once', () => {
    assert.equal(colourBucket(0), 0);
    assert.equal(colourBucket(1), COLOUR_LEVELS - 1);
    assert.equal(colourBucket(NaN), HOLLOW_BUCKET);
    assert.equal(bucketValue(colourBucket(1)), 1);
    assert.ok(Math.abs(bucketValue(colourBucket(0.3)) - 0.3) <= 0.5 / (COLOUR_LEVELS - 1));
    const colour = [0.5, NaN, 0, 1, 0.5, NaN];
    const { order, start } = colourBuckets(colour);
    assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4, 5]);
    const inBucket = (b: number) => [...order.slice(start[b], start[b + 1])];
    assert.deepEqual(inBucket(0), [2]);
    assert.deepEqual(inBucket(16), [0, 4]);
    assert.deepEqual(inBucket(COLOUR_LEVELS - 1), [3]);
    assert.deepEqual(inBucket(HOLLOW_BUCKET), [1, 5]);
  });

  it('the grid finds the nearest point within the radius, as a scan of every point does', () => {
    const random = seeded(3);
    const n = 5000;
    const px = Float32Array.from({ length: n }, () => random() * 600);
    const py = Float32Array.from({ length: n }, () => random() * 300);
    const grid = new PointGrid({ px, py }, 600, 300);
    for (let q = 0; q < 400; q++) {
      const x = random() * 620 - 10;
      const y = random() * 320 - 10;
      const radius = 1 + random() * 6;
      let best = -1;
      let bestDistance = radius * radius;
      for (let i = 0; i < n; i++) {
        const d = (px[i] - x) ** 2 + (py[i] - y) ** 2;
        if (d < bestDistance || (d === bestDistance && i > best)) {
          best = i;
          bestDistance = d;
        }
      }
      assert.equal(grid.nearest(x, y, radius), best, `query (${x}, ${y}) radius ${radius}`);
    }
  });

  it('writes the points as one SVG path per colour level at the plot\'s origin, colours escaped', () => {
    const pixels = { px: Float32Array.from([10, 20, 30]), py: Float32Array.from([5, 5, 5]) };
    const colours = Array.from({ length: COLOUR_LEVELS }, (_, b) => `rgb(${b}, 0, 0)`);
    const svg = pointsSvg(pixels, [0, 0, NaN], { radius: 2, opacity: 0.85, bucketColours: colours, hollowColor: '"#888"', hollowOpacity: 0.7, hollowStrokeWidth: 1 }, [40, 8]);
    assert.match(svg, /^<g class="point-layer" transform="translate\(40,8\)">/);
    const paths = [...svg.matchAll(/<path ([^>]*)d="([^"]*)"\/>/g)];
    assert.equal(paths.length, 2);
    assert.match(paths[0][1], /fill="rgb\(0, 0, 0\)" fill-opacity="0.85"/);
    assert.equal((paths[0][2].match(/M/g) ?? []).length, 2);
    assert.ok(paths[0][2].startsWith('M8,5a2,2 0 1,0 4,0'), paths[0][2]);
    assert.match(paths[1][1], /fill="none" stroke="&quot;#888&quot;"/);
  });
});

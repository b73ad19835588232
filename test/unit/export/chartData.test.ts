/** What the webview sends for a chart export, checked before anything is written; and the message's guard. */
import { strict as assert } from 'node:assert';
import { chartBytes } from '../../../src/export/chartData';
import { isFromWebview } from '../../../src/editor/messageGuard';

// A 1x1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('exported chart data', () => {
  it('writes SVG text as UTF-8, with or without an XML declaration', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Société</text></svg>';
    assert.equal(new TextDecoder().decode(chartBytes('svg', svg)), svg);
    assert.ok(chartBytes('svg', `<?xml version="1.0"?>\n${svg}`).length > svg.length);
  });

  it('decodes a PNG data URL to the image bytes', () => {
    const bytes = chartBytes('png', `data:image/png;base64,${PNG}`);
    assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal(bytes.length, Buffer.from(PNG, 'base64').length);
  });

  it('refuses anything else', () => {
    assert.throws(() => chartBytes('svg', '<html><script>alert(1)</script></html>'), /SVG/);
    assert.throws(() => chartBytes('svg', ''), /SVG/);
    assert.throws(() => chartBytes('png', 'data:image/svg+xml;base64,PHN2Zz4='), /PNG/);
    assert.throws(() => chartBytes('png', `data:image/png;base64,${Buffer.from('not a png at all').toString('base64')}`), /PNG/);
    assert.throws(() => chartBytes('png', 'https://example.com/chart.png'), /PNG/);
  });

  it('lets only well-formed exportChart messages through the guard', () => {
    assert.ok(isFromWebview({ type: 'exportChart', name: 'sector-weights', format: 'svg', data: '<svg></svg>' }));
    assert.ok(isFromWebview({ type: 'exportChart', name: 'sector-weights', format: 'png', data: `data:image/png;base64,${PNG}` }));
    for (const bad of [
      { type: 'exportChart', name: '', format: 'svg', data: '<svg/>' },
      { type: 'exportChart', name: 'x', format: 'pdf', data: '<svg/>' },
      { type: 'exportChart', name: 'x', format: 'svg', data: '' },
      { type: 'exportChart', name: 'x', format: 'svg' },
      { type: 'exportChart', name: 'x'.repeat(201), format: 'svg', data: '<svg/>' },
    ]) {
      assert.ok(!isFromWebview(bad), JSON.stringify(bad).slice(0, 80));
    }
  });
});

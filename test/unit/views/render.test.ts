import assert from 'node:assert/strict';
import {
  LIGHT_THEME,
  countSceneMarks,
  factorExposureChart,
  factorHistoryChart,
  headlessView,
  renderSvg,
  sceneMarkCountsByType,
} from '../../../src/views';
import { EXPOSURES, FACTOR_HISTORY } from './fixtures';

describe('views/render', () => {
  it('renders an SVG document at the width asked for', async () => {
    const svg = await renderSvg(factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'portfolio' }), { width: 500 });
    assert.match(svg, /^<svg [^>]*width="500"/);
  });

  it('runs without eval: the Function constructor is never called', async () => {
    const original = globalThis.Function;
    let calls = 0;
    globalThis.Function = new Proxy(original, {
      construct(target, args) {
        calls++;
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        calls++;
        return Reflect.apply(target, self, args);
      },
    });
    try {
      await renderSvg(factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'portfolio', selectedDate: '2024-02-29' }));
    } finally {
      globalThis.Function = original;
    }
    assert.equal(calls, 0);
  });

  it('counts data marks on a view: bars, not labels, rules or hover points', async () => {
    const bars = await headlessView(factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'portfolio' }));
    assert.deepEqual(sceneMarkCountsByType(bars), { rect: 4, text: 4, rule: 1 });
    assert.equal(countSceneMarks(bars), 4);
    bars.finalize();
    const lines = await headlessView(factorHistoryChart(FACTOR_HISTORY, LIGHT_THEME, { measure: 'portfolio' }));
    assert.equal(countSceneMarks(lines), 3);
    lines.finalize();
  });
});

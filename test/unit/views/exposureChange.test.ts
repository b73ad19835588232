import assert from 'node:assert/strict';
import { DARK_THEME, FROM_SIGNALS_LABEL, FROM_WEIGHTS_LABEL, LIGHT_THEME, chartMeta, exposureChangeChart, renderSvg } from '../../../src/views';
import { termSegments } from '../../../src/views/termBars';
import { bp, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { EXPOSURE_CHANGES, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

describe('views/exposureChange', () => {
  it('stacks the two terms away from zero by sign, so the bars of a factor end at its change', () => {
    const terms = [{ key: 'fromWeights', label: 'w', color: '' }, { key: 'fromSignals', label: 's', color: '' }];
    const segments = termSegments(EXPOSURE_CHANGES.map((r) => ({ ...r, total: r.change })), terms);
    assert.deepEqual(segments.map((s) => [s.factor, s.term, s.x0, s.x1]), [
      ['value', 'w', 0, 0.00075],
      ['value', 's', 0, -0.00025],
      ['momentum', 'w', 0, -0.000375],
      ['momentum', 's', -0.000375, -0.0005],
      [XSS, 'w', 0, 0.0005],
      [XSS, 's', 0.0005, 0.001],
    ]);
  });

  it('draws a bar per term and a tick and label at each total, in the theme\'s first two colours', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(exposureChangeChart(EXPOSURE_CHANGES, theme));
      assert.equal(countSvgItems(svg, 'rect'), 9, '6 segments + 3 ticks');
      const fills = svgFills(svg, 'rect');
      assert.equal(fills.filter((f) => f === theme.categorical[0]).length, 3);
      assert.equal(fills.filter((f) => f === theme.categorical[1]).length, 3);
      assert.equal(fills.filter((f) => f === theme.foreground).length, 3, 'total ticks');
      assert.equal(svgBackground(svg), theme.background);
      const texts = svgTexts(svg);
      for (const label of ['value', 'momentum', bp(0.0005), bp(-0.0005), bp(0.001), FROM_WEIGHTS_LABEL, FROM_SIGNALS_LABEL, 'Factor exposure change']) {
        assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
      }
    }
  });

  it('hands clicks the factor, with formatted tooltips', async () => {
    const spec = exposureChangeChart(EXPOSURE_CHANGES, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'exposure-change');
    const clicks = await clickableData(spec);
    assert.equal(clicks.length, 9);
    assert.ok(clicks.every((d) => typeof d.factor === 'string'));
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Factor === 'momentum' && t.Term === FROM_SIGNALS_LABEL), {
      Factor: 'momentum', Term: FROM_SIGNALS_LABEL, Amount: bp(-0.000125), 'Exposure change (bp of score)': bp(-0.0005), 'Exposure before': bp(0.002, false), 'Exposure after': bp(0.0015, false),
    });
  });

  it('titles and formats its axis when nothing changed (no bar drawn), never with internal field names', async () => {
    const unchanged = EXPOSURE_CHANGES.map((r) => ({ ...r, before: r.after, change: 0, fromWeights: 0, fromSignals: 0 }));
    const texts = svgTexts(await renderSvg(exposureChangeChart(unchanged, LIGHT_THEME)));
    assert.ok(texts.includes('Exposure change (bp of score)'), `axis title in ${JSON.stringify(texts)}`);
    for (const text of texts) {
      assert.ok(!/labelAt|^(total|zero|x0)$|, (zero|total)/.test(text), `internal field name in "${text}"`);
      assert.ok(!/0\.0{4,}/.test(text), `unformatted tick "${text}"`);
    }
  });

  it('leaves out rows that are not numbers, with a warning', () => {
    const spec = exposureChangeChart([...EXPOSURE_CHANGES, { ...EXPOSURE_CHANGES[0], factor: 'bad', fromSignals: Number.NaN }], LIGHT_THEME);
    assert.equal(chartMeta(spec)?.warnings?.length, 1);
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = exposureChangeChart(EXPOSURE_CHANGES, DARK_THEME);
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'momentum']);
  });
});

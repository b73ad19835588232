import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, countMarks, factorExposureChart, renderSvg } from '../../../src/views';
import { bp,
  EXPOSURES,

  XSS,
  assertEscaped,
  assertNoDataInExpressions,
  countSvgItems,
  svgBackground,
  svgFills,
  svgTexts,
} from './fixtures';

describe('views/factorExposure', () => {
  it('draws one bar per factor, coloured by sign, with a zero rule', async () => {
    const svg = await renderSvg(factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'portfolio' }));
    assert.equal(countSvgItems(svg, 'rect'), 4);
    assert.equal(countSvgItems(svg, 'rule'), 1);
    // value, quality positive; momentum and the last factor negative.
    const fills = svgFills(svg, 'rect');
    assert.equal(fills.filter((f) => f === LIGHT_THEME.positive).length, 2);
    assert.equal(fills.filter((f) => f === LIGHT_THEME.negative).length, 2);
  });

  it('labels factors and values in the signed contribution format', async () => {
    const texts = svgTexts(await renderSvg(factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'portfolio' })));
    for (const label of ['value', 'quality', 'momentum', bp(0.0312), bp(0.0187), bp(-0.0145), bp(-0.0071)]) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('draws the active measure when asked', async () => {
    const texts = svgTexts(await renderSvg(factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'active' })));
    assert.ok(texts.includes(bp(0.0121)));
    assert.ok(texts.includes(bp(-0.0208)));
    assert.ok(texts.includes('Active attribution (bp of score)'));
  });

  it('escapes names from data and keeps them out of expressions', async () => {
    const spec = factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'portfolio' });
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'momentum']);
  });

  it('keeps the factor in each bar datum for clicks', () => {
    const spec = factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'portfolio' }) as { layer: { data: { values: { factor: string }[] } }[] };
    assert.deepEqual(spec.layer[0].data.values.map((d) => d.factor), EXPOSURES.map((e) => e.factor));
  });

  it('follows the theme', async () => {
    const dark = await renderSvg(factorExposureChart(EXPOSURES, DARK_THEME, { measure: 'portfolio' }));
    const light = await renderSvg(factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'portfolio' }));
    assert.equal(svgBackground(dark), DARK_THEME.background);
    assert.equal(svgBackground(light), LIGHT_THEME.background);
    assert.ok(dark.includes(`fill="${DARK_THEME.foreground}"`));
    assert.ok(svgFills(dark, 'rect').includes(DARK_THEME.positive));
    assert.ok(!svgFills(dark, 'rect').includes(LIGHT_THEME.positive));
  });

  it('names the chart and warns, rather than fails, without a benchmark', async () => {
    const rows = EXPOSURES.map((e) => ({ ...e, active: null, benchmark: null }));
    const spec = factorExposureChart(rows, LIGHT_THEME, { measure: 'active' });
    assert.equal(chartMeta(spec)?.name, 'factor-exposure');
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /No benchmark/);
    assert.deepEqual(await countMarks(spec), { rule: 1 });
  });

  it('ignores an unknown measure with a warning', () => {
    const spec = factorExposureChart(EXPOSURES, LIGHT_THEME, { measure: 'bogus' as 'active' });
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /Unknown measure/);
  });
});

import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg, waterfallChart, type WaterfallDatum } from '../../../src/views';
import { bp,

  XSS,
  assertEscaped,
  assertNoDataInExpressions,
  countSvgItems,
  stockDetail,
  svgBackground,
  svgFills,
  svgTexts,
} from './fixtures';

function data(spec: unknown): WaterfallDatum[] {
  return (spec as { data: { values: WaterfallDatum[] } }).data.values;
}

describe('views/waterfall', () => {
  it('draws base, features, other, residual and score bars', async () => {
    const spec = waterfallChart(stockDetail(0.8515625), LIGHT_THEME, { maxBars: 4 });
    const svg = await renderSvg(spec);
    // base + 3 features + other + unexplained + score
    assert.equal(countSvgItems(svg, 'rect'), 7);
    const texts = svgTexts(svg);
    for (const label of ['base value', 'ep_fy1', 'mom_12_1', 'roe', 'other 4 features', 'unexplained', 'score', bp(0.25), bp(-0.125), bp(0.0390625), bp(0.5, false), bp(0.8515625, false)]) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('colours features by sign and totals in the muted colour', async () => {
    const fills = svgFills(await renderSvg(waterfallChart(stockDetail(), DARK_THEME, {})), 'rect');
    // 7 features: 5 up, 2 down; base and score.
    assert.equal(fills.filter((f) => f === DARK_THEME.positive).length, 5);
    assert.equal(fills.filter((f) => f === DARK_THEME.negative).length, 2);
    assert.equal(fills.filter((f) => f === DARK_THEME.mutedForeground).length, 2);
  });

  it('keeps feature and factor in the feature bars and the raw value when known', () => {
    const values = data(waterfallChart(stockDetail(), LIGHT_THEME, { maxBars: 3 }));
    const features = values.filter((d) => d.kind === 'feature');
    assert.deepEqual(features.map((d) => [d.feature, d.factor, d.featureValue]), [
      ['ep_fy1', 'value', 0.081],
      ['mom_12_1', 'momentum', -0.2],
    ]);
    assert.deepEqual(values.map((d) => d.order), values.map((_, i) => i));
  });

  it('escapes names, keeps them out of expressions, and follows the theme', async () => {
    const detail = { ...stockDetail(), name: XSS };
    const spec = waterfallChart(detail, DARK_THEME, {});
    const svg = await renderSvg(spec);
    assertEscaped(svg);
    assertNoDataInExpressions(spec, [XSS, 'ep_fy1', 'ACME']);
    assert.equal(svgBackground(svg), DARK_THEME.background);
    assert.equal(chartMeta(spec)?.name, 'stock-waterfall');
  });

  it('ends at base + sum without a score and warns about bad options', () => {
    const spec = waterfallChart(stockDetail(null), LIGHT_THEME, { maxBars: -2, tolerance: Number.NaN });
    assert.equal(data(spec).at(-1)?.end, 0.7265625);
    assert.equal(chartMeta(spec)?.warnings?.length, 2);
  });
});

import assert from 'node:assert/strict';
import type { FactorImportance, FeatureImportance } from '../../../src/model/features/types';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg } from '../../../src/views';
import { FACTOR_IMPORTANCE_CHART, FEATURE_IMPORTANCE_CHART, factorImportanceChart, featureImportanceChart, type ImportanceDatum } from '../../../src/views/featureImportance';
import { bp, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';

/** Not in importance order: the chart sorts. */
const FEATURES: FeatureImportance[] = [
  { feature: 'bp', factor: 'value', meanAbs: 0.0021, meanSigned: 0.0002, weightedMeanAbs: 0.0025, stocks: 1900 },
  { feature: 'mom_12_1', factor: 'momentum', meanAbs: 0.0042, meanSigned: -0.0001, weightedMeanAbs: 0.005, stocks: 1900 },
  { feature: XSS, factor: 'quality', meanAbs: 0.0011, meanSigned: 0, weightedMeanAbs: 0.0009, stocks: 1900 },
  { feature: 'ep_fy1', factor: 'value', meanAbs: 0.0033, meanSigned: 0.0004, weightedMeanAbs: 0.0031, stocks: 1900 },
];
const FACTORS: FactorImportance[] = [
  { factor: 'value', meanAbs: 0.0054, meanSigned: 0.0006, weightedMeanAbs: 0.0056, meanAbsNet: 0.004, features: 2 },
  { factor: 'momentum', meanAbs: 0.0042, meanSigned: -0.0001, weightedMeanAbs: 0.005, meanAbsNet: 0.0042, features: 1 },
  { factor: 'quality', meanAbs: 0.0011, meanSigned: 0, weightedMeanAbs: null, meanAbsNet: 0.0011, features: 1 },
];
const RUN_FACTORS = ['value', 'quality', 'momentum'];

type Spec = { data: { values: ImportanceDatum[] } };

describe('views/featureImportance', () => {
  it('draws one bar per feature, largest first, labelled with its value', async () => {
    const spec = featureImportanceChart(FEATURES, LIGHT_THEME, { factors: RUN_FACTORS });
    const values = (spec as unknown as Spec).data.values;
    assert.deepEqual(values.map((d) => d.feature), ['mom_12_1', 'ep_fy1', 'bp', XSS]);
    assert.deepEqual(values.map((d) => d.order), [0, 1, 2, 3]);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rect'), 4);
    const texts = svgTexts(svg);
    for (const label of ['mom_12_1', 'ep_fy1', 'bp', bp(0.0042, false), bp(0.0033, false), bp(0.0021, false), bp(0.0011, false), 'Mean |contribution| (bp of score)', 'Factor']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
    // Bars top to bottom: the y axis labels come in display order.
    const order = ['mom_12_1', 'ep_fy1', 'bp'].map((f) => texts.indexOf(f));
    assert.deepEqual([...order].sort((a, b) => a - b), order);
  });

  it('colours each bar by its factor, the run\'s factor order fixing the colour', async () => {
    const svg = await renderSvg(featureImportanceChart(FEATURES, LIGHT_THEME, { factors: RUN_FACTORS }));
    const [valueColour, qualityColour, momentumColour] = LIGHT_THEME.categorical;
    // Bars in data order: mom_12_1, ep_fy1, bp, XSS (quality).
    assert.deepEqual(svgFills(svg, 'rect'), [momentumColour, valueColour, valueColour, qualityColour]);
    // Filtered to momentum only, momentum keeps its colour.
    const momentumOnly = await renderSvg(featureImportanceChart(FEATURES.slice(1, 2), LIGHT_THEME, { factors: RUN_FACTORS }));
    assert.deepEqual(svgFills(momentumOnly, 'rect'), [momentumColour]);
    const dark = await renderSvg(featureImportanceChart(FEATURES, DARK_THEME, { factors: RUN_FACTORS }));
    assert.equal(svgBackground(dark), DARK_THEME.background);
    assert.equal(svgFills(dark, 'rect')[0], DARK_THEME.categorical[2]);
  });

  it('draws the weighted measure, at most maxBars, and keeps feature and factor for clicks', async () => {
    const spec = featureImportanceChart(FEATURES, LIGHT_THEME, { measure: 'weightedMeanAbs', maxBars: 2 });
    assert.deepEqual((spec as unknown as Spec).data.values.map((d) => [d.feature, d.value]), [['mom_12_1', 0.005], ['ep_fy1', 0.0031]]);
    const texts = svgTexts(await renderSvg(spec));
    assert.ok(texts.includes('Weighted mean |contribution| (bp of score)'));
    const clicks = await clickableData(spec);
    assert.deepEqual(clicks.map((d) => [d.feature, d.factor]), [['mom_12_1', 'momentum'], ['ep_fy1', 'value']]);
    assert.equal(chartMeta(spec)?.name, FEATURE_IMPORTANCE_CHART);
    assert.equal(chartMeta(spec)?.warnings, undefined);
  });

  it('warns about a bad option or a missing weighted importance and still draws', async () => {
    const spec = featureImportanceChart(FEATURES, LIGHT_THEME, { measure: 'nope' as never, maxBars: 0 });
    assert.equal(chartMeta(spec)?.warnings?.length, 2);
    assert.equal(countSvgItems(await renderSvg(spec), 'rect'), 4);
    const factors = factorImportanceChart(FACTORS, LIGHT_THEME, { measure: 'weightedMeanAbs' });
    assert.match(chartMeta(factors)?.warnings?.[0] ?? '', /1 factor/);
    assert.equal(countSvgItems(await renderSvg(factors), 'rect'), 2);
    const empty = featureImportanceChart([], LIGHT_THEME);
    assert.equal(countSvgItems(await renderSvg(empty), 'rect'), 0);
  });

  it('draws factors summed over their features', async () => {
    const spec = factorImportanceChart(FACTORS, LIGHT_THEME, { factors: RUN_FACTORS });
    assert.equal(chartMeta(spec)?.name, FACTOR_IMPORTANCE_CHART);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rect'), 3);
    assert.deepEqual(svgFills(svg, 'rect'), [LIGHT_THEME.categorical[0], LIGHT_THEME.categorical[2], LIGHT_THEME.categorical[1]]);
    const clicks = await clickableData(spec);
    assert.deepEqual(clicks.map((d) => d.factor), ['value', 'momentum', 'quality']);
    assert.ok(clicks.every((d) => d.feature === undefined));
  });

  it('escapes names from data and keeps them out of expressions', async () => {
    const spec = featureImportanceChart(FEATURES, LIGHT_THEME);
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'mom_12_1', 'momentum']);
  });
});

import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, icSummaryChart, renderSvg, type IcSummaryDatum } from '../../../src/views';
import { MINUS, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { IC, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const values = (spec: unknown) => (spec as { layer: { data: { values: IcSummaryDatum[] } }[] }).layer[0].data.values;

describe('views/icSummary', () => {
  it('draws a bar per signal with a mean, the score first, with ±1 standard error whiskers', async () => {
    const spec = icSummaryChart(IC, LIGHT_THEME);
    const data = values(spec);
    assert.deepEqual(data.map((d) => d.signal), ['score', 'value', XSS]);
    assert.equal(data[0].high, 0.045 + 0.039 / Math.sqrt(13));
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /1 signal/);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rect'), 3);
    // Three whiskers and the zero rule.
    assert.equal(countSvgItems(svg, 'rule'), 4);
    const texts = svgTexts(svg);
    for (const label of ['score', 'value', '+0.045', '+0.030', `${MINUS}0.004`, 'Mean rank IC', 'Mean rank IC by signal']) assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
  });

  it('draws the score in the accent and factors by sign, by theme', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(icSummaryChart(IC, theme));
      const fills = svgFills(svg, 'rect');
      assert.deepEqual([...fills].sort(), [theme.accent, theme.negative, theme.positive].sort());
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the signal, with stdev, IR and hit rate in the tooltip when known', async () => {
    const spec = icSummaryChart(IC, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'ic-summary');
    assert.deepEqual((await clickableData(spec)).map((d) => d.signal).sort(), ['score', 'value', XSS].sort());
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Signal === 'score'), {
      Signal: 'score', 'Mean rank IC': '+0.045', 'Mean IC (Pearson)': '+0.050', 'Rank IC stdev': '0.039', 'IR (mean / stdev)': '+1.15', 'Hit rate': '77%', Dates: '13',
    });
    assert.deepEqual(tips.find((t) => t.Signal === 'value'), { Signal: 'value', 'Mean rank IC': '+0.030', Dates: '14' });
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = icSummaryChart(IC, DARK_THEME);
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS]);
  });
});

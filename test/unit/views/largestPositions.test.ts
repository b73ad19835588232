import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, largestPositionsChart, renderSvg, type LargestPositionDatum } from '../../../src/views';
import { XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { LARGEST, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const values = (spec: unknown) => (spec as { layer: { data: { values: LargestPositionDatum[] } }[] }).layer[0].data.values;

describe('views/largestPositions', () => {
  it('draws one bar per position, largest first, labelled in percent, with the cap rule', async () => {
    const spec = largestPositionsChart([...LARGEST].reverse(), LIGHT_THEME, { limit: 0.02 });
    assert.deepEqual(values(spec).map((d) => d.stock), ['BIG', 'MID', XSS, 'LOW']);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rect'), 4);
    assert.equal(countSvgItems(svg, 'rule'), 1);
    const texts = svgTexts(svg);
    for (const label of ['BIG', 'MID', 'LOW', '2.50%', '1.80%', '0.90%', 'cap', 'Largest positions', 'Cap 2% · 1 above it']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('colours positions above the cap in the negative colour, the rest in the positive colour, by theme', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(largestPositionsChart(LARGEST, theme, { limit: 0.02 }));
      const fills = svgFills(svg, 'rect');
      assert.deepEqual(fills, [theme.negative, theme.positive, theme.positive, theme.positive]);
      assert.ok(svg.includes(`stroke="${theme.negative}"`), 'the cap rule');
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('draws no rule without a cap, and warns about a bad one', async () => {
    const spec = largestPositionsChart(LARGEST, LIGHT_THEME, { limit: -1 });
    assert.equal(chartMeta(spec)?.warnings?.length, 1);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rule'), 0);
    assert.ok(svgTexts(svg).includes('No single-name cap set'));
  });

  it('hands clicks the stock, with the name in the tooltip', async () => {
    const spec = largestPositionsChart(LARGEST, LIGHT_THEME, { limit: 0.02 });
    assert.equal(chartMeta(spec)?.name, 'largest-positions');
    assert.deepEqual((await clickableData(spec)).map((d) => d.stock).sort(), LARGEST.map((p) => p.stock).sort());
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips[0], { Stock: 'BIG', Name: 'Big Co', Weight: '2.50%', 'Against the cap': 'breach' });
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = largestPositionsChart(LARGEST, DARK_THEME, { limit: 0.02 });
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'BIG', 'Big Co']);
  });
});

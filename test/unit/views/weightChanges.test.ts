import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg, weightChangesChart, type WeightChangeDatum } from '../../../src/views';
import { MINUS, XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';
import { STOCK_CHANGES, assertTooltipsComplete, tooltipsOf } from './tabFixtures';

const values = (spec: unknown) => (spec as { layer: { data: { values: WeightChangeDatum[] } }[] }).layer[0].data.values;

describe('views/weightChanges', () => {
  it('draws the largest changes first, at most max', async () => {
    assert.deepEqual(values(weightChangesChart(STOCK_CHANGES, LIGHT_THEME)).map((d) => d.stock), ['LEFT', XSS, 'DOWN', 'UP']);
    const spec = weightChangesChart(STOCK_CHANGES, LIGHT_THEME, { max: 3 });
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rect'), 3);
    const texts = svgTexts(svg);
    for (const label of ['LEFT', 'DOWN', `${MINUS}1.40%`, '+1.25%', `${MINUS}0.60%`, 'entered', 'held', 'left', 'Top 3 of 4: 1 entered · 1 held · 1 left']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('tells entered, held and left apart by colour, by theme', async () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const svg = await renderSvg(weightChangesChart(STOCK_CHANGES, theme));
      const fills = svgFills(svg, 'rect');
      assert.equal(fills.filter((f) => f === theme.positive).length, 1, 'entered');
      assert.equal(fills.filter((f) => f === theme.negative).length, 1, 'left');
      assert.equal(fills.filter((f) => f === theme.mutedForeground).length, 2, 'held');
      assert.equal(svgBackground(svg), theme.background);
    }
  });

  it('hands clicks the stock, with ranks in the tooltip when known', async () => {
    const spec = weightChangesChart(STOCK_CHANGES, LIGHT_THEME);
    assert.equal(chartMeta(spec)?.name, 'weight-changes');
    assert.deepEqual((await clickableData(spec)).map((d) => d.stock).sort(), STOCK_CHANGES.map((c) => c.stock).sort());
    const tips = await tooltipsOf(spec);
    assertTooltipsComplete(tips);
    assert.deepEqual(tips.find((t) => t.Stock === 'UP'), {
      Stock: 'UP', Name: 'UP name', Sector: 'Energy', Status: 'held', 'Weight before': '0.40%', 'Weight after': '0.90%', Change: '+0.50%', 'Rank before': '100', 'Rank after': '80',
    });
    assert.ok(!('Rank before' in (tips.find((t) => t.Stock === 'DOWN') ?? {})));
  });

  it('warns about a bad max and draws nothing but the zero line without changes', async () => {
    assert.equal(chartMeta(weightChangesChart(STOCK_CHANGES, LIGHT_THEME, { max: 0 }))?.warnings?.length, 1);
    const svg = await renderSvg(weightChangesChart([], LIGHT_THEME));
    assert.equal(countSvgItems(svg, 'rule'), 1);
    assert.ok(svgTexts(svg).includes('No weight changed'));
  });

  it('escapes names and keeps them out of expressions', async () => {
    const spec = weightChangesChart(STOCK_CHANGES, DARK_THEME);
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'LEFT', 'UP name']);
  });
});

import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg, sectorWeightsChart, type GroupWeightDatum } from '../../../src/views';
import {
  MINUS,
  SECTORS,
  XSS,
  assertEscaped,
  assertNoDataInExpressions,
  countSvgItems,
  svgBackground,
  svgFills,
  svgTexts,
} from './fixtures';

function data(spec: unknown): GroupWeightDatum[] {
  return (spec as { layer: { data: { values: GroupWeightDatum[] } }[] }).layer[0].data.values;
}

describe('views/sectorWeights', () => {
  it('sorts groups by active weight, falling back to portfolio weight without a benchmark', () => {
    const values = data(sectorWeightsChart(SECTORS, LIGHT_THEME, { groupTitle: 'Sector' }));
    assert.deepEqual(
      values.map((d) => [d.group, d.value, d.measure]),
      [
        [XSS, 0.012, 'portfolio'],
        ['Industrials', 0.011, 'active'],
        ['Energy', -0.011, 'active'],
        ['Financials', -0.024, 'active'],
      ],
    );
    assert.deepEqual(values.map((d) => d.order), [0, 1, 2, 3]);
  });

  it('draws one bar per group coloured by sign, labelled in percent', async () => {
    const svg = await renderSvg(sectorWeightsChart(SECTORS, LIGHT_THEME, { groupTitle: 'Sector' }));
    assert.equal(countSvgItems(svg, 'rect'), 4);
    const fills = svgFills(svg, 'rect');
    assert.equal(fills.filter((f) => f === LIGHT_THEME.positive).length, 2);
    assert.equal(fills.filter((f) => f === LIGHT_THEME.negative).length, 2);
    const texts = svgTexts(svg);
    for (const label of ['Industrials', 'Financials', 'Energy', '+1.10%', `${MINUS}2.40%`, '+1.20%', 'Sector']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
  });

  it('escapes group names and keeps them out of expressions', async () => {
    const spec = sectorWeightsChart(SECTORS, DARK_THEME, { groupTitle: 'Sector' });
    assertEscaped(await renderSvg(spec));
    assertNoDataInExpressions(spec, [XSS, 'Industrials']);
  });

  it('follows the theme and names the chart after the group', async () => {
    const spec = sectorWeightsChart(SECTORS, DARK_THEME, { groupTitle: 'Country' });
    assert.equal(chartMeta(spec)?.name, 'country-weights');
    const svg = await renderSvg(spec);
    assert.equal(svgBackground(svg), DARK_THEME.background);
    assert.ok(svgFills(svg, 'rect').includes(DARK_THEME.negative));
  });

  it('shows portfolio weights when no group has a benchmark', async () => {
    const rows = SECTORS.map((s) => ({ ...s, benchmark: null, active: null }));
    const texts = svgTexts(await renderSvg(sectorWeightsChart(rows, LIGHT_THEME, { groupTitle: 'Sector' })));
    assert.ok(texts.includes('Portfolio weight'));
    assert.ok(texts.includes('18.20%'));
  });
});

import assert from 'node:assert/strict';
import { DARK_THEME, LIGHT_THEME, chartMeta, factorHeatmap, renderSvg, type FactorHeatmapDatum } from '../../../src/views';
import { bp,
  FACTOR_SECTOR_CELLS,
  MINUS,
  XSS,
  assertEscaped,
  assertNoDataInExpressions,
  clickableData,
  countSvgItems,
  svgBackground,
  svgFills,
  svgTexts,
} from './fixtures';
import { parseColor } from '../../../src/views/colors';

/** `#1a85ff` as Vega writes an interpolated colour: `rgb(26, 133, 255)`. */
function cssRgb(hex: string): string {
  return `rgb(${parseColor(hex)?.join(', ')})`;
}

type Spec = { data: { values: FactorHeatmapDatum[] }; layer: { encoding: { color: { scale?: Record<string, unknown> } } }[] };

describe('views/factorHeatmap', () => {
  it('draws one cell per factor and group with its value', async () => {
    const svg = await renderSvg(factorHeatmap(FACTOR_SECTOR_CELLS, LIGHT_THEME, { groupTitle: 'Sector', measure: 'portfolio' }));
    assert.equal(countSvgItems(svg, 'rect'), 6);
    assert.equal(countSvgItems(svg, 'text'), 6);
    const texts = svgTexts(svg);
    for (const label of ['value', 'momentum', 'Financials', 'Industrials', bp(0.008), bp(-0.004), '0.0', 'Sector']) {
      assert.ok(texts.includes(label), `text ${label} in ${JSON.stringify(texts)}`);
    }
    assert.ok(!texts.includes('+0.0') && !texts.includes(`${MINUS}0.0`), 'zero is written unsigned');
  });

  it('uses a diverging scale symmetric around zero, in the theme colours', async () => {
    const spec = factorHeatmap(FACTOR_SECTOR_CELLS, LIGHT_THEME, { groupTitle: 'Sector', measure: 'portfolio' }) as unknown as Spec;
    const scale = spec.layer[0].encoding.color.scale ?? {};
    assert.deepEqual(scale.domain, [-0.008, 0.008]);
    assert.equal(scale.domainMid, 0);
    assert.deepEqual(scale.range, [LIGHT_THEME.negative, LIGHT_THEME.background, LIGHT_THEME.positive]);
    // The largest positive cell is the positive colour; the zero cell is the background, not grey.
    const fills = svgFills(await renderSvg(spec as never), 'rect');
    assert.ok(fills.includes(cssRgb(LIGHT_THEME.positive)), JSON.stringify(fills));
    assert.ok(fills.includes(cssRgb(LIGHT_THEME.background)), JSON.stringify(fills));
    assert.ok(!fills.includes(cssRgb(LIGHT_THEME.gridColor)), 'no grey cell when no cell is missing');
  });

  it('writes cell labels in whichever theme colour reads on the cell', () => {
    const spec = factorHeatmap(FACTOR_SECTOR_CELLS, DARK_THEME, { groupTitle: 'Sector', measure: 'portfolio' }) as unknown as Spec;
    const tone = (group: string, factor: string) => spec.data.values.find((d) => d.group === group && d.factor === factor)?.labelTone;
    // Dark theme: light text on the dark zero cell, dark text on the bright +0.008 cell.
    assert.equal(tone(XSS, 'momentum'), 'foreground');
    assert.equal(tone('Financials', 'value'), 'background');
  });

  it('keeps group and factor in each cell datum and draws a null cell as missing, unlike zero', async () => {
    const spec = factorHeatmap(FACTOR_SECTOR_CELLS, LIGHT_THEME, { groupTitle: 'Sector', measure: 'active' });
    const values = (spec as unknown as Spec).data.values;
    assert.equal(values.length, 6);
    assert.equal(values.filter((d) => d.value === null).length, 1);
    assert.ok(values.every((d) => typeof d.group === 'string' && typeof d.factor === 'string'));
    assert.equal(chartMeta(spec)?.name, 'factor-sector-heatmap');
    assert.match(chartMeta(spec)?.warnings?.[0] ?? '', /1 cell.*missing/);
    const svg = await renderSvg(spec);
    assert.ok(svgTexts(svg).includes('–'), 'the missing cell prints a dash');
    assert.ok(svg.includes('stroke-dasharray="3,2"'), 'the missing cell is outlined dashed');
  });

  it('hands clicks the group and the factor', async () => {
    const data = await clickableData(factorHeatmap(FACTOR_SECTOR_CELLS, LIGHT_THEME, { groupTitle: 'Sector', measure: 'portfolio' }));
    assert.deepEqual(
      data.map((d) => [d.group, d.factor]).sort(),
      FACTOR_SECTOR_CELLS.map((c) => [c.group, c.factor]).sort(),
    );
  });

  it('escapes names, keeps them out of expressions, and follows the theme', async () => {
    const spec = factorHeatmap(FACTOR_SECTOR_CELLS, DARK_THEME, { groupTitle: 'Country', measure: 'portfolio' });
    const svg = await renderSvg(spec);
    assertEscaped(svg);
    assertNoDataInExpressions(spec, [XSS, 'Financials', 'momentum']);
    assert.equal(svgBackground(svg), DARK_THEME.background);
    assert.equal(chartMeta(spec)?.name, 'factor-country-heatmap');
  });
});

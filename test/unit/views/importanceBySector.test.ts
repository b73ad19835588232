import assert from 'node:assert/strict';
import type { SectorImportanceCell } from '../../../src/model/features/types';
import { DARK_THEME, LIGHT_THEME, chartMeta, renderSvg } from '../../../src/views';
import { parseColor } from '../../../src/views/colors';
import { IMPORTANCE_BY_SECTOR_CHART, importanceBySectorChart } from '../../../src/views/importanceBySector';
import { XSS, assertEscaped, assertNoDataInExpressions, clickableData, countSvgItems, svgBackground, svgFills, svgTexts } from './fixtures';

const cssRgb = (hex: string) => `rgb(${parseColor(hex)?.join(', ')})`;

/** Financials driven by value, Health Care by quality; an untrusted sector name. */
const CELLS: SectorImportanceCell[] = [
  { sector: 'Financials', factor: 'value', feature: null, meanAbs: 0.0012, share: 0.6, stocks: 300 },
  { sector: 'Financials', factor: 'quality', feature: null, meanAbs: 0.0008, share: 0.4, stocks: 300 },
  { sector: 'Health Care', factor: 'value', feature: null, meanAbs: 0.0004, share: 0.2, stocks: 250 },
  { sector: 'Health Care', factor: 'quality', feature: null, meanAbs: 0.0016, share: 0.8, stocks: 250 },
  { sector: XSS, factor: 'value', feature: null, meanAbs: 0, share: 0, stocks: 1 },
  { sector: XSS, factor: 'quality', feature: null, meanAbs: 0, share: 0, stocks: 1 },
];

describe('views/importanceBySector', () => {
  it('draws one cell per sector and factor, labelled in units of the largest cell\'s decade', async () => {
    const spec = importanceBySectorChart(CELLS, LIGHT_THEME);
    const svg = await renderSvg(spec);
    assert.equal(countSvgItems(svg, 'rect'), 6);
    assert.equal(countSvgItems(svg, 'text'), 6);
    const texts = svgTexts(svg);
    for (const label of ['Financials', 'Health Care', 'value', 'quality', '1.2', '0.8', '0.4', '1.6', '0', 'Mean |c| ×10⁻³', 'Sector', 'Factor']) {
      assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
    }
    assert.equal(chartMeta(spec)?.name, IMPORTANCE_BY_SECTOR_CHART);
  });

  it('uses a sequential scale from the theme\'s grid colour to its accent', async () => {
    const fills = svgFills(await renderSvg(importanceBySectorChart(CELLS, LIGHT_THEME)), 'rect');
    assert.equal(fills.filter((f) => f === cssRgb(LIGHT_THEME.gridColor)).length, 2, JSON.stringify(fills));
    assert.equal(fills.filter((f) => f === cssRgb(LIGHT_THEME.accent)).length, 1);
  });

  it('draws shares in percent and per-feature rows', async () => {
    const texts = svgTexts(await renderSvg(importanceBySectorChart(CELLS, LIGHT_THEME, { measure: 'share' })));
    for (const label of ['60%', '40%', '80%', 'Share of sector']) assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
    const byFeature = CELLS.slice(0, 4).map((c) => ({ ...c, feature: c.factor === 'value' ? 'ep_fy1' : 'roe' }));
    const spec = importanceBySectorChart(byFeature, LIGHT_THEME);
    const featureTexts = svgTexts(await renderSvg(spec));
    assert.ok(featureTexts.includes('ep_fy1') && featureTexts.includes('Feature'));
    const clicks = await clickableData(spec);
    assert.deepEqual(clicks.map((d) => [d.sector, d.factor, d.feature]).sort(), [
      ['Financials', 'quality', 'roe'], ['Financials', 'value', 'ep_fy1'], ['Health Care', 'quality', 'roe'], ['Health Care', 'value', 'ep_fy1'],
    ]);
  });

  it('warns about a bad measure and non-finite cells', () => {
    const spec = importanceBySectorChart([...CELLS, { ...CELLS[0], sector: 'Energy', meanAbs: NaN }], LIGHT_THEME, { measure: 'bad' as never });
    assert.equal(chartMeta(spec)?.warnings?.length, 2);
  });

  it('escapes names, keeps them out of expressions, follows the theme', async () => {
    const spec = importanceBySectorChart(CELLS, DARK_THEME);
    const svg = await renderSvg(spec);
    assertEscaped(svg);
    assertNoDataInExpressions(spec, [XSS, 'Financials', 'quality']);
    assert.equal(svgBackground(svg), DARK_THEME.background);
    assert.ok(svgFills(svg, 'rect').includes(cssRgb(DARK_THEME.accent)));
  });
});

/**
 * The shared categorical palette, measured: CIEDE2000 distances (Sharma, Wu and Dalal's
 * formulation) between its colours in normal vision and under simulated protanopia,
 * deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, severity 1), and its
 * contrast with every theme's background. The arithmetic is written out here, independent
 * of the module under test.
 */
import assert from 'node:assert/strict';
import { DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME, factorExposureChart, factorHistoryChart, featureImportanceChart } from '../../../src/views';
import { CATEGORICAL_PALETTE, categoryColor, categoryScale, categoryShape, factorColors } from '../../../src/views/palette';
import { weightVsScoreChart } from '../../../src/views/weightVsScore';

type Rgb = [number, number, number];
type Lab = [number, number, number];

const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
const toLinear = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (c: number) => {
  const v = Math.max(0, Math.min(1, c));
  return 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
};

/** sRGB to CIELAB (D65). */
function lab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(toLinear);
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIEDE2000 colour difference. */
function ciede2000([l1, a1, b1]: Lab, [l2, a2, b2]: Lab): number {
  const rad = Math.PI / 180;
  const c1 = Math.hypot(a1, b1);
  const c2 = Math.hypot(a2, b2);
  const cMean = (c1 + c2) / 2;
  const g = 0.5 * (1 - Math.sqrt(cMean ** 7 / (cMean ** 7 + 25 ** 7)));
  const a1p = (1 + g) * a1;
  const a2p = (1 + g) * a2;
  const c1p = Math.hypot(a1p, b1);
  const c2p = Math.hypot(a2p, b2);
  const hue = (b: number, a: number) => (a === 0 && b === 0 ? 0 : (Math.atan2(b, a) / rad + 360) % 360);
  const h1p = hue(b1, a1p);
  const h2p = hue(b2, a2p);
  let dh = 0;
  if (c1p * c2p !== 0) {
    dh = h2p - h1p;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dL = l2 - l1;
  const dC = c2p - c1p;
  const dH = 2 * Math.sqrt(c1p * c2p) * Math.sin((dh * rad) / 2);
  const lMean = (l1 + l2) / 2;
  const cpMean = (c1p + c2p) / 2;
  let hMean = h1p + h2p;
  if (c1p * c2p !== 0) {
    if (Math.abs(h1p - h2p) > 180) hMean += hMean < 360 ? 360 : -360;
    hMean /= 2;
  }
  const t = 1 - 0.17 * Math.cos((hMean - 30) * rad) + 0.24 * Math.cos(2 * hMean * rad) + 0.32 * Math.cos((3 * hMean + 6) * rad) - 0.2 * Math.cos((4 * hMean - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hMean - 275) / 25) ** 2));
  const rc = 2 * Math.sqrt(cpMean ** 7 / (cpMean ** 7 + 25 ** 7));
  const sl = 1 + (0.015 * (lMean - 50) ** 2) / Math.sqrt(20 + (lMean - 50) ** 2);
  const sc = 1 + 0.045 * cpMean;
  const sh = 1 + 0.015 * cpMean * t;
  const rt = -Math.sin(2 * dTheta * rad) * rc;
  return Math.sqrt((dL / sl) ** 2 + (dC / sc) ** 2 + (dH / sh) ** 2 + rt * (dC / sc) * (dH / sh));
}

/** Machado et al. 2009 simulation matrices (severity 1.0), applied in linear RGB. */
const DEFICIENCIES: Record<string, number[][]> = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};
function simulate(rgb: Rgb, m: number[][]): Rgb {
  const l = rgb.map(toLinear);
  return m.map((row) => fromLinear(row[0] * l[0] + row[1] * l[1] + row[2] * l[2])) as Rgb;
}

function closestPair(colours: readonly string[], vision: (rgb: Rgb) => Rgb = (c) => c): { distance: number; pair: string } {
  let best = { distance: Infinity, pair: '' };
  const labs = colours.map((c) => lab(vision(hex(c))));
  for (let i = 0; i < labs.length; i++) {
    for (let j = i + 1; j < labs.length; j++) {
      const d = ciede2000(labs[i], labs[j]);
      if (d < best.distance) best = { distance: d, pair: `${colours[i]} / ${colours[j]}` };
    }
  }
  return best;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map(toLinear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('views/palette', () => {
  it('checks its own CIEDE2000 against Sharma et al.\'s published test pairs', () => {
    // Pairs 1, 7 and 17 of the CIEDE2000 test data (Sharma, Wu, Dalal 2005, table 1).
    assert.equal(ciede2000([50, 2.6772, -79.7751], [50, 0, -82.7485]).toFixed(4), '2.0425');
    assert.equal(ciede2000([50, 0, 0], [50, -1, 2]).toFixed(4), '2.3669');
    assert.equal(ciede2000([50, 2.5, 0], [73, 25, -18]).toFixed(4), '27.1492');
  });

  it('has twenty distinct colours, at least 15 apart (CIEDE2000) in normal vision', () => {
    assert.equal(CATEGORICAL_PALETTE.length, 20);
    assert.equal(new Set(CATEGORICAL_PALETTE).size, 20);
    const { distance, pair } = closestPair(CATEGORICAL_PALETTE);
    assert.ok(distance >= 15, `closest pair ${pair}: ${distance.toFixed(1)}`);
  });

  it('keeps its first ten colours at least 8 apart under protanopia, deuteranopia and tritanopia', () => {
    for (const [name, matrix] of Object.entries(DEFICIENCIES)) {
      const { distance, pair } = closestPair(CATEGORICAL_PALETTE.slice(0, 10), (c) => simulate(c, matrix));
      assert.ok(distance >= 8, `${name}: closest pair ${pair}: ${distance.toFixed(1)}`);
    }
  });

  it('draws every colour at 2:1 contrast or more on the light, dark and high-contrast backgrounds', () => {
    for (const theme of [LIGHT_THEME, DARK_THEME, HIGH_CONTRAST_THEME]) {
      assert.deepEqual(theme.categorical, [...CATEGORICAL_PALETTE], `${theme.kind} uses the shared palette`);
      const bg = luminance(hex(theme.background));
      for (const colour of CATEGORICAL_PALETTE) {
        const l = luminance(hex(colour));
        const ratio = (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05);
        assert.ok(ratio >= 2, `${colour} on ${theme.background}: ${ratio.toFixed(2)}`);
      }
    }
  });

  it('gives quality and growth, the near-identical oranges of the editor palette, far-apart colours', () => {
    const colours = factorColors(['value', 'quality', 'momentum', 'sentiment', 'growth', 'low_risk', 'liquidity', 'alt_data']);
    const d = ciede2000(lab(hex(colours.get('quality') as string)), lab(hex(colours.get('growth') as string)));
    assert.ok(d >= 30, `quality ${colours.get('quality')} vs growth ${colours.get('growth')}: ${d.toFixed(1)}`);
  });

  it('colours a category by its place in the run, whatever the chart shows, and never wraps before twenty', () => {
    const run = ['value', 'quality', 'momentum', 'growth'];
    assert.deepEqual(categoryScale(run, ['growth', 'value']), { domain: ['growth', 'value'], range: [CATEGORICAL_PALETTE[3], CATEGORICAL_PALETTE[0]] });
    const many = Array.from({ length: 22 }, (_, i) => `s${i}`);
    const scale = categoryScale(many, many);
    assert.equal(new Set(scale.range.slice(0, 20)).size, 20);
    // Past twenty the colour repeats with another shape: no two categories share both.
    const pairs = many.map((_, i) => `${categoryColor(i)} ${categoryShape(i)}`);
    assert.equal(new Set(pairs).size, many.length);
  });

  it('gives a factor the same colour in the exposure history, the importance bars and the factor importance', () => {
    const factors = ['value', 'quality', 'momentum'];
    const scaleOf = (spec: unknown): Map<string, string> => {
      const found = new Map<string, string>();
      const walk = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const color = (node as { encoding?: { color?: { field?: string; scale?: { domain: string[]; range: string[] } } } }).encoding?.color;
        if (color?.field === 'factor' && color.scale) color.scale.domain.forEach((d, i) => found.set(d, color.scale!.range[i]));
        for (const child of Object.values(node)) if (child && typeof child === 'object') walk(child);
      };
      walk(spec);
      return found;
    };
    const history = scaleOf(factorHistoryChart(
      [{ date: '2024-01-31', factor: 'momentum', portfolio: 0.1, active: 0.1 }, { date: '2024-01-31', factor: 'quality', portfolio: 0.2, active: 0.1 }] as never,
      DARK_THEME,
      { measure: 'portfolio', factors },
    ));
    const importance = scaleOf(featureImportanceChart(
      [{ feature: 'roe', factor: 'quality', meanAbs: 0.1, meanSigned: 0, weightedMeanAbs: 0.1, stocks: 3 }, { feature: 'ep', factor: 'value', meanAbs: 0.2, meanSigned: 0, weightedMeanAbs: 0.1, stocks: 3 }] as never,
      LIGHT_THEME,
      { factors },
    ));
    assert.equal(history.get('quality'), CATEGORICAL_PALETTE[1]);
    assert.equal(importance.get('quality'), CATEGORICAL_PALETTE[1]);
    assert.equal(history.get('momentum'), CATEGORICAL_PALETTE[2]);
    assert.equal(importance.get('value'), CATEGORICAL_PALETTE[0]);
    assert.ok(factorExposureChart);
  });

  it('gives thirteen sectors in the weight-against-score scatter thirteen colours', () => {
    const sectors = ['Cash', 'Communication Services', 'Consumer Discretionary', 'Consumer Staples', 'Energy', 'Financials', 'Health Care', 'Industrials', 'Information Technology', 'Materials', 'Real Estate', 'Utilities', 'Unknown'];
    const points = sectors.map((sector, i) => ({ stock: `S${i}`, name: `S${i}`, sector, score: i / 100, weight: 0.01, activeWeight: 0.005, rank: i + 1 }));
    const spec = weightVsScoreChart(points as never, LIGHT_THEME, { sectors }) as unknown as { layer: { layer?: { encoding: { color: { scale: { domain: string[]; range: string[] } } } }[] }[] };
    const scale = spec.layer[1].layer![0].encoding.color.scale;
    assert.deepEqual(scale.domain.map((s) => scale.range[scale.domain.indexOf(s)]), sectors.map((_, i) => CATEGORICAL_PALETTE[sectors.indexOf(scale.domain[i])]));
    assert.equal(new Set(scale.range).size, 13);
  });
});

import { strict as assert } from 'node:assert';
import { suggestInteraction } from '../../../../src/model/features';
import { partialCorrelation } from '../../../../src/model/features/interaction';
import { contributionsOf, valuesOf } from '../../../../src/model/run/cells';
import { masks, plantedRun, handPanel } from './fixtures';

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) [sab, saa, sbb] = [sab + (a[i] - ma) * (b[i] - mb), saa + (a[i] - ma) ** 2, sbb + (b[i] - mb) ** 2];
  return sab / Math.sqrt(saa * sbb);
}

describe('features/suggestInteraction', () => {
  it('finds the planted partner of c_f = x_f + 0.5·x_f·x_g over distractors', () => {
    const { panel } = plantedRun();
    const result = suggestInteraction(panel, 0, 'f', masks(panel));
    assert.equal(result.suggested, 'g');
    assert.equal(result.bins, 10);
    assert.deepEqual(result.ranking.map((r) => r.feature).sort(), ['d_corr_f', 'd_corr_g', 'd_indep', 'g']);
    const strength = Object.fromEntries(result.ranking.map((r) => [r.feature, r.strength]));
    assert.ok(strength.g > 0.6, `g ${strength.g}`);
    // The half-g proxy is second; the copy of f and the independent one are noise.
    assert.equal(result.ranking[1].feature, 'd_corr_g');
    assert.ok(strength.d_corr_f < 0.3 && strength.d_indep < 0.3, JSON.stringify(strength));
    assert.equal(result.ranking[0].rows, 600);
  });

  it('finds it under a non-linear main effect, and over every date', () => {
    const { panel } = plantedRun({ dates: 3, stocks: 300, main: (x) => Math.tanh(2 * x) + x * x, b: 0.3, seed: 11 });
    assert.equal(suggestInteraction(panel, 2, 'f', masks(panel)).suggested, 'g');
    const all = suggestInteraction(panel, null, 'f', masks(panel), { maxRows: 500 });
    assert.equal(all.suggested, 'g');
    assert.ok(all.ranking[0].rows <= 500);
  });

  it('is not fooled by a global correlation that cancels: the residual is uncorrelated with x_g overall', () => {
    // With x_f symmetric around 0, corr(c - mean(c | bin), x_g) over all rows is near 0,
    // which is why the strength is taken per bin.
    const { panel } = plantedRun({ b: 0.5, main: () => 0 });
    const [f, g] = ['f', 'g'].map((name) => panel.features.findIndex((info) => info.name === name));
    const x = valuesOf(panel, f, null) as Float64Array;
    const xg = valuesOf(panel, g, null) as Float64Array;
    const c = contributionsOf(panel, f, null);
    const order = Array.from({ length: panel.rows }, (_, r) => r).sort((a, b) => x[a] - x[b]);
    const residual = new Float64Array(panel.rows);
    for (let d = 0; d < 10; d++) {
      const bin = order.slice((d * order.length) / 10, ((d + 1) * order.length) / 10);
      const mean = bin.reduce((s, r) => s + c[r], 0) / bin.length;
      for (const r of bin) residual[r] = c[r] - mean;
    }
    assert.ok(Math.abs(correlation(residual, xg)) < 0.1, `global corr ${correlation(residual, xg)}`);
    const result = suggestInteraction(panel, 0, 'f', masks(panel));
    assert.equal(result.suggested, 'g');
    assert.ok(result.ranking[0].strength > 0.9);
  });

  it('returns no suggestion without values or with too few rows, and ranks only the filtered factors', () => {
    const hand = handPanel({ values: false });
    assert.deepEqual(suggestInteraction(hand, 0, 'v1', masks(hand)), { feature: 'v1', suggested: null, bins: 0, ranking: [] });
    const { panel } = plantedRun({ stocks: 200 });
    const distractorsOnly = suggestInteraction(panel, 0, 'f', masks(panel, { factors: ['distractors'] }));
    assert.ok(distractorsOnly.ranking.every((r) => r.feature !== 'g'));
    assert.equal(distractorsOnly.suggested, 'd_corr_g');
  });

  it('computes partial correlations exactly on small cases', () => {
    const z = [1, 2, 3, 4, 5, 6];
    const b = [3, -1, 4, 1, -5, 9];
    // a = b + a line in z: perfectly correlated with b once z is removed.
    assert.ok(Math.abs((partialCorrelation(b.map((v, i) => v + 2 * z[i] - 1), b, z) ?? 0) - 1) < 1e-12);
    assert.ok(Math.abs((partialCorrelation(b.map((v, i) => -v + 0.5 * z[i]), b, z) ?? 0) + 1) < 1e-12);
    assert.equal(partialCorrelation(z.map((v) => 3 * v), b, z), 0, 'a line in z explains nothing beyond z');
    assert.equal(partialCorrelation(b, [2, 2, 2, 2, 2, 2], z), null, 'a constant carries no information');
    assert.equal(partialCorrelation(b, z.map((v) => 1 - v), z), null, 'nor does a line in z');
  });
});

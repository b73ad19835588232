// The small second sample: one date of a 12-feature model on the S&P SmallCap 600, in the
// LONG contributions format (one row per stock and feature), with feature names that carry
// their factor (`value__ep_fy1`) instead of a factor map, and fractional weights. It is
// what someone reading the data contract can open in a spreadsheet.
import { join } from 'node:path';
import { createRandom } from './random.mjs';
import { readHoldings, CASH_SECTOR } from './universe.mjs';
import { winsorisedZScore } from './features.mjs';
import { writeCsv, writeJson, sig6 } from './io.mjs';

/** name, factor, loading on the factor's latent, and the main effect g(x). */
const FEATURES = [
  ['value__ep_fy1', 0.75, (x) => 0.0011 * x],
  ['value__bp', 0.65, (x) => 0.0007 * x],
  ['quality__roe', 0.75, (x) => 0.0009 * x + 0.00035 * x * x],
  ['quality__accruals', -0.35, (x) => -0.0007 * x],
  ['momentum__mom_12_1', 0.85, (x) => 0.0024 * Math.tanh(x / 1.5)],
  ['momentum__mom_6_1', 0.8, (x) => 0.00135 * Math.tanh(x / 1.5)],
  ['sentiment__eps_revision_3m', 0.7, (x) => 0.0012 * x],
  ['sentiment__short_interest', -0.45, (x) => -0.0012 * Math.max(x, 0)],
  ['growth__sales_growth_yoy', 0.75, (x) => 0.0008 * Math.sign(x) * Math.log1p(Math.abs(x))],
  ['low_risk__vol_12m', 0.9, (x) => -0.0006 * x - 0.0004 * Math.max(x, 0) ** 2],
  ['low_risk__beta_36m', 0.6, (x) => -0.0004 * x],
  ['liquidity__amihud_illiq', -0.8, (x) => 0.0005 * Math.sign(x) * Math.log1p(Math.abs(x))],
];

/** Write samples/sp600-snapshot/. */
export function makeSnapshot({ benchmarksDir, outDir }) {
  const random = createRandom('glassbox/sp600-snapshot');
  const { equities, cash } = readHoldings(join(benchmarksDir, 'IJR.json'));
  const stocks = equities.sort((a, b) => (a.ticker < b.ticker ? -1 : 1));
  const n = stocks.length;

  // Correlated z-scores: one latent per factor, shared by the factor's features.
  const latent = new Map();
  const values = FEATURES.map(([name, load]) => {
    const factor = name.split('__')[0];
    if (!latent.has(factor)) latent.set(factor, Float64Array.from({ length: n }, () => random.normal()));
    const l = latent.get(factor);
    const a = Math.abs(load);
    return winsorisedZScore(Float64Array.from(l, (li) => Math.sign(load) * a * li + Math.sqrt(1 - a * a) * random.normal()));
  });
  // Exact Shapley values of an additive model plus one interaction (value x profitability),
  // split equally between its two features; no base value in the long format (score = sum).
  const contributions = FEATURES.map(([, , g], k) => {
    const gx = Float64Array.from(values[k], (x) => g(Math.max(-3, Math.min(3, x))));
    const mean = gx.reduce((s, v) => s + v, 0) / n;
    return gx.map((v) => v - mean);
  });
  {
    const ep = 0, roe = 2;
    const u = centred(Float64Array.from(values[ep]));
    const v = centred(Float64Array.from(values[roe], (x) => 1 / (1 + Math.exp(2.5 * (x + 0.3)))));
    const uv = u.map((ui, i) => 0.0016 * ui * v[i]);
    const mean = uv.reduce((s, x) => s + x, 0) / n;
    for (let i = 0; i < n; i++) {
      contributions[ep][i] += (uv[i] - mean) / 2;
      contributions[roe][i] += (uv[i] - mean) / 2;
    }
  }
  const score = Float64Array.from({ length: n }, (_, i) => contributions.reduce((s, c) => s + c[i], 0));

  const rows = [];
  stocks.forEach((s, i) => FEATURES.forEach(([name], k) => {
    rows.push([s.ticker, name, fixed(contributions[k][i], 7), fixed(values[k][i], 4)]);
  }));
  writeCsv(join(outDir, 'contributions.csv'), ['stock', 'feature', 'contribution', 'feature_value'], rows);

  // Benchmark: the index weights (issuer rounds to 0.01%), spread inside the rounding
  // interval and renormalised. Portfolio: the top ~120 scores tilted over the benchmark.
  const bench = stocks.map((s) => (s.weight === 0 ? 0.002 + random.uniform() * 0.003 : s.weight + (random.uniform() - 0.5) * 0.01));
  const bTotal = bench.reduce((a, v) => a + v, 0);
  for (let i = 0; i < n; i++) bench[i] /= bTotal;
  const order = [...score.keys()].sort((a, b) => score[b] - score[a]);
  const cashWeight = 0.012;
  const w = new Float64Array(n);
  order.slice(0, 120).forEach((i, rank) => { w[i] = bench[i] + 0.004 * (1 - rank / 150); });
  const wTotal = w.reduce((a, v) => a + v, 0);
  for (let i = 0; i < n; i++) w[i] = Math.min(0.02, (w[i] * (1 - cashWeight)) / wTotal);
  const wRows = stocks.map((s, i) => [s.ticker, sig6(w[i]), sig6(bench[i]), s.sector, s.country]);
  wRows.push([cash.ticker, sig6(cashWeight), '0', CASH_SECTOR, cash.country]);
  wRows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  writeCsv(join(outDir, 'weights.csv'), ['stock', 'weight', 'benchmark_weight', 'sector', 'country'], wRows);

  writeJson(join(outDir, 'snapshot.glassbox.json'), {
    name: 'S&P SmallCap 600 snapshot',
    contributions: 'contributions.csv',
    weights: 'weights.csv',
    constraints: { sector: { maxActive: 0.05 }, stock: { maxWeight: 0.02 } },
  });
  return { stocks: n, features: FEATURES.length, holdings: w.filter((x) => x > 0).length };
}

function centred(values) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.map((v) => v - mean);
}

/** Fixed decimals without a negative zero. */
function fixed(x, digits) {
  const s = x.toFixed(digits);
  return /^-0\.0+$/.test(s) ? s.slice(1) : s;
}

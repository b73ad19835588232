// Forward returns for the sample: a small-cap return model in which the v7 score has a
// modest, unstable edge, the way real signals do. Each stock's return from one month-end
// to the next is
//
//   r_i = beta_i m + s_sector + d_industry + g size_i + sum_k f_k F_k,i + alpha z_i
//         + sigma_i e_i + jump_i
//
// - m, the market (small caps: about 6% a month of volatility), beta_i = 1 + 0.3 x the
//   stock's beta_36m z-score;
// - g, the size factor's return on log_mcap: no premium, 1.2% a month of volatility;
// - s and d, returns per sector and per industry (about 60 names each inside a sector):
//   a book's industry bets are active risk the model did not choose;
// - F_k, the model's factor k (the sum of its features' contributions) standardised over
//   the date's stocks, and f_k the return of that style over the month: a premium (value,
//   quality, sentiment and alt_data earn one, low_risk a small one that its low beta
//   gives back; momentum, growth and liquidity nothing or less) plus persistent noise
//   (AR(1), with a junk-rally shock common to quality, low risk and sentiment, and a
//   value-momentum rotation), so that styles trend for months, and the model's IC with them;
// - alpha z_i: what the model knows beyond its styles (its non-linear terms and
//   interactions), z_i the standardised v7 score, alpha noisy around a small mean;
// - sigma_i e_i: stock-specific noise, larger for volatile names; and rare jumps
//   (takeovers up; failed trials, guidance cuts, dilutions down).
//
// One adverse regime is planted: a rally of low-quality, volatile, heavily shorted names
// over the four months from 2023-10-31, in the middle of the book's worst active drawdown.
// The means of the market, alpha and every style are exact over the run (their noise is
// centred); the random paths are seeded. What this gives (printed and checked by
// verify.mjs against TARGETS): a rank IC of about 0.033 a month, standard deviation 0.11;
// an information ratio of about 0.7 at a tracking error of about 3.8%.

/**
 * Monthly premium and volatility of each style, per standard deviation of its factor, and
 * its loadings on the two common shocks (junk rally, value-momentum rotation).
 */
export const STYLES = {
  value: { premium: 0.0032, vol: 0.00918, junk: 0.2, rotation: 0.7 },
  quality: { premium: 0.0030, vol: 0.006885, junk: -0.7, rotation: 0 },
  momentum: { premium: -0.0008, vol: 0.01071, junk: -0.2, rotation: -0.7 },
  sentiment: { premium: 0.0020, vol: 0.00612, junk: -0.6, rotation: 0 },
  growth: { premium: 0, vol: 0.006885, junk: 0.3, rotation: -0.3 },
  low_risk: { premium: 0.0016, vol: 0.00918, junk: -0.7, rotation: 0.2 },
  liquidity: { premium: -0.0012, vol: 0.005355, junk: 0, rotation: 0 },
  alt_data: { premium: 0.0018, vol: 0.00459, junk: 0, rotation: 0 },
};
/** Month-to-month autocorrelation of the style returns' noise. */
const STYLE_PERSISTENCE = 0.3;
/** The planted junk rally: its first month-end, length in months and size (in style sds). */
export const JUNK_RALLY = { from: '2023-10-31', months: 4, size: 2 };
/** The small-cap market's monthly mean and volatility. */
const MARKET = { mean: 0.006, sd: 0.06 };
/** Market beta per sd of beta_36m (betas from about 0.3 to 1.7). */
const BETA_SPREAD = 0.3;
/** Monthly volatility of the size factor's return (per sd of log market cap), which earns nothing on average. */
const SIZE_VOL = 0.012;
/** The model's edge beyond its styles: mean and monthly sd of alpha, per sd of score. */
const ALPHA = { mean: 0.0007, sd: 0.0025 };
/** Monthly volatility of an industry's own return (on top of its sector's). */
const INDUSTRY_VOL = 0.035;
/** Monthly probability of a jump up and of one down. */
const JUMP = { up: 0.006, down: 0.006 };

/**
 * Industries inside each sector (about 60 names each): small caps move by industry
 * (regional banks, biotech, oil services), which makes a book's industry bets a source of
 * active risk the model did not choose.
 * @param {string[]} sectorOf true sector of each stock
 * @returns {string[]} industry of each stock
 */
export function assignIndustries(sectorOf, random) {
  const count = new Map();
  for (const s of sectorOf) count.set(s, (count.get(s) ?? 0) + 1);
  return sectorOf.map((s) => `${s}/${random.integer(1, Math.max(1, Math.round(count.get(s) / 60)))}`);
}

/**
 * Style returns f_k for each forward period (t = 0 .. dates.length - 2), with the
 * market's return (`market`) and the model's edge (`alpha`).
 * @param {string[]} dates month-ends of the run
 * @param {ReturnType<import('./random.mjs').createRandom>} random
 * @returns {Record<string, Float64Array>}
 */
export function simulateStyleReturns(dates, random) {
  const periods = dates.length - 1;
  const names = Object.keys(STYLES);
  const noise = Object.fromEntries(names.map((k) => [k, new Float64Array(periods)]));
  const state = Object.fromEntries(names.map((k) => [k, 0]));
  for (let t = 0; t < periods; t++) {
    const junk = random.normal();
    const rotation = random.normal();
    for (const [k, s] of Object.entries(STYLES)) {
      const own = Math.sqrt(Math.max(0, 1 - s.junk ** 2 - s.rotation ** 2));
      const shock = s.junk * junk + s.rotation * rotation + own * random.normal();
      state[k] = STYLE_PERSISTENCE * state[k] + Math.sqrt(1 - STYLE_PERSISTENCE ** 2) * shock;
      noise[k][t] = state[k];
    }
  }
  // The noise is centred over the run, so each style (and the market, and alpha) earns
  // exactly its stated mean (the planted rally included): 59 months are too few for the
  // premia to show through otherwise, and the sample is meant to have the edge it says.
  const rallyStart = dates.indexOf(JUNK_RALLY.from);
  const alpha = centre(Float64Array.from({ length: periods }, () => random.normal()));
  const market = centre(Float64Array.from({ length: periods }, () => random.normal()));
  const size = centre(ar1(periods, random));
  const out = {
    alpha: alpha.map((a) => ALPHA.mean + ALPHA.sd * a),
    market: market.map((m) => MARKET.mean + MARKET.sd * m),
    size: size.map((x) => SIZE_VOL * x),
  };
  for (const [k, s] of Object.entries(STYLES)) {
    const path = noise[k].map((e, t) => e + (t >= rallyStart && t < rallyStart + JUNK_RALLY.months ? s.junk * JUNK_RALLY.size : 0));
    out[k] = centre(path).map((e) => s.premium + s.vol * e);
  }
  return out;
}

/** A unit-variance AR(1) path with the styles' persistence. */
function ar1(periods, random) {
  const x = new Float64Array(periods);
  for (let t = 0, state = 0; t < periods; t++) {
    state = STYLE_PERSISTENCE * state + Math.sqrt(1 - STYLE_PERSISTENCE ** 2) * random.normal();
    x[t] = state;
  }
  return x;
}

function centre(x) {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  for (let i = 0; i < x.length; i++) x[i] -= m;
  return x;
}

/**
 * Standardise each factor's summed contributions over the date's stocks.
 * @param {Record<string, string[]>} factorMap factor -> its features
 * @param {Record<string, Float32Array>} contributions feature -> contribution per alive stock
 * @returns {Record<string, Float64Array>} factor -> standardised score per alive stock
 */
export function factorScores(factorMap, contributions) {
  const out = {};
  for (const [factor, features] of Object.entries(factorMap)) {
    const m = contributions[features[0]].length;
    const x = new Float64Array(m);
    for (const f of features) for (let r = 0; r < m; r++) x[r] += contributions[f][r];
    out[factor] = standardise(x);
  }
  return out;
}

/** (x - mean) / sd, in place. */
export function standardise(x) {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (x.length - 1));
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - mean) / sd;
  return x;
}

/**
 * One forward period's returns, dense over the universe (0 for names not alive, which are
 * not written).
 * @param {object} a
 * @param {number[]} a.alive indexes of the stocks alive on the date
 * @param {string[]} a.sectorOf true sector of each stock
 * @param {string[]} a.industryOf industry of each stock (assignIndustries)
 * @param {Record<string, Float64Array>} a.styles standardised factor scores, per alive stock
 * @param {Record<string, number>} a.styleReturns f_k for this period, `market` and `alpha`
 * @param {Float64Array} a.z standardised v7 score, dense
 * @param {Float64Array} a.vol vol_12m, dense
 * @param {Float64Array} a.beta beta_36m, dense
 * @param {Float64Array} a.logCap log_mcap, dense
 * @param {number} a.n universe size
 * @param {ReturnType<import('./random.mjs').createRandom>} a.random
 */
export function periodReturns({ alive, sectorOf, industryOf, styles, styleReturns, z, vol, beta, logCap, n, random }) {
  const market = styleReturns.market;
  const sectors = [...new Set(sectorOf)].sort();
  const sectorMove = Object.fromEntries(sectors.map((s) => [s, 0.02 * random.normal()]));
  const industries = [...new Set(industryOf)].sort();
  const industryMove = Object.fromEntries(industries.map((s) => [s, INDUSTRY_VOL * random.normal()]));
  const r = new Float64Array(n);
  alive.forEach((i, j) => {
    let x = (1 + BETA_SPREAD * Math.max(-2.5, Math.min(2.5, beta[i]))) * market + sectorMove[sectorOf[i]] + styleReturns.size * logCap[i] + styleReturns.alpha * z[i];
    for (const k in styles) x += styleReturns[k] * styles[k][j];
    x += industryMove[industryOf[i]] + 0.085 * Math.exp(0.22 * vol[i]) * random.normal();
    // Jumps: takeovers (up) and failed trials, guidance cuts, dilutions (down).
    const u = random.uniform();
    if (u < JUMP.up) x += 0.2 + 0.4 * random.uniform();
    else if (u < JUMP.up + JUMP.down) x -= 0.25 + 0.35 * random.uniform();
    r[i] = Math.round(Math.max(-0.85, x) * 1e6) / 1e6;
  });
  return r;
}

// The sample's "ML model": a known non-linear function of the features with interaction
// effects, chosen so that its Shapley values can be computed EXACTLY (no sampling, no
// TreeSHAP approximation). That makes the sample a ground truth for the tool: the waterfall,
// dependence and interaction views must show exactly the shapes defined here.
//
// On date t, with the date's cross-section as the background distribution (interventional
// SHAP), the model is
//
//   f(x) = base_t + sum_k [g_k(x_k) - mean_t g_k]                      (main effects)
//                 + sum_(i,j) a_ij [u(x_i) v(x_j) - mean_t(u v)]       (pairwise interactions)
//
// where u and v are centred cross-sectionally (mean_t u = mean_t v = 0). Shapley values:
// - a main effect belongs wholly to its feature: phi_k = g_k(x_k) - mean_t g_k;
// - for a product of two centred functions, v({}) = a E[uv], v({i}) = a u_i E[v] = 0,
//   v({j}) = 0, v({i,j}) = a u_i v_j, so phi_i = phi_j = a (u_i v_j - E[uv]) / 2:
//   the interaction is split equally between its two features.
// Hence base_t + sum of contributions = f(x) exactly, and base_t is the mean prediction.
// Units: expected next-month excess return (0.005 = 50 bp).

const clip = (x) => Math.max(-3, Math.min(3, x));

/** Shapes of main effects; each returns g(x) for a z-scored feature value x. */
const shape = {
  linear: (b) => (x) => b * clip(x),
  /** Saturates beyond |x| ~ 1.5: extreme momentum adds little. */
  saturating: (b, s = 1.5) => (x) => b * s * Math.tanh(x / s),
  /** Convex: the best-quality names earn disproportionately more. */
  convex: (b, c) => (x) => b * clip(x) + c * clip(x) ** 2,
  /** Concave, sign-symmetric: diminishing returns to extreme growth. */
  concave: (b) => (x) => b * Math.sign(x) * Math.log1p(Math.abs(clip(x))),
  /** Linear plus an extra penalty on the high tail (lottery-like volatility). */
  tailPenalty: (b, c) => (x) => b * clip(x) - c * Math.max(clip(x), 0) ** 2,
  /** Only matters above a threshold (crowded shorts, controversies). */
  hinge: (b, k) => (x) => b * Math.max(clip(x) - k, 0),
};

/** Probability-like "unprofitable" indicator from the roe z-score (about 40% of names). */
const unprofitable = (roe) => 1 / (1 + Math.exp(2.5 * (roe + 0.3)));

/**
 * The production model (v7) or the previous version (v6: no alt_data, momentum linear,
 * weaker value x profitability interaction, quality linear, other coefficients moved).
 * @param {'v7' | 'v6'} version
 */
export function defineModel(version) {
  const v7 = version === 'v7';
  const main = {
    // value
    ep_fy1: shape.linear(0.0011), bp: shape.linear(v7 ? 0.0007 : 0.0009), sp: shape.linear(0.0005),
    cfp: shape.linear(0.0009), ev_ebitda: shape.linear(-0.0006), div_yield: shape.linear(v7 ? 0.0003 : 0.0005),
    // quality
    roe: v7 ? shape.convex(0.0009, 0.00035) : shape.linear(0.0010), roa: shape.linear(0.0006),
    gross_margin: v7 ? shape.convex(0.0006, 0.0002) : shape.linear(0.0006), accruals: shape.linear(-0.0007),
    debt_to_equity: shape.linear(-0.0004), earnings_stability: shape.linear(0.0004),
    // momentum
    mom_12_1: v7 ? shape.saturating(0.0016) : shape.linear(0.0013), mom_6_1: v7 ? shape.saturating(0.0009) : shape.linear(0.0008),
    mom_3_1: shape.saturating(0.0004), reversal_1m: shape.linear(-0.0008),
    high_52w_ratio: shape.saturating(0.0006), industry_mom: shape.linear(0.0005),
    // sentiment
    eps_revision_3m: shape.linear(v7 ? 0.0012 : 0.0010), analyst_rating_chg: shape.linear(0.0005),
    short_interest: shape.hinge(-0.0012, 0), target_price_upside: shape.linear(0.0003),
    earnings_surprise: shape.saturating(0.0006), news_sentiment: shape.linear(v7 ? 0.0004 : 0.0002),
    // growth
    sales_growth_yoy: shape.concave(0.0008), eps_growth_fy1: shape.concave(0.0006), capex_growth: shape.linear(-0.0004),
    asset_growth: shape.linear(-0.0006), rd_intensity: shape.linear(0.0003), margin_expansion: shape.linear(0.0005),
    // low_risk (features measure risk, so the coefficients are negative)
    vol_12m: shape.tailPenalty(-0.0006, 0.0004), beta_36m: shape.linear(-0.0004), idio_vol: shape.tailPenalty(-0.0007, 0.0003),
    max_daily_ret: shape.linear(-0.0006), downside_beta: shape.linear(-0.0003), earnings_vol: shape.linear(-0.0003),
    // liquidity (an illiquidity premium, and the small-size effect)
    amihud_illiq: shape.concave(0.0005), turnover_ratio: shape.linear(-0.0003), bid_ask_spread: shape.linear(0.0002),
    dollar_volume: shape.linear(-0.0002), log_mcap: shape.linear(-0.0005), volume_trend: shape.linear(0.0002),
  };
  if (v7) {
    Object.assign(main, {
      web_traffic_growth: shape.saturating(0.0007), app_downloads: shape.linear(0.0004), job_postings_growth: shape.linear(0.0005),
      card_spend_yoy: shape.saturating(0.0008), patent_count: shape.linear(0.0002), esg_controversy: shape.hinge(-0.0006, 0.5),
    });
  }
  const id = (x) => clip(x);
  const tanh = (x) => Math.tanh(x);
  const pairs = [
    // Value matters more for unprofitable names (earnings yield is noisy when earnings are thin).
    { i: 'ep_fy1', j: 'roe', u: id, v: unprofitable, a: v7 ? 0.0016 : 0.0006 },
    { i: 'bp', j: 'roe', u: id, v: unprofitable, a: v7 ? 0.0010 : 0.0004 },
    { i: 'cfp', j: 'roe', u: id, v: unprofitable, a: v7 ? 0.0012 : 0.0005 },
    { i: 'sp', j: 'roe', u: id, v: unprofitable, a: v7 ? 0.0008 : 0.0 },
    { i: 'ev_ebitda', j: 'roe', u: id, v: unprofitable, a: v7 ? -0.0008 : 0.0 },
    // Momentum works when analysts agree (revisions in the same direction).
    { i: 'eps_revision_3m', j: 'mom_12_1', u: id, v: tanh, a: v7 ? 0.0008 : 0.0005 },
    // Momentum crashes in high-volatility names.
    { i: 'mom_12_1', j: 'vol_12m', u: tanh, v: id, a: -0.0004 },
    // Value in illiquid names.
    { i: 'bp', j: 'amihud_illiq', u: id, v: id, a: 0.0003 },
  ];
  if (v7) pairs.push({ i: 'web_traffic_growth', j: 'sales_growth_yoy', u: tanh, v: id, a: 0.0003 });
  const features = Object.keys(main);
  // Model retrained every January: a new expected value each year.
  const baseByYear = v7
    ? { 2021: 0.0046, 2022: 0.0052, 2023: 0.0049, 2024: 0.0055, 2025: 0.0051 }
    : { 2021: 0.0048, 2022: 0.0050, 2023: 0.0047, 2024: 0.0053, 2025: 0.0052 };
  return { version, features, main, pairs: pairs.filter((p) => p.a !== 0), baseByYear };
}

/** Overall scale of the model (tunes the cross-sectional sd of the score to ~60 bp). */
const SCALE = 1.0;

/**
 * Exact Shapley values of the model on one date.
 * @param {ReturnType<typeof defineModel>} model
 * @param {Record<string, Float64Array>} x feature -> values over the date's stocks
 * @param {string} date ISO date
 * @returns {{base: number, contributions: Record<string, Float32Array>, score: Float64Array}}
 *   contributions rounded to 1e-6 and stored as float32; score = base + sum of the float32
 *   contributions, in float64, so that the stored columns satisfy the identity exactly
 */
export function explain(model, x, date) {
  const m = x[model.features[0]].length;
  const phi = Object.fromEntries(model.features.map((f) => [f, new Float64Array(m)]));
  for (const f of model.features) {
    const g = model.main[f];
    const gx = Float64Array.from(x[f], g);
    const mean = average(gx);
    for (let r = 0; r < m; r++) phi[f][r] += SCALE * (gx[r] - mean);
  }
  for (const p of model.pairs) {
    const u = centred(Float64Array.from(x[p.i], p.u));
    const v = centred(Float64Array.from(x[p.j], p.v));
    const uv = u.map((ur, r) => ur * v[r]);
    const meanUv = average(uv);
    for (let r = 0; r < m; r++) {
      const half = (SCALE * p.a * (uv[r] - meanUv)) / 2;
      phi[p.i][r] += half;
      phi[p.j][r] += half;
    }
  }
  const base = model.baseByYear[date.slice(0, 4)];
  const contributions = {};
  const score = new Float64Array(m).fill(base);
  for (const f of model.features) {
    // Stored as float32 rounded to 1e-6 (0.01 bp of expected return): below anything a view
    // shows, and it lets Parquet's dictionary encoding compress the files to a committable size.
    contributions[f] = Float32Array.from(phi[f], (v) => Math.round(v * 1e6) / 1e6);
    for (let r = 0; r < m; r++) score[r] += contributions[f][r];
  }
  return { base, contributions, score };
}

export function average(values) {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

function centred(values) {
  const mean = average(values);
  for (let i = 0; i < values.length; i++) values[i] -= mean;
  return values;
}

// The 48 features of the sample model, in 8 factors, and their simulation: every feature is
// a cross-sectional z-score that is persistent over time (an AR(1) process per stock) and
// correlated with the other features of its factor (a shared latent factor per stock).

/**
 * Feature catalogue. `load` is the feature's loading on its factor's latent variable (its
 * sign makes, e.g., ev_ebitda move against ep_fy1); `rho` is the month-to-month
 * autocorrelation of the stock's underlying characteristic.
 */
export const FACTORS = {
  value: { rho: 0.92, features: [
    { name: 'ep_fy1', load: 0.75 }, { name: 'bp', load: 0.65 }, { name: 'sp', load: 0.6 },
    { name: 'cfp', load: 0.7 }, { name: 'ev_ebitda', load: -0.7 }, { name: 'div_yield', load: 0.45 },
  ] },
  quality: { rho: 0.93, features: [
    { name: 'roe', load: 0.75 }, { name: 'roa', load: 0.75 }, { name: 'gross_margin', load: 0.5 },
    { name: 'accruals', load: -0.35 }, { name: 'debt_to_equity', load: -0.4 }, { name: 'earnings_stability', load: 0.55 },
  ] },
  momentum: { rho: 0.78, features: [
    { name: 'mom_12_1', load: 0.85 }, { name: 'mom_6_1', load: 0.8, rho: 0.7 }, { name: 'mom_3_1', load: 0.6, rho: 0.5 },
    { name: 'reversal_1m', load: 0.25, rho: 0.05 }, { name: 'high_52w_ratio', load: 0.7 }, { name: 'industry_mom', load: 0.45 },
  ] },
  sentiment: { rho: 0.6, features: [
    { name: 'eps_revision_3m', load: 0.7 }, { name: 'analyst_rating_chg', load: 0.55 }, { name: 'short_interest', load: -0.45, rho: 0.85 },
    { name: 'target_price_upside', load: 0.4 }, { name: 'earnings_surprise', load: 0.5, rho: 0.3 }, { name: 'news_sentiment', load: 0.45, rho: 0.4 },
  ] },
  growth: { rho: 0.85, features: [
    { name: 'sales_growth_yoy', load: 0.75 }, { name: 'eps_growth_fy1', load: 0.6 }, { name: 'capex_growth', load: 0.4 },
    { name: 'asset_growth', load: 0.55 }, { name: 'rd_intensity', load: 0.3, rho: 0.95 }, { name: 'margin_expansion', load: 0.5 },
  ] },
  low_risk: { rho: 0.9, features: [
    { name: 'vol_12m', load: 0.9 }, { name: 'beta_36m', load: 0.6, rho: 0.96 }, { name: 'idio_vol', load: 0.85 },
    { name: 'max_daily_ret', load: 0.65, rho: 0.6 }, { name: 'downside_beta', load: 0.55 }, { name: 'earnings_vol', load: 0.45, rho: 0.95 },
  ] },
  liquidity: { rho: 0.95, features: [
    { name: 'amihud_illiq', load: -0.8 }, { name: 'turnover_ratio', load: 0.5, rho: 0.85 }, { name: 'bid_ask_spread', load: -0.75 },
    { name: 'dollar_volume', load: 0.9 }, { name: 'log_mcap', load: 0.95, rho: 0.98 }, { name: 'volume_trend', load: 0.2, rho: 0.5 },
  ] },
  alt_data: { rho: 0.7, features: [
    { name: 'web_traffic_growth', load: 0.6 }, { name: 'app_downloads', load: 0.5 }, { name: 'job_postings_growth', load: 0.55 },
    { name: 'card_spend_yoy', load: 0.55, rho: 0.6 }, { name: 'patent_count', load: 0.2, rho: 0.97 }, { name: 'esg_controversy', load: -0.15, rho: 0.8 },
  ] },
};

/** Factor -> feature names, in catalogue order (the manifest's `factors`). */
export const FACTOR_MAP = Object.fromEntries(Object.entries(FACTORS).map(([f, spec]) => [f, spec.features.map((x) => x.name)]));

/** All feature names, factor by factor. */
export const FEATURES = Object.values(FACTOR_MAP).flat();

/**
 * Where a sector sits on each factor (in latent standard deviations): biotech is
 * unprofitable and volatile, banks and REITs are cheap on book, utilities are low risk...
 * This is what makes the factor x sector heat map look like a real small-cap book.
 */
const SECTOR_TILT = {
  'Health Care': { value: -0.5, quality: -0.9, growth: 0.4, low_risk: 0.7, liquidity: -0.1 },
  Financials: { value: 0.6, quality: 0.3, low_risk: -0.4, growth: -0.2 },
  'Real Estate': { value: 0.4, quality: -0.1, low_risk: -0.3 },
  'Information Technology': { value: -0.5, growth: 0.5, momentum: 0.2, low_risk: 0.3, alt_data: 0.4 },
  Utilities: { value: 0.2, quality: 0.2, low_risk: -0.8, growth: -0.3 },
  Energy: { value: 0.6, quality: 0.3, low_risk: 0.4 },
  Industrials: { quality: 0.3, momentum: 0.2 },
  'Consumer Discretionary': { value: 0.1, alt_data: 0.5, low_risk: 0.1 },
  'Consumer Staples': { quality: 0.2, low_risk: -0.4 },
  Materials: { value: 0.3, low_risk: 0.1 },
  'Communication Services': { value: -0.1, alt_data: 0.3 },
};

/** Winsorise at +-3 standard deviations, then standardise to mean 0, sd 1 (in place). */
export function winsorisedZScore(values) {
  const n = values.length;
  for (let pass = 0; pass < 2; pass++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i];
    mean /= n;
    let sd = 0;
    for (let i = 0; i < n; i++) sd += (values[i] - mean) ** 2;
    sd = Math.sqrt(sd / (n - 1));
    for (let i = 0; i < n; i++) {
      const z = (values[i] - mean) / sd;
      values[i] = pass === 0 ? Math.max(-3, Math.min(3, z)) : z;
    }
  }
  return values;
}

/**
 * Simulate every feature for every stock and date.
 * @param {object} args
 * @param {{sector: string, logCap: number}[]} args.stocks the universe (true sectors)
 * @param {number} args.dateCount number of dates
 * @param {(t: number) => number[]} args.aliveOn indexes of the stocks alive on date t
 * @param {ReturnType<import('./random.mjs').createRandom>} args.random
 * @returns {Record<string, Float64Array[]>} feature -> per date, a dense array over all
 *   stocks (NaN where the stock is not alive) of cross-sectional z-scores
 */
export function simulateFeatures({ stocks, dateCount, aliveOn, random }) {
  const n = stocks.length;
  const out = {};
  // Size is observable: the liquidity latent is anchored on log market cap.
  const logCap = Float64Array.from(stocks, (s) => s.logCap);
  winsorisedZScore(logCap);

  for (const [factor, spec] of Object.entries(FACTORS)) {
    const latent = Float64Array.from({ length: n }, () => random.normal());
    const idio = spec.features.map(() => Float64Array.from({ length: n }, () => random.normal()));
    for (const f of spec.features) out[f.name] = [];
    for (let t = 0; t < dateCount; t++) {
      if (t > 0) {
        const s = Math.sqrt(1 - spec.rho ** 2);
        for (let i = 0; i < n; i++) latent[i] = spec.rho * latent[i] + s * random.normal();
        spec.features.forEach((f, k) => {
          const rho = f.rho ?? spec.rho;
          const sk = Math.sqrt(1 - rho ** 2);
          for (let i = 0; i < n; i++) idio[k][i] = rho * idio[k][i] + sk * random.normal();
        });
      }
      const alive = aliveOn(t);
      spec.features.forEach((f, k) => {
        const raw = new Float64Array(alive.length);
        const a = Math.abs(f.load);
        const sign = Math.sign(f.load);
        alive.forEach((i, j) => {
          let l = latent[i] + (SECTOR_TILT[stocks[i].sector]?.[factor] ?? 0);
          if (factor === 'liquidity') l = 0.85 * logCap[i] + 0.5 * latent[i];
          // Real characteristics are skewed (spreads, short interest, volatility): a mild
          // exponential skew before the z-score makes the beeswarm plots look real.
          let x = sign * a * l + Math.sqrt(1 - a * a) * idio[k][i];
          if (factor === 'low_risk' || f.name === 'short_interest' || f.name === 'amihud_illiq') x = Math.expm1(0.45 * x) / 0.45;
          raw[j] = x;
        });
        winsorisedZScore(raw);
        const dense = new Float64Array(n).fill(NaN);
        alive.forEach((i, j) => { dense[i] = raw[j]; });
        out[f.name].push(dense);
      });
    }
  }
  return out;
}

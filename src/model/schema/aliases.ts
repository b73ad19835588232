/**
 * The canonical columns of each table and the names they go by in real model outputs.
 * Matching is case-insensitive and treats spaces, dashes and dots as underscores, so
 * `Port Weight`, `port-weight` and `PORT_WEIGHT` all match `port_weight`.
 */
import type { TableRole } from '../types';

export type CanonicalColumn =
  | 'date'
  | 'stock'
  | 'feature'
  | 'contribution'
  | 'feature_value'
  | 'base_value'
  | 'score'
  | 'weight'
  | 'benchmark_weight'
  | 'name'
  | 'sector'
  | 'industry'
  | 'country'
  | 'region'
  | 'market_cap'
  | 'factor'
  | 'description'
  | 'return'
  | 'horizon';

/** Aliases in order of preference: the first alias present in a file wins. */
export const COLUMN_ALIASES: Record<CanonicalColumn, readonly string[]> = {
  date: ['date', 'asof', 'as_of', 'as_of_date', 'datetime', 'period'],
  stock: ['stock', 'ticker', 'symbol', 'asset', 'security_id', 'id'],
  feature: ['feature', 'signal'],
  contribution: ['contribution', 'shap', 'shap_value', 'attribution'],
  feature_value: ['feature_value', 'value', 'raw_value'],
  base_value: ['base_value', 'expected_value', 'base'],
  score: ['score', 'prediction', 'pred', 'predicted'],
  weight: ['weight', 'port_weight', 'portfolio_weight'],
  benchmark_weight: ['benchmark_weight', 'bench_weight', 'bmk_weight'],
  name: ['name', 'security_name', 'company', 'company_name'],
  sector: ['sector', 'gics_sector'],
  industry: ['industry', 'gics_industry'],
  country: ['country', 'country_of_risk', 'domicile'],
  region: ['region'],
  market_cap: ['market_cap', 'mkt_cap', 'marketcap'],
  factor: ['factor', 'group', 'style'],
  description: ['description', 'desc'],
  return: ['return', 'fwd_return', 'forward_return', 'fwd_ret', 'ret'],
  horizon: ['horizon', 'return_horizon', 'fwd_horizon'],
};

/** What each table must have and may have (the README's data contract). */
export const TABLE_COLUMNS: Record<TableRole, { required: CanonicalColumn[]; optional: CanonicalColumn[] }> = {
  // Long contributions need feature and contribution too; the wide form has one column per
  // feature instead. Which form a file is in is decided in contributions.ts.
  contributions: {
    required: ['stock'],
    optional: ['date', 'feature', 'contribution', 'feature_value', 'base_value', 'score', 'name', 'sector', 'industry', 'country', 'region', 'market_cap'],
  },
  weights: {
    required: ['stock', 'weight'],
    optional: ['date', 'benchmark_weight', 'name', 'sector', 'industry', 'country', 'region', 'market_cap'],
  },
  securities: {
    required: ['stock'],
    optional: ['name', 'sector', 'industry', 'country', 'region', 'market_cap'],
  },
  factors: { required: ['feature', 'factor'], optional: ['description'] },
  returns: { required: ['stock', 'return'], optional: ['date', 'horizon'] },
};

/** `Port Weight` -> `port_weight`: the form names are compared in. */
export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s.\-/]+/g, '_');
}

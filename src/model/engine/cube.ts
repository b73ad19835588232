/**
 * The precomputed aggregates: per (date, sector, country, region), the sums of weights and
 * of weight x factor contribution, built once per load with Arquero so that every view's
 * factor numbers are answered from a few thousand rows instead of the whole panel.
 */
import * as aq from 'arquero';
import type { Panel } from '../run/panel';

export interface Cube {
  /** Number of groups. */
  size: number;
  date: Int32Array;
  sector: Int32Array;
  country: Int32Array;
  region: Int32Array;
  weight: Float64Array;
  benchmark: Float64Array | null;
  /** Stocks held (weight > 0). */
  holdings: Float64Array;
  /** Per factor: sum of weight x factor contribution. */
  portfolio: Float64Array[];
  /** Per factor: sum of (weight - benchmark) x factor contribution; null without a benchmark. */
  active: Float64Array[] | null;
  /** Per factor: sum of benchmark x factor contribution; null without a benchmark. */
  benchmarkExposure: Float64Array[] | null;
}

/**
 * Groups the panel by date, sector, country and region and sums weights and weighted
 * factor contributions. Column names in the Arquero expressions are generated (f0, f1...),
 * never taken from the data, because Arquero compiles expressions to code.
 */
export function buildCube(panel: Panel): Cube {
  const { rows, rowStock } = panel;
  const columns: Record<string, ArrayLike<number>> = {
    date: panel.rowDate,
    sector: Int32Array.from(rowStock, (s) => panel.stockSector[s]),
    country: Int32Array.from(rowStock, (s) => panel.stockCountry[s]),
    region: Int32Array.from(rowStock, (s) => panel.stockRegion[s]),
    w: panel.weight,
    held: Float64Array.from(panel.weight, (w) => (w > 0 ? 1 : 0)),
  };
  const rollup: Record<string, unknown> = { weight: aq.op.sum('w'), holdings: aq.op.sum('held') };
  if (panel.benchmark) {
    columns.b = panel.benchmark;
    const active = new Float64Array(rows);
    for (let r = 0; r < rows; r++) active[r] = panel.weight[r] - (panel.benchmark[r] as number);
    columns.a = active;
    rollup.benchmark = aq.op.sum('b');
  }
  panel.factorSums.forEach((sums, k) => {
    columns[`f${k}`] = sums;
    rollup[`p${k}`] = `d => op.sum(d.w * d.f${k})`;
    if (panel.benchmark) {
      rollup[`a${k}`] = `d => op.sum(d.a * d.f${k})`;
      rollup[`b${k}`] = `d => op.sum(d.b * d.f${k})`;
    }
  });
  const grouped = aq
    .table(columns)
    .groupby('date', 'sector', 'country', 'region')
    .rollup(rollup as never)
    .orderby('date', 'sector', 'country', 'region');
  const ints = (name: string) => Int32Array.from(grouped.array(name) as ArrayLike<number>);
  const floats = (name: string) => Float64Array.from(grouped.array(name) as ArrayLike<number>);
  const factorColumns = (prefix: string) => panel.factors.map((_, k) => floats(`${prefix}${k}`));
  return {
    size: grouped.numRows(),
    date: ints('date'),
    sector: ints('sector'),
    country: ints('country'),
    region: ints('region'),
    weight: floats('weight'),
    benchmark: panel.benchmark ? floats('benchmark') : null,
    holdings: floats('holdings'),
    portfolio: factorColumns('p'),
    active: panel.benchmark ? factorColumns('a') : null,
    benchmarkExposure: panel.benchmark ? factorColumns('b') : null,
  };
}

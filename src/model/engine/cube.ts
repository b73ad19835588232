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
 * factor contributions. The four keys are packed into one integer per row and the products
 * weight x factor contribution are formed first, so Arquero groups on one numeric column
 * and only sums (measured at 4,500 stocks x 120 dates x 60 features: 0.83 s with four key
 * columns and product expressions, 0.40 s this way). Column names in Arquero are generated
 * (p0, b0...), never taken from the data.
 */
export function buildCube(panel: Panel): Cube {
  const { rows, rowStock, rowDate } = panel;
  const nSectors = panel.sectors.length;
  const nCountries = panel.countries.length;
  const nRegions = panel.regions.length;
  const key = new Int32Array(rows);
  const held = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const s = rowStock[r];
    key[r] = ((rowDate[r] * nSectors + panel.stockSector[s]) * nCountries + panel.stockCountry[s]) * nRegions + panel.stockRegion[s];
    held[r] = panel.weight[r] !== 0 ? 1 : 0;
  }
  const columns: Record<string, ArrayLike<number>> = { key, w: panel.weight, held };
  const rollup: Record<string, unknown> = { weight: aq.op.sum('w'), holdings: aq.op.sum('held') };
  if (panel.benchmark) {
    columns.b = panel.benchmark;
    rollup.benchmark = aq.op.sum('b');
  }
  const weighted = (weights: Float64Array, sums: Float64Array) => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = weights[r] * sums[r];
    return out;
  };
  panel.factorSums.forEach((sums, k) => {
    columns[`p${k}`] = weighted(panel.weight, sums);
    rollup[`p${k}`] = aq.op.sum(`p${k}`);
    if (panel.benchmark) {
      columns[`b${k}`] = weighted(panel.benchmark, sums);
      rollup[`b${k}`] = aq.op.sum(`b${k}`);
    }
  });
  const grouped = aq.table(columns).groupby('key').rollup(rollup as never).orderby('key');
  const keys = grouped.array('key') as ArrayLike<number>;
  const size = grouped.numRows();
  const date = new Int32Array(size);
  const sector = new Int32Array(size);
  const country = new Int32Array(size);
  const region = new Int32Array(size);
  for (let g = 0; g < size; g++) {
    let k = keys[g];
    region[g] = k % nRegions;
    k = (k - region[g]) / nRegions;
    country[g] = k % nCountries;
    k = (k - country[g]) / nCountries;
    sector[g] = k % nSectors;
    date[g] = (k - sector[g]) / nSectors;
  }
  const floats = (name: string) => Float64Array.from(grouped.array(name) as ArrayLike<number>);
  const factorColumns = (prefix: string) => panel.factors.map((_, k) => floats(`${prefix}${k}`));
  const portfolio = factorColumns('p');
  const benchmarkExposure = panel.benchmark ? factorColumns('b') : null;
  return {
    size,
    date,
    sector,
    country,
    region,
    weight: floats('weight'),
    benchmark: panel.benchmark ? floats('benchmark') : null,
    holdings: floats('holdings'),
    portfolio,
    // Active is portfolio less benchmark, group by group: the sum of (w - b) x s, taken as
    // two sums (a third rollup of every row cost 0.15-0.2 s at 540,000 rows).
    active: benchmarkExposure ? portfolio.map((p, k) => p.map((v, g) => v - benchmarkExposure[k][g])) : null,
    benchmarkExposure,
  };
}

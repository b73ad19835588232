/**
 * Attribution grouped by any keys: for each group of (date, stock, sector, industry,
 * country, region, factor, feature), the sum over the group's stocks and features of
 * w x c, with w the portfolio, active, benchmark or equal weight. `glassbox attribution`
 * answers from it; the sums run over the panel's typed columns with every group key
 * encoded as an integer (mixed radix), never over per-row objects.
 */
import { InputError } from '../errors';
import { contributionColumns } from '../run/cells';
import { holdDates } from '../run/dateStore';
import type { Panel } from '../run/panel';
import { UNKNOWN } from '../run/panel';
import type { Diagnostic } from '../types';
import { attributionMessages } from './messages';

/** What a group can be keyed by. */
export const ATTRIBUTION_KEYS = ['date', 'stock', 'sector', 'industry', 'country', 'region', 'factor', 'feature'] as const;
export type AttributionKey = (typeof ATTRIBUTION_KEYS)[number];

/**
 * - `portfolio`: the portfolio weight;
 * - `active`: portfolio - benchmark weight (needs benchmark weights);
 * - `benchmark`: the benchmark weight (needs benchmark weights);
 * - `equal`: 1/N, N = stocks with contributions on the date.
 */
export type AttributionWeight = 'portfolio' | 'active' | 'benchmark' | 'equal';
export const ATTRIBUTION_WEIGHTS: readonly AttributionWeight[] = ['portfolio', 'active', 'benchmark', 'equal'];

export interface AttributionOptions {
  /** Keys in output order, at least one, no repeats. */
  by: readonly AttributionKey[];
  /** An ISO date of the run, or 'all'. Default: the latest date. */
  date?: string;
  weight?: AttributionWeight;
  /** Above this many possible groups, sum through a Map rather than a dense array (default 2^24; tests lower it). */
  denseLimit?: number;
}

/** One group: its key values (as text) and its contribution. */
export type AttributionRow = Partial<Record<AttributionKey, string>> & { contribution: number };

/**
 * The groups, columnar: group i has key k = labels[k][codes[k][i]] and contribution
 * contribution[i]. Groups are in key order (dates ascending, stocks by id, other labels in
 * the run's order). Every group with a row on the date(s) appears, with 0 when none of its
 * stocks has contributions (as the engine's factor views do).
 */
export interface AttributionResult {
  by: AttributionKey[];
  weight: AttributionWeight;
  /** The date, or 'all'. */
  date: string;
  size: number;
  labels: Partial<Record<AttributionKey, readonly string[]>>;
  codes: Partial<Record<AttributionKey, Int32Array>>;
  contribution: Float64Array;
  diagnostics: Diagnostic[];
}

/** Above this many possible groups the sums go through a Map instead of a dense array. */
const DENSE_LIMIT = 1 << 24;

/**
 * Validates the options against the panel, then sums w x c per group.
 * Throws InputError for an unknown or repeated key, a date the run lacks, or an active or
 * benchmark weight on a run without benchmark weights.
 * @example attributionRows(attribution(panel, { by: ['date', 'sector'], weight: 'active', date: 'all' }))
 *   // columnar groups; attributionRows(result) gives [{ date: '2021-01-29', sector: 'Energy', contribution: 0.0012 }, …]
 */
export function attribution(panel: Panel, options: AttributionOptions): AttributionResult {
  const plan = attributionPlan(panel, options);
  if ('result' in plan) return plan.result;
  const sums = groupSums(panel, plan.by, plan.weight, options.denseLimit ?? DENSE_LIMIT);
  for (let d = plan.firstDate; d <= plan.lastDate; d++) sums.addDate(d);
  return { by: plan.by, weight: plan.weight, date: plan.date, ...sums.finish(), diagnostics: plan.diagnostics };
}

/**
 * `attribution` of a panel read by date: keyed by feature, it reads every date's cells, a
 * few dates held at a time (a run read by date does not fit in memory whole).
 */
export async function attributionHeld(panel: Panel, options: AttributionOptions): Promise<AttributionResult> {
  const plan = attributionPlan(panel, options);
  if ('result' in plan) return plan.result;
  const sums = groupSums(panel, plan.by, plan.weight, options.denseLimit ?? DENSE_LIMIT);
  for (let first = plan.firstDate; first <= plan.lastDate; first += DATES_PER_READ) {
    const dates = Array.from({ length: Math.min(DATES_PER_READ, plan.lastDate - first + 1) }, (_, i) => first + i);
    const release = sums.readsCells ? await holdDates(panel, dates) : () => {};
    try {
      for (const d of dates) sums.addDate(d);
    } finally {
      release();
    }
  }
  return { by: plan.by, weight: plan.weight, date: plan.date, ...sums.finish(), diagnostics: plan.diagnostics };
}

/** Dates attributionHeld reads at once: one scan of the table each. */
const DATES_PER_READ = 8;

type Plan = { by: AttributionKey[]; weight: AttributionWeight; date: string; firstDate: number; lastDate: number; diagnostics: Diagnostic[] } | { result: AttributionResult };

/** The options checked against the panel: keys, weight and the dates to sum (or the result when there is nothing to sum). */
function attributionPlan(panel: Panel, options: AttributionOptions): Plan {
  const by = [...options.by];
  if (by.length === 0) throw new InputError(attributionMessages.noKeys());
  const seen = new Set<string>();
  for (const key of by) {
    if (!(ATTRIBUTION_KEYS as readonly string[]).includes(key)) throw new InputError(attributionMessages.unknownKey(key));
    if (seen.has(key)) throw new InputError(attributionMessages.repeatedKey(key));
    seen.add(key);
  }
  const weight = options.weight ?? 'portfolio';
  if (!ATTRIBUTION_WEIGHTS.includes(weight)) throw new InputError(attributionMessages.unknownWeight(String(weight)));
  if ((weight === 'active' || weight === 'benchmark') && !panel.benchmark) throw new InputError(attributionMessages.noBenchmark(weight));
  if (panel.dates.length === 0) return { result: { by, weight, date: options.date ?? 'all', ...emptyGroups(by), diagnostics: [] } };
  const date = options.date ?? panel.dates[panel.dates.length - 1];
  let dateIndex = -1;
  if (date !== 'all') {
    dateIndex = panel.dates.indexOf(date);
    if (dateIndex < 0) throw new InputError(attributionMessages.unknownDate(date, panel.dates[0], panel.dates[panel.dates.length - 1]));
  }
  const diagnostics: Diagnostic[] = [];
  if (by.includes('industry')) diagnostics.push({ severity: 'info', code: 'no-industry', message: attributionMessages.noIndustry() });
  return { by, weight, date, firstDate: dateIndex < 0 ? 0 : dateIndex, lastDate: dateIndex < 0 ? panel.dates.length - 1 : dateIndex, diagnostics };
}

type Groups = Pick<AttributionResult, 'size' | 'labels' | 'codes' | 'contribution'>;

function emptyGroups(by: AttributionKey[]): Groups {
  return { size: 0, labels: Object.fromEntries(by.map((k) => [k, []])), codes: Object.fromEntries(by.map((k) => [k, new Int32Array(0)])), contribution: new Float64Array(0) };
}

/** Group i as an object of its key labels and contribution. */
export function attributionRow(result: AttributionResult, i: number): AttributionRow {
  const row = {} as AttributionRow;
  for (const key of result.by) row[key] = (result.labels[key] as readonly string[])[(result.codes[key] as Int32Array)[i]];
  row.contribution = result.contribution[i];
  return row;
}

/** Every group as an object (for JSON and tests; large results are better read columnar). */
export function attributionRows(result: AttributionResult): AttributionRow[] {
  const rows = new Array<AttributionRow>(result.size);
  for (let i = 0; i < result.size; i++) rows[i] = attributionRow(result, i);
  return rows;
}

/** One key as codes: a per-row code (row keys) or a per-feature code (feature keys). */
interface Dimension {
  key: AttributionKey;
  labels: readonly string[];
  /** Per panel row; null for feature keys. */
  rowCode: Int32Array | null;
  /** Per feature; null for row keys. */
  featureCode: Int32Array | null;
}

function dimension(panel: Panel, key: AttributionKey): Dimension {
  const perStock = (codes: Int32Array) => Int32Array.from(panel.rowStock, (s) => codes[s]);
  switch (key) {
    case 'date':
      return { key, labels: panel.dates, rowCode: panel.rowDate, featureCode: null };
    case 'stock':
      return { key, labels: panel.stocks, rowCode: panel.rowStock, featureCode: null };
    case 'sector':
      return { key, labels: panel.sectors, rowCode: perStock(panel.stockSector), featureCode: null };
    case 'industry':
      // The panel carries no industry classification yet: one group.
      return { key, labels: [UNKNOWN], rowCode: new Int32Array(panel.rows), featureCode: null };
    case 'country':
      return { key, labels: panel.countries, rowCode: perStock(panel.stockCountry), featureCode: null };
    case 'region':
      return { key, labels: panel.regions, rowCode: perStock(panel.stockRegion), featureCode: null };
    case 'factor':
      return { key, labels: panel.factors, rowCode: null, featureCode: panel.featureFactor };
    case 'feature':
      return { key, labels: panel.features.map((f) => f.name), rowCode: null, featureCode: Int32Array.from(panel.features, (_, f) => f) };
  }
}

/** The weight of each row under the chosen scheme (0 for rows without contributions). */
function rowWeights(panel: Panel, weight: AttributionWeight): Float64Array {
  const out = new Float64Array(panel.rows);
  const { benchmark } = panel;
  for (let d = 0; d < panel.dates.length; d++) {
    const start = panel.dateStart[d];
    const end = panel.dateStart[d + 1];
    let n = 0;
    if (weight === 'equal') for (let r = start; r < end; r++) n += panel.hasContributions[r];
    for (let r = start; r < end; r++) {
      if (!panel.hasContributions[r]) continue;
      switch (weight) {
        case 'portfolio':
          out[r] = panel.weight[r];
          break;
        case 'active':
          out[r] = panel.weight[r] - (benchmark as Float64Array)[r];
          break;
        case 'benchmark':
          out[r] = (benchmark as Float64Array)[r];
          break;
        case 'equal':
          out[r] = 1 / n;
          break;
      }
    }
  }
  return out;
}

/**
 * Sums w x c per group, assuming valid keys, date by date in row order (rows are sorted by
 * date): `addDate` each date to sum, then `finish`. Only keyed by feature does it read the
 * contribution cells (`readsCells`), one date's columns at a time.
 */
function groupSums(panel: Panel, by: AttributionKey[], weight: AttributionWeight, denseLimit: number): { readsCells: boolean; addDate(d: number): void; finish(): Groups } {
  const dims = by.map((key) => dimension(panel, key));
  const rowDims = dims.filter((d) => d.rowCode !== null);
  const featureDims = dims.filter((d) => d.featureCode !== null);
  // Mixed radix over the keys in output order, so sorting by code is sorting by key.
  const radix = dims.map((d) => Math.max(1, d.labels.length));
  const stride = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) stride[i] = stride[i + 1] * radix[i + 1];
  const cells = stride[0] * radix[0];
  const rowStride = rowDims.map((d) => stride[dims.indexOf(d)]);
  const featureStride = featureDims.map((d) => stride[dims.indexOf(d)]);

  const w = rowWeights(panel, weight);

  const dense = cells <= denseLimit;
  const sums = dense ? new Float64Array(cells) : null;
  const present = dense ? new Uint8Array(cells) : null;
  const sparse = dense ? null : new Map<number, number>();
  const add = (code: number, value: number) => {
    if (sums && present) {
      sums[code] += value;
      present[code] = 1;
    } else if (sparse) {
      sparse.set(code, (sparse.get(code) ?? 0) + value);
    }
  };

  // Per feature, the part of the group code the feature keys make.
  const nFeatures = panel.features.length;
  const featurePart = new Float64Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    let code = 0;
    featureDims.forEach((d, i) => (code += (d.featureCode as Int32Array)[f] * featureStride[i]));
    featurePart[f] = code;
  }
  const byFactorOnly = featureDims.length === 1 && featureDims[0].key === 'factor';
  const byFeature = featureDims.length > 0 && !byFactorOnly;

  const addDate = (d: number) => {
    const start = panel.dateStart[d];
    const end = panel.dateStart[d + 1];
    const columns = byFeature ? contributionColumns(panel, d) : [];
    for (let r = start; r < end; r++) {
      let rowPart = 0;
      for (let i = 0; i < rowDims.length; i++) rowPart += (rowDims[i].rowCode as Int32Array)[r] * rowStride[i];
      // A row without contributions (a holding the model did not score) has w = 0: its group appears, with 0.
      const wr = w[r];
      if (featureDims.length === 0) {
        add(rowPart, wr * panel.sumContributions[r]);
      } else if (byFactorOnly) {
        for (let k = 0; k < panel.factors.length; k++) add(rowPart + k * featureStride[0], wr * panel.factorSums[k][r]);
      } else {
        for (let f = 0; f < nFeatures; f++) add(rowPart + featurePart[f], wr * columns[f][r - start]);
      }
    }
  };
  return { readsCells: byFeature, addDate, finish: () => groupsOf(dims, stride, radix, cells, sums, present, sparse) };
}

/** The groups summed, in code order (key order): each key's code and the group's sum. */
function groupsOf(dims: Dimension[], stride: number[], radix: number[], cells: number, sums: Float64Array | null, present: Uint8Array | null, sparse: Map<number, number> | null): Groups {
  let codes: Float64Array;
  if (present) {
    let n = 0;
    for (let code = 0; code < cells; code++) n += present[code];
    codes = new Float64Array(n);
    for (let code = 0, i = 0; code < cells; code++) if (present[code]) codes[i++] = code;
  } else {
    codes = Float64Array.from((sparse as Map<number, number>).keys()).sort();
  }
  const size = codes.length;
  const keyCodes = dims.map(() => new Int32Array(size));
  const contribution = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const code = codes[i];
    for (let k = 0; k < dims.length; k++) keyCodes[k][i] = Math.floor(code / stride[k]) % radix[k];
    contribution[i] = sums ? sums[code] : ((sparse as Map<number, number>).get(code) as number);
  }
  return {
    size,
    labels: Object.fromEntries(dims.map((d) => [d.key, d.labels])),
    codes: Object.fromEntries(dims.map((d, k) => [d.key, keyCodes[k]])),
    contribution,
  };
}

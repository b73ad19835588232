/**
 * Panels for the Features tests: the hand-computed run of ../fixtures.ts with raw feature
 * values added, and a synthetic run with a planted interaction.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { filterMasks, type FilterMasks } from '../../../../src/model/engine/filters';
import { readContributions } from '../../../../src/model/run/contributions';
import { buildPanel, type Panel } from '../../../../src/model/run/panel';
import { readSecurities } from '../../../../src/model/run/securities';
import { readWeights } from '../../../../src/model/run/weights';
import { NO_FILTERS, type Diagnostic, type Filters } from '../../../../src/model/types';
import { HAND } from '../fixtures';

/**
 * The hand run (A, B, C, D on two dates; v1, v2 in `value`, m1 in `momentum`; A, B Tech,
 * C, D Health) with raw values for v1 and v2 (m1 has none; B's v2 on date 1 is missing):
 *   v1_value: D1 [1, -2, 0, 3], D2 [0, -1, 0, 1]
 *   v2_value: D1 [2, null, 1, -1], D2 [1, 0, 0, 0]
 */
export function handPanel(options: { values?: boolean } = {}): Panel {
  let contributions = HAND.contributions();
  if (options.values !== false) {
    contributions = contributions.assign({
      v1_value: [1, -2, 0, 3, 0, -1, 0, 1],
      v2_value: [2, null, 1, -1, 1, 0, 0, 0],
    });
  }
  return panelOf(contributions, HAND.weights(), HAND.securities(), { value: ['v1', 'v2'], momentum: ['m1'] });
}

export function panelOf(contributions: ColumnTable, weights: ColumnTable | null, securities: ColumnTable | null, factorMap: Record<string, string[]>): Panel {
  const diagnostics: Diagnostic[] = [];
  return buildPanel(
    {
      contributions: readContributions(contributions, 'c.csv', undefined, diagnostics),
      weights: weights ? readWeights(weights, 'w.csv', undefined, diagnostics) : null,
      securities: securities ? readSecurities(securities, 's.csv') : null,
      factorMap,
    },
    diagnostics,
  );
}

export function masks(panel: Panel, filters: Partial<Filters> = {}): FilterMasks {
  return filterMasks(panel, { ...NO_FILTERS, ...filters });
}

/** A small deterministic PRNG (mulberry32), so synthetic runs are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from `uniform` (Box-Muller). */
export function normal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface PlantedRun {
  panel: Panel;
  /** The feature with the planted interaction and its partner. */
  feature: 'f';
  partner: 'g';
}

/**
 * `stocks` stocks on `dates` month-ends, five features with standard-normal values:
 *   c_f = main(x_f) + b·x_f·x_g                        (the planted interaction, with g)
 *   d_indep: independent of everything;
 *   d_corr_f = x_f + 0.3·noise: nearly a copy of f;
 *   d_corr_g = 0.5·x_g + noise: half g, a weaker proxy of the partner;
 *   g: contributes 0.1·x_g on its own.
 * Every other contribution is its feature's value times 0.05 plus a little noise.
 */
export function plantedRun(options: { stocks?: number; dates?: number; b?: number; main?: (x: number) => number; seed?: number } = {}): PlantedRun {
  const nStocks = options.stocks ?? 600;
  const nDates = options.dates ?? 1;
  const b = options.b ?? 0.5;
  const main = options.main ?? ((x: number) => 1.0 * x);
  const gauss = normal(random(options.seed ?? 7));
  const columns: Record<string, (number | string)[]> = { date: [], stock: [], sector: [] };
  const features = ['f', 'g', 'd_indep', 'd_corr_f', 'd_corr_g'];
  for (const f of features) {
    columns[f] = [];
    columns[`${f}_value`] = [];
  }
  for (let d = 0; d < nDates; d++) {
    const date = `2024-${String(d + 1).padStart(2, '0')}-28`;
    for (let s = 0; s < nStocks; s++) {
      const x = { f: gauss(), g: gauss(), d_indep: gauss(), d_corr_f: 0, d_corr_g: 0 };
      x.d_corr_f = x.f + 0.3 * gauss();
      x.d_corr_g = 0.5 * x.g + gauss();
      columns.date.push(date);
      columns.stock.push(`S${String(s).padStart(4, '0')}`);
      columns.sector.push(s % 2 ? 'Financials' : 'Energy');
      for (const f of features) {
        const value = x[f as keyof typeof x];
        const c = f === 'f' ? main(x.f) + b * x.f * x.g : f === 'g' ? 0.1 * x.g : 0.05 * value + 0.01 * gauss();
        columns[f].push(c);
        columns[`${f}_value`].push(value);
      }
    }
  }
  const panel = panelOf(aq.table(columns), null, null, { alpha: ['f', 'g'], distractors: ['d_indep', 'd_corr_f', 'd_corr_g'] });
  return { panel, feature: 'f', partner: 'g' };
}

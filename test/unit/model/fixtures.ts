/**
 * Small runs whose every number can be worked out by hand, as Arquero tables fed to
 * loadRun through a stand-in reader (the readers have their own tests).
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { parseManifest } from '../../../src/model/manifest';
import { loadRun, type RunFile } from '../../../src/model/run/loadRun';
import type { PanelEngine } from '../../../src/model/engine/engine';
import type { DateCells, PanelCells } from '../../../src/model/run/cells';

/** A reader that hands back prepared tables by file name. */
export function tableReader(tables: Record<string, ColumnTable>) {
  return async (_bytes: Uint8Array, name: string) => {
    const table = tables[name];
    if (!table) throw new Error(`no fixture table ${name}`);
    return { table, format: 'csv' as const, notes: [] };
  };
}

const D1 = '2024-01-31';
const D2 = '2024-02-29';

/**
 * Two dates, four stocks, three features in two factors.
 * Date 1 weights A .4, B .3, C .3, D 0 against an equal-weight benchmark (.25 each);
 * date 2 weights A .5, B .2, C 0, D .3. D's score on date 1 is off by -0.005.
 */
export const HAND = {
  contributions: () =>
    aq.table({
      date: [D1, D1, D1, D1, D2, D2, D2, D2],
      ticker: ['A', 'B', 'C', 'D', 'A', 'B', 'C', 'D'],
      base_value: [0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005],
      score: [0.025, 0.015, 0.025, 0.03, 0.015, 0.005, 0.005, 0.015],
      v1: [0.01, -0.02, 0.0, 0.03, 0.0, -0.01, 0.0, 0.01],
      v2: [0.02, 0.0, 0.01, -0.01, 0.01, 0.0, 0.0, 0.0],
      m1: [-0.01, 0.03, 0.01, 0.0, 0.0, 0.01, 0.0, 0.0],
    }),
  weights: () =>
    aq.table({
      date: [D1, D1, D1, D1, D2, D2, D2, D2],
      ticker: ['A', 'B', 'C', 'D', 'A', 'B', 'C', 'D'],
      weight: [0.4, 0.3, 0.3, 0, 0.5, 0.2, 0, 0.3],
      benchmark_weight: [0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25],
    }),
  securities: () =>
    aq.table({
      stock: ['A', 'B', 'C', 'D'],
      name: ['Alpha', 'Beta', 'Gamma', 'Delta'],
      sector: ['Tech', 'Tech', 'Health', 'Health'],
      country: ['United States', 'United States', 'Canada', 'United States'],
    }),
  manifest: JSON.stringify({
    name: 'hand',
    contributions: 'c.csv',
    weights: 'w.csv',
    securities: 's.csv',
    factors: { value: ['v1', 'v2'], momentum: ['m1'] },
  }),
};

export async function loadHand(overrides: Partial<Record<'contributions' | 'weights' | 'securities', ColumnTable>> = {}): Promise<PanelEngine> {
  const { manifest, diagnostics } = parseManifest(HAND.manifest, 'hand.glassbox.json');
  const tables = {
    'c.csv': overrides.contributions ?? HAND.contributions(),
    'w.csv': overrides.weights ?? HAND.weights(),
    's.csv': overrides.securities ?? HAND.securities(),
  };
  const files: RunFile[] = [
    { role: 'contributions', name: 'c.csv', bytes: new Uint8Array() },
    { role: 'weights', name: 'w.csv', bytes: new Uint8Array() },
    { role: 'securities', name: 's.csv', bytes: new Uint8Array() },
  ];
  return loadRun({ source: 'hand.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, tableReader(tables));
}

export const DATES = { D1, D2 };

/**
 * By-date cells holding `held` only, with a reader that fails if asked: for tests of what a
 * panel read by date answers from the dates it holds.
 */
export function heldCells(held: Map<number, DateCells>, hasValues: boolean): PanelCells {
  return {
    kind: 'by-date',
    hasValues,
    held,
    pins: new Map(),
    sourceRow: new Int32Array(0),
    reader: { read: () => Promise.reject(new Error('this test reads no cells from a table')), close: async () => {} },
  };
}

/**
 * Which factor each feature belongs to. Sources, first match wins: the manifest's factor
 * map (inline or a feature,factor table), then the naming convention `factor__feature` or
 * `factor.feature`; anything left is `unassigned`, and the run says so.
 */
import type { ColumnTable } from 'arquero';
import { messages } from '../messages';
import { resolveTableColumns } from '../schema/columns';
import { columnValues, textColumn } from '../schema/values';
import type { Diagnostic, FeatureInfo } from '../types';

export const UNASSIGNED = 'unassigned';

/** A factor map read from a feature,factor table. */
export function readFactorTable(table: ColumnTable, file: string, overrides?: Record<string, string>): Record<string, string[]> {
  const columns = resolveTableColumns(table, 'factors', file, overrides);
  const features = textColumn(columnValues(table, columns.feature as string));
  const factors = textColumn(columnValues(table, columns.factor as string));
  // A Map, not an object: a factor named 'constructor' or '__proto__' is still a factor.
  const byFactor = new Map<string, string[]>();
  features.forEach((feature, i) => {
    if (feature === '') return;
    const factor = factors[i] || UNASSIGNED;
    let list = byFactor.get(factor);
    if (!list) byFactor.set(factor, (list = []));
    list.push(feature);
  });
  const map: Record<string, string[]> = {};
  for (const [factor, list] of byFactor) Object.defineProperty(map, factor, { value: list, enumerable: true, writable: true, configurable: true });
  return map;
}

/** `value__ep_fy1` and `value.ep_fy1` carry their factor, `value`. */
export function factorFromName(feature: string): string | null {
  const m = /^([A-Za-z][\w-]*?)(?:__|\.)(.+)$/.exec(feature);
  return m ? m[1] : null;
}

/**
 * Assigns every feature a factor and orders factors as the map lists them (then by name),
 * `unassigned` last.
 * @example assignFactors(['ep_fy1', 'momentum__mom_12_1', 'x'], { value: ['ep_fy1'] }, diags)
 *   // [{ name: 'ep_fy1', factor: 'value' }, { name: 'momentum__mom_12_1', factor: 'momentum' }, { name: 'x', factor: 'unassigned' }]
 */
export function assignFactors(features: readonly string[], map: Record<string, string[]> | undefined, diagnostics: Diagnostic[]): { features: FeatureInfo[]; factors: string[] } {
  const factorOf = new Map<string, string>();
  for (const [factor, list] of Object.entries(map ?? {})) for (const feature of list) if (!factorOf.has(feature)) factorOf.set(feature, factor);
  const unmapped: string[] = [];
  const infos = features.map((name) => {
    const factor = factorOf.get(name) ?? factorFromName(name);
    if (factor === null || factor === undefined) {
      unmapped.push(name);
      return { name, factor: UNASSIGNED };
    }
    return { name, factor };
  });
  if (unmapped.length) diagnostics.push({ severity: 'warning', code: 'unmapped-feature', message: messages.unmappedFeatures(unmapped.length, unmapped), count: unmapped.length, example: unmapped[0] });
  const present = new Set(features);
  const unknown = [...factorOf.keys()].filter((f) => !present.has(f));
  if (unknown.length) diagnostics.push({ severity: 'info', code: 'factor-map-unknown-feature', message: messages.factorMapUnknownFeatures(unknown.length, unknown), count: unknown.length, example: unknown[0] });

  const order = Object.keys(map ?? {});
  const used = [...new Set(infos.map((i) => i.factor))];
  const rank = (f: string) => (f === UNASSIGNED ? Number.MAX_SAFE_INTEGER : order.includes(f) ? order.indexOf(f) : order.length);
  used.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return { features: infos, factors: used };
}

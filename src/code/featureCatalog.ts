/**
 * Which features the workspace's runs have, and which of them a name in the research code
 * refers to: a feature is known by its own name and by its bare name (`ep_fy1` for
 * `value__ep_fy1`). Pure (no vscode): the host fills it from manifests and loaded runs.
 */
import type { Manifest } from '../model/manifest';
import type { FeatureInfo } from '../model/types';
import { lookupNames } from './definitions';

/** One run the workspace has: a manifest, and its summary's features once it is loaded. */
export interface RunFeatures {
  /** The manifest's URI (as a string: the catalogue does not know vscode). */
  manifest: string;
  /** How a hover names the run: the manifest's `name`, else its file name. */
  label: string;
  /** The manifest's `code.features` globs, relative to its folder (empty: any research file). */
  codeGlobs: string[];
  features: FeatureInfo[];
  /** True when the features come from a loaded run (and stats can be asked for). */
  loaded: boolean;
}

/** A feature of one run that a name in the code refers to. */
export interface FeatureMatch {
  run: RunFeatures;
  feature: FeatureInfo;
  /** True when the code names the feature exactly (not its bare name). */
  exact: boolean;
}

/**
 * The features a manifest names in its `factors` map, in the map's order (none when the map
 * is a file: those are known once the run is loaded).
 * @example manifestFeatures({ factors: { value: ['ep_fy1'] } }) // [{ name: 'ep_fy1', factor: 'value' }]
 */
export function manifestFeatures(manifest: Manifest): FeatureInfo[] {
  if (!manifest.factors || typeof manifest.factors === 'string') return [];
  const seen = new Set<string>();
  const out: FeatureInfo[] = [];
  for (const [factor, features] of Object.entries(manifest.factors)) {
    for (const name of features) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, factor });
    }
  }
  return out;
}

/** Looks code names up among the features of every run given. */
export class FeatureCatalog {
  private readonly byName = new Map<string, FeatureMatch[]>();

  constructor(readonly runs: readonly RunFeatures[]) {
    for (const run of runs) {
      for (const feature of run.features) {
        lookupNames(feature.name).forEach((name, i) => {
          const list = this.byName.get(name) ?? [];
          list.push({ run, feature, exact: i === 0 });
          this.byName.set(name, list);
        });
      }
    }
    // Exact names first, then loaded runs, then the runs' order.
    for (const list of this.byName.values()) list.sort((a, b) => Number(b.exact) - Number(a.exact) || Number(b.run.loaded) - Number(a.run.loaded));
  }

  /** The features `name` (as written in code) refers to, across runs; empty when none. */
  lookup(name: string): FeatureMatch[] {
    return this.byName.get(name) ?? [];
  }

  /** Every feature name of every run, sorted, without repeats (for a QuickPick). */
  featureNames(): string[] {
    return [...new Set(this.runs.flatMap((run) => run.features.map((f) => f.name)))].sort();
  }
}

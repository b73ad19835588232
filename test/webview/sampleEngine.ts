/**
 * The real engine on samples/russell2000 (with its baseline run v6), loaded the way the
 * extension's worker loads it: for sampleRun.test.ts, which plays the host with it, and for
 * test/fixtures/webview/record-sample.mjs, which records its answers as fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelEngine } from '../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../src/model/manifest';
import { duckdbSource } from '../unit/duckdb/testSource';
import { loadRun, type RunInput } from '../../src/model/run/loadRun';

/** Reads the manifest at `dir/manifest` and every table it names. */
function runInput(dir: string, manifestPath: string): RunInput {
  const { manifest, diagnostics } = parseManifest(readFileSync(join(dir, manifestPath), 'utf8'), manifestPath);
  const base = manifestPath.includes('/') ? manifestPath.slice(0, manifestPath.lastIndexOf('/') + 1) : '';
  const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: new Uint8Array(readFileSync(join(dir, base, t.path))) }));
  return { source: manifestPath, manifest, manifestDiagnostics: diagnostics, files };
}

/**
 * The sample run's engine, baseline included.
 * @param root the repository root (where the sample lies)
 */
export async function loadSampleEngine(root: string, sample = 'samples/russell2000'): Promise<PanelEngine> {
  const dir = join(root, sample);
  const input = runInput(dir, 'run.glassbox.json');
  const baselinePath = input.manifest?.baseline;
  const baseline = baselinePath ? runInput(dir, baselinePath) : null;
  return loadRun({ ...input, baseline }, await duckdbSource());
}

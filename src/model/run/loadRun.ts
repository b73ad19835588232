/**
 * From bytes to an engine: read each table, check it against the data contract, build the
 * panel and the cube. Runs wherever the model layer runs (the loader worker, the CLI, a
 * browser): it receives file bytes, never paths.
 */
import type { ColumnTable } from 'arquero';
import { buildCube, type Cube } from '../engine/cube';
import { PanelEngine, type EngineOptions } from '../engine/engine';
import { alignHorizons, type AlignedHorizon, alignReturns, type ForwardReturns, readReturns } from '../performance/returns';
import { InputError } from '../errors';
import type { Manifest } from '../manifest';
import { cappedDiagnostic, messages } from '../messages';
import type { ReadResult } from '../read/index';
import { resolveTableColumns } from '../schema/columns';
import type { Diagnostic, TableRole } from '../types';
import { type CellReader, type FeatureGrouping, type KeptCells, readContributions, type WideContributions } from './contributions';
import { assignFactors, readFactorTable } from './factors';
import { buildPanel, type Panel } from './panel';
import { readSecurities, type Securities } from './securities';
import { readWeights, type Weights } from './weights';

/**
 * One file of a run. `auto` (a table opened on its own) is decided from its columns. A file
 * comes as a path the engine reads where it lies (a local run), or as bytes (a `git:`
 * revision, a virtual workspace, a test); at least one of the two is set.
 */
export interface RunFile {
  role: TableRole | 'auto';
  name: string;
  bytes?: Uint8Array;
  path?: string;
}

/** What to read for one run. */
export interface RunInput {
  /** The manifest or table the user opened (for display). */
  source: string;
  manifest: Manifest | null;
  /** Diagnostics from parsing the manifest (and from reading what it names). */
  manifestDiagnostics: Diagnostic[];
  files: RunFile[];
}

export interface LoadRequest extends RunInput {
  /** The baseline run the manifest names, when it could be read. */
  baseline?: RunInput | null;
  options?: EngineOptions;
}

/** Reads a table from its bytes (the model layer's readers). */
export type TableReader = (bytes: Uint8Array, fileName: string) => Promise<ReadResult>;

/**
 * Where a run's tables are read from. The database-backed source reads files where they lie
 * and pivots long contributions itself; a plain TableReader reads bytes.
 */
export interface TableSource {
  read(file: RunFile): Promise<ReadResult>;
  /**
   * Long contributions already in the wide shape, or null to read the table whole instead.
   * With `grouping`, a table too large to hold may come by date (WideContributions.byDate),
   * its rows summed per group of features.
   */
  readLongContributions?(file: RunFile, overrides: Record<string, string> | undefined, diagnostics: Diagnostic[], grouping?: FeatureGrouping): Promise<WideContributions | null>;
  /**
   * A reader by date as CellReader.keep left it in the folder `dir` (the run cache's): null
   * when this source cannot reopen it, for the run to be read anew.
   */
  reopenCells?(kept: KeptCells, dir: string): Promise<CellReader | null>;
}

/** A TableReader as a TableSource (files must come as bytes). */
function asSource(read: TableReader | TableSource): TableSource {
  if (typeof read !== 'function') return read;
  return {
    read: (file) => {
      if (!file.bytes) throw new Error(`${file.name}: this reader needs the file's bytes`);
      return read(file.bytes, file.name);
    },
  };
}

/**
 * Where loaded runs are kept between opens (src/runCache keeps them on disk), so that
 * reopening an unchanged run skips reading and checking its files. The diagnostics a cached
 * run carries are those of reading its files; the manifest's own are added on every open.
 */
export interface RunCache {
  /**
   * The run as loaded before, or null when any of its files (or the manifest) changed. A run
   * read by date gets its cells' reader back from `reopen` (null: read the run anew).
   */
  get(input: RunInput, reopen?: (kept: KeptCells, dir: string) => Promise<CellReader | null>): Promise<LoadedPanel | null>;
  /** Keeps a run just loaded, in the background; a cache that cannot write skips it. */
  put(input: RunInput, loaded: LoadedPanel): void;
}

/** Progress messages for the notification ("Reading weights.csv…"). */
export type ProgressReporter = (message: string) => void;

/** One run read into a panel, with its forward returns aligned to the panel's rows. */
export interface LoadedPanel {
  panel: Panel;
  returns: Float64Array | null;
  /** Every horizon of a multi-horizon returns table, shortest first (the first is `returns`); null with one. */
  horizons: AlignedHorizon[] | null;
  files: { role: TableRole; name: string }[];
  diagnostics: Diagnostic[];
  /** The panel's cube, when the caller asked for it (the editor's first view needs it; `attribution` does not). */
  cube?: Cube;
}

/**
 * Reads the tables of one run and builds its panel (and its cube `withCube`), or takes them
 * from `cache` when the run's files are unchanged.
 */
export async function loadPanel(input: RunInput, reader: TableReader | TableSource, progress: ProgressReporter = () => {}, cache: RunCache | null = null, withCube = false): Promise<LoadedPanel> {
  const source = asSource(reader);
  const reopen = source.reopenCells?.bind(source);
  const cached = await cache?.get(input, reopen);
  if (cached) {
    progress('Opening the run as read before (its files are unchanged)…');
    return { ...cached, cube: withCube ? (cached.cube ?? buildCube(cached.panel)) : cached.cube, diagnostics: [...input.manifestDiagnostics.map(cappedDiagnostic), ...cached.diagnostics] };
  }
  const loaded = await readPanel(input, reader, progress);
  if (withCube) loaded.cube = buildCube(loaded.panel);
  cache?.put(input, { ...loaded, diagnostics: loaded.diagnostics.slice(input.manifestDiagnostics.length) });
  return loaded;
}

async function readPanel(input: RunInput, reader: TableReader | TableSource, progress: ProgressReporter): Promise<LoadedPanel> {
  // A table read by date holds what its reader opened (a table in DuckDB, a connection to
  // a server) until the run is closed: a load that fails after it must close it itself.
  const opened: CellReader[] = [];
  try {
    return await readTables(input, reader, progress, opened);
  } catch (error) {
    await Promise.all(opened.map((cells) => cells.close().catch(() => undefined)));
    throw error;
  }
}

async function readTables(input: RunInput, reader: TableReader | TableSource, progress: ProgressReporter, opened: CellReader[]): Promise<LoadedPanel> {
  const source = asSource(reader);
  const diagnostics: Diagnostic[] = [...input.manifestDiagnostics];
  const columns = input.manifest?.columns ?? {};
  let contributions: WideContributions | null = null;
  let weights: Weights | null = null;
  let securities: Securities | null = null;
  let returns: ForwardReturns | null = null;
  let factorMap = typeof input.manifest?.factors === 'object' ? input.manifest.factors : undefined;
  const files: { role: TableRole; name: string }[] = [];

  // A factor table first: contributions read by date are summed per factor as they are read.
  const readOrder = [...input.files].sort((a, b) => Number(b.role === 'factors') - Number(a.role === 'factors'));
  for (const file of readOrder) {
    progress(`Reading ${file.name}…`);
    if (file.role === 'contributions' && source.readLongContributions) {
      const long = await source.readLongContributions(file, columns.contributions, diagnostics, (features) => factorGroups(features, factorMap));
      if (long) {
        if (long.byDate) opened.push(long.byDate.cells);
        contributions = long;
        files.push({ role: 'contributions', name: file.name });
        continue;
      }
    }
    const { table, notes } = await source.read(file);
    diagnostics.push(...notes);
    const role = file.role === 'auto' ? detectRole(table, file.name) : file.role;
    files.push({ role, name: file.name });
    progress(`Checking ${file.name}…`);
    switch (role) {
      case 'contributions':
        contributions = readContributions(table, file.name, columns.contributions, diagnostics);
        break;
      case 'weights':
        weights = readWeights(table, file.name, columns.weights, diagnostics);
        break;
      case 'securities':
        securities = readSecurities(table, file.name, columns.securities);
        break;
      case 'factors':
        factorMap = readFactorTable(table, file.name, columns.factors);
        break;
      case 'returns':
        returns = readReturns(table, file.name, columns.returns);
        break;
    }
  }
  // Listed as the manifest lists them, whatever order they were read in.
  const listed = new Map(input.files.map((f, i) => [f.name, i]));
  files.sort((a, b) => (listed.get(a.name) ?? 0) - (listed.get(b.name) ?? 0));
  if (!contributions && !weights) throw new InputError(messages.manifestNoContributions(input.source), input.source);
  progress('Building the attribution cube…');
  const panel = buildPanel({ contributions, weights, securities, factorMap }, diagnostics);
  let aligned: Float64Array | null = null;
  let horizons: AlignedHorizon[] | null = null;
  if (returns) {
    const result = alignReturns(panel, returns);
    diagnostics.push(...result.diagnostics);
    aligned = result.values;
    const byHorizon = alignHorizons(panel, returns, result);
    diagnostics.push(...byHorizon.diagnostics);
    horizons = byHorizon.horizons;
  }
  return { panel, returns: aligned, horizons, files, diagnostics: diagnostics.map(cappedDiagnostic) };
}

/**
 * Each feature's factor as buildPanel assigns it (the same pure assignment, its notes left
 * to buildPanel), for a table whose rows the database sums per factor.
 */
export function factorGroups(features: readonly string[], factorMap: Record<string, string[]> | undefined): { groupOf: Int32Array; groups: number } {
  const { features: infos, factors } = assignFactors(features, factorMap, []);
  const index = new Map(factors.map((f, i) => [f, i]));
  return { groupOf: Int32Array.from(infos, (f) => index.get(f.factor) as number), groups: factors.length };
}

/** A run and its baseline read into panels, before the engine aggregates them. */
export interface ReadRun {
  request: LoadRequest;
  run: LoadedPanel;
  baseline: { panel: Panel; name: string } | null;
}

export interface ReadRunOptions {
  /** Build (or take from the cache) the run's cube: the editor's first view needs it, `glassbox attribution` does not. */
  withCube?: boolean;
  /** How the baseline is named (default: its manifest's name, else its path). */
  baselineName?: string;
}

/**
 * Reads a run, and its baseline when one is named: a baseline that cannot be read is a
 * warning on the run (the Compare tab says why), not a failure of the run itself.
 */
export async function readRun(request: LoadRequest, read: TableReader | TableSource, progress: ProgressReporter = () => {}, cache: RunCache | null = null, options: ReadRunOptions = {}): Promise<ReadRun> {
  const run = await loadPanel(request, read, progress, cache, options.withCube ?? false);
  let baseline: { panel: Panel; name: string } | null = null;
  if (request.baseline) {
    progress(`Reading the baseline ${request.baseline.source}…`);
    baseline = await loadBaseline(request.baseline, read, run.diagnostics, options.baselineName, cache);
  }
  return { request, run, baseline };
}

/** The engine over a run read by `readRun`: the manifest's constraints, signals and risk-free rate applied. */
export function runEngine({ request, run, baseline }: ReadRun): PanelEngine {
  return new PanelEngine(
    run.panel,
    { name: request.manifest?.name ?? request.source, source: request.source, files: run.files, diagnostics: run.diagnostics },
    request.options,
    { returns: run.returns, horizons: run.horizons, baseline, constraints: request.manifest?.constraints ?? {}, signals: request.manifest?.signals, riskFreeRate: request.manifest?.riskFreeRate, cube: run.cube },
  );
}

/** Reads a run and its baseline and builds its engine (the loader worker's way). */
export async function loadRun(request: LoadRequest, read: TableReader | TableSource, progress: ProgressReporter = () => {}, cache: RunCache | null = null): Promise<PanelEngine> {
  const engine = runEngine(await readRun(request, read, progress, cache, { withCube: true }));
  // A run read by date reads what its summary needs now, so that summary() answers at once.
  await engine.prepareSummary();
  return engine;
}

/**
 * A baseline run's panel, or null with a warning on the run when it cannot be read: a bad
 * baseline turns Compare with baseline off, it never stops the run itself. `name` defaults
 * to the baseline manifest's name, else its path.
 */
export async function loadBaseline(
  input: RunInput,
  read: TableReader | TableSource,
  diagnostics: Diagnostic[],
  name: string = input.manifest?.name ?? input.source,
  cache: RunCache | null = null,
): Promise<{ panel: Panel; name: string } | null> {
  try {
    return { panel: (await loadPanel(input, read, undefined, cache)).panel, name };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    diagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(input.source, reason), file: input.source });
    return null;
  }
}

/** A table opened on its own: long or wide contributions, or weights. */
export function detectRole(table: ColumnTable, file: string): TableRole {
  const probe = (role: TableRole) => {
    try {
      return resolveTableColumns(table, role, file);
    } catch {
      return null;
    }
  };
  const asContributions = probe('contributions');
  if (asContributions?.feature !== undefined && asContributions.contribution !== undefined) return 'contributions';
  if (probe('weights')) return 'weights';
  if (asContributions) return 'contributions';
  throw new InputError(messages.singleFileRole(file), file);
}

/**
 * From the command line's paths to a loaded run: the manifest (or a contributions file
 * with --weights, --securities, --returns, --factors), every table it names, and the
 * baseline, read by the same DuckDB-backed source as the editor's loader worker. This module
 * only resolves paths and says which file is missing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { DuckDbConnection } from '../duckdb/duckdbConnection';
import { LazyDuckDbSource } from '../duckdb/lazySource';
import { checkRemoteAllowed, credentialsFromEnv, openRemoteSource, remoteBaselineProblem, remoteRunFiles, withFiles } from '../clickhouse/remoteSource';
import type { EngineOptions, PanelEngine } from '../model/engine/engine';
import { InputError } from '../model/errors';
import { type Manifest, manifestTables, parseManifest } from '../model/manifest';
import { messages } from '../model/messages';
import { type ReadRun, readRun, type RunFile, type RunInput, runEngine } from '../model/run/loadRun';
import { buildIdentity, DEFAULT_CACHE_MB, userCacheDir } from '../runCache/cacheFolders';
import { FileRunCache } from '../runCache/fileRunCache';
import type { Panel } from '../model/run/panel';
import { type Roots } from '../workspace/confine';
import { cliMessages } from './messages';
import { cliRoots, confineNamedPath, type RootOptions } from './roots';

/** Tables given beside a contributions file instead of a manifest. */
export interface TableOptions {
  weights?: string;
  securities?: string;
  returns?: string;
  factors?: string;
}

export interface LoadedRun {
  /** Built on first use: the cube and the guardrails take time `attribution` does not need. */
  readonly engine: PanelEngine;
  panel: Panel;
  manifest: Manifest | null;
}

function isManifestPath(path: string): boolean {
  return /\.glassbox\.json$/i.test(path);
}

/** How a path is named in messages: relative to the working directory when inside it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A file that must exist and not be a folder: its path, checked. */
function checkedPath(path: string, name: string, missing: () => string): string {
  if (!existsSync(path)) throw new InputError(missing(), name);
  if (statSync(path).isDirectory()) throw new InputError(cliMessages.isDirectory(name), name);
  return path;
}

function readBytes(path: string, name: string, missing: () => string): Uint8Array {
  return new Uint8Array(readFileSync(checkedPath(path, name, missing)));
}

/**
 * A manifest and the bytes of every table it names, as the editor reads them (runSource.ts);
 * each table path is confined to `roots` before it is touched. `keyPrefix` names a
 * baseline's keys in messages ("baseline > weights").
 */
function readManifestRun(path: string, name: string, roots: Roots, keyPrefix = ''): RunInput {
  const text = new TextDecoder().decode(readBytes(path, name, () => cliMessages.notFound(name)));
  const { manifest, diagnostics } = parseManifest(text, name);
  // Tables in a database: named, not paths (the caller checks the source is allowed).
  if (manifest.source) return { source: name, manifest, manifestDiagnostics: diagnostics, files: remoteRunFiles(manifest) };
  const files: RunFile[] = manifestTables(manifest).map((t) => ({
    role: t.role,
    name: t.path,
    path: checkedPath(confineNamedPath(name, `${keyPrefix}${t.field}`, t.path, dirname(path), roots), name, () => messages.fileNotFound(name, t.field, t.path)),
  }));
  return { source: name, manifest, manifestDiagnostics: diagnostics, files };
}

/**
 * RUN as given on the command line: a manifest, or a table with its companions; `option`
 * names where it came from (--baseline). A manifest reads only inside its roots (`--root`,
 * `--allow`; see roots.ts).
 */
export function readRunInput(run: string, tables: TableOptions = {}, option?: string, rootOptions: RootOptions = {}): RunInput {
  const path = resolve(run);
  const name = display(path);
  const companions = Object.entries(tables).filter(([, file]) => file !== undefined) as [keyof TableOptions, string][];
  if (option !== undefined && !existsSync(path)) throw new InputError(cliMessages.optionFileNotFound(option, name), name);
  if (isManifestPath(path)) {
    if (companions.length) throw new InputError(cliMessages.tablesWithManifest(name, companions.map(([role]) => `--${role}`)), name);
    return readManifestRun(path, name, cliRoots(path, rootOptions));
  }
  const files: RunFile[] = [{ role: companions.length ? 'contributions' : 'auto', name, path: checkedPath(path, name, () => cliMessages.notFound(name)) }];
  for (const [role, file] of companions) {
    const tablePath = resolve(file);
    const tableName = display(tablePath);
    files.push({ role, name: tableName, path: checkedPath(tablePath, tableName, () => cliMessages.optionFileNotFound(`--${role}`, tableName)) });
  }
  return { source: name, manifest: null, manifestDiagnostics: [], files };
}

/** The manifest's baseline, relative to the manifest. Unreadable: a warning, as in the editor. */
function manifestBaseline(run: string, input: RunInput, rootOptions: RootOptions): RunInput | null {
  const baseline = input.manifest?.baseline;
  if (baseline === undefined) return null;
  try {
    const roots = cliRoots(resolve(run), rootOptions);
    const path = confineNamedPath(input.source, 'baseline', baseline, dirname(resolve(run)), roots);
    return readManifestRun(path, baseline, roots, 'baseline > ');
  } catch (error) {
    input.manifestDiagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(baseline, errorMessage(error)), file: input.source });
    return null;
  }
}

export interface LoadOptions {
  tables?: TableOptions;
  /** A baseline RUN given on the command line (instead of the manifest's). */
  baseline?: string;
  /** Whether to read the baseline at all (only `report` compares with it). */
  withBaseline?: boolean;
  /** Whether to read forward returns (tracking error, performance); default true. */
  withReturns?: boolean;
  engine?: EngineOptions;
  /** `--root` and `--allow`: the folders a manifest may read; `--allow-remote`: the databases. */
  roots?: RootOptions & { allowRemote?: string[] };
  /** Whether to take the run from, and keep it in, the user's run cache (default true; `--no-cache`). */
  cache?: boolean;
}

/** The command line's run cache: the user's cache folder, capped by GLASSBOX_CACHE_MB. */
function userRunCache(): FileRunCache {
  const mb = Number(process.env.GLASSBOX_CACHE_MB ?? DEFAULT_CACHE_MB);
  return new FileRunCache({ dir: userCacheDir(), maxBytes: (Number.isFinite(mb) && mb > 0 ? mb : 0) * 2 ** 20, build: buildIdentity(process.argv[1]) });
}

/**
 * Reads a run through the loader the editor uses (model/run/loadRun.ts: readRun, runEngine),
 * keeping the panel for the commands that sum over it; the engine is built on first use. A
 * baseline that cannot be read is a warning.
 */
export async function loadRunFromPaths(run: string, options: LoadOptions = {}): Promise<LoadedRun> {
  const input = readRunInput(run, options.tables, undefined, options.roots);
  if (options.withReturns === false) input.files = input.files.filter((f) => f.role !== 'returns');
  let baselineInput: RunInput | null = null;
  if (options.withBaseline) baselineInput = options.baseline !== undefined ? readRunInput(options.baseline, {}, '--baseline', options.roots) : manifestBaseline(run, input, options.roots ?? {});
  return loadRunInput(input, baselineInput, options);
}

/**
 * Reads a run given as a RunInput (files as paths or bytes, e.g. read from a Git revision)
 * with its baseline, when one is given, and builds its engine.
 */
export async function loadRunInput(input: RunInput, baselineInput: RunInput | null, options: LoadOptions = {}): Promise<LoadedRun> {
  // The command line has no setting: what the machine has, less room for everything else.
  const memoryBudgetMB = options.engine?.memoryLimitMB ?? Math.floor((totalmem() / 2 ** 20) * 0.6);
  // A run in a database (src/clickhouse/remoteSource.ts): only from a URL the user allowed.
  const baselineProblem = baselineInput ? remoteBaselineProblem(input.manifest, baselineInput.manifest) : null;
  if (baselineInput && baselineProblem) {
    input.manifestDiagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(baselineInput.source, baselineProblem), file: input.source });
    baselineInput = null;
  }
  if (input.manifest?.source) checkRemoteAllowed(input.manifest.source, options.roots?.allowRemote ?? [], input.source, 'cli');
  // A run in a database is never cached (its tables can change without a file to watch):
  // its files have no path, so the cache skips it.
  const cache = options.cache === false ? null : userRunCache();
  // DuckDB is opened only when a run is not cached: a warm command never loads it. The
  // cache writes in the background; the process exits once the write is done.
  const files = new LazyDuckDbSource(() => DuckDbConnection.open({ memoryLimitMB: memoryBudgetMB }), memoryBudgetMB, true);
  const remote = input.manifest?.source ? openRemoteSource(input.manifest.source, credentialsFromEnv()) : null;
  let read: ReadRun;
  try {
    const baselineName = baselineInput ? (baselineInput.manifest?.name ?? basename(baselineInput.source)) : undefined;
    read = await readRun({ ...input, baseline: baselineInput, options: options.engine }, remote ? withFiles(remote.source, files) : files, undefined, cache, { baselineName });
  } finally {
    // A run read by date (long contributions in a database, or past the memory budget)
    // reads its dates over these after the load: each closes after the run's reader.
    await files.close();
    remote?.source.close();
  }
  let engine: PanelEngine | undefined;
  return {
    get engine() {
      return (engine ??= runEngine(read));
    },
    panel: read.run.panel,
    manifest: input.manifest,
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

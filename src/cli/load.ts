/**
 * From the command line's paths to a loaded run: the manifest (or a contributions file
 * with --weights, --securities, --returns, --factors), the bytes of every table it names
 * read with node:fs, and the baseline. The model layer does the reading; this module only
 * turns paths into bytes and says which file is missing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PanelEngine, type EngineOptions } from '../model/engine/engine';
import { InputError } from '../model/errors';
import { type Manifest, manifestTables, parseManifest } from '../model/manifest';
import { messages } from '../model/messages';
import { initParquet, readTable } from '../model/read/index';
import { loadBaseline, loadPanel, type RunFile, type RunInput } from '../model/run/loadRun';
import type { Panel } from '../model/run/panel';
import { cliMessages } from './messages';

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

function readBytes(path: string, name: string, missing: () => string): Uint8Array {
  if (!existsSync(path)) throw new InputError(missing(), name);
  if (statSync(path).isDirectory()) throw new InputError(cliMessages.isDirectory(name), name);
  return new Uint8Array(readFileSync(path));
}

/** A manifest and the bytes of every table it names, as the editor reads them (runSource.ts). */
function readManifestRun(path: string, name: string): RunInput {
  const text = new TextDecoder().decode(readBytes(path, name, () => cliMessages.notFound(name)));
  const { manifest, diagnostics } = parseManifest(text, name);
  const files: RunFile[] = manifestTables(manifest).map((t) => ({
    role: t.role,
    name: t.path,
    bytes: readBytes(resolve(dirname(path), t.path), name, () => messages.fileNotFound(name, t.field, t.path)),
  }));
  return { source: name, manifest, manifestDiagnostics: diagnostics, files };
}

/** RUN as given on the command line: a manifest, or a table with its companions; `option` names where it came from (--baseline). */
export function readRunInput(run: string, tables: TableOptions = {}, option?: string): RunInput {
  const path = resolve(run);
  const name = display(path);
  const companions = Object.entries(tables).filter(([, file]) => file !== undefined) as [keyof TableOptions, string][];
  if (option !== undefined && !existsSync(path)) throw new InputError(cliMessages.optionFileNotFound(option, name), name);
  if (isManifestPath(path)) {
    if (companions.length) throw new InputError(cliMessages.tablesWithManifest(name, companions.map(([role]) => `--${role}`)), name);
    return readManifestRun(path, name);
  }
  const files: RunFile[] = [{ role: companions.length ? 'contributions' : 'auto', name, bytes: readBytes(path, name, () => cliMessages.notFound(name)) }];
  for (const [role, file] of companions) {
    const tablePath = resolve(file);
    const tableName = display(tablePath);
    files.push({ role, name: tableName, bytes: readBytes(tablePath, tableName, () => cliMessages.optionFileNotFound(`--${role}`, tableName)) });
  }
  return { source: name, manifest: null, manifestDiagnostics: [], files };
}

/** The manifest's baseline, relative to the manifest. Unreadable: a warning, as in the editor. */
function manifestBaseline(run: string, input: RunInput): RunInput | null {
  const baseline = input.manifest?.baseline;
  if (baseline === undefined) return null;
  try {
    return readManifestRun(resolve(dirname(resolve(run)), baseline), baseline);
  } catch (error) {
    input.manifestDiagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(baseline, errorMessage(error)), file: input.source });
    return null;
  }
}

let parquetReady: Promise<void> | undefined;

/** The parquet-wasm module: next to the bundle (dist/), else from node_modules. */
function parquetWasm(): Uint8Array {
  const here = dirname(fileURLToPath(import.meta.url));
  const besideBundle = join(here, 'parquet_wasm_bg.wasm');
  if (existsSync(besideBundle)) return new Uint8Array(readFileSync(besideBundle));
  const require = createRequire(import.meta.url);
  return new Uint8Array(readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));
}

/** Initialises Parquet only when a run has a Parquet file (CSV runs start faster). */
async function ensureParquet(inputs: (RunInput | null)[]): Promise<void> {
  const parquet = inputs.some((input) => input?.files.some((f) => /\.(parquet|pq)$/i.test(f.name) || (f.bytes.length >= 4 && f.bytes[0] === 0x50 && f.bytes[1] === 0x41 && f.bytes[2] === 0x52 && f.bytes[3] === 0x31)));
  if (parquet) await (parquetReady ??= initParquet(parquetWasm()));
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
}

/**
 * Reads a run and builds its engine, keeping the panel for the commands that sum over it.
 * Same steps as loadRun (model/run/loadRun.ts); a baseline that cannot be read is a warning.
 */
export async function loadRunFromPaths(run: string, options: LoadOptions = {}): Promise<LoadedRun> {
  const input = readRunInput(run, options.tables);
  if (options.withReturns === false) input.files = input.files.filter((f) => f.role !== 'returns');
  let baselineInput: RunInput | null = null;
  if (options.withBaseline) baselineInput = options.baseline !== undefined ? readRunInput(options.baseline, {}, '--baseline') : manifestBaseline(run, input);
  await ensureParquet([input, baselineInput]);
  const loaded = await loadPanel(input, readTable);
  const baseline = baselineInput ? await loadBaseline(baselineInput, readTable, loaded.diagnostics, baselineInput.manifest?.name ?? basename(baselineInput.source)) : null;
  let engine: PanelEngine | undefined;
  const build = () =>
    new PanelEngine(
      loaded.panel,
      { name: input.manifest?.name ?? input.source, source: input.source, files: loaded.files, diagnostics: loaded.diagnostics },
      options.engine,
      { returns: loaded.returns, baseline, constraints: input.manifest?.constraints ?? {}, riskFreeRate: input.manifest?.riskFreeRate },
    );
  return {
    get engine() {
      return (engine ??= build());
    },
    panel: loaded.panel,
    manifest: input.manifest,
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

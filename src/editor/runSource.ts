/**
 * What to read for a document: a manifest and the tables it names, or a single table.
 * Bytes come through `vscode.workspace.fs`, so remote, virtual and `git:` files work.
 */
import * as vscode from 'vscode';
import { InputError } from '../model/errors';
import { type Manifest, manifestTables, parseManifest } from '../model/manifest';
import { messages } from '../model/messages';
import type { RunFile, RunInput } from '../model/run/loadRun';
import type { Diagnostic } from '../model/types';
import type { Roots } from '../workspace/confine';
import { confineUri, workspaceRoots } from '../workspace/workspaceRoots';
import { remoteBaselineProblem, remoteRunFiles, type Credentials } from '../clickhouse/remoteSource';
import { checkRemoteSource, remoteCredentials } from './remoteAccess';

export interface RunSource {
  /** Display name of the opened file. */
  source: string;
  manifest: Manifest | null;
  manifestDiagnostics: Diagnostic[];
  files: RunFile[];
  /** The baseline run the manifest names, when it could be read (its problems are diagnostics). */
  baseline: RunInput | null;
  /** Every file the run was read from (to watch for changes). */
  uris: vscode.Uri[];
  /** For a run in a database (manifest `source`): the credentials the worker connects with. */
  credentials?: Credentials;
}

export function isManifest(uri: vscode.Uri): boolean {
  return /\.glassbox\.json$/i.test(uri.path);
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** A manifest path relative to the manifest's folder (or absolute on the same file system). */
export function resolveRelative(manifest: vscode.Uri, path: string): vscode.Uri {
  if (path.startsWith('/')) return manifest.with({ path });
  return vscode.Uri.joinPath(manifest, '..', path);
}

/**
 * How a run's files are reached. Paths are resolved on the opened file's URI; `toReadUri`
 * maps each resolved URI to the one actually read (e.g. the same file at a Git ref, through
 * the Git extension's `git:` URIs, whose path lives in the query and cannot be joined).
 */
export interface ReadOptions {
  /** Default: read the URI itself. */
  toReadUri?: (uri: vscode.Uri) => vscode.Uri;
  /** Read the baseline the manifest names (default true). */
  withBaseline?: boolean;
}

type Fs = {
  stat(uri: vscode.Uri): Thenable<vscode.FileStat>;
  readFile(uri: vscode.Uri): Thenable<Uint8Array>;
  /** Whether the bytes of `uri` come from that local file (then symbolic links are followed when confining). */
  readsLocalFile(uri: vscode.Uri): boolean;
};

/** `vscode.workspace.fs`, reading every URI through `toReadUri`. */
function mappedFs(toReadUri: (uri: vscode.Uri) => vscode.Uri = (uri) => uri): Fs {
  return {
    stat: (uri) => vscode.workspace.fs.stat(toReadUri(uri)),
    readFile: (uri) => vscode.workspace.fs.readFile(toReadUri(uri)),
    readsLocalFile: (uri) => toReadUri(uri).scheme === 'file',
  };
}

async function exists(fs: Fs, uri: vscode.Uri): Promise<boolean> {
  try {
    await fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Called with every file's name and size before any is read: may throw to stop the load
 * (the size guard asks the user, or refuses a run above the memory budget).
 */
export type BeforeRead = (files: { name: string; size: number; role: RunFile['role'] }[]) => Promise<void>;

export async function readRunSource(uri: vscode.Uri, beforeRead: BeforeRead = async () => {}, options: ReadOptions = {}): Promise<RunSource> {
  const fs = mappedFs(options.toReadUri);
  const source = basename(uri);
  if (!isManifest(uri)) {
    await beforeRead([{ name: source, size: (await fs.stat(uri)).size, role: 'auto' }]);
    const [file] = await readTables(fs, [{ role: 'auto', path: source, uri }], options.toReadUri === undefined);
    return { source, manifest: null, manifestDiagnostics: [], files: [file], baseline: null, uris: [uri] };
  }
  // Every path the manifest names, and its baseline's, must lie inside these (confine.ts).
  const roots = await workspaceRoots(uri);
  const run = await planManifestRun(fs, uri, source, roots);
  const remote = run.manifest.source;
  // Tables in a database: only from a URL the user allowed, read by the worker.
  if (remote) checkRemoteSource(remote, source);
  let baselinePlan: Awaited<ReturnType<typeof planManifestRun>> | null = null;
  if (run.manifest.baseline !== undefined && options.withBaseline !== false) {
    try {
      const baselineUri = resolveRelative(uri, run.manifest.baseline);
      await confineUri({ manifest: source, key: 'baseline', written: run.manifest.baseline }, baselineUri, roots, fs.readsLocalFile(baselineUri));
      baselinePlan = await planManifestRun(fs, baselineUri, run.manifest.baseline, roots, 'baseline > ');
      // Files, or tables of the run's own database (read over the run's connection).
      const problem = remoteBaselineProblem(run.manifest, baselinePlan.manifest);
      if (problem) throw new InputError(problem, run.manifest.baseline);
    } catch (error) {
      baselinePlan = null;
      const reason = error instanceof Error ? error.message : String(error);
      run.diagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(run.manifest.baseline, reason), file: source });
    }
  }
  // Tables in a database have no size to ask about; a remote plan lists none.
  await beforeRead([...run.tables, ...(baselinePlan?.tables ?? [])].map((t) => ({ name: t.path, size: t.size, role: t.role })));
  const onDisk = options.toReadUri === undefined;
  const files = remote ? remoteRunFiles(run.manifest) : await readTables(fs, run.tables, onDisk);
  let baseline: RunInput | null = null;
  const uris = [uri, ...run.tables.map((t) => t.uri)];
  if (baselinePlan && run.manifest.baseline !== undefined) {
    try {
      const baselineFiles = baselinePlan.manifest.source ? remoteRunFiles(baselinePlan.manifest) : await readTables(fs, baselinePlan.tables, onDisk);
      baseline = { source: run.manifest.baseline, manifest: baselinePlan.manifest, manifestDiagnostics: baselinePlan.diagnostics, files: baselineFiles };
      uris.push(resolveRelative(uri, run.manifest.baseline), ...baselinePlan.tables.map((t) => t.uri));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      run.diagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(run.manifest.baseline, reason), file: source });
    }
  }
  const credentials = remote ? await remoteCredentials(remote.url) : undefined;
  return { source, manifest: run.manifest, manifestDiagnostics: run.diagnostics, files, baseline, uris, ...(credentials ? { credentials } : {}) };
}

interface PlannedTable {
  role: RunFile['role'];
  field: string;
  path: string;
  uri: vscode.Uri;
  size: number;
}

/**
 * A manifest parsed, and every table it names found (with its size), nothing read yet;
 * `name` is how messages call the manifest. A table outside `roots` is refused before it
 * is stat'ed; `keyPrefix` names a baseline's keys in that message ("baseline > weights").
 */
async function planManifestRun(fs: Fs, uri: vscode.Uri, name: string, roots: Roots, keyPrefix = ''): Promise<{ manifest: Manifest; diagnostics: Diagnostic[]; tables: PlannedTable[] }> {
  if (!(await exists(fs, uri))) throw new InputError(messages.manifestMissing(name), name);
  const text = new TextDecoder().decode(await fs.readFile(uri));
  const { manifest, diagnostics } = parseManifest(text, name);
  const tables: PlannedTable[] = [];
  // A run in a database names tables, not files (readRunSource reads it through the worker).
  if (manifest.source) return { manifest, diagnostics, tables };
  for (const table of manifestTables(manifest)) {
    const tableUri = resolveRelative(uri, table.path);
    await confineUri({ manifest: name, key: `${keyPrefix}${table.field}`, written: table.path }, tableUri, roots, fs.readsLocalFile(tableUri));
    let size: number;
    try {
      size = (await fs.stat(tableUri)).size;
    } catch {
      throw new InputError(messages.fileNotFound(name, table.field, table.path), name);
    }
    tables.push({ ...table, uri: tableUri, size });
  }
  return { manifest, diagnostics, tables };
}

/**
 * Each table as the loader reads it: a local file by its path (the worker's database scans it
 * where it lies, however large), anything else (a `git:` revision, a remote or virtual
 * workspace) by its bytes.
 */
function readTables(fs: Fs, tables: Pick<PlannedTable, 'role' | 'path' | 'uri'>[], onDisk: boolean): Promise<RunFile[]> {
  return Promise.all(
    tables.map(async (t): Promise<RunFile> => (onDisk && t.uri.scheme === 'file' ? { role: t.role, name: t.path, path: t.uri.fsPath } : { role: t.role, name: t.path, bytes: await fs.readFile(t.uri) })),
  );
}

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

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Called with every file's name and size before any is read: may throw to stop the load
 * (the size guard asks the user, or refuses a run above the memory budget).
 */
export type BeforeRead = (files: { name: string; size: number }[]) => Promise<void>;

export async function readRunSource(uri: vscode.Uri, beforeRead: BeforeRead = async () => {}): Promise<RunSource> {
  const source = basename(uri);
  if (!isManifest(uri)) {
    await beforeRead([{ name: source, size: (await vscode.workspace.fs.stat(uri)).size }]);
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { source, manifest: null, manifestDiagnostics: [], files: [{ role: 'auto', name: source, bytes }], baseline: null, uris: [uri] };
  }
  const run = await planManifestRun(uri, source);
  let baselinePlan: Awaited<ReturnType<typeof planManifestRun>> | null = null;
  if (run.manifest.baseline !== undefined) {
    try {
      baselinePlan = await planManifestRun(resolveRelative(uri, run.manifest.baseline), run.manifest.baseline);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      run.diagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(run.manifest.baseline, reason), file: source });
    }
  }
  await beforeRead([...run.tables, ...(baselinePlan?.tables ?? [])].map((t) => ({ name: t.path, size: t.size })));
  const files = await readTables(run.tables);
  let baseline: RunInput | null = null;
  const uris = [uri, ...run.tables.map((t) => t.uri)];
  if (baselinePlan && run.manifest.baseline !== undefined) {
    try {
      const read = { ...baselinePlan, files: await readTables(baselinePlan.tables) };
      baseline = { source: run.manifest.baseline, manifest: read.manifest, manifestDiagnostics: read.diagnostics, files: read.files };
      uris.push(resolveRelative(uri, run.manifest.baseline), ...read.tables.map((t) => t.uri));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      run.diagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(run.manifest.baseline, reason), file: source });
    }
  }
  return { source, manifest: run.manifest, manifestDiagnostics: run.diagnostics, files, baseline, uris };
}

interface PlannedTable {
  role: RunFile['role'];
  field: string;
  path: string;
  uri: vscode.Uri;
  size: number;
}

/** A manifest parsed, and every table it names found (with its size), nothing read yet; `name` is how messages call the manifest. */
async function planManifestRun(uri: vscode.Uri, name: string): Promise<{ manifest: Manifest; diagnostics: Diagnostic[]; tables: PlannedTable[] }> {
  if (!(await exists(uri))) throw new InputError(messages.manifestMissing(name), name);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const { manifest, diagnostics } = parseManifest(text, name);
  const tables: PlannedTable[] = [];
  for (const table of manifestTables(manifest)) {
    const tableUri = resolveRelative(uri, table.path);
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(tableUri)).size;
    } catch {
      throw new InputError(messages.fileNotFound(name, table.field, table.path), name);
    }
    tables.push({ ...table, uri: tableUri, size });
  }
  return { manifest, diagnostics, tables };
}

function readTables(tables: PlannedTable[]): Promise<RunFile[]> {
  return Promise.all(tables.map(async (t): Promise<RunFile> => ({ role: t.role, name: t.path, bytes: await vscode.workspace.fs.readFile(t.uri) })));
}

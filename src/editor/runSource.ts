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

export async function readRunSource(uri: vscode.Uri): Promise<RunSource> {
  const source = basename(uri);
  if (!isManifest(uri)) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { source, manifest: null, manifestDiagnostics: [], files: [{ role: 'auto', name: source, bytes }], baseline: null, uris: [uri] };
  }
  const run = await readManifestRun(uri, source);
  let baseline: RunInput | null = null;
  const uris = [...run.uris];
  if (run.manifest.baseline !== undefined) {
    const baselineUri = resolveRelative(uri, run.manifest.baseline);
    try {
      const read = await readManifestRun(baselineUri, run.manifest.baseline);
      baseline = { source: run.manifest.baseline, manifest: read.manifest, manifestDiagnostics: read.diagnostics, files: read.files };
      uris.push(...read.uris);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      run.diagnostics.push({ severity: 'warning', code: 'baseline-unreadable', message: messages.baselineUnreadable(run.manifest.baseline, reason), file: source });
    }
  }
  return { source, manifest: run.manifest, manifestDiagnostics: run.diagnostics, files: run.files, baseline, uris };
}

/** A manifest and the bytes of every table it names; `name` is how messages call the manifest. */
async function readManifestRun(uri: vscode.Uri, name: string): Promise<{ manifest: Manifest; diagnostics: Diagnostic[]; files: RunFile[]; uris: vscode.Uri[] }> {
  if (!(await exists(uri))) throw new InputError(`${name} does not exist.`, name);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const { manifest, diagnostics } = parseManifest(text, name);
  const tables = manifestTables(manifest).map((t) => ({ ...t, uri: resolveRelative(uri, t.path) }));
  for (const table of tables) {
    if (!(await exists(table.uri))) throw new InputError(messages.fileNotFound(name, table.field, table.path), name);
  }
  const files = await Promise.all(tables.map(async (t): Promise<RunFile> => ({ role: t.role, name: t.path, bytes: await vscode.workspace.fs.readFile(t.uri) })));
  return { manifest, diagnostics, files, uris: [uri, ...tables.map((t) => t.uri)] };
}

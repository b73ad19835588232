/**
 * What to read for a document: a manifest and the tables it names, or a single table.
 * Bytes come through `vscode.workspace.fs`, so remote, virtual and `git:` files work.
 */
import * as vscode from 'vscode';
import { InputError } from '../model/errors';
import { type Manifest, manifestTables, parseManifest } from '../model/manifest';
import { messages } from '../model/messages';
import type { RunFile } from '../model/run/loadRun';
import type { Diagnostic } from '../model/types';

export interface RunSource {
  /** Display name of the opened file. */
  source: string;
  manifest: Manifest | null;
  manifestDiagnostics: Diagnostic[];
  files: RunFile[];
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
    return { source, manifest: null, manifestDiagnostics: [], files: [{ role: 'auto', name: source, bytes }], uris: [uri] };
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const { manifest, diagnostics } = parseManifest(text, source);
  const tables = manifestTables(manifest).map((t) => ({ ...t, uri: resolveRelative(uri, t.path) }));
  for (const table of tables) {
    if (!(await exists(table.uri))) throw new InputError(messages.fileNotFound(source, table.field, table.path), source);
  }
  const files = await Promise.all(tables.map(async (t): Promise<RunFile> => ({ role: t.role, name: t.path, bytes: await vscode.workspace.fs.readFile(t.uri) })));
  return { source, manifest, manifestDiagnostics: diagnostics, files, uris: [uri, ...tables.map((t) => t.uri)] };
}

/**
 * The research files a run's features are looked for in, and their text: the manifest's
 * `code.features` globs relative to its folder, else the workspace's research files. Text
 * comes from the open editor when the file is open (unsaved edits count), else through
 * `vscode.workspace.fs`, cached per file by modification time and size.
 */
import * as vscode from 'vscode';
import { globEscapes, type Roots } from '../workspace/confine';
import { confineMessages } from '../workspace/messages';
import { fileInside, workspaceRoots } from '../workspace/workspaceRoots';
import { CODE_EXTENSIONS } from './definitions';
import { codeMessages } from './messages';

/** At most this many files are searched for one feature (a huge monorepo must not stall the host). */
export const MAX_FILES = 2000;
const RESEARCH_GLOB = `**/*.{${CODE_EXTENSIONS.join(',')}}`;
const EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,build,venv,.venv,env,__pycache__,site-packages}/**';

/** Where a feature is looked for: the files, and how to say so when nothing is found. */
export interface SearchScope {
  files: vscode.Uri[];
  /** "research/features/**\/*.py (the manifest's code.features, under russell2000)". */
  description: string;
  /** Globs refused and files skipped because they lead outside the workspace (confine.ts). */
  warnings: string[];
}

/** The manifest's folder. */
export function manifestFolder(manifest: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(manifest, '..');
}

/**
 * The files to search: the union of each manifest's `code.features` globs under its folder
 * (in the order given), else the workspace's *.py, *.ts, *.sql, *.R and *.jl files outside
 * dependency and build folders.
 */
export async function searchScope(manifests: readonly { uri: vscode.Uri; globs: readonly string[] }[], token?: vscode.CancellationToken): Promise<SearchScope> {
  const withGlobs = manifests.filter((m) => m.globs.length > 0);
  const warnings: string[] = [];
  if (withGlobs.length) {
    const seen = new Set<string>();
    const files: vscode.Uri[] = [];
    for (const { uri, globs } of withGlobs) {
      const roots = await workspaceRoots(uri);
      const name = vscode.workspace.asRelativePath(uri);
      for (const glob of globs) {
        const refused = globEscapes(name, glob, roots);
        if (refused) {
          warnings.push(refused);
          continue;
        }
        const found = await vscode.workspace.findFiles(new vscode.RelativePattern(manifestFolder(uri), glob), EXCLUDE_GLOB, MAX_FILES, token);
        const inside = await filesInside(found, roots);
        if (inside.length < found.length) warnings.push(confineMessages.fileOutside(name, glob, roots.description));
        for (const file of inside.sort(byPath)) {
          if (seen.has(file.toString()) || files.length >= MAX_FILES) continue;
          seen.add(file.toString());
          files.push(file);
        }
      }
    }
    const description = withGlobs.map(({ uri, globs }) => codeMessages.searchedGlobs(globs, vscode.workspace.asRelativePath(manifestFolder(uri)))).join('; ');
    return { files, description, warnings };
  }
  // The workspace's own files, but none that a symbolic link leads out of its folder.
  const found = await vscode.workspace.findFiles(RESEARCH_GLOB, EXCLUDE_GLOB, MAX_FILES, token);
  const byFolder = new Map<string, vscode.Uri[]>();
  for (const file of found) {
    const folder = vscode.workspace.getWorkspaceFolder(file)?.uri.toString() ?? '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const files: vscode.Uri[] = [];
  for (const group of byFolder.values()) files.push(...(await filesInside(group, await workspaceRoots(group[0]))));
  files.sort(byPath);
  return { files, description: codeMessages.searchedWorkspace(files.length) + (files.length >= MAX_FILES ? ` (${codeMessages.tooManyFiles(MAX_FILES)})` : ''), warnings };
}

/** The files that lie inside `roots` after following symbolic links, in their order. */
async function filesInside(files: readonly vscode.Uri[], roots: Roots): Promise<vscode.Uri[]> {
  const inside = await Promise.all(files.map((file) => fileInside(file, roots)));
  return files.filter((_, i) => inside[i]);
}

function byPath(a: vscode.Uri, b: vscode.Uri): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

interface CachedText {
  /** `v<version>` for an open document, `<mtime>:<size>` for a file on disk. */
  key: string;
  text: string;
}

/** File texts by URI, re-read only when the file (or its open document) changed. */
export class CodeTextCache {
  private readonly texts = new Map<string, CachedText>();
  private readonly decoder = new TextDecoder();

  /** The file's current text; null when it cannot be read (deleted meanwhile, a folder). */
  async text(uri: vscode.Uri): Promise<string | null> {
    const id = uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === id);
    if (open) return this.remember(id, `v${open.version}`, () => open.getText());
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return null;
      const key = `${stat.mtime}:${stat.size}`;
      const cached = this.texts.get(id);
      if (cached?.key === key) return cached.text;
      const text = this.decoder.decode(await vscode.workspace.fs.readFile(uri));
      this.texts.set(id, { key, text });
      return text;
    } catch {
      this.texts.delete(id);
      return null;
    }
  }

  /** Forget a file (deleted or renamed). */
  forget(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  private remember(id: string, key: string, read: () => string): string {
    const cached = this.texts.get(id);
    if (cached?.key === key) return cached.text;
    const text = read();
    this.texts.set(id, { key, text });
    return text;
  }
}

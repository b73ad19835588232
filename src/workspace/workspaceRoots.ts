/**
 * The folders a manifest opened in VS Code may read (src/workspace/confine.ts): the
 * workspace folder that holds it (else the Git top level of its folder, else its folder),
 * plus the `glassbox.allowedRoots` user setting in a trusted workspace. Paths are compared
 * as URI paths; for `file:` URIs symbolic links are followed too.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { type NamedPath, confinePath, makeRoots, normalizePath, type Realpath, resolvePath, type Roots } from './confine';
import { confineMessages } from './messages';

export const ALLOWED_ROOTS_SETTING = 'glassbox.allowedRoots';

/** node:fs realpath, or null when the path does not exist. */
export const realpathOrNull: Realpath = async (path) => {
  try {
    return await fs.realpath(path);
  } catch {
    return null;
  }
};

/**
 * `glassbox.allowedRoots`: absolute folders, from the user's settings only (the setting is
 * machine-scoped, so a workspace cannot set it) and only in a trusted workspace.
 */
export function allowedRoots(): string[] {
  if (!vscode.workspace.isTrusted) return [];
  const value = vscode.workspace.getConfiguration('glassbox').get<unknown>('allowedRoots', []);
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p.startsWith('/')).map(normalizePath) : [];
}

/** The nearest ancestor of a local folder (itself included) holding `.git`, or null. */
async function gitTopLevel(folder: string): Promise<string | null> {
  for (let current = normalizePath(folder); ; current = resolvePath(current, '..')) {
    try {
      await fs.stat(`${current}/.git`);
      return current;
    } catch {
      if (current === '/') return null;
    }
  }
}

/** The roots of the manifest `manifest` (its workspace folder, allowed folders and their real paths). */
export async function workspaceRoots(manifest: vscode.Uri): Promise<Roots> {
  const local = manifest.scheme === 'file';
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(manifest);
  const manifestDir = resolvePath(manifest.path, '..');
  let root: string;
  let where: string;
  if (workspaceFolder) {
    root = workspaceFolder.uri.path;
    where = confineMessages.workspaceFolder(workspaceFolder.name);
  } else {
    const git = local ? await gitTopLevel(manifestDir) : null;
    root = git ?? manifestDir;
    where = git ? confineMessages.gitRoot(git) : confineMessages.manifestFolder(manifestDir);
  }
  const allowed = allowedRoots();
  const folders = [root, ...allowed];
  const real = local ? await Promise.all(folders.map(async (f) => (await realpathOrNull(f)) ?? f)) : [];
  return makeRoots(folders, real, allowed.length ? confineMessages.andAllowed(where, allowed.length) : where, confineMessages.allowInEditor());
}

/**
 * Refuses (an InputError naming the manifest key) a URI a manifest names that leads outside
 * `roots`, before anything reads or stats it. `readsLocalFile`: the bytes come from this
 * local path (links are followed then), not through a `git:` or virtual URI.
 */
export async function confineUri(named: Omit<NamedPath, 'resolved'>, uri: vscode.Uri, roots: Roots, readsLocalFile: boolean): Promise<void> {
  await confinePath({ ...named, resolved: normalizePath(uri.path) }, roots, readsLocalFile ? realpathOrNull : null);
}

/** Whether a file found by a glob still lies inside `roots` after following links. */
export async function fileInside(uri: vscode.Uri, roots: Roots): Promise<boolean> {
  try {
    await confineUri({ manifest: '', key: '', written: '' }, uri, roots, uri.scheme === 'file');
    return true;
  } catch {
    return false;
  }
}

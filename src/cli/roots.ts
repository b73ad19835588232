/**
 * The folders a manifest given on the command line may read (src/workspace/confine.ts):
 * `--root DIR`, else the Git top level of the manifest's folder (the nearest ancestor with
 * a `.git`), else the manifest's folder; plus every `--allow DIR`.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { confinePathSync, makeRoots, type RealpathSync, type Roots } from '../workspace/confine';
import { confineMessages } from '../workspace/messages';

/** `--root` and `--allow` as given. */
export interface RootOptions {
  root?: string;
  allow?: readonly string[];
}

/** node:fs realpath, or null when the path does not exist. */
export const realpathOrNull: RealpathSync = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
};

/** The nearest ancestor of `dir` (itself included) holding `.git`, or null. */
export function gitTopLevel(dir: string): string | null {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return null;
  }
}

/** The roots of the manifest at `manifestPath` under the command line's options. */
export function cliRoots(manifestPath: string, options: RootOptions = {}): Roots {
  const folder = dirname(resolve(manifestPath));
  const root = options.root !== undefined ? resolve(options.root) : (gitTopLevel(folder) ?? folder);
  const allowed = (options.allow ?? []).map((dir) => resolve(dir));
  const folders = [root, ...allowed];
  const real = folders.map((f) => realpathOrNull(f) ?? f);
  const where = options.root !== undefined ? confineMessages.cliRoot(root, true) : root === folder ? confineMessages.cliRoot(root, false) : confineMessages.gitRoot(root);
  return makeRoots(folders, real, allowed.length ? confineMessages.andAllowed(where, allowed.length) : where, confineMessages.allowInCli());
}

/**
 * The path a manifest names under `key`, resolved against the manifest's folder and
 * confined to `roots` (an InputError naming the key when it leads outside); returns the
 * real path to read (links followed, so a link swapped after the check is not followed).
 */
export function confineNamedPath(manifest: string, key: string, written: string, manifestDir: string, roots: Roots): string {
  return confinePathSync({ manifest, key, written, resolved: resolve(manifestDir, written) }, roots, realpathOrNull);
}

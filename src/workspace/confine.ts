/**
 * Where a manifest may point. A manifest arriving in a pull request is untrusted: every
 * path it names (tables, the factor map table, the baseline manifest and everything the
 * baseline names, code globs) must lie inside the folders it is allowed to read, after
 * following symbolic links, or it is refused before the file is opened or even stat'ed.
 *
 * Pure decision logic on POSIX paths (file system paths, or the path part of a URI), used
 * by the extension (src/editor/runSource.ts, src/code/codeFiles.ts) and the command line
 * (src/cli/load.ts); the callers supply `realpath` and say how the allowed folders are named.
 */
import { InputError } from '../model/errors';
import { confineMessages } from './messages';

/** The folders a manifest may read, and how messages name them and say how to allow more. */
export interface Roots {
  /** Absolute, normalised folders, as given (e.g. the workspace folder's path). */
  folders: readonly string[];
  /** The same folders after following symbolic links (empty when paths are not on a local disk). */
  realFolders: readonly string[];
  /** How messages name the allowed folders: "the workspace folder 'research'", "the root /repo (--root)". */
  description: string;
  /** The sentence saying how to allow another folder. */
  howToAllow: string;
}

/**
 * A POSIX path with `.`, `..` and repeated slashes resolved; `..` above the root stays at
 * the root. Relative paths stay relative (leading `..` kept).
 * @example normalizePath('/ws/run/../../etc//passwd') // '/etc/passwd'
 */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/') || (absolute ? '/' : '.');
}

/**
 * `path` resolved against the folder `dir` (absolute paths stay as they are), normalised.
 * @example resolvePath('/ws/run', '../data/w.csv') // '/ws/data/w.csv'
 */
export function resolvePath(dir: string, path: string): string {
  return normalizePath(path.startsWith('/') ? path : `${dir}/${path}`);
}

/**
 * Whether `path` is `folder` or lies below it (both absolute and normalised).
 * @example isInside('/ws/data/w.csv', '/ws') // true; isInside('/wsx/w.csv', '/ws') // false
 */
export function isInside(path: string, folder: string): boolean {
  if (folder === '/') return path.startsWith('/');
  return path === folder || path.startsWith(`${folder}/`);
}

/** Whether `path` lies inside one of `folders`. */
export function insideAny(path: string, folders: readonly string[]): boolean {
  return folders.some((folder) => isInside(path, normalizePath(folder)));
}

/** `realpath` of an existing path, or null when it does not exist (or cannot be resolved). */
export type RealpathSync = (path: string) => string | null;
export type Realpath = (path: string) => Promise<string | null>;

/**
 * Where `path` leads after following symbolic links, also when the file itself does not
 * exist yet: the real path of its deepest existing ancestor, with the rest appended (the
 * missing part cannot be a link). Only links are followed: nothing is opened.
 */
export function realpathSync(path: string, realpath: RealpathSync): string {
  const rest: string[] = [];
  let current = normalizePath(path);
  for (;;) {
    const real = realpath(current);
    if (real !== null) return normalizePath([real, ...rest.reverse()].join('/'));
    if (current === '/') return normalizePath(path);
    const slash = current.lastIndexOf('/');
    rest.push(current.slice(slash + 1));
    current = slash <= 0 ? '/' : current.slice(0, slash);
  }
}

/** realpathSync with an asynchronous `realpath` (the extension host must not block). */
export async function realpathAsync(path: string, realpath: Realpath): Promise<string> {
  const rest: string[] = [];
  let current = normalizePath(path);
  for (;;) {
    const real = await realpath(current);
    if (real !== null) return normalizePath([real, ...rest.reverse()].join('/'));
    if (current === '/') return normalizePath(path);
    const slash = current.lastIndexOf('/');
    rest.push(current.slice(slash + 1));
    current = slash <= 0 ? '/' : current.slice(0, slash);
  }
}

/** A path a manifest names: which manifest, under which key, as written, and resolved. */
export interface NamedPath {
  /** How messages name the manifest (e.g. `run.glassbox.json`). */
  manifest: string;
  /** The manifest key, e.g. `weights`, `factors`, `baseline`, `baseline > weights`, `code.features`. */
  key: string;
  /** The path as the manifest writes it. */
  written: string;
  /** Absolute and normalised (lexically: `..` resolved, links not followed). */
  resolved: string;
}

/**
 * The first check, on the path as written: refused (an InputError naming the manifest key)
 * when it lies outside every allowed folder, before anything on disk is touched.
 */
export function confineLexically(named: NamedPath, roots: Roots): void {
  if (!insideAny(named.resolved, [...roots.folders, ...roots.realFolders])) throw refusal(named, roots, 'path');
}

/** The second check, after following links: `real` is where `named.resolved` leads. */
export function confineReal(named: NamedPath, real: string, roots: Roots): void {
  if (roots.realFolders.length && !insideAny(real, roots.realFolders)) throw refusal(named, roots, 'link');
}

/** Both checks with a synchronous realpath (the command line). Returns the real path. */
export function confinePathSync(named: NamedPath, roots: Roots, realpath: RealpathSync): string {
  confineLexically(named, roots);
  const real = realpathSync(named.resolved, realpath);
  confineReal(named, real, roots);
  return real;
}

/** Both checks with an asynchronous realpath (the extension); `realpath` null for paths not on a local disk. */
export async function confinePath(named: NamedPath, roots: Roots, realpath: Realpath | null): Promise<void> {
  confineLexically(named, roots);
  if (realpath) confineReal(named, await realpathAsync(named.resolved, realpath), roots);
}

/**
 * A glob of `code.features` may only look below the manifest's folder: an absolute glob or
 * one with a `..` segment is refused (the files a glob finds are checked one by one too).
 * Returns the refusal message, or null when the glob is fine.
 */
export function globEscapes(manifest: string, glob: string, roots: Roots): string | null {
  const segments = glob.split(/[\\/]/);
  if (glob.startsWith('/') || /^[A-Za-z]:/.test(glob) || segments.includes('..')) return confineMessages.globOutside(manifest, glob, roots.description);
  return null;
}

/** Roots made of `folders` (normalised), their real paths given by the caller. */
export function makeRoots(folders: readonly string[], realFolders: readonly string[], description: string, howToAllow: string): Roots {
  const unique = (xs: readonly string[]) => [...new Set(xs.map(normalizePath))];
  return { folders: unique(folders), realFolders: unique(realFolders), description, howToAllow };
}

function refusal(named: NamedPath, roots: Roots, via: 'path' | 'link'): InputError {
  const message = via === 'path' ? confineMessages.outside(named.manifest, named.key, named.written, roots.description, roots.howToAllow) : confineMessages.linkOutside(named.manifest, named.key, named.written, roots.description, roots.howToAllow);
  return new InputError(message, named.manifest);
}

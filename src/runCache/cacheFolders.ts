/**
 * Where the run cache lives and which build wrote it. The extension keeps it in its global
 * storage (runDocument.ts passes the folder); the command line in the user's cache folder,
 * as each platform names it, unless GLASSBOX_CACHE_DIR says otherwise.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { version } from '../../package.json';

/** The cache's default size cap, in megabytes (the `glassbox.cacheSizeMB` setting's default). */
export const DEFAULT_CACHE_MB = 2048;

/** The command line's cache folder. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GLASSBOX_CACHE_DIR) return env.GLASSBOX_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'glassbox', 'cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'glassbox');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'glassbox');
}

/**
 * The identity of the code reading runs: its version and the bundle it runs from (size and
 * modification time), so that a rebuilt or upgraded Glass Box never shows a run as an older
 * build read it.
 */
export function buildIdentity(script: string | undefined): string {
  try {
    const s = script ? statSync(script) : null;
    return s ? `${version}:${s.size}:${s.mtimeMs}` : `${version}:unknown`;
  } catch {
    return `${version}:unknown`;
  }
}

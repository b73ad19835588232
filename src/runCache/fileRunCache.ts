/**
 * Loaded runs kept on disk between opens, one file per run (panelCodec.ts), named by the
 * run's key (runKey.ts), in a folder of the user's: the extension's global storage, or the
 * user cache folder for the command line. Never in the workspace.
 *
 * The folder is capped: after each write the least recently used runs are removed until
 * the folder fits. A run larger than half the cap is not kept. Files are written to a
 * temporary name and renamed, so a reader never sees half a file; anything unreadable is
 * treated as absent and the run is read from its files again.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { LoadedPanel, RunCache, RunInput } from '../model/run/loadRun';
import { decodePanelFile, encodePanelFile } from './panelCodec';
import { runKey, type RunKey } from './runKey';

const SUFFIX = '.panel';
/** Temporary files older than this were left by a process that died while writing. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface RunCacheOptions {
  dir: string;
  /** Largest size of the folder; 0 turns the cache off. */
  maxBytes: number;
  /** Identifies the code that wrote a file (its version and build): another build, another key. */
  build: string;
  /** Told when the cache is skipped for a reason worth logging (a write that failed). */
  log?: (message: string) => void;
}

export class FileRunCache implements RunCache {
  /** The key each run had when it was looked up, so that a write can check its files did not change since. */
  private readonly keys = new WeakMap<RunInput, RunKey | null>();
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly options: RunCacheOptions) {}

  async get(input: RunInput): Promise<LoadedPanel | null> {
    if (this.options.maxBytes <= 0) return null;
    const key = await runKey(input, this.options.build).catch(() => null);
    this.keys.set(input, key);
    if (!key) return null;
    const path = join(this.options.dir, key.hash + SUFFIX);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch {
      return null;
    }
    try {
      const loaded = decodePanelFile(bytes) as LoadedPanel;
      if (!loaded || typeof loaded.panel?.rows !== 'number' || loaded.panel.cells?.kind !== 'memory' || !Array.isArray(loaded.diagnostics)) return null;
      const now = new Date();
      await utimes(path, now, now).catch(() => {});
      return loaded;
    } catch (error) {
      this.options.log?.(`run cache: ${path} is unreadable (${(error as Error).message}); reading the run's files`);
      await rm(path, { force: true }).catch(() => {});
      return null;
    }
  }

  put(input: RunInput, loaded: LoadedPanel): void {
    // Only a panel holding every date's cells is kept: a by-date panel holds some dates in a
    // Map, which the codec would write as an empty object (and its cells live in the run's
    // database anyway).
    if (this.options.maxBytes <= 0 || loaded.panel.cells.kind !== 'memory') return;
    const write = this.write(input, loaded).catch((error) => this.options.log?.(`run cache: not kept (${(error as Error).message})`));
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** Resolves when every write started so far has finished (the command line waits before exiting). */
  async settled(): Promise<void> {
    while (this.writes.size) await Promise.all([...this.writes]);
  }

  private async write(input: RunInput, loaded: LoadedPanel): Promise<void> {
    const before = this.keys.has(input) ? this.keys.get(input) : await runKey(input, this.options.build);
    if (!before) return;
    const chunks = encodePanelFile(loaded);
    const size = chunks.reduce((n, c) => n + c.byteLength, 0);
    if (size > this.options.maxBytes / 2) return;
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const temp = join(this.options.dir, `${before.hash}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const out = createWriteStream(temp, { mode: 0o600 });
      for (const chunk of chunks) if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      out.end();
      await finished(out);
      // A file rewritten while it was read: its cached copy would be neither version.
      const after = await runKey(input, this.options.build);
      if (after?.hash !== before.hash || after.files !== before.files) return;
      await rename(temp, join(this.options.dir, before.hash + SUFFIX));
    } finally {
      await rm(temp, { force: true }).catch(() => {});
    }
    await this.evict();
  }

  /** Removes the least recently used runs until the folder fits its cap, and stale temporary files. */
  private async evict(): Promise<void> {
    const entries: { path: string; size: number; used: number }[] = [];
    for (const name of await readdir(this.options.dir)) {
      const path = join(this.options.dir, name);
      const s = await stat(path).catch(() => null);
      if (!s?.isFile()) continue;
      if (name.endsWith('.tmp')) {
        if (Date.now() - s.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true }).catch(() => {});
      } else if (name.endsWith(SUFFIX)) entries.push({ path, size: s.size, used: s.mtimeMs });
    }
    entries.sort((a, b) => b.used - a.used);
    let total = 0;
    for (const entry of entries) {
      total += entry.size;
      if (total > this.options.maxBytes) await rm(entry.path, { force: true }).catch(() => {});
    }
  }
}

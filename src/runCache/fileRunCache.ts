/**
 * Loaded runs kept on disk between opens, one file per run (panelCodec.ts), named by the
 * run's key (runKey.ts), in a folder of the user's: the extension's global storage, or the
 * user cache folder for the command line. Never in the workspace. A run read by date keeps
 * its panel (per-row figures, no cells) and, beside it, its reader's table of keys: its
 * cells stay in its files, which the key says are unchanged.
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
import type { CellReader, KeptCells } from '../model/run/contributions';
import type { PanelCells } from '../model/run/cells';
import type { LoadedPanel, RunCache, RunInput } from '../model/run/loadRun';
import { decodePanelFile, encodePanelFile } from './panelCodec';
import { runKey, type RunKey } from './runKey';

const SUFFIX = '.panel';
/** Beside a run read by date's panel: the folder of what its reader keeps (its keys, as Parquet). */
const CELLS_SUFFIX = '.cells';
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

  async get(input: RunInput, reopen?: (kept: KeptCells, dir: string) => Promise<CellReader | null>): Promise<LoadedPanel | null> {
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
    let loaded: LoadedPanel;
    try {
      loaded = decodePanelFile(bytes) as LoadedPanel;
      if (!loaded || typeof loaded.panel?.rows !== 'number' || !Array.isArray(loaded.diagnostics)) return null;
    } catch (error) {
      this.options.log?.(`run cache: ${path} is unreadable (${(error as Error).message}); reading the run's files`);
      await this.remove(key.hash);
      return null;
    }
    const cells = loaded.panel.cells as PanelCells | StoredByDate;
    if (cells.kind === 'kept') {
      // A run read by date: its cells are still in its files, read through a reader its
      // source reopens from the keys kept beside the panel.
      const reader = reopen ? await reopen(cells.kept, join(this.options.dir, key.hash + CELLS_SUFFIX)).catch((error: unknown) => {
        this.options.log?.(`run cache: ${path} could not reopen its cells (${(error as Error).message}); reading the run's files`);
        return null;
      }) : null;
      if (!reader) return null;
      loaded.panel.cells = { kind: 'by-date', hasValues: cells.hasValues, held: new Map(), pins: new Map(), sourceRow: cells.sourceRow, reader };
    } else if (cells.kind !== 'memory') return null;
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return loaded;
  }

  put(input: RunInput, loaded: LoadedPanel): void {
    if (this.options.maxBytes <= 0) return;
    const cells = loaded.panel.cells;
    // A reader that cannot be kept (a server's) leaves its run out of the cache.
    if (cells.kind === 'by-date' && !cells.reader.keep) return;
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
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const temp = (what: string) => join(this.options.dir, `${before.hash}.${what}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const cellsTemp = temp('cells');
    const panelTemp = temp('panel');
    try {
      let stored: LoadedPanel = loaded;
      let cellsSize = 0;
      const cells = loaded.panel.cells;
      if (cells.kind === 'by-date') {
        // Made now, so that a write waiting for the reader to be quiet already shows as under way.
        await mkdir(cellsTemp, { mode: 0o700 });
        // The dates held now are not kept: a reopened run reads them again when asked.
        const kept = await (cells.reader.keep as (dir: string) => Promise<KeptCells>)(cellsTemp);
        cellsSize = await folderSize(cellsTemp);
        const storedCells: StoredByDate = { kind: 'kept', hasValues: cells.hasValues, sourceRow: cells.sourceRow, kept };
        stored = { ...loaded, panel: { ...loaded.panel, cells: storedCells as unknown as PanelCells } };
      }
      const chunks = encodePanelFile(stored);
      const size = cellsSize + chunks.reduce((n, c) => n + c.byteLength, 0);
      if (size > this.options.maxBytes / 2) return;
      const out = createWriteStream(panelTemp, { mode: 0o600 });
      for (const chunk of chunks) if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      out.end();
      await finished(out);
      // A file rewritten while it was read: its cached copy would be neither version.
      const after = await runKey(input, this.options.build);
      if (after?.hash !== before.hash || after.files !== before.files) return;
      // The cells' folder first: a panel file is only ever beside the keys it was written
      // with. A panel in memory replacing one read by date (a larger memory budget now)
      // leaves no folder behind.
      await rm(join(this.options.dir, before.hash + CELLS_SUFFIX), { recursive: true, force: true });
      if (cells.kind === 'by-date') await rename(cellsTemp, join(this.options.dir, before.hash + CELLS_SUFFIX));
      await rename(panelTemp, join(this.options.dir, before.hash + SUFFIX));
    } finally {
      await rm(panelTemp, { force: true }).catch(() => {});
      await rm(cellsTemp, { recursive: true, force: true }).catch(() => {});
    }
    await this.evict();
  }

  /** Removes a run's files: its panel, and the keys of a run read by date. */
  private async remove(hash: string): Promise<void> {
    await rm(join(this.options.dir, hash + SUFFIX), { force: true }).catch(() => {});
    await rm(join(this.options.dir, hash + CELLS_SUFFIX), { recursive: true, force: true }).catch(() => {});
  }

  /** Removes the least recently used runs until the folder fits its cap, and stale temporary files. */
  private async evict(): Promise<void> {
    const entries = new Map<string, { size: number; used: number }>();
    const cellSizes = new Map<string, number>();
    for (const name of await readdir(this.options.dir)) {
      const path = join(this.options.dir, name);
      const s = await stat(path).catch(() => null);
      if (!s) continue;
      if (name.endsWith('.tmp')) {
        if (Date.now() - s.mtimeMs > STALE_TEMP_MS) await rm(path, { recursive: true, force: true }).catch(() => {});
      } else if (s.isFile() && name.endsWith(SUFFIX)) entries.set(name.slice(0, -SUFFIX.length), { size: s.size, used: s.mtimeMs });
      else if (s.isDirectory() && name.endsWith(CELLS_SUFFIX)) cellSizes.set(name.slice(0, -CELLS_SUFFIX.length), await folderSize(path));
    }
    // Cells without their panel (a write that died between the two renames) go.
    for (const hash of cellSizes.keys()) if (!entries.has(hash)) await rm(join(this.options.dir, hash + CELLS_SUFFIX), { recursive: true, force: true }).catch(() => {});
    const byUse = [...entries].sort((a, b) => b[1].used - a[1].used);
    let total = 0;
    for (const [hash, entry] of byUse) {
      total += entry.size + (cellSizes.get(hash) ?? 0);
      if (total > this.options.maxBytes) await this.remove(hash);
    }
  }
}

/** The bytes of the files in a folder (what a reader kept). */
async function folderSize(dir: string): Promise<number> {
  let size = 0;
  for (const name of await readdir(dir).catch(() => [])) size += (await stat(join(dir, name)).catch(() => null))?.size ?? 0;
  return size;
}

/**
 * A by-date panel's cells as the cache file holds them: where they lie (the reader's keys,
 * beside the panel file) instead of the reader, and no dates held.
 */
interface StoredByDate {
  kind: 'kept';
  hasValues: boolean;
  sourceRow: Int32Array;
  kept: KeptCells;
}

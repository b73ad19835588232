/**
 * How much memory loading a run will take, from its files' sizes, so that a run too large
 * for the editor is refused with its size and the limit before it is read, rather than
 * failing half-way. Deliberately rough: a factor per format, measured on the sample runs.
 */

/**
 * Peak bytes of memory per byte of file. Compressed columnar files expand when decoded into
 * the panel (DuckDB scans them where they lie; measured peak RSS of the whole CLI process:
 * 3.4x the file for a 251 MB wide Parquet run, 8.5x for a 183 MB long one, whose pivot
 * holds every cell once more); text formats shrink to typed arrays but are held as text
 * while parsed.
 */
const EXPANSION: Record<string, number> = { parquet: 9, pq: 9, arrow: 3, feather: 3, ipc: 3, csv: 3, tsv: 3, txt: 3, json: 4 };

/** Estimated peak bytes to load files of these names and sizes. */
export function estimateLoadBytes(files: { name: string; size: number }[]): number {
  return files.reduce((sum, f) => {
    const ext = f.name.slice(f.name.lastIndexOf('.') + 1).toLowerCase();
    return sum + f.size * (EXPANSION[ext] ?? 3);
  }, 0);
}

/**
 * The files whose estimate may refuse a run before it is read: not Parquet, which the
 * database checks itself from the file's footer (a long table too large to hold is read
 * by date, a wide one is refused with its row and column counts), nor contributions in
 * CSV, TSV or Arrow IPC, which the database copies as Parquet to read by date when they are
 * too large to hold. A table opened alone (role `auto`) is read whole, so it is refused as before.
 */
export function refusableFiles<F extends { name: string; role?: string }>(files: F[]): F[] {
  return files.filter((f) => !/\.(parquet|pq)$/i.test(f.name) && !(f.role === 'contributions' && /\.(csv|tsv|txt|arrow|feather|ipc)$/i.test(f.name)));
}

/** `1.2 GB`, `850 MB`. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/**
 * What every engine's reader of cells by date shares (DuckDB on files, ClickHouse on a
 * server): reads one after another, the rows asked for placed by their position, the dates
 * they fall on read in date order, and no read after close. An engine says only how to
 * read some dates' cells into place (`readDates`) and what to release (`release`).
 */
import type { CellReader, SourceCells } from '../model/run/contributions';

/** Where readDates puts the cells of the rows asked for. */
export interface CellTarget {
  /** Key (a row of the table's keys) -> position among the rows asked for, or -1. */
  slot: Int32Array;
  /** Per feature, aligned with the rows asked for (NaN until placed). */
  contributions: Float64Array[];
  values: Float64Array[] | null;
  /** Position x features + feature -> 1 once placed: a second cell for it is a repeat. */
  seen: Uint8Array;
}

export abstract class DateCellReader implements CellReader {
  /** Reads one after another: the worker answers queries as they come, and they share `slot`. */
  private queue: Promise<unknown> = Promise.resolve();
  private slot: Int32Array | null = null;
  private closed = false;
  /** When read() was last called (performance.now()). */
  private lastAsked = 0;

  /**
   * @param name how messages call the table
   * @param keyDate each key's date number (the unit the engine reads by)
   * @param hasValues whether the table gives raw feature values, or per feature whether it gives that feature's
   */
  constructor(
    protected readonly name: string,
    protected readonly keyDate: ArrayLike<number>,
    private readonly features: number,
    private readonly hasValues: boolean | readonly boolean[],
  ) {}

  read(rows: Int32Array): Promise<SourceCells> {
    this.lastAsked = performance.now();
    return this.serial(() => this.readNow(rows));
  }

  /**
   * Runs `task` once no read has been asked for `quietMs` (and those asked are done): work
   * for later, such as keeping the reader in the run cache, never delays a view's read.
   */
  protected async whenQuiet<T>(task: () => Promise<T>, quietMs = 500): Promise<T> {
    for (;;) {
      const queued = this.queue;
      await queued;
      const wait = this.lastAsked + quietMs - performance.now();
      if (wait <= 0 && this.queue === queued) return this.serial(task);
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 10)));
    }
  }

  /** Runs `task` once the reads before it are done; none after close. */
  protected serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.closed) throw new Error(`${this.name}: the run's cells were read after the run was closed`);
      return task();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Reads the cells of the keys on `dates` (date numbers, ascending) into `into`. */
  protected abstract readDates(dates: number[], into: CellTarget): Promise<void>;

  /** Releases what the reader holds (tables, a connection), once its reads are done. */
  protected abstract release(): Promise<void>;

  private async readNow(rows: Int32Array): Promise<SourceCells> {
    const contributions = Array.from({ length: this.features }, () => new Float64Array(rows.length).fill(NaN));
    const values = this.hasValues === false ? null : Array.from({ length: this.features }, () => new Float64Array(rows.length).fill(NaN));
    if (rows.length === 0) return { contributions, values: this.perFeature(values) };
    const slot = (this.slot ??= new Int32Array(this.keyDate.length).fill(-1));
    const dates = new Set<number>();
    for (let i = 0; i < rows.length; i++) {
      slot[rows[i]] = i;
      dates.add(this.keyDate[rows[i]]);
    }
    try {
      await this.readDates([...dates].sort((a, b) => a - b), { slot, contributions, values, seen: new Uint8Array(rows.length * this.features) });
    } finally {
      for (let i = 0; i < rows.length; i++) slot[rows[i]] = -1;
    }
    return { contributions, values: this.perFeature(values) };
  }

  /** The raw values read, null for a feature the table gives none of (as a table read whole has it). */
  private perFeature(values: Float64Array[] | null): (Float64Array | null)[] | null {
    const has = this.hasValues;
    return values && typeof has !== 'boolean' ? values.map((v, f) => (has[f] ? v : null)) : values;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.release();
  }
}

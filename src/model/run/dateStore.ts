/**
 * The dates a panel read by date holds. Before a query is answered, the dates it reads
 * cells of are held (read from the table when not already held, and pinned until the
 * answer is computed); the model then reads them synchronously through cells.ts. Beyond
 * `HELD_DATES` unpinned dates, the least recently used are let go.
 */
import type { DateCells, PanelCells } from './cells';
import type { Panel } from './panel';

/** Dates kept after their query: the user flips between a handful of dates. */
export const HELD_DATES = 8;

type ByDateCells = Extract<PanelCells, { kind: 'by-date' }>;

/**
 * Holds `dates` (panel date indices) of a panel read by date until the returned release is
 * called; a memory panel holds every date already.
 */
export async function holdDates(panel: Panel, dates: Iterable<number>): Promise<() => void> {
  const cells = panel.cells;
  if (cells.kind !== 'by-date') return () => {};
  const wanted = [...new Set(dates)].filter((d) => d >= 0 && d < panel.dates.length);
  for (const d of wanted) cells.pins.set(d, (cells.pins.get(d) ?? 0) + 1);
  const release = () => {
    for (const d of wanted) {
      const n = (cells.pins.get(d) ?? 1) - 1;
      if (n > 0) cells.pins.set(d, n);
      else cells.pins.delete(d);
    }
    letGo(cells);
  };
  try {
    const missing = wanted.filter((d) => !cells.held.has(d));
    for (const d of wanted) touch(cells, d);
    if (missing.length) await readDates(panel, cells, missing);
  } catch (error) {
    release();
    throw error;
  }
  return release;
}

/** Reads the cells of `dates` in one request (the reader turns consecutive dates into one scan). */
async function readDates(panel: Panel, cells: ByDateCells, dates: number[]): Promise<void> {
  const nFeatures = panel.features.length;
  const wanted: number[] = [];
  for (const d of dates) for (let r = panel.dateStart[d]; r < panel.dateStart[d + 1]; r++) if (cells.sourceRow[r] >= 0) wanted.push(cells.sourceRow[r]);
  const read = await cells.reader.read(Int32Array.from(wanted));
  let i = 0;
  for (const d of dates) {
    const start = panel.dateStart[d];
    const n = panel.dateStart[d + 1] - start;
    // As in a memory panel: 0 where a row has no cells or a cell is not finite, NaN where a
    // row has no raw value.
    const date: DateCells = {
      contributions: Array.from({ length: nFeatures }, () => new Float64Array(n)),
      values: read.values ? read.values.map((v) => (v ? new Float64Array(n).fill(NaN) : null)) : null,
    };
    for (let r = start; r < start + n; r++) {
      if (cells.sourceRow[r] < 0) continue;
      for (let f = 0; f < nFeatures; f++) {
        const v = read.contributions[f][i];
        if (Number.isFinite(v)) date.contributions[f][r - start] = v;
        const values = read.values?.[f];
        if (values) (date.values?.[f] as Float64Array)[r - start] = values[i];
      }
      i++;
    }
    // A date read while another query let it go is kept: it was asked for again.
    if (!cells.held.has(d)) cells.held.set(d, date);
  }
}

/** Marks a date as the most recently used (the held Map is kept in use order). */
function touch(cells: ByDateCells, d: number): void {
  const date = cells.held.get(d);
  if (!date) return;
  cells.held.delete(d);
  cells.held.set(d, date);
}

/** Lets the least recently used unpinned dates go, down to HELD_DATES. */
function letGo(cells: ByDateCells): void {
  for (const d of cells.held.keys()) {
    if (cells.held.size <= HELD_DATES) return;
    if (!cells.pins.has(d)) cells.held.delete(d);
  }
}

/**
 * The panel's contribution cells (one number per row and feature, and the feature's raw
 * value beside it) and the one way the model reads them. Every reader asks for a feature's
 * column over one date's rows (or over every row), never for a panel-wide column, so that a
 * panel may hold only the dates a query needs.
 *
 * Plain data, no classes: a 'memory' panel goes through the run cache's codec (typed arrays
 * in plain objects) as it is. A 'by-date' panel holds a Map and a reader, which the codec
 * cannot write: the run cache keeps what the reader says reopens it (CellReader.keep) instead.
 */
import { CellsNotHeldError } from '../errors';
import type { CellReader } from './contributions';

/** One date's cells: per feature, the contributions of the date's rows in panel order (row r at index r - panel.dateStart[d]); values likewise (NaN where missing), null when the run has no feature values. */
export interface DateCells {
  contributions: Float64Array[];
  values: (Float64Array | null)[] | null;
}

/** Where a panel's contribution cells live. 'memory': every date, one column per feature over all panel rows (what the panel holds today). 'by-date': only the dates a caller has put in `held` (filled outside the model before a query is answered). */
export type PanelCells =
  | { kind: 'memory'; contributions: Float64Array[]; values: (Float64Array | null)[] | null }
  | {
      kind: 'by-date';
      hasValues: boolean;
      /** The dates read, in use order (dateStore.ts keeps it). */
      held: Map<number, DateCells>;
      /** Dates a query being answered reads, with how many queries read each: never let go. */
      pins: Map<number, number>;
      /** Panel row -> the contributions table's row (-1 where the row has no contributions). */
      sourceRow: Int32Array;
      reader: CellReader;
    };

/** What a cells lookup needs of the panel (said here rather than imported: panel.ts imports this module). */
interface CellsPanel {
  cells: PanelCells;
  /** Rows of date d are dateStart[d] .. dateStart[d + 1] - 1. */
  dateStart: Int32Array;
  dates: string[];
  features: readonly unknown[];
}

/** Cells over every row: one column per feature (0 where a row has none), values NaN where missing. */
export function memoryCells(contributions: Float64Array[], values: (Float64Array | null)[] | null): PanelCells {
  return { kind: 'memory', contributions, values };
}

/** The panel row at index 0 of a column `contributionsOf(panel, f, date)` returns: 0 for every date (null). */
export function cellOffset(panel: Pick<CellsPanel, 'dateStart'>, date: number | null): number {
  return date === null ? 0 : panel.dateStart[date];
}

/**
 * Feature f's contributions over the rows of `date` (every row when null), row r at index
 * r - cellOffset(panel, date). A view, not a copy: look it up once per feature and date,
 * outside the loop over rows. Throws CellsNotHeldError when the panel does not hold the date.
 */
export function contributionsOf(panel: CellsPanel, f: number, date: number | null): Float64Array {
  const cells = panel.cells;
  if (cells.kind === 'memory') return date === null ? cells.contributions[f] : cells.contributions[f].subarray(panel.dateStart[date], panel.dateStart[date + 1]);
  return heldDate(panel, cells.held, date).contributions[f];
}

/** Every feature's contributions over the rows of `date`, in feature order (see `contributionsOf`). */
export function contributionColumns(panel: CellsPanel, date: number | null): Float64Array[] {
  return panel.features.map((_, f) => contributionsOf(panel, f, date));
}

/**
 * Feature f's raw values over the rows of `date` (every row when null), indexed like
 * `contributionsOf`, NaN where a row has none; null when the run gives no values of f.
 */
export function valuesOf(panel: CellsPanel, f: number, date: number | null): Float64Array | null {
  const cells = panel.cells;
  if (cells.kind === 'memory') {
    const values = cells.values?.[f] ?? null;
    return values && date !== null ? values.subarray(panel.dateStart[date], panel.dateStart[date + 1]) : values;
  }
  return heldDate(panel, cells.held, date).values?.[f] ?? null;
}

/** Whether the run gives raw feature values (beside their contributions). */
export function hasFeatureValues(panel: Pick<CellsPanel, 'cells'>): boolean {
  return panel.cells.kind === 'memory' ? panel.cells.values !== null : panel.cells.hasValues;
}

function heldDate(panel: CellsPanel, held: Map<number, DateCells>, date: number | null): DateCells {
  const cells = date === null ? undefined : held.get(date);
  if (!cells) throw new CellsNotHeldError(date, date === null ? null : (panel.dates[date] ?? null));
  return cells;
}

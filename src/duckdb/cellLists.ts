/**
 * Cells as DuckDB hands them to JavaScript (lists per feature), placed and checked: the
 * in-memory pivot of long Parquet and the reader by date share them.
 */
import { InputError } from '../model/errors';
import { readMessages } from '../model/read/messages';
import { numberLists, numbers, type SqlResult } from '../sql/connection';

/**
 * Places one cellListsQuery result in the wide columns: cell (ki, fi) at contributions[fi][ki]
 * (at contributions[fi][slot[ki]] with `slot`). A cell already placed is a repeat, counted and
 * skipped. Recomputes the query's checksums, so that lists whose orders disagreed would stop
 * the read with an error instead of placing numbers in the wrong cells. Returns the number
 * of repeats.
 */
export function scatterCells(result: SqlResult, into: { nFeatures: number; seen: Uint8Array; contributions: Float64Array[]; featureValues: Float64Array[] | null; slot?: Int32Array }): number {
  const { nFeatures, seen, contributions, featureValues, slot } = into;
  const fi = numbers(result, 'fi');
  const ki = numberLists(result, 'ki');
  const contribution = numberLists(result, 'contribution');
  const value = featureValues ? numberLists(result, 'value') : null;
  const check = numbers(result, 'check');
  const checkValue = featureValues ? numbers(result, 'check_value') : null;
  let repeats = 0;
  for (let row = 0; row < fi.length; row++) {
    const f = fi[row];
    const keys = ki[row];
    const cells = contribution[row];
    const values = value?.[row];
    const target = contributions[f];
    const targetValues = featureValues?.[f];
    const sums = { contribution: 0, contributionScale: 0, value: 0, valueScale: 0 };
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      const c = cells[j];
      if (Number.isFinite(c)) {
        sums.contribution += key * c;
        sums.contributionScale += Math.abs(key * c);
      }
      if (values && Number.isFinite(values[j])) {
        sums.value += key * values[j];
        sums.valueScale += Math.abs(key * values[j]);
      }
      // With `slot`, key ki lands at position slot[ki] (-1: a key nobody asked for).
      const k = slot ? slot[key] : key;
      if (k < 0) continue;
      const cell = k * nFeatures + f;
      if (seen[cell]) {
        repeats++;
        continue;
      }
      seen[cell] = 1;
      target[k] = c;
      if (targetValues && values) targetValues[k] = values[j];
    }
    // A sum that overflows (a corrupt page decodes to values near 1e308) checks nothing: the
    // footer's range check names that file afterwards.
    const agrees = (sum: number, scale: number, expected: number) => !Number.isFinite(scale) || !Number.isFinite(expected) || Math.abs(sum - expected) <= 1e-9 * (scale + 1);
    if (cells.length !== keys.length || (values && values.length !== keys.length) || !agrees(sums.contribution, sums.contributionScale, check[row]) || (checkValue && !agrees(sums.value, sums.valueScale, checkValue[row]))) {
      throw new Error(`the database returned the cells of feature ${f} in lists of different orders (checksum ${sums.contribution} against ${check[row]})`);
    }
  }
  return repeats;
}

/**
 * Refuses decoded values outside the range the file's footer records for the column: the
 * sign of a corrupt page that decoded without an error.
 */
export function checkRange(file: string, column: string, values: Float64Array | Float64Array[], range: [number, number] | undefined): void {
  const bounds = footerBounds(range);
  if (!bounds) return;
  const [low, high] = bounds;
  for (const part of Array.isArray(values) ? values : [values]) {
    for (let i = 0; i < part.length; i++) {
      const v = part[i];
      if (v < low || v > high) throw outsideRange(file, column, v, range!);
    }
  }
}

/** checkRange for a column whose [lowest, highest] decoded value was measured as it was read (QueryOptions.extents). */
export function checkExtent(file: string, column: string, extent: readonly [number, number], range: [number, number] | undefined): void {
  const bounds = footerBounds(range);
  if (!bounds) return;
  if (extent[0] < bounds[0]) throw outsideRange(file, column, extent[0], range!);
  if (extent[1] > bounds[1]) throw outsideRange(file, column, extent[1], range!);
}

/** The footer's range widened by what its text form may have rounded off; null when it records none. */
function footerBounds(range: [number, number] | undefined): [number, number] | null {
  if (!range || !Number.isFinite(range[0]) || !Number.isFinite(range[1])) return null;
  // The footer's bounds come as text; a float32 bound prints with about 8 digits, so allow
  // that much: a corrupt page decodes to values far outside, or to NaN bit patterns.
  const slack = 1e-6 * Math.max(Math.abs(range[0]), Math.abs(range[1]));
  return [range[0] - slack, range[1] + slack];
}

function outsideRange(file: string, column: string, value: number, range: [number, number]): InputError {
  return new InputError(readMessages.corruptParquet(file, `column ${column} decodes to ${value}, outside the range ${range[0]} to ${range[1]} its footer records: a data page is corrupt`), file, undefined, column);
}

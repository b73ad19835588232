/**
 * The readers: bytes in, a columnar Arquero table out, whatever the format. No paths and no
 * Node built-ins, so the same code runs in the extension host's worker, the CLI and a browser.
 *
 * Column types after reading, for every format:
 * - numbers: Float64Array (Float32Array for Arrow float32), missing values NaN;
 *   CSV and JSON columns are numeric only when every non-empty value is a number;
 * - dates and timestamps: ISO text, 'yyyy-mm-dd' or the full timestamp when a value has a
 *   time of day (CSV dates are whatever text the file had);
 * - text: string[] with null for missing; booleans: boolean[] with null for missing.
 */
import { table as arqueroTable, type ColumnTable } from 'arquero';
import { InputError } from '../errors';
import type { Diagnostic } from '../types';
import { storedColumnName } from './columnNames';
import { readArrow, selectNames, type NormalColumn, type NormalTable } from './arrow';
import { decodeText, parseDelimited } from './csv';
import { readJson } from './json';
import { readMessages } from './messages';
import { resolveFormat } from './sniff';

export { formatFromName, resolveFormat, sniffContent } from './sniff';

export type { TableFormat } from './tableFormat';
import type { TableFormat } from './tableFormat';

export interface ReadResult {
  table: ColumnTable;
  format: TableFormat;
  /** Info-level facts about how the file was read, e.g. "semicolon-delimited with decimal commas". */
  notes: Diagnostic[];
}

export interface ReadOptions {
  /** Read as this format instead of the one the file name implies (the content is still checked). */
  format?: TableFormat;
  /**
   * Keep only these columns (case-insensitive; names the file lacks are skipped). Arrow and
   * Parquet then convert only these; CSV and JSON are parsed whole and the rest dropped, so
   * every format returns the same shape.
   */
  columns?: string[];
}

function toArquero(names: string[], columns: NormalColumn[]): ColumnTable {
  const data = new Map<string, NormalColumn>();
  names.forEach((name, i) => data.set(storedColumnName(name), columns[i]));
  return arqueroTable(data, names.map(storedColumnName));
}

/** The table with only the named columns (case-insensitive), in file order. */
function keepColumns(read: NormalTable, columns?: string[]): NormalTable {
  if (!columns) return read;
  const keep = new Set(selectNames(read.names, columns));
  const indices = read.names.flatMap((name, i) => (keep.has(name) ? [i] : []));
  return { ...read, names: indices.map((i) => read.names[i]), columns: indices.map((i) => read.columns[i]) };
}

function readCsv(bytes: Uint8Array, file: string): NormalTable {
  const notes: Diagnostic[] = [];
  const text = decodeText(bytes, file, notes);
  const parsed = parseDelimited(text, file);
  return { names: parsed.names, columns: parsed.columns, rows: parsed.rows, notes: [...notes, ...parsed.notes] };
}

/**
 * Read a table from a file's bytes. The format comes from `options.format` or the file
 * name's extension (.csv .tsv .txt .arrow .feather .ipc .json) and is checked against the
 * content's magic bytes. Parquet is the database's to read (src/duckdb/tableFiles.ts).
 * Throws InputError (naming the file, the problem and the fix) for empty, header-only,
 * truncated or corrupt files and for content that contradicts the name.
 * @example const { table, notes } = await readTable(bytes, 'weights.csv');
 */
export async function readTable(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<ReadResult> {
  const format = resolveFormat(bytes, fileName, options.format);
  let read: NormalTable;
  switch (format) {
    case 'csv':
      read = keepColumns(readCsv(bytes, fileName), options.columns);
      break;
    case 'parquet':
      // Parquet is read where it lies by the engine's database (src/duckdb/tableFiles.ts),
      // which the model layer, running anywhere, does not import.
      throw new InputError(readMessages.parquetNeedsDatabase(fileName), fileName);
    case 'arrow':
      read = readArrow(bytes, fileName, options.columns);
      break;
    case 'json':
      read = keepColumns(readJson(bytes, fileName), options.columns);
      break;
  }
  if (read.rows === 0 && read.names.length > 0) throw new InputError(readMessages.noRows(fileName), fileName);
  const duplicate = read.names.find((name, i) => read.names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new InputError(readMessages.duplicateColumn(fileName, duplicate), fileName, undefined, duplicate);
  return { table: toArquero(read.names, read.columns), format, notes: read.notes };
}

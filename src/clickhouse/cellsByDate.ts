/**
 * Long contributions in a warehouse, read by date: the run stays on the server. At open, one
 * query sums every (date, stock) key per factor there (keySumsQuery: about 100 bytes per key
 * travel, never a cell); the cells of a date are read when a view asks for that date
 * (dateCellsQuery: one date's rows, a number and a feature position per cell).
 *
 * A table has no row order, so a (date, stock, feature) cell that repeats is refused at open,
 * as the reader that pulls the whole table refuses it: there is no "first row" to keep.
 */
import { InputError } from '../model/errors';
import { type FeatureGrouping, reportFeaturesWithoutNumbers, type WideContributions } from '../model/run/contributions';
import { dateColumn, textColumn } from '../model/schema/values';
import type { Diagnostic } from '../model/types';
import { numberLists, numbers, type SqlResult, texts } from '../sql/connection';
import { contributionsByDate } from '../sql/contributionQueries';
import { type CellTarget, DateCellReader } from '../sql/dateCellReader';
import { dateCellsQuery, keySumsQuery, type LongColumns, type Query, repeatedCellsQuery } from './queries';

/** What reading by date needs from the source that opened the table. */
export interface ByDateContext {
  /** The table as the run names it, and how messages name it (`db.table at http://…`). */
  file: string;
  where: string;
  relation: string;
  columns: LongColumns;
  /** Features in featuresQuery's order, and each one's count of finite contributions. */
  features: string[];
  finite: Float64Array;
  grouping: FeatureGrouping;
  dateFact: boolean | undefined;
  /** Runs a query on the server (a failure names the source and the table). */
  query(q: Query): Promise<SqlResult>;
  /** Called once the reader is closed (the source may then close its connection). */
  released(): void;
}

/** The table's keys, per-stock columns and per-key sums, with a reader for its cells by date. */
export async function readLongByDate(ctx: ByDateContext, diagnostics: Diagnostic[]): Promise<WideContributions> {
  const { file, columns, features } = ctx;
  const { groupOf, groups } = ctx.grouping(features);
  const keys = await ctx.query(keySumsQuery(ctx.relation, columns, ctx.dateFact, features, groupOf, groups));
  // Repeated cells are counted per key; only then is the table searched for an example.
  const repeats = numbers(keys, 'repeats').reduce((sum, n) => sum + n, 0);
  if (repeats > 0) {
    const repeated = await ctx.query(repeatedCellsQuery(ctx.relation, columns));
    throw repeatedCells(ctx, repeats, texts(repeated, 'example')[0] ?? '');
  }
  const stocks = textColumn(texts(keys, 'stock'));
  if (stocks.includes('')) throw new InputError(`${ctx.where}: a row has an empty stock id in column ${columns.stock.name}.`, file, undefined, columns.stock.name);
  const dateTexts = columns.date ? (texts(keys, 'date') as string[]) : null;
  const dates = columns.date && dateTexts ? dateColumn(dateTexts, file, columns.date.name) : null;
  reportFeaturesWithoutNumbers(file, features, (f) => ctx.finite[f] > 0, diagnostics);
  return contributionsByDate(file, columns, keys, { dates, stocks, features }, groups, new ClickHouseCellReader(ctx, stocks, dateTexts));
}

function repeatedCells(ctx: ByDateContext, count: number, example: string): InputError {
  return new InputError(`${ctx.where}: ${count} rows repeat a (date, stock, feature) cell, e.g. ${example}. A database table has no row order to pick the first: remove the repeats.`, ctx.file);
}

/**
 * Reads the cells of the rows asked for, a date per query. Rows are keys in keySumsQuery's
 * order (date, then stock), so a date's keys are one run of rows, in the stock order in which
 * dateCellsQuery returns that date's stocks.
 */
export class ClickHouseCellReader extends DateCellReader {
  /** Per date number, its first key and its text as the server writes it. */
  private readonly dateStart: number[];
  private readonly dateText: (string | null)[];

  constructor(
    private readonly ctx: ByDateContext,
    private readonly stocks: readonly string[],
    dateTexts: readonly string[] | null,
  ) {
    const keyDate = new Int32Array(stocks.length);
    const dateStart: number[] = [];
    const dateText: (string | null)[] = [];
    for (let k = 0; k < stocks.length; k++) {
      const text = dateTexts ? dateTexts[k] : null;
      if (k === 0 || text !== dateText[dateText.length - 1]) {
        dateStart.push(k);
        dateText.push(text);
      }
      keyDate[k] = dateStart.length - 1;
    }
    dateStart.push(stocks.length);
    super(ctx.where, keyDate, ctx.features.length, ctx.columns.value !== undefined);
    this.dateStart = dateStart;
    this.dateText = dateText;
  }

  protected async readDates(dates: number[], into: CellTarget): Promise<void> {
    for (const d of dates) {
      const result = await this.ctx.query(dateCellsQuery(this.ctx.relation, this.ctx.columns, this.ctx.dateFact, this.ctx.features, this.dateText[d]));
      this.place(result, this.dateStart[d], this.dateStart[d + 1], into);
    }
  }

  /** Places one date's cells (its keys are rows first .. end - 1) at the slots of the rows asked for. */
  private place(result: SqlResult, first: number, end: number, into: CellTarget): void {
    const nFeatures = this.ctx.features.length;
    const stock = texts(result, 'stock');
    const fi = numberLists(result, 'fi');
    const contribution = numberLists(result, 'contribution');
    const value = into.values ? numberLists(result, 'value') : null;
    // The date's stocks are the keys the run was opened with; anything else is a table that changed since.
    if (result.rows !== end - first) throw this.changed();
    for (let r = 0; r < result.rows; r++) {
      const key = first + r;
      if (stock[r] !== this.stocks[key]) throw this.changed();
      const k = into.slot[key];
      if (k < 0) continue;
      const positions = fi[r];
      const cells = contribution[r];
      for (let j = 0; j < positions.length; j++) {
        const f = positions[j] - 1;
        const cell = k * nFeatures + f;
        if (f < 0 || into.seen[cell]) throw this.changed();
        into.seen[cell] = 1;
        into.contributions[f][k] = cells[j];
        if (into.values && value) into.values[f][k] = value[r][j];
      }
    }
  }

  private changed(): InputError {
    return new InputError(`${this.ctx.where}: the table changed since the run was opened (its keys, features or cells differ). Reopen the run.`, this.ctx.file);
  }

  /** The source closes its connection once no run read by date needs it. */
  protected async release(): Promise<void> {
    this.ctx.released();
  }
}

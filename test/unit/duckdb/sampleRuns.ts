/**
 * The sample run cut to a few dates, written in the shapes a run's contributions come in,
 * and the queries every view asks: what the tests of runs read by date compare against the
 * same run read whole.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunInput } from '../../../src/cli/load';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { loadRun, type RunInput } from '../../../src/model/run/loadRun';
import { CellsNotHeldError } from '../../../src/model/errors';
import { type Filters, NO_FILTERS } from '../../../src/model/types';
import type { Query, QueryKind } from '../../../src/protocol';
import { answerHeldQuery } from '../../../src/worker/answerQuery';
import { assertClose } from '../assertClose';
import { sharedConnection } from './testSource';

export const SAMPLE = join(process.cwd(), 'samples/russell2000');
/** A SQL string literal of `text` (test fixtures only: the engine binds its data). */
export const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The sample run's other files for the dates `last` selects, and a manifest naming `contributions`. */
export async function writeSampleRun(dir: string, contributions: string, last: string): Promise<void> {
  const db = await sharedConnection();
  await db.run(`COPY (SELECT * FROM read_csv(${quote(join(SAMPLE, 'out/weights.csv'))}) WHERE date IN ${last}) TO ${quote(join(dir, 'weights.csv'))} (HEADER)`);
  const manifest = JSON.parse(readFileSync(join(SAMPLE, 'run.glassbox.json'), 'utf8'));
  copyFileSync(join(SAMPLE, 'ref/securities.csv'), join(dir, 'securities.csv'));
  copyFileSync(join(SAMPLE, 'out/fwd_returns.parquet'), join(dir, 'fwd_returns.parquet'));
  writeFileSync(
    join(dir, 'run.glassbox.json'),
    JSON.stringify({ name: 'sample', contributions, weights: 'weights.csv', securities: 'securities.csv', returns: 'fwd_returns.parquet', factors: manifest.factors, constraints: { ...manifest.constraints, stability: { minRankCorrelation: 0.2 } } }),
  );
}

/** `input` loaded through a DuckDB source with `options` (alwaysByDate, byDateCells…). */
export async function load(input: RunInput, options: ConstructorParameters<typeof DuckDbTableSource>[1]): Promise<PanelEngine> {
  return loadRun({ ...input, options: { integrityTolerance: 1e-6 } }, new DuckDbTableSource(await sharedConnection(), options));
}

/** A run written into a fresh folder, read whole and by date (alwaysByDate). */
export interface WholeAndByDate {
  dir: string;
  input: RunInput;
  whole: PanelEngine;
  byDate: PanelEngine;
}

/**
 * The suite's run: `write` fills a fresh folder (prefix `prefix`) with a run and its
 * manifest `run.glassbox.json`, which is loaded whole and by date before the suite's tests;
 * the folder and the reader by date go after them.
 */
export function wholeAndByDate(prefix: string, write: (dir: string) => Promise<void>): WholeAndByDate {
  const run = {} as WholeAndByDate;
  before(async () => {
    run.dir = mkdtempSync(join(tmpdir(), prefix));
    await write(run.dir);
    run.input = readRunInput(join(run.dir, 'run.glassbox.json'));
    run.whole = await load(run.input, {});
    run.byDate = await load(run.input, { alwaysByDate: true });
  });
  after(async () => {
    await run.byDate?.close();
    if (run.dir) rmSync(run.dir, { recursive: true, force: true });
  });
  return run;
}

/** The panel's cells: held in memory, or read by date. */
export const cellsKind = (engine: PanelEngine) => (engine as unknown as { panel: { cells: { kind: string } } }).panel.cells.kind;

/** A query's answer, or the message of the error it gives (a compare on the first date). */
export async function answer(engine: PanelEngine, query: Query): Promise<unknown> {
  try {
    return await answerHeldQuery(engine, query);
  } catch (error) {
    if (error instanceof CellsNotHeldError || !(error instanceof Error)) throw error;
    return { error: error.message };
  }
}

/** One query of every kind on `date`, with `filters`: the type says when a kind is missing. */
export function everyQuery(date: string, stock: string, feature: string, filters: Filters): { [K in QueryKind]: Query & { kind: K } } {
  return {
    overview: { kind: 'overview', date, filters },
    factors: { kind: 'factors', date, filters },
    stocks: { kind: 'stocks', date, filters },
    stock: { kind: 'stock', date, stock, filters },
    features: { kind: 'features', date, filters, feature: null, colorBy: null },
    dependence: { kind: 'dependence', date, filters, feature, colorBy: null },
    portfolio: { kind: 'portfolio', date, filters },
    compare: { kind: 'compare', date, filters, against: 'previous', stock },
    performance: { kind: 'performance', date, filters },
    featureStats: { kind: 'featureStats', date, filters, feature },
    problems: { kind: 'problems', date, filters },
    signals: { kind: 'signals', date, filters },
    stability: { kind: 'stability', date, filters },
    explain: { kind: 'explain', date, filters, stock },
    transferCoefficient: { kind: 'transferCoefficient', date, filters },
  };
}

/**
 * Every query kind, for each of `features`, on the sample's fourth date with a filter
 * (Financials, Health Care) and on its latest without: `engine` answers as `whole` (the
 * same run read whole) does, to 1e-12.
 */
export async function assertAnswersAsWhole(engine: PanelEngine, whole: PanelEngine, features: readonly string[] = ['mom_12_1']): Promise<void> {
  const dates = whole.summary().dates;
  const cases: [string, Filters][] = [
    [dates[3], { ...NO_FILTERS, sectors: ['Financials', 'Health Care'] }],
    [dates[dates.length - 1], NO_FILTERS],
  ];
  for (const [date, filters] of cases) {
    const stock = whole.stocks(date, filters).rows.find((r) => r.weight > 0)?.stock as string;
    for (const feature of features) {
      for (const query of Object.values(everyQuery(date, stock, feature, filters))) {
        assertClose(await answer(engine, query), await answer(whole, query), `${query.kind} (${feature}) on ${date}`, 1e-12);
      }
    }
  }
}

/** `engine`'s summary as `whole`'s (the same run read whole): dates, features, contributions, diagnostics with their messages. */
export function assertSummaryAsWhole(engine: PanelEngine, whole: PanelEngine): void {
  const [a, b] = [engine.summary(), whole.summary()];
  assert.deepEqual(a.dates, b.dates);
  assert.deepEqual(a.features, b.features);
  assert.equal(a.contributionCount, b.contributionCount);
  assert.deepEqual(
    a.diagnostics.map((d) => [d.code, d.count, d.message]),
    b.diagnostics.map((d) => [d.code, d.count, d.message]),
  );
}

/**
 * The seam between the model and the contribution cells: a panel that holds only some
 * dates' cells answers every per-date view of a held date exactly as the panel holding all
 * of them, and asking it for a date it does not hold is a CellsNotHeldError naming the date.
 */
import { strict as assert } from 'node:assert';
import { attribution, type AttributionKey } from '../../../../src/model/attribution/attribution';
import { PanelEngine, type RunInfo } from '../../../../src/model/engine/engine';
import { CellsNotHeldError } from '../../../../src/model/errors';
import { cellOffset, contributionsOf, hasFeatureValues, valuesOf, type DateCells } from '../../../../src/model/run/cells';
import type { Panel } from '../../../../src/model/run/panel';
import { NO_FILTERS, type Filters } from '../../../../src/model/types';
import { handPanel, plantedRun } from '../features/fixtures';
import { heldCells } from '../fixtures';

const INFO: RunInfo = { name: 'cells', source: 'cells.glassbox.json', files: [], diagnostics: [] };
const VALUE_ONLY: Filters = { ...NO_FILTERS, factors: ['value'] };

/** The panel holding only `dates`' cells, copied out of `panel`'s (so that nothing is shared with it). */
function holding(panel: Panel, dates: number[]): Panel {
  const hasValues = hasFeatureValues(panel);
  const held = new Map<number, DateCells>(
    dates.map((d) => [
      d,
      {
        contributions: panel.features.map((_, f) => contributionsOf(panel, f, d).slice()),
        values: hasValues ? panel.features.map((_, f) => valuesOf(panel, f, d)?.slice() ?? null) : null,
      },
    ]),
  );
  return { ...panel, cells: heldCells(held, hasValues) };
}

/** Every per-date view of `date` that reads contribution cells, through the engine and `attribution`. */
function dateViews(panel: Panel, date: string, stock: string, filters: Filters) {
  const engine = new PanelEngine(panel, INFO, { integrityTolerance: 1e-6 }, { returns: null, baseline: null, constraints: { stock: { maxWeight: 0.35 } } });
  const feature = panel.features[0].name;
  const by = (keys: AttributionKey[]) => attribution(panel, { by: keys, weight: 'portfolio', date });
  return {
    stocks: engine.stocks(date, filters),
    stock: engine.stock(date, stock, filters),
    features: engine.features(date, filters, null, null),
    dependence: engine.dependence(date, filters, feature, 'auto'),
    featureStats: engine.featureStats(date, filters, feature),
    explain: engine.explain(date, stock),
    byFeature: by(['stock', 'feature']),
    byFactor: by(['sector', 'factor']),
  };
}

function assertNotHeld(run: () => unknown, panel: Panel, date: number | null): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CellsNotHeldError, String(error));
    assert.equal(error.date, date);
    if (date !== null) {
      assert.equal(error.dateLabel, panel.dates[date]);
      assert.ok(error.message.includes(panel.dates[date]), error.message);
    }
    return true;
  });
}

describe('run/cells', () => {
  it("reads a memory panel's columns as views of one date's rows, row r at r - cellOffset", () => {
    const panel = handPanel();
    const v2 = panel.features.findIndex((f) => f.name === 'v2');
    assert.equal(cellOffset(panel, null), 0);
    assert.equal(cellOffset(panel, 1), 4);
    const all = contributionsOf(panel, v2, null);
    const second = contributionsOf(panel, v2, 1);
    assert.equal(second.buffer, all.buffer, 'a view, not a copy');
    assert.deepEqual([...second], [0.01, 0, 0, 0]);
    assert.deepEqual([...(valuesOf(panel, v2, 0) as Float64Array)], [2, NaN, 1, -1]);
    const m1 = panel.features.findIndex((f) => f.name === 'm1');
    assert.equal(valuesOf(panel, m1, 0), null, 'm1 has no raw values');
    assert.equal(hasFeatureValues(panel), true);
    assert.equal(hasFeatureValues(handPanel({ values: false })), false);
  });

  it('answers the views of a held date as the memory panel does (hand run, second date held)', () => {
    const panel = handPanel();
    const byDate = holding(panel, [1]);
    for (const filters of [NO_FILTERS, VALUE_ONLY]) {
      for (const stock of ['A', 'C']) assert.deepEqual(dateViews(byDate, panel.dates[1], stock, filters), dateViews(panel, panel.dates[1], stock, filters), `${stock} ${JSON.stringify(filters)}`);
    }
  });

  it('answers them on each of two held dates, with the interaction and dependence of a larger run', () => {
    const { panel } = plantedRun({ dates: 3, stocks: 120, seed: 5 });
    const byDate = holding(panel, [0, 2]);
    for (const d of [0, 2]) {
      const date = panel.dates[d];
      const memory = dateViews(panel, date, 'S0007', NO_FILTERS);
      assert.ok(memory.dependence && memory.dependence.points.length > 0 && memory.dependence.interaction?.suggested, 'the dependence plot has points and a suggested colour');
      assert.deepEqual(dateViews(byDate, date, 'S0007', NO_FILTERS), memory, date);
    }
  });

  it('throws CellsNotHeldError naming a date the panel does not hold, and for every date at once', () => {
    const panel = handPanel();
    const byDate = holding(panel, [1]);
    const engine = new PanelEngine(byDate, INFO);
    const date = panel.dates[0];
    assertNotHeld(() => contributionsOf(byDate, 0, 0), panel, 0);
    assertNotHeld(() => valuesOf(byDate, 0, 0), panel, 0);
    assertNotHeld(() => contributionsOf(byDate, 0, null), panel, null);
    assertNotHeld(() => engine.stocks(date, NO_FILTERS), panel, 0);
    assertNotHeld(() => engine.stock(date, 'A', NO_FILTERS), panel, 0);
    assertNotHeld(() => engine.features(date, NO_FILTERS, null, null), panel, 0);
    assertNotHeld(() => engine.featureStats(date, NO_FILTERS, 'v1'), panel, 0);
    assertNotHeld(() => engine.explain(date, 'A'), panel, 0);
    assertNotHeld(() => attribution(byDate, { by: ['feature'], date }), panel, 0);
    // Every date: the run-wide views need every date's cells.
    assertNotHeld(() => attribution(byDate, { by: ['feature'], date: 'all' }), panel, 0);
    // Views that read no cells still answer (factor sums and scores are the panel's own).
    assert.deepEqual(attribution(byDate, { by: ['factor'], date }), attribution(panel, { by: ['factor'], date }));
  });
});

/** The webview's pure logic (state reconciliation, table order, theme kind), in Node. */
import assert from 'node:assert/strict';
import type { StockRow } from '../../src/model/types';
import { defaultViewState, type ViewState } from '../../src/protocol';
import { isToWebview } from '../../webview/host';
import { StateStore, describeFilters, effectiveDate, reconcileState } from '../../webview/state';
import { visibleRows } from '../../webview/tabs/stockTable';
import { nearestDate } from '../../webview/dates';
import { formatBp, formatBpNumber, formatError, formatPercent, formatSignedPercent } from '../../webview/format';
import { loadRun } from './harness';

const run = loadRun();

function row(stock: string, name: string, weight: number, score: number | null): StockRow {
  return {
    stock, name, sector: 'Financials', country: 'Japan', region: 'Asia Pacific', weight,
    benchmarkWeight: null, activeWeight: null, score, topDriver: null, topDriverContribution: null,
    dominantFactor: null, dominantFactorContribution: null,
  };
}

describe('webview state', () => {
  it('reconciles a saved state with the run: unknown dates, groups and tabs are dropped', () => {
    const state = reconcileState(
      {
        tab: 'nonsense',
        date: '1999-01-01',
        filters: { sectors: ['Financials', 'Nope', 'Financials', 7], countries: 'Japan', factors: ['value'] },
        stock: '',
        sort: { column: 'score', descending: 'yes' },
        search: 42,
      },
      run,
      'stocks',
    );
    assert.deepEqual(state, {
      ...defaultViewState('stocks'),
      filters: { sectors: ['Financials'], countries: [], regions: [], factors: ['value'] },
      sort: { column: 'score', descending: true },
    });
    assert.deepEqual(reconcileState(null, run), defaultViewState());
    assert.equal(reconcileState({ date: '2025-10-31' }, run).date, '2025-10-31');
  });

  it('keeps the optional feature, colour, measure and comparison when the run has them, and drops them otherwise', () => {
    const withBaseline = { ...run, baseline: 'global-small-cap v6' };
    const kept = reconcileState({ feature: 'ep_fy1', colorBy: 'roe', measure: 'active', compareAgainst: 'baseline' }, withBaseline);
    assert.deepEqual(kept, { ...defaultViewState(), feature: 'ep_fy1', colorBy: 'roe', measure: 'active', compareAgainst: 'baseline' });
    // A feature or colour the run lacks, a bad measure, and a baseline comparison of a run without a baseline go.
    const dropped = reconcileState({ feature: 'gone', colorBy: 7, measure: 'sideways', compareAgainst: 'baseline' }, { ...run, baseline: null });
    assert.deepEqual(dropped, defaultViewState());
    // Before init (no run) names are kept as they are: the run decides later.
    assert.equal(reconcileState({ feature: 'anything' }, null).feature, 'anything');
    // A state saved by an earlier version (no optional fields) restores unchanged.
    assert.deepEqual(reconcileState(defaultViewState('stocks'), run), defaultViewState('stocks'));
  });

  it('reports a change of feature, colour, comparison or measure as its own aspect', () => {
    const store = new StateStore(defaultViewState(), () => undefined);
    const changes: string[] = [];
    store.subscribe((_s, change) => changes.push(Object.entries(change).filter(([, v]) => v).map(([k]) => k).join('+')));
    store.update({ feature: 'ep_fy1' });
    store.update({ colorBy: 'roe' });
    store.update({ colorBy: null, feature: 'ep_fy1' });
    store.update({ compareAgainst: 'previous' }); // the default: no change
    store.update({ compareAgainst: 'baseline' });
    store.update({ measure: 'active' });
    assert.deepEqual(changes, ['feature', 'feature', 'feature', 'compare', 'measure']);
  });

  it('saves and reports a change once, and nothing when nothing changed', () => {
    const saved: ViewState[] = [];
    const store = new StateStore(defaultViewState(), (s) => saved.push(s));
    const changes: string[] = [];
    store.subscribe((_s, change) => changes.push(Object.entries(change).filter(([, v]) => v).map(([k]) => k).join('+')));
    store.update({ tab: 'overview' });
    assert.equal(saved.length, 0);
    store.toggleFilter('sectors', 'Financials');
    store.toggleFilter('sectors', 'Financials');
    store.update({ stock: 'NIMB', sort: { column: 'stock', descending: false } });
    assert.deepEqual(changes, ['data', 'data', 'stock+table']);
    assert.equal(saved.length, 3);
    assert.equal(describeFilters({ sectors: ['A', 'B'], countries: ['Japan'], regions: [], factors: [] }), 'Sector: A, B · Country: Japan');
    assert.equal(effectiveDate(defaultViewState(), run), '2025-11-28');
  });

  it('orders table rows by the sort column with missing values last, and filters by ticker or name', () => {
    const rows = [row('B', 'Beta Bank', 0.02, null), row('A', 'Alpha', 0.01, 0.3), row('C', 'Gamma Bio', 0.03, -0.1)];
    assert.deepEqual(visibleRows(rows, { column: 'score', descending: true }, '').map((r) => r.stock), ['A', 'C', 'B']);
    assert.deepEqual(visibleRows(rows, { column: 'score', descending: false }, '').map((r) => r.stock), ['C', 'A', 'B']);
    assert.deepEqual(visibleRows(rows, { column: 'weight', descending: true }, '').map((r) => r.stock), ['C', 'B', 'A']);
    assert.deepEqual(visibleRows(rows, { column: 'name', descending: false }, 'a').map((r) => r.stock), ['A', 'B', 'C']);
    assert.deepEqual(visibleRows(rows, { column: 'stock', descending: false }, 'bio').map((r) => r.stock), ['C']);
    assert.deepEqual(visibleRows(rows, { column: 'no-such-column', descending: true }, '').map((r) => r.stock), ['C', 'B', 'A']);
  });

  it('accepts only host messages of a known shape', () => {
    assert.ok(isToWebview({ type: 'loading', message: 'Reading…' }));
    assert.ok(isToWebview({ type: 'response', id: 3, result: {} }));
    assert.ok(isToWebview({ type: 'init', run, state: null, settings: { defaultTab: 'overview' } }));
    assert.ok(!isToWebview({ type: 'response', id: '3' }));
    assert.ok(isToWebview({ type: 'response', id: 3, error: { message: 'x', file: 'w.csv', row: 4, column: 'weight' } }));
    assert.ok(!isToWebview({ type: 'response', id: 3, error: 'x' }));
    assert.ok(!isToWebview({ type: 'response', id: 3, error: { message: 'x', row: '4' } }));
    assert.ok(!isToWebview({ type: 'init', run: { name: 'x' }, settings: {} }));
    assert.ok(!isToWebview({ type: 'eval', code: 'alert(1)' }));
    assert.ok(!isToWebview('init'));
  });

  it('formats scores in bp of score and weights in percent, never in scientific notation', () => {
    // Scores and contributions in bp of score, fixed decimals, never scientific.
    assert.equal(formatBp(0.0051), '+51.0 bp');
    assert.equal(formatBp(-0.0017649), '\u221217.6 bp');
    assert.equal(formatBp(1.074e-10), '0.0 bp');
    assert.equal(formatBp(-1.074e-10), '0.0 bp');
    assert.equal(formatBpNumber(0.02009), '+200.9');
    assert.equal(formatBpNumber(12.345), '+123,450.0');
    assert.equal(formatError(1e-6), '0.0100 bp');
    assert.equal(formatBp(null), '–');
    // Weights in percent.
    assert.equal(formatPercent(0.0123), '1.23%');
    assert.equal(formatSignedPercent(-0.004), '\u22120.40%');
    assert.equal(formatSignedPercent(0.004), '+0.40%');
  });

  it('picks the run\'s date nearest to a typed one', () => {
    const dates = ['2023-06-30', '2023-07-31', '2023-08-31'];
    assert.equal(nearestDate(dates, '2023-07-31'), '2023-07-31');
    assert.equal(nearestDate(dates, '2023-08-31 (latest)'), '2023-08-31');
    assert.equal(nearestDate(dates, '2023-07-20'), '2023-07-31');
    assert.equal(nearestDate(dates, '20230702'), '2023-06-30');
    assert.equal(nearestDate(dates, '2023-7'), '2023-07-31');
    assert.equal(nearestDate(dates, '2024-01'), '2023-08-31');
    assert.equal(nearestDate(dates, 'July'), null);
  });
});

import { strict as assert } from 'node:assert';
import { NO_FILTERS } from '../../../../src/model/types';
import { DATES, loadHand } from '../fixtures';

const close = (actual: number | null | undefined, expected: number, message?: string) => {
  assert.ok(actual !== null && actual !== undefined, `${message ?? 'value'} is null`);
  assert.ok(Math.abs(actual - expected) < 1e-12, `${message ?? 'value'}: ${actual} != ${expected}`);
};

describe('PanelEngine on a hand-computed run', () => {
  it('summarises the run', async () => {
    const run = (await loadHand()).summary();
    assert.deepEqual(run.dates, [DATES.D1, DATES.D2]);
    assert.deepEqual(run.factors, ['value', 'momentum']);
    assert.deepEqual(run.sectors, ['Health', 'Tech']);
    assert.deepEqual(run.regions, ['North America']);
    assert.equal(run.stockCount, 4);
    assert.equal(run.contributionCount, 24);
    assert.equal(run.weightScale, 'fraction');
    assert.ok(run.hasBenchmark && run.hasScore && run.hasBaseValue);
  });

  it('computes factor attribution by portfolio, active and benchmark weight', async () => {
    const engine = await loadHand();
    const { byFactor } = engine.factors(DATES.D1, NO_FILTERS);
    const value = byFactor.find((f) => f.factor === 'value');
    const momentum = byFactor.find((f) => f.factor === 'momentum');
    // value: A .4*.03 + B .3*(-.02) + C .3*.01 + D 0 = .009; active: .15*.03 + .05*(-.02) + .05*.01 - .25*.02 = -.001
    close(value?.portfolio, 0.009, 'value portfolio');
    close(value?.active, -0.001, 'value active');
    close(value?.benchmark, 0.25 * (0.03 - 0.02 + 0.01 + 0.02), 'value benchmark');
    // momentum: .4*(-.01) + .3*.03 + .3*.01 = .008; active: .15*(-.01) + .05*.03 + .05*.01 = .0005
    close(momentum?.portfolio, 0.008, 'momentum portfolio');
    close(momentum?.active, 0.0005, 'momentum active');
  });

  it('computes the overview: holdings, active share, top 10, turnover, integrity', async () => {
    const engine = await loadHand();
    const first = engine.overview(DATES.D1, NO_FILTERS);
    assert.equal(first.holdings, 3);
    assert.equal(first.universe, 4);
    assert.equal(first.benchmarkNames, 4);
    close(first.activeShare, 0.25);
    close(first.top10Weight, 1);
    assert.equal(first.turnover, null);
    assert.equal(first.previousDate, null);
    close(first.weightCoverage, 1);
    assert.equal(first.integrity?.checked, 4);
    assert.equal(first.integrity?.failures, 1);
    assert.equal(first.integrity?.worst[0].stock, 'D');
    close(first.integrity?.worst[0].error, -0.005);
    const tech = first.sectorWeights.find((s) => s.group === 'Tech');
    close(tech?.portfolio, 0.7);
    close(tech?.active, 0.2);
    assert.equal(tech?.holdings, 2);

    const second = engine.overview(DATES.D2, NO_FILTERS);
    // |.5-.4| + |.2-.3| + |0-.3| + |.3-0| = .8, one way .4
    close(second.turnover, 0.4);
    assert.equal(second.previousDate, DATES.D1);
    assert.equal(second.integrity?.failures, 0);
  });

  it('applies sector and factor filters', async () => {
    const engine = await loadHand();
    const filters = { sectors: ['Tech'], countries: [], regions: [], factors: ['value'] };
    const over = engine.overview(DATES.D1, filters);
    assert.equal(over.holdings, 2);
    close(over.portfolioWeight, 0.7);
    close(over.activeShare, 0.5 * (0.15 + 0.05));
    assert.deepEqual(over.factorExposure.map((f) => f.factor), ['value']);
    close(over.factorExposure[0].portfolio, 0.4 * 0.03 + 0.3 * -0.02);
    const rows = engine.stocks(DATES.D1, filters).rows;
    assert.deepEqual(rows.map((r) => r.stock), ['A', 'B']);
    // Within the value factor, B's top driver is v1 (-.02), not m1 (.03).
    assert.equal(rows[1].topDriver, 'v1');
    assert.equal(rows[1].dominantFactor, 'value');
  });

  it('gives each stock its top driver, dominant factor and active weight', async () => {
    const rows = (await loadHand()).stocks(DATES.D1, NO_FILTERS).rows;
    const b = rows.find((r) => r.stock === 'B');
    assert.equal(b?.name, 'Beta');
    assert.equal(b?.topDriver, 'm1');
    close(b?.topDriverContribution, 0.03);
    assert.equal(b?.dominantFactor, 'momentum');
    close(b?.activeWeight, 0.05);
    const d = rows.find((r) => r.stock === 'D');
    assert.equal(d?.topDriver, 'v1');
    assert.equal(d?.dominantFactor, 'value');
    close(d?.dominantFactorContribution, 0.02);
  });

  it('answers factor history and factor x sector cells that add up to the totals', async () => {
    const data = (await loadHand()).factors(DATES.D1, NO_FILTERS);
    assert.equal(data.history.length, 4);
    const valueD2 = data.history.find((p) => p.date === DATES.D2 && p.factor === 'value');
    // date 2 value: A .5*.01 + B .2*(-.01) + D .3*.01 = .006
    close(valueD2?.portfolio, 0.006);
    for (const factor of ['value', 'momentum']) {
      const total = data.byFactor.find((f) => f.factor === factor)?.portfolio ?? NaN;
      const cells = data.bySector.filter((c) => c.factor === factor).reduce((a, c) => a + c.portfolio, 0);
      close(cells, total, `${factor} sector cells`);
      const countries = data.byCountry.filter((c) => c.factor === factor).reduce((a, c) => a + c.portfolio, 0);
      close(countries, total, `${factor} country cells`);
    }
  });

  it('details one stock: contributions largest first, history with ranks', async () => {
    const detail = (await loadHand()).stock(DATES.D1, 'B', NO_FILTERS);
    assert.deepEqual(detail.contributions.map((c) => c.feature), ['m1', 'v1', 'v2']);
    close(detail.baseValue, 0.005);
    close(detail.score, 0.015);
    assert.deepEqual(detail.history.map((h) => h.date), [DATES.D1, DATES.D2]);
    // Date 1 scores: A .025, B .015, C .025, D .03 -> B is 4th.
    assert.equal(detail.history[0].rank, 4);
    close(detail.history[1].weight, 0.2);
  });

  it('rejects unknown dates and stocks with a clear message', async () => {
    const engine = await loadHand();
    assert.throws(() => engine.overview('2030-01-01', NO_FILTERS), /no date 2030-01-01; it has 2024-01-31 to 2024-02-29/);
    assert.throws(() => engine.stock(DATES.D1, 'ZZZ', NO_FILTERS), /no stock 'ZZZ'/);
  });

  it('weighs stocks equally when the run has no weights', async () => {
    const { parseManifest } = await import('../../../../src/model/manifest');
    const { loadRun } = await import('../../../../src/model/run/loadRun');
    const { tableReader, HAND } = await import('../fixtures');
    const { manifest } = parseManifest(JSON.stringify({ contributions: 'c.csv' }), 'm.glassbox.json');
    const engine = await loadRun(
      { source: 'm.glassbox.json', manifest, manifestDiagnostics: [], files: [{ role: 'contributions', name: 'c.csv', bytes: new Uint8Array() }] },
      tableReader({ 'c.csv': HAND.contributions() }),
    );
    const summary = engine.summary();
    assert.equal(summary.weightScale, 'none');
    assert.ok(summary.diagnostics.some((d) => d.code === 'no-weights'));
    const over = engine.overview(DATES.D1, NO_FILTERS);
    assert.equal(over.holdings, 4);
    close(over.portfolioWeight, 1);
    assert.equal(over.activeShare, null);
    // Equal weight: value = (.03 - .02 + .01 + .02) / 4, features unassigned to a factor here.
    const unassigned = over.factorExposure.find((f) => f.factor === 'unassigned');
    close(unassigned?.portfolio, (0.02 + 0.01 + 0.02 + 0.02) / 4);
  });
});

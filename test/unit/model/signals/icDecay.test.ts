import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { InputError } from '../../../../src/model/errors';
import { alignHorizons, alignReturns, horizonOfColumn, parseHorizon, readReturns } from '../../../../src/model/performance/returns';
import type { Panel } from '../../../../src/model/run/panel';
import { halfLife, halfLifeText, horizonPeriods, icDecay } from '../../../../src/model/signals/icDecay';
import { neweyWestMean } from '../../../../src/model/signals/neweyWest';
import { close, panelFrom } from '../performance/panelFixture';
import { normal, random as seeded } from '../features/fixtures';

/** `count` consecutive month-ends from January 2010. */
function monthEnds(count: number): string[] {
  return Array.from({ length: count }, (_, m) => new Date(Date.UTC(2010, m + 1, 0)).toISOString().slice(0, 10));
}

/** Spearman's rho written out: average ranks for ties, then Pearson of the ranks. */
function spearman(x: number[], y: number[]): number {
  const ranks = (v: number[]) => {
    const order = v.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const out = new Array<number>(v.length);
    for (let a = 0; a < order.length; ) {
      let b = a;
      while (b + 1 < order.length && order[b + 1].value === order[a].value) b++;
      for (let k = a; k <= b; k++) out[order[k].i] = (a + b) / 2 + 1;
      a = b + 1;
    }
    return out;
  };
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * A signal with a known decay: each stock's score is a persistent level plus noise; its
 * h-month forward return loads on the score with a weight that falls with h (the signal's
 * information is used up), plus noise that grows with h. Returns the panel and a long
 * returns table (date, stock, horizon, return) for 1m, 3m, 6m and 12m.
 */
function decayingRun(stocks: number, dates: number, seed: number) {
  const draw = normal(seeded(seed));
  const days = monthEnds(dates);
  const ids = Array.from({ length: stocks }, (_, i) => `S${String(i).padStart(3, '0')}`);
  const date = days.flatMap((d) => ids.map(() => d));
  const stock = days.flatMap(() => ids);
  const a = date.map(() => draw());
  const b = date.map(() => 0.5 * draw());
  const panel = panelFrom({ contributions: aq.table({ date, stock, base_value: date.map(() => 0), a, b }), factors: { alpha: ['a'], beta: ['b'] } });
  const horizons = [
    { label: '1m', loading: 1 },
    { label: '3m', loading: 0.6 },
    { label: '6m', loading: 0.3 },
    { label: '12m', loading: 0.05 },
  ];
  const rows = { date: [] as string[], stock: [] as string[], horizon: [] as string[], return: [] as number[] };
  for (const h of horizons) {
    for (let i = 0; i < date.length; i++) {
      rows.date.push(date[i]);
      rows.stock.push(stock[i]);
      rows.horizon.push(h.label);
      rows.return.push(h.loading * (a[i] + b[i]) + 1.5 * draw());
    }
  }
  return { panel, table: aq.table(rows), a, b, date, horizons };
}

/** The per-date Spearman IC of `signal` against the returns of one horizon, written out from the table's rows. */
function independentIcs(panel: Panel, date: string[], signal: number[], table: ReturnType<typeof decayingRun>['table'], horizon: string): number[] {
  const rows = table.objects() as { date: string; stock: string; horizon: string; return: number }[];
  const returnOf = new Map(rows.filter((r) => r.horizon === horizon).map((r) => [`${r.date} ${r.stock}`, r.return]));
  return panel.dates.map((d) => {
    const idx = date.flatMap((x, i) => (x === d ? [i] : []));
    const stock = idx.map((i) => panel.stocks[i % panel.stocks.length]);
    return spearman(idx.map((i) => signal[i]), stock.map((s) => returnOf.get(`${d} ${s}`) as number));
  });
}

describe('parseHorizon and horizonOfColumn', () => {
  it('reads a count and a unit, or a bare number of periods', () => {
    assert.deepEqual(parseHorizon('3m'), { label: '3m', count: 3, unit: 'm' });
    assert.deepEqual(parseHorizon(' 6 Months '), { label: '6m', count: 6, unit: 'm' });
    assert.deepEqual(parseHorizon(5), { label: '5', count: 5, unit: 'period' });
    assert.equal(parseHorizon('0m'), null);
    assert.equal(parseHorizon('soon'), null);
    assert.equal(parseHorizon(1.5), null);
  });

  it('recognises wide horizon columns by the documented rule, and nothing else', () => {
    assert.equal(horizonOfColumn('fwd_return_1m')?.label, '1m');
    assert.equal(horizonOfColumn('Forward Return 3M')?.label, '3m');
    assert.equal(horizonOfColumn('fwd_ret_5d')?.label, '5d');
    assert.equal(horizonOfColumn('ret_fwd_20d')?.label, '20d');
    assert.equal(horizonOfColumn('return_12m')?.label, '12m');
    for (const name of ['fwd_return', 'momentum_12m', 'fwd_return_3', 'fwd_return_3x', 'vol_20d']) assert.equal(horizonOfColumn(name), null, name);
  });

  it('measures a horizon in periods of the run', () => {
    assert.equal(horizonPeriods({ label: '3m', count: 3, unit: 'm' }, 'monthly'), 3);
    assert.equal(horizonPeriods({ label: '20d', count: 20, unit: 'd' }, 'weekly'), 4);
    assert.equal(horizonPeriods({ label: '1m', count: 1, unit: 'm' }, 'daily'), 21);
    close(horizonPeriods({ label: '5d', count: 5, unit: 'd' }, 'monthly'), 5 / 21);
    assert.equal(horizonPeriods({ label: '4', count: 4, unit: 'period' }, 'monthly'), 4);
  });
});

describe('readReturns at several horizons', () => {
  const D1 = '2024-01-31';
  const D2 = '2024-02-29';
  it('splits a long table by its horizon column, shortest first, the shortest as the run return', () => {
    const r = readReturns(aq.table({ date: [D1, D1, D1, D1, D2], stock: ['A', 'A', 'B', 'B', 'A'], horizon: ['3m', '1m', '3m', '1m', '1m'], ret: [0.3, 0.1, 0.4, 0.2, 0.5] }), 'r.csv');
    assert.deepEqual(r.horizons?.map((h) => h.horizon.label), ['1m', '3m']);
    assert.deepEqual([...r.values], [0.1, 0.2, 0.5]);
    assert.deepEqual(r.stocks, ['A', 'B', 'A']);
    assert.deepEqual([...(r.horizons?.[1].values ?? [])], [0.3, 0.4]);
    assert.deepEqual(r.horizons?.[1].dates, [D1, D1]);
  });

  it('reads wide horizon columns, and keeps one horizon as before', () => {
    const wide = readReturns(aq.table({ date: [D1, D1], stock: ['A', 'B'], fwd_return_3m: [0.3, 0.4], fwd_return_1m: [0.1, 0.2] }), 'r.csv');
    assert.deepEqual([...wide.values], [0.1, 0.2]);
    assert.deepEqual(wide.horizons?.map((h) => [h.horizon.label, [...h.values]]), [['1m', [0.1, 0.2]], ['3m', [0.3, 0.4]]]);
    const single = readReturns(aq.table({ date: [D1], stock: ['A'], fwd_return_3m: [0.3] }), 'r.csv');
    assert.deepEqual([...single.values], [0.3]);
    assert.equal(single.horizons, undefined);
    const plain = readReturns(aq.table({ date: [D1], stock: ['A'], fwd_return: [0.05], fwd_return_3m: [0.3], fwd_return_6m: [0.4] }), 'r.csv');
    assert.deepEqual([...plain.values], [0.05], 'a plain return column stays the run return');
    assert.deepEqual(plain.horizons?.map((h) => h.horizon.label), ['3m', '6m']);
    const one = readReturns(aq.table({ date: [D1, D1], stock: ['A', 'B'], horizon: ['1m', '1m'], ret: [0.1, 0.2] }), 'r.csv');
    assert.equal(one.horizons, undefined);
    assert.deepEqual([...one.values], [0.1, 0.2]);
  });

  it("reads a longer horizon's empty wide cells as rows without that horizon, not as bad returns", () => {
    const r = readReturns(aq.table({ date: [D1, D1, D1], stock: ['A', 'B', 'C'], fwd_return_1m: [0.1, NaN, 0.3], fwd_return_3m: [0.4, null, Infinity] }), 'r.csv');
    assert.deepEqual([...r.values], [0.1, NaN, 0.3], "the run's return keeps every row");
    assert.deepEqual(r.horizons?.[1].stocks, ['A', 'C']);
    assert.deepEqual([...(r.horizons?.[1].values ?? [])], [0.4, Infinity], 'an infinite return stays, to be reported');
  });

  it('names the file, row and column of a bad horizon', () => {
    assert.throws(() => readReturns(aq.table({ date: [D1, D1], stock: ['A', 'B'], horizon: ['1m', 'soon'], ret: [0.1, 0.2] }), 'r.csv'), (e: unknown) => e instanceof InputError && e.row === 2 && /r\.csv: row 2, column 'horizon': soon is not a horizon/.test(e.message));
    assert.throws(() => readReturns(aq.table({ date: [D1, D1], stock: ['A', 'B'], horizon: ['1m', 3], ret: [0.1, 0.2] }), 'r.csv'), /mixes a bare number of periods/);
    assert.throws(() => readReturns(aq.table({ date: [D1, D1], stock: ['A', 'B'], horizon: ['1m', '21d'], ret: [0.1, 0.2] }), 'r.csv'), /'1m' and '21d' give the same horizon/);
    assert.throws(() => readReturns(aq.table({ date: [D1], stock: ['A'], fwd_return_1m: [0.1], ret_fwd_21d: [0.2] }), 'r.csv'), /give the same horizon/);
  });
});

describe('icDecay', () => {
  it('gives each horizon the mean of an independently computed Spearman IC and its Newey-West t-statistic', () => {
    const run = decayingRun(40, 30, 7);
    const returns = readReturns(run.table, 'r.csv');
    const primary = alignReturns(run.panel, returns);
    const { horizons, diagnostics } = alignHorizons(run.panel, returns, primary);
    assert.deepEqual(diagnostics, []);
    assert.ok(horizons);
    const decay = icDecay(run.panel, horizons);
    assert.equal(decay.frequency, 'monthly');
    assert.deepEqual(decay.horizons.map((h) => [h.horizon, h.periods, h.dates]), [['1m', 1, 30], ['3m', 3, 30], ['6m', 6, 30], ['12m', 12, 30]]);
    const score = run.a.map((x, i) => x + run.b[i]);
    for (const h of decay.horizons) {
      const ics = independentIcs(run.panel, run.date, score, run.table, h.horizon);
      const mean = ics.reduce((s, v) => s + v, 0) / ics.length;
      close(h.icMean, mean, `${h.horizon} mean IC`, 1e-12);
      // floor(4 (30/100)^(2/9)) = 3, raised to h - 1 by the overlap, at most T - 1.
      assert.equal(h.lags, Math.min(Math.max(3, h.periods - 1), 29), `${h.horizon} lags`);
      close(h.tstat, neweyWestMean(ics, h.lags)?.tstat as number, `${h.horizon} t-stat`, 1e-9);
    }
    const alpha = decay.factors.find((f) => f.signal === 'alpha');
    const alphaIcs = independentIcs(run.panel, run.date, run.a, run.table, '3m');
    close(alpha?.horizons[1].icMean, alphaIcs.reduce((s, v) => s + v, 0) / alphaIcs.length, 'alpha 3m mean IC', 1e-12);
    // The known decay: IC falls with the loading, and halves between 3 and 6 months.
    const means = decay.horizons.map((h) => h.icMean as number);
    assert.ok(means[0] > means[1] && means[1] > means[2] && means[2] > means[3], `decreasing: ${means}`);
    assert.equal(decay.halfLife, halfLife(decay.horizons));
    assert.ok(typeof decay.halfLife === 'number' && decay.halfLife > 1 && decay.halfLife < 6, `half-life ${decay.halfLife}`);
  });

  it('uses the manifest lags when they are more than the overlap needs', () => {
    const run = decayingRun(20, 24, 3);
    const returns = readReturns(run.table, 'r.csv');
    const { horizons } = alignHorizons(run.panel, returns, alignReturns(run.panel, returns));
    const decay = icDecay(run.panel, horizons ?? [], { neweyWestLags: 4 });
    assert.deepEqual(decay.horizons.map((h) => h.lags), [4, 4, 5, 11]);
    assert.throws(() => icDecay(run.panel, horizons ?? [], { neweyWestLags: -1 }), /neweyWestLags/);
  });
});

describe('halfLife', () => {
  it('interpolates linearly between the horizons around half the first IC', () => {
    // Half of 0.06 is 0.03, between 0.04 at 3 and 0.02 at 6: 3 + (0.04 - 0.03) / (0.04 - 0.02) x 3 = 4.5.
    close(halfLife([{ periods: 1, icMean: 0.06 }, { periods: 3, icMean: 0.04 }, { periods: 6, icMean: 0.02 }]) as number, 4.5, 'half-life', 1e-12);
    // Exactly half at a horizon: that horizon.
    close(halfLife([{ periods: 1, icMean: 0.08 }, { periods: 2, icMean: 0.04 }]) as number, 2, 'half-life', 1e-12);
    // A horizon without an IC is skipped: half of 0.1 between 0.07 at 1 and 0.01 at 12 -> 1 + (0.02 / 0.06) x 11.
    close(halfLife([{ periods: 1, icMean: 0.1 }, { periods: 3, icMean: null }, { periods: 12, icMean: 0.01 }]) as number, 1 + (0.05 / 0.09) * 11, 'half-life', 1e-12);
  });

  it('says when it is not reached, and gives none when the first IC is not above 0', () => {
    assert.equal(halfLife([{ periods: 1, icMean: 0.05 }, { periods: 3, icMean: 0.04 }]), 'not reached');
    assert.equal(halfLife([{ periods: 1, icMean: 0 }, { periods: 3, icMean: -0.04 }]), null);
    assert.equal(halfLife([{ periods: 1, icMean: -0.02 }, { periods: 3, icMean: -0.01 }]), null);
    const horizons = [{ horizon: '1m', periods: 1, icMean: 0.05, tstat: null, dates: 1, lags: 0 }, { horizon: '12m', periods: 12, icMean: 0.04, tstat: null, dates: 1, lags: 0 }];
    assert.equal(halfLifeText({ frequency: 'monthly', halfLife: 4.46, horizons }), '4.5 months');
    assert.equal(halfLifeText({ frequency: 'monthly', halfLife: 'not reached', horizons }), 'not reached by 12m');
    assert.match(halfLifeText({ frequency: 'monthly', halfLife: null, horizons }), /^none/);
  });
});

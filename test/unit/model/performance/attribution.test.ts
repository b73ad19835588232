import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { brinsonFachler } from '../../../../src/model/performance/brinson';
import { portfolioReturns } from '../../../../src/model/performance/portfolioReturns';
import type { Panel } from '../../../../src/model/run/panel';
import { close, panelFrom } from './panelFixture';

const D = '2024-01-31';
const STOCKS = ['A', 'B', 'C', 'D', 'E', 'CASH'];
/**
 * One date. Portfolio A .36, B .18, C .18, E .18 and a .10 cash line without a return (so
 * A .4, B .2, C .2, E .2 of the weight with returns); benchmark A .2, B .3, C .3, D .2.
 * Sectors: S1 = A, B; S2 = C; S3 = D (benchmark only); S4 = E (portfolio only).
 * Returns A 5%, B 1%, C -2%, D 3%, E 4%.
 * R_p = .4*.05 + .2*.01 + .2*(-.02) + .2*.04 = .026; R_b = .2*.05 + .3*.01 + .3*(-.02) + .2*.03 = .013.
 */
const RETURNS: Record<string, number> = { A: 0.05, B: 0.01, C: -0.02, D: 0.03, E: 0.04, CASH: NaN };

function brinsonPanel(): Panel {
  return panelFrom({
    weights: aq.table({ date: STOCKS.map(() => D), stock: STOCKS, weight: [0.36, 0.18, 0.18, 0, 0.18, 0.1], benchmark_weight: [0.2, 0.3, 0.3, 0.2, 0, 0] }),
    securities: aq.table({ stock: STOCKS, sector: ['S1', 'S1', 'S2', 'S3', 'S4', 'Cash'] }),
  });
}

const returnsFor = (panel: Panel) => Float64Array.from({ length: panel.rows }, (_, r) => RETURNS[panel.stocks[panel.rowStock[r]]]);

describe('portfolioReturns', () => {
  it('weight-averages the returns of the names that have one, and says how much weight that covers', () => {
    const panel = brinsonPanel();
    const [point] = portfolioReturns(panel, returnsFor(panel));
    close(point.portfolio, 0.026, 'portfolio');
    close(point.benchmark, 0.013, 'benchmark');
    close(point.active, 0.013, 'active');
    close(point.portfolioCoverage, 0.9, 'coverage');
    close(point.benchmarkCoverage, 1, 'benchmark coverage');
  });
});

describe('brinsonFachler', () => {
  it('matches the hand computation, sector by sector', () => {
    const panel = brinsonPanel();
    const point = brinsonFachler(panel, returnsFor(panel))?.points[0];
    assert.ok(point);
    const s = Object.fromEntries(point.sectors.map((x) => [x.sector, x]));
    assert.deepEqual(Object.keys(s), ['S1', 'S2', 'S3', 'S4']);
    // S1: w_p .6, R_p,s .022/.6; w_b .5, R_b,s .026
    close(s.S1.portfolioReturn, 0.022 / 0.6, 'S1 R_p');
    close(s.S1.benchmarkReturn, 0.026, 'S1 R_b');
    close(s.S1.allocation, 0.1 * (0.026 - 0.013), 'S1 allocation');
    close(s.S1.selection, 0.5 * (0.022 / 0.6 - 0.026), 'S1 selection');
    close(s.S1.interaction, 0.1 * (0.022 / 0.6 - 0.026), 'S1 interaction');
    // S2: underweight -.1 in a sector that lagged (-2% vs 1.3%); same names, no selection
    close(s.S2.allocation, -0.1 * (-0.02 - 0.013), 'S2 allocation');
    close(s.S2.selection, 0, 'S2 selection');
    // S3, benchmark only: R_p,s taken as R_b,s, so only allocation
    assert.equal(s.S3.portfolioReturn, null);
    close(s.S3.allocation, -0.2 * (0.03 - 0.013), 'S3 allocation');
    close(s.S3.selection + s.S3.interaction, 0, 'S3 selection + interaction');
    // S4, portfolio only: R_b,s taken as R_b, so no allocation; its excess is interaction
    assert.equal(s.S4.benchmarkReturn, null);
    close(s.S4.allocation, 0, 'S4 allocation');
    close(s.S4.interaction, 0.2 * (0.04 - 0.013), 'S4 interaction');
    close(point.allocation, 0.0013 + 0.0033 - 0.0034, 'allocation');
    close(point.selection, 0.5 * (0.022 / 0.6 - 0.026), 'selection');
  });

  it('sums to the active return on every date (identity)', () => {
    const panel = brinsonPanel();
    const point = brinsonFachler(panel, returnsFor(panel))?.points[0];
    assert.ok(point);
    close(point.activeReturn, 0.013, 'active');
    close(point.allocation + point.selection + point.interaction, point.activeReturn, 'A + S + I');
    close(point.sectors.reduce((a, x) => a + x.total, 0), point.activeReturn, 'sum of sector totals');
    for (const x of point.sectors) close(x.allocation + x.selection + x.interaction, x.total, `${x.sector} total`);
  });

  it('holds the identity on random books, with names missing returns', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const stocks = Array.from({ length: 40 }, (_, i) => `X${i}`);
    const dates = ['2024-01-31', '2024-02-29', '2024-03-28'];
    const rows = dates.flatMap((date) => stocks.map((stock) => ({ date, stock, weight: random() < 0.4 ? random() : 0, benchmark_weight: random() < 0.8 ? random() : 0 })));
    const panel = panelFrom({
      weights: aq.from(rows),
      securities: aq.table({ stock: stocks, sector: stocks.map((_, i) => `G${i % 7}`) }),
    });
    const returns = Float64Array.from({ length: panel.rows }, () => (random() < 0.1 ? NaN : (random() - 0.5) * 0.2));
    const result = brinsonFachler(panel, returns);
    assert.equal(result?.points.length, 3);
    const series = portfolioReturns(panel, returns);
    result?.points.forEach((p, i) => {
      close(p.allocation + p.selection + p.interaction, p.activeReturn, `${p.date} identity`);
      close(p.activeReturn, series[i].active as number, `${p.date} same active return as portfolioReturns`);
    });
    const bySector = result?.bySector ?? [];
    close(bySector.reduce((a, s) => a + s.total, 0), (result?.points ?? []).reduce((a, p) => a + p.activeReturn, 0), 'totals over dates');
  });

  it('is null without a benchmark', () => {
    const panel = panelFrom({ weights: aq.table({ date: [D, D], stock: ['A', 'B'], weight: [0.5, 0.5] }) });
    assert.equal(brinsonFachler(panel, new Float64Array([0.01, 0.02])), null);
    const [point] = portfolioReturns(panel, new Float64Array([0.01, 0.02]));
    close(point.portfolio, 0.015);
    assert.equal(point.benchmark, null);
    assert.equal(point.active, null);
  });
});

import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { transferCoefficients } from '../../../../src/model/performance/transferCoefficient';
import { close, panelFrom } from './panelFixture';

const DATES = ['2024-01-31', '2024-02-29', '2024-03-29'];
const STOCKS = ['A', 'B', 'C', 'D'];

/**
 * Scores 1, 2, 3, 4 hundredths on every date against an equal-weight benchmark (.25).
 * Weights: .1 .2 .3 .4 (active proportional to the score's deviation: TC 1), then .4 .3 .2 .1
 * (TC -1), then .35 .15 .35 .15: active +-.1 against score deviations -1.5 -.5 .5 1.5, so
 * sxy = -.15 + .05 + .05 - .15 = -.2, sxx = 5, syy = .04 and TC = -.2 / sqrt(.2) = -0.4472.
 */
function tables(withBenchmark = true) {
  const weights = [
    [0.1, 0.2, 0.3, 0.4],
    [0.4, 0.3, 0.2, 0.1],
    [0.35, 0.15, 0.35, 0.15],
  ];
  const date = DATES.flatMap((d) => STOCKS.map(() => d));
  const stock = DATES.flatMap(() => STOCKS);
  return panelFrom({
    contributions: aq.table({ date, stock, base_value: date.map(() => 0), f: DATES.flatMap(() => [0.01, 0.02, 0.03, 0.04]) }),
    weights: aq.table({ date, stock, weight: weights.flat(), ...(withBenchmark ? { benchmark_weight: date.map(() => 0.25) } : {}) }),
  });
}

describe('transferCoefficients', () => {
  it('correlates active weights with scores per date, and averages over dates', () => {
    const tc = transferCoefficients(tables());
    assert.ok(tc);
    assert.deepEqual(tc.points.map((p) => [p.date, p.stocks]), DATES.map((d) => [d, 4]));
    close(tc.points[0].tc, 1, 'proportional');
    close(tc.points[1].tc, -1, 'reversed');
    close(tc.points[2].tc, -0.2 / Math.sqrt(0.2), 'by hand');
    close(tc.mean, (1 - 1 - 0.2 / Math.sqrt(0.2)) / 3, 'mean');
  });

  it('is null without benchmark weights', () => {
    assert.equal(transferCoefficients(tables(false)), null);
  });
});

import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { readWeights } from '../../../../src/model/run/weights';
import type { Diagnostic } from '../../../../src/model/types';
import { DATES, loadHand } from '../fixtures';
import { NO_FILTERS } from '../../../../src/model/types';

describe('readWeights', () => {
  it('detects percentages and converts them, saying so', () => {
    const diagnostics: Diagnostic[] = [];
    const w = readWeights(aq.table({ stock: ['A', 'B'], weight: [60, 40], benchmark_weight: [50, 50] }), 'w.csv', undefined, diagnostics);
    assert.equal(w.scale, 'percent');
    assert.deepEqual([...w.weight], [0.6, 0.4]);
    assert.deepEqual([...(w.benchmark ?? [])], [0.5, 0.5]);
    assert.equal(diagnostics[0].message, 'w.csv: weights read as percentages (they sum to about 100.0 per date) and converted to fractions.');
  });

  it('reads fractions as they are and reports a portfolio that does not sum to 100%', () => {
    const diagnostics: Diagnostic[] = [];
    const w = readWeights(aq.table({ date: ['2024-01-31', '2024-01-31'], stock: ['A', 'B'], weight: [0.5, 0.416] }), 'w.csv', undefined, diagnostics);
    assert.equal(w.scale, 'fraction');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].message, 'w.csv: portfolio weights do not sum to 100% on 1 date, e.g. 91.6% on 2024-01-31 (cash or missing names?).');
  });

  it('treats missing weights as 0 and rejects text', () => {
    const w = readWeights(aq.table({ stock: ['A', 'B'], weight: [1, null] }), 'w.csv', undefined, []);
    assert.deepEqual([...w.weight], [1, 0]);
    assert.throws(() => readWeights(aq.table({ stock: ['A', 'B'], weight: ['1', 'x'] }), 'w.csv', undefined, []), /w\.csv, row 2, column 'weight': 'x' is not a number/);
  });

  it('gives the same attribution for percent and fraction inputs', async () => {
    const fraction = await loadHand();
    const percent = await loadHand({ weights: (await import('../fixtures')).HAND.weights().derive({ weight: (d: { weight: number }) => d.weight * 100, benchmark_weight: (d: { benchmark_weight: number }) => d.benchmark_weight * 100 }) });
    const a = fraction.factors(DATES.D1, NO_FILTERS).byFactor;
    const b = percent.factors(DATES.D1, NO_FILTERS).byFactor;
    a.forEach((f, i) => assert.ok(Math.abs(f.portfolio - b[i].portfolio) < 1e-15));
    assert.equal(percent.summary().weightScale, 'percent');
  });

  it('reports held names without contributions, with an example', async () => {
    const { HAND } = await import('../fixtures');
    const weights = HAND.weights();
    const extra = aq.table({ date: ['2024-01-31'], ticker: ['CASH'], weight: [0.01], benchmark_weight: [0] });
    const engine = await loadHand({ weights: weights.concat(extra) });
    const diagnostic = engine.summary().diagnostics.find((d) => d.code === 'held-without-contributions');
    assert.match(diagnostic?.message ?? '', /1 held position \(long or short\) has no contributions \(e\.g\. CASH on 2024-01-31\)/);
    const over = engine.overview(DATES.D1, NO_FILTERS);
    assert.equal(over.holdingsWithoutContributions, 1);
    assert.ok(Math.abs(over.weightCoverage - 1 / 1.01) < 1e-12);
  });
});

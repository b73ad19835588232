import { strict as assert } from 'node:assert';
import { inferFrequency } from '../../../../src/model/performance/frequency';

describe('inferFrequency', () => {
  it('tells business days (weekends included) from weeks, months, quarters and years', () => {
    const days = ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12', '2024-01-15'];
    assert.deepEqual(inferFrequency(days), { frequency: 'daily', periodsPerYear: 252, medianGapDays: 1 });
    assert.equal(inferFrequency(['2024-01-05', '2024-01-12', '2024-01-19', '2024-01-26']).frequency, 'weekly');
    assert.deepEqual(inferFrequency(['2024-01-31', '2024-02-29', '2024-03-28', '2024-04-30']), { frequency: 'monthly', periodsPerYear: 12, medianGapDays: 29 });
    assert.deepEqual(inferFrequency(['2023-03-31', '2023-06-30', '2023-09-29', '2023-12-29']).periodsPerYear, 4);
    assert.deepEqual(inferFrequency(['2021-12-31', '2022-12-30', '2023-12-29']).frequency, 'annual');
  });

  it('uses the median gap, so a missing month does not change the answer', () => {
    assert.equal(inferFrequency(['2024-01-31', '2024-02-29', '2024-05-31', '2024-06-28', '2024-07-31']).frequency, 'monthly');
  });

  it('ignores order and repeats, and says nothing for fewer than two dates', () => {
    assert.equal(inferFrequency(['2024-03-28', '2024-01-31', '2024-02-29', '2024-02-29']).frequency, 'monthly');
    assert.deepEqual(inferFrequency(['2024-01-31']), { frequency: null, periodsPerYear: null, medianGapDays: null });
    assert.deepEqual(inferFrequency(['snapshot']).frequency, null);
  });
});

import { strict as assert } from 'node:assert';
import { estimateLoadBytes, formatBytes, refusableFiles } from '../../../../src/model/run/memoryEstimate';

describe('estimateLoadBytes', () => {
  it('expands compressed columnar files more than text', () => {
    const mb = 1024 * 1024;
    assert.equal(estimateLoadBytes([{ name: 'out/contributions.parquet', size: 10 * mb }]), 90 * mb);
    assert.equal(estimateLoadBytes([{ name: 'weights.CSV', size: 10 * mb }]), 30 * mb);
    assert.equal(estimateLoadBytes([{ name: 'a.parquet', size: mb }, { name: 'b.arrow', size: mb }, { name: 'c.unknown', size: mb }]), 15 * mb);
  });

  it('puts the sample run well inside the default budget of 3 GB', () => {
    const mb = 1024 * 1024;
    const sample = [{ name: 'contributions.parquet', size: 23 * mb }, { name: 'weights.csv', size: 3.3 * mb }, { name: 'fwd_returns.parquet', size: 1 * mb }];
    assert.ok(estimateLoadBytes(sample) < 1024 * mb);
  });

  it('formats sizes for messages', () => {
    assert.equal(formatBytes(850 * 1024 * 1024), '850 MB');
    assert.equal(formatBytes(1.5 * 1024 ** 3), '1.5 GB');
  });

  it('leaves Parquet out of the refusal: the database checks it from its footer, and a long table too large is read by date', () => {
    const files = [{ name: 'long.parquet', size: 1 }, { name: 'x.PQ', size: 1 }, { name: 'weights.csv', size: 1 }, { name: 'parquet.json', size: 1 }];
    assert.deepEqual(refusableFiles(files).map((f) => f.name), ['weights.csv', 'parquet.json']);
  });
});

/**
 * The reading frame every engine's reader by date shares: reads in the order asked, and
 * work for later (keeping the reader in the run cache) only once the views' reads pause.
 */
import { strict as assert } from 'node:assert';
import { type CellTarget, DateCellReader } from '../../../src/sql/dateCellReader';

/** A reader of 4 keys on 2 dates whose reads take `readMs` and are logged. */
class LoggingReader extends DateCellReader {
  readonly log: string[] = [];

  constructor(private readonly readMs: number) {
    super('test table', [0, 0, 1, 1], 1, false);
  }

  protected async readDates(dates: number[], into: CellTarget): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.readMs));
    for (const [key, slot] of into.slot.entries()) if (slot >= 0) into.contributions[0][slot] = key;
    this.log.push(`read ${dates.join(',')}`);
  }

  protected async release(): Promise<void> {
    this.log.push('released');
  }

  later(quietMs: number): Promise<void> {
    return this.whenQuiet(async () => {
      this.log.push('later');
    }, quietMs);
  }
}

describe('sql/dateCellReader', () => {
  it('places the cells of the rows asked for by position, in the order asked', async () => {
    const reader = new LoggingReader(1);
    const [a, b] = await Promise.all([reader.read(Int32Array.of(3, 1)), reader.read(Int32Array.of(2))]);
    assert.deepEqual([...a.contributions[0]], [3, 1]);
    assert.deepEqual([...b.contributions[0]], [2]);
    assert.deepEqual(reader.log, ['read 0,1', 'read 1']);
  });

  it('runs work for later only after the reads asked before and during its wait, once they pause', async () => {
    const reader = new LoggingReader(20);
    void reader.read(Int32Array.of(0));
    const later = reader.later(100);
    // A read asked while the work waits goes first.
    await new Promise((resolve) => setTimeout(resolve, 60));
    void reader.read(Int32Array.of(2));
    await later;
    assert.deepEqual(reader.log, ['read 0', 'read 1', 'later']);
  });

  it('reads nothing and does no work for later after close', async () => {
    const reader = new LoggingReader(1);
    await reader.close();
    await assert.rejects(reader.read(Int32Array.of(0)), /read after the run was closed/);
    await assert.rejects(reader.later(0), /read after the run was closed/);
    assert.deepEqual(reader.log, ['released']);
  });
});

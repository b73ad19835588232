import assert from 'node:assert/strict';
import { LIGHT_THEME, countMarks, icChart } from '../../../src/views';
import { periodAxis, selectedPeriodRule } from '../../../src/views/periodAxis';
import { IC } from './tabFixtures';

describe('views/periodAxis', () => {
  it('spans each ISO date to the next one, and the last by the median gap', () => {
    const axis = periodAxis(['2024-03-01', '2024-01-01', '2024-02-01']);
    assert.ok(axis.temporal);
    assert.deepEqual(axis.dates, ['2024-01-01', '2024-02-01', '2024-03-01']);
    const jan = axis.fields('2024-01-01');
    assert.equal(jan.timeEnd, Date.parse('2024-02-01'));
    assert.equal(jan.endDate, '2024-02-01');
    const mar = axis.fields('2024-03-01');
    // Gaps of 31 and 29 days: the median (the upper one of two) is 31 days.
    assert.equal(mar.timeEnd - mar.time, 31 * 86_400_000);
    assert.equal(mar.endDate, '2024-04-01');
    assert.equal(mar.timeMid, (mar.time + mar.timeEnd) / 2);
  });

  it('falls back to an ordinal axis in the order given for labels that are not dates', async () => {
    const axis = periodAxis(['snapshot', 'later']);
    assert.ok(!axis.temporal);
    assert.deepEqual(axis.dates, ['snapshot', 'later']);
    assert.equal((axis.band.x as { type: string }).type, 'ordinal');
    assert.equal(selectedPeriodRule(axis, 'nope', '#000'), null);
    const labelled = { ...IC, points: IC.points.slice(0, 3).map((p, i) => ({ ...p, date: `period ${i + 1}` })) };
    assert.deepEqual(await countMarks(icChart(labelled, LIGHT_THEME, { window: 2 })), { rect: 3, line: 1, rule: 1 });
  });
});

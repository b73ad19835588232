import assert from 'node:assert/strict';
import { waterfallSteps, type WaterfallStep } from '../../../src/views';
import { XSS, stockDetail } from './fixtures';

/** The step table as [label, kind, start, end, value] rows, for exact comparison. */
function table(steps: WaterfallStep[]): [string, string, number, number, number][] {
  return steps.map((s) => [s.label, s.kind, s.start, s.end, s.value]);
}

describe('views/waterfallSteps', () => {
  it('runs from base to score through every feature when they fit', () => {
    // Sorted by |contribution|: 0.25, -0.125, 0.0625, 0.046875, -0.03125, 0.015625, 0.0078125.
    assert.deepEqual(table(waterfallSteps(stockDetail(), 12, 1e-6)), [
      ['base value', 'base', 0, 0.5, 0.5],
      ['ep_fy1', 'feature', 0.5, 0.75, 0.25],
      ['mom_12_1', 'feature', 0.75, 0.625, -0.125],
      ['roe', 'feature', 0.625, 0.6875, 0.0625],
      [XSS, 'feature', 0.6875, 0.734375, 0.046875],
      ['accruals', 'feature', 0.734375, 0.703125, -0.03125],
      ['bp', 'feature', 0.703125, 0.71875, 0.015625],
      ['analyst_rev', 'feature', 0.71875, 0.7265625, 0.0078125],
      ['score', 'score', 0, 0.7265625, 0.7265625],
    ]);
  });

  it('sums the smallest features into one "other" bar beyond maxBars', () => {
    // maxBars 4: the 3 largest, then other = 0.046875 - 0.03125 + 0.015625 + 0.0078125 = 0.0390625.
    const steps = waterfallSteps(stockDetail(), 4, 1e-6);
    assert.deepEqual(table(steps), [
      ['base value', 'base', 0, 0.5, 0.5],
      ['ep_fy1', 'feature', 0.5, 0.75, 0.25],
      ['mom_12_1', 'feature', 0.75, 0.625, -0.125],
      ['roe', 'feature', 0.625, 0.6875, 0.0625],
      ['other 4 features', 'other', 0.6875, 0.7265625, 0.0390625],
      ['score', 'score', 0, 0.7265625, 0.7265625],
    ]);
    assert.deepEqual(
      steps.filter((s) => s.kind === 'feature').map((s) => [s.feature, s.factor]),
      [['ep_fy1', 'value'], ['mom_12_1', 'momentum'], ['roe', 'quality']],
    );
  });

  it('adds an "unexplained" step when the contributions miss the score by more than the tolerance', () => {
    const steps = waterfallSteps(stockDetail(0.8515625), 4, 1e-6);
    assert.deepEqual(table(steps.slice(-2)), [
      ['unexplained', 'residual', 0.7265625, 0.8515625, 0.125],
      ['score', 'score', 0, 0.8515625, 0.8515625],
    ]);
    // Every floating step starts where the one before it ended.
    for (let i = 2; i < steps.length - 1; i++) assert.equal(steps[i].start, steps[i - 1].end);
    assert.equal(steps.at(-2)?.end, steps.at(-1)?.end);
  });

  it('stays quiet within the tolerance but still ends at the score', () => {
    const steps = waterfallSteps(stockDetail(0.7265625 + 1e-9), 12, 1e-6);
    assert.ok(!steps.some((s) => s.kind === 'residual'));
    assert.equal(steps.at(-1)?.end, 0.7265625 + 1e-9);
    assert.ok(waterfallSteps(stockDetail(0.7265625 + 1e-9), 12, 0).some((s) => s.kind === 'residual'));
  });

  it('ends at base + sum when there is no score', () => {
    const steps = waterfallSteps(stockDetail(null), 12, 1e-6);
    assert.deepEqual(steps.at(-1), { label: 'score', kind: 'score', start: 0, end: 0.7265625, value: 0.7265625 });
  });

  it('keeps labels unique when a feature is named like a step', () => {
    const detail = stockDetail();
    detail.contributions = [
      { feature: 'score', factor: 'x', contribution: 0.5, value: null },
      { feature: 'base value', factor: 'x', contribution: 0.25, value: null },
    ];
    detail.score = 1.25;
    assert.deepEqual(waterfallSteps(detail).map((s) => s.label), ['base value', 'score (2)', 'base value (2)', 'score']);
  });

  it('leaves out contributions that are not numbers and falls back on bad options', () => {
    const detail = stockDetail(null);
    detail.contributions = [
      ...detail.contributions,
      { feature: 'broken', factor: 'x', contribution: Number.NaN, value: null },
    ];
    const steps = waterfallSteps(detail, 0, -1);
    assert.ok(!steps.some((s) => s.feature === 'broken'));
    assert.equal(steps.at(-1)?.end, 0.7265625);
    assert.throws(() => waterfallSteps({} as never), /contributions array/);
  });
});

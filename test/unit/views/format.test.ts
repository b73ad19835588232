/** The one formatting module: units stated, fixed decimals, never scientific notation. */
import assert from 'node:assert/strict';
import { BP_PER_SCORE, formatFixed, formatPercentText, formatScoreBp, formatScoreBpUnit, scoreBpFormatter, scoreTitle } from '../../../src/views/format';
import { bp, bpMagnitude, number, percent, signed } from '../../../src/report/format';

describe('views/format', () => {
  it('shows scores and contributions in bp of score with fixed decimals', () => {
    assert.equal(BP_PER_SCORE, 10000);
    assert.equal(formatScoreBp(0.00252), '+25.2');
    assert.equal(formatScoreBp(-0.0000771), '\u22120.8');
    assert.equal(formatScoreBp(0.0201, 1, false), '201.0');
    assert.equal(formatScoreBp(12.5), '+125,000.0');
    assert.equal(formatScoreBpUnit(0.00252), '+25.2 bp');
    assert.equal(scoreTitle('Contribution'), 'Contribution (bp of score)');
  });

  it('never prints scientific notation, and never "−0.0", in the view, the reports or the command line', () => {
    for (const tiny of [1.074e-10, -1.074e-10, 3.2e-9, -5e-300, 1e-20]) {
      for (const text of [formatScoreBp(tiny), formatScoreBpUnit(tiny), bp(tiny), bpMagnitude(Math.abs(tiny)), signed(tiny), number(Math.abs(tiny)), formatFixed(tiny, 3), formatPercentText(tiny)]) {
        assert.ok(!/e[+-]?\d/i.test(text), `${tiny}: ${text}`);
        assert.ok(!text.startsWith('\u22120.0') && !text.startsWith('-0'), `${tiny}: ${text}`);
      }
    }
    assert.equal(bp(1.074e-10), '0.0 bp');
    assert.equal(bpMagnitude(0.00104), '10.4 bp');
    // The command line keeps score units, in plain decimals.
    assert.equal(signed(1.074e-10), '0');
    assert.equal(signed(-0.05), '-0.05');
    assert.equal(signed(0.001234), '+0.001234');
    assert.equal(number(0.0123456), '0.01235');
    assert.equal(percent(-0.0123, 2, true), '\u22121.23%');
    assert.equal(percent(null), '—');
  });

  it('formats Vega labels in bp through the view\'s own d3 formatter', () => {
    const calls: string[] = [];
    const format = scoreBpFormatter((specifier) => (n) => {
      calls.push(`${specifier} ${n}`);
      return n.toFixed(1);
    });
    assert.equal(format(0.00252, '+,.1f'), '25.2');
    assert.equal(format(-0, '+,.1f'), '0.0');
    assert.deepEqual(calls, ['+,.1f 25.2', '+,.1f 0']);
    assert.equal(format('n/a', '+,.1f'), 'n/a');
  });
});

/** The webview's number formats and the sign a cell is coloured by: the sign the text reads. */
import assert from 'node:assert/strict';
import { displayedSign } from '../../../src/views/format';
import { bpSignClass, formatBp, formatNumber, formatSignedPercent, numberSignClass, percentSignClass } from '../../../webview/format';

const MINUS = '\u2212';

describe('webview/format', () => {
  it('a tiny negative active weight reads 0.00% and is neutral; one that rounds to a non-zero reads −0.01% and is negative', () => {
    assert.equal(formatSignedPercent(-0.000001), '0.00%');
    assert.equal(percentSignClass(-0.000001), '');
    assert.equal(formatSignedPercent(-0.00004999), '0.00%');
    assert.equal(percentSignClass(-0.00004999), '');
    assert.equal(formatSignedPercent(-0.0001), `${MINUS}0.01%`);
    assert.equal(percentSignClass(-0.0001), 'negative');
    assert.equal(formatSignedPercent(0.0001), '+0.01%');
    assert.equal(percentSignClass(0.0001), 'positive');
    assert.equal(percentSignClass(0), '');
    assert.equal(percentSignClass(null), '');
    // One decimal: −0.004% reads 0.0%.
    assert.equal(formatSignedPercent(-0.00004, 1), '0.0%');
    assert.equal(percentSignClass(-0.00004, 1), '');
  });

  it('the class agrees with the text for every value on a fine grid round the rounding edges', () => {
    for (let k = -300; k <= 300; k++) {
      const value = k * 0.0000017;
      const text = formatSignedPercent(value);
      const expected = text.startsWith(MINUS) ? 'negative' : text.startsWith('+') ? 'positive' : '';
      assert.equal(percentSignClass(value), expected, `${value}: ${text}`);
      const bpText = formatBp(value / 100);
      assert.equal(bpSignClass(value / 100), bpText.startsWith(MINUS) ? 'negative' : bpText.startsWith('+') ? 'positive' : '', `${value / 100}: ${bpText}`);
      // A mean rank IC at four decimals: −0.00004 reads 0.0000 and is not red.
      const icText = formatNumber(value / 10, 4);
      assert.equal(numberSignClass(value / 10, 4), icText.startsWith(MINUS) ? 'negative' : /^0\.0+$/.test(icText) ? '' : 'positive', `${value / 10}: ${icText}`);
    }
  });

  it('displayedSign rounds after scaling', () => {
    assert.equal(displayedSign(-0.00000049, 2, 100), 'zero');
    assert.equal(displayedSign(-0.00005, 2, 100), 'negative');
    assert.equal(displayedSign(Number.NaN, 2), 'zero');
  });
});

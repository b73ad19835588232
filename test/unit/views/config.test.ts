import assert from 'node:assert/strict';
import { DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME, chartConfig, type ChartTheme } from '../../../src/views';
import { contrast, parseColor } from '../../../src/views/colors';

describe('views/config', () => {
  it('themes background, fonts, guides, grid and the categorical range', () => {
    const config = chartConfig(DARK_THEME);
    assert.equal(config.background, DARK_THEME.background);
    assert.equal(config.font, DARK_THEME.fontFamily);
    assert.equal(config.axis?.labelColor, DARK_THEME.foreground);
    assert.equal(config.axis?.titleColor, DARK_THEME.mutedForeground);
    assert.equal(config.axis?.gridColor, DARK_THEME.gridColor);
    assert.equal(config.legend?.labelColor, DARK_THEME.foreground);
    assert.equal(config.title?.color, DARK_THEME.foreground);
    assert.deepEqual(config.range?.category, DARK_THEME.categorical);
    assert.equal(config.view?.stroke, null);
  });

  for (const theme of [LIGHT_THEME, DARK_THEME, HIGH_CONTRAST_THEME] as ChartTheme[]) {
    it(`${theme.kind} theme: text reads on the background, colours parse`, () => {
      const bg = parseColor(theme.background);
      const fg = parseColor(theme.foreground);
      assert.ok(bg && fg);
      assert.ok(contrast(bg, fg) >= 7, `foreground contrast ${contrast(bg, fg)}`);
      for (const c of [theme.mutedForeground, theme.positive, theme.negative]) {
        const rgb = parseColor(c);
        assert.ok(rgb, c);
        assert.ok(contrast(bg, rgb) >= 2.5, `${c} on ${theme.background}: ${contrast(bg, rgb)}`);
      }
      // Series colours are marks (bars, lines, points) with their own labels: 2:1 at least (palette.test.ts).
      for (const c of theme.categorical) {
        const rgb = parseColor(c);
        assert.ok(rgb && contrast(bg, rgb) >= 2, `${c} on ${theme.background}`);
      }
      assert.ok(theme.categorical.length >= 8);
    });
  }

  it('parses the colour forms VS Code variables take', () => {
    assert.deepEqual(parseColor('#fff'), [255, 255, 255]);
    assert.deepEqual(parseColor('#1f1f1fcc'), [31, 31, 31]);
    assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), [10, 20, 30]);
    assert.equal(parseColor('var(--x)'), null);
  });
});

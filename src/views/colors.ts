/**
 * Just enough colour arithmetic to pick readable text on a coloured cell: parse the CSS
 * colours a theme gives, mix them as the chart's scale does, and compare contrast (WCAG).
 */

export type Rgb = [number, number, number];

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(r, g, b)` or `rgba(r, g, b, a)`; alpha is ignored. */
export function parseColor(css: string): Rgb | null {
  const text = String(css).trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4})$/.exec(text);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16)) as Rgb;
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(text);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as Rgb;
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}

/** Linear RGB mix: `t` = 0 gives `a`, 1 gives `b`. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * t) as Rgb;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colour of a diverging scale from `negative` through `mid` to `positive` at `t` in
 * [-1, 1] (linear RGB, as the chart's scale interpolates).
 */
export function divergingColor(negative: Rgb, mid: Rgb, positive: Rgb, t: number): Rgb {
  const c = Math.max(-1, Math.min(1, t));
  return c < 0 ? mix(mid, negative, -c) : mix(mid, positive, c);
}

/** Of `candidates`, the colour that reads best on `fill` (the first wins a tie). */
export function mostReadable(fill: Rgb, candidates: string[]): string {
  let best = candidates[0];
  let bestRatio = -1;
  for (const candidate of candidates) {
    const rgb = parseColor(candidate);
    const ratio = rgb ? contrast(fill, rgb) : 0;
    if (ratio > bestRatio) {
      best = candidate;
      bestRatio = ratio;
    }
  }
  return best;
}

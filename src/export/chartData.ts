/**
 * What the webview sends for "export chart" (the live Vega view's `toSVG()` text or
 * `toImageURL('png')` data URL), checked and turned into the bytes to write. Pure.
 */

/** Larger than any chart the views draw; a message above it is refused rather than written. */
export const MAX_CHART_BYTES = 40 * 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The file bytes of an exported chart; throws an Error saying what was wrong.
 * @example chartBytes('svg', '<svg xmlns="http://www.w3.org/2000/svg" …></svg>')
 * @example chartBytes('png', 'data:image/png;base64,iVBORw0KGgo…')
 */
export function chartBytes(format: 'svg' | 'png', data: string): Uint8Array {
  if (data.length > MAX_CHART_BYTES * 1.4) throw new Error('the chart is too large to export');
  if (format === 'svg') {
    const text = data.trimStart();
    if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(text)) throw new Error('the chart did not render to SVG');
    return new TextEncoder().encode(text);
  }
  const match = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/.exec(data);
  if (!match) throw new Error('the chart did not render to a PNG image');
  const binary = atob(match[1]);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('the chart did not render to a PNG image');
  return bytes;
}

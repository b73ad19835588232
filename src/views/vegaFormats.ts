/**
 * Registers the `scoreBp` format type with Vega (once per Vega instance), so that chart
 * specs can show values kept in score units as basis points of score (format.ts). The
 * static renderer (render.ts) and the webview (webview/charts.ts) both call it before
 * drawing anything.
 */
import { expressionFunction, formatLocale } from 'vega';
import { SCORE_FORMAT_TYPE, scoreBpFormatter } from './format';

let registered = false;

/** Makes `scoreBp(value, specifier)` available to Vega expressions (idempotent). */
export function registerScoreFormat(): void {
  if (registered) return;
  const locale = (formatLocale as unknown as () => { format(specifier: string): (n: number) => string })();
  expressionFunction(SCORE_FORMAT_TYPE, scoreBpFormatter((specifier) => locale.format(specifier)));
  registered = true;
}

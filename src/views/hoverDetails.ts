/**
 * Tooltips of charts with many points. A Vega-Lite tooltip encoding is an expression that
 * Vega evaluates for every point when it draws, through the CSP-safe interpreter: for
 * 90,000 beeswarm points that is seconds. Above the canvas threshold the point charts give
 * every point the same constant tooltip (`HOVER_DETAILS`) and name the rows in
 * `usermeta.tooltip`; the webview builds the hovered point's rows only then, with the
 * view's own number formatter, so they read exactly as the evaluated tooltip would.
 */

import { SCORE_FORMAT_TYPE, scoreBpFormatter } from './format';

/** One row of a tooltip: a field of the datum, its label, and a d3 format for numbers. */
export interface TooltipField {
  field: string;
  title: string;
  /** d3-format specifier; absent for text fields. */
  format?: string;
  /** `scoreBp` when the number is in score units shown in bp of score (format.ts). */
  formatType?: string;
}

/** The constant tooltip of a point whose details are built on hover. */
export const HOVER_DETAILS = 'glassbox:hover-details';

/** The Vega-Lite tooltip encoding of `fields`, evaluated for every point (few points). */
export function tooltipEncoding(fields: readonly TooltipField[]): Record<string, unknown>[] {
  return fields.map((f) =>
    f.format === undefined
      ? { field: f.field, type: 'nominal', title: f.title }
      : { field: f.field, type: 'quantitative', title: f.title, format: f.format, ...(f.formatType ? { formatType: f.formatType } : {}) },
  );
}

/** The tooltip encoding of a chart with many points: one constant, details on hover. */
export function hoverTooltipEncoding(): { value: string } {
  return { value: HOVER_DETAILS };
}

/**
 * The rows of a hovered point's tooltip, as the evaluated encoding would give them:
 * numbers through `format` (the view's d3 formatter), text as text. Fields the datum
 * does not have (null: a point without a value) are left out.
 * @example hoverDetails({ stock: 'AAPL', weight: 0.0123 }, [{ field: 'stock', title: 'Stock' }, { field: 'weight', title: 'Weight', format: '.2%' }], fmt)
 *   // { Stock: 'AAPL', Weight: '1.23%' }
 */
export function hoverDetails(datum: Record<string, unknown>, fields: readonly TooltipField[], format: (value: number, specifier: string) => string): Record<string, string> {
  const scoreBp = scoreBpFormatter((specifier) => (n) => format(n, specifier));
  const rows: Record<string, string> = {};
  for (const f of fields) {
    const value = datum[f.field];
    if (value === null || value === undefined) continue;
    if (f.format === undefined || typeof value !== 'number') rows[f.title] = String(value);
    else rows[f.title] = f.formatType === SCORE_FORMAT_TYPE ? scoreBp(value, f.format) : format(value, f.format);
  }
  return rows;
}

/** The tooltip rows a spec names in `usermeta.tooltip` (empty for a spec without lazy tooltips). */
export function hoverFields(spec: unknown): TooltipField[] {
  const fields = (spec as { usermeta?: { tooltip?: unknown } } | null)?.usermeta?.tooltip;
  return Array.isArray(fields) ? (fields as TooltipField[]) : [];
}

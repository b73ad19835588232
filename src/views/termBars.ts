/**
 * Horizontal bars that split a total into signed terms, one row per category: positive
 * terms stacked right of zero and negative ones left of it (in the terms' order), with a
 * tick and a label at the total. Shared by the exposure change and the Brinson charts.
 */
import type { ChartBody } from './chartSpec';
import { formatProps, unitTitle, type NumberFormat } from './format';
import type { ChartTheme } from './theme';
import { zeroRule } from './chartSpec';

/** One term of the split: its key in the row, its label (constant text) and colour. */
export interface TermSpec {
  key: string;
  label: string;
  color: string;
}

export interface TermBarsOptions {
  /** Datum field holding the category (`factor`, `sector`). */
  categoryField: string;
  categoryTitle: string;
  terms: TermSpec[];
  /** Axis and total tooltip title (constant text). */
  totalTitle: string;
  valueFormat: NumberFormat;
  axisFormat: NumberFormat;
  /** Tooltip rows after category, term and total: fields every row has. */
  tooltip: Record<string, unknown>[];
  step?: number;
}

/** One row of input: the category, its term values and its total (any other fields are kept). */
export interface TermRow {
  total: number;
}

/** A drawn segment: the row's fields plus where the term's bar starts and ends. */
export interface TermSegment extends Record<string, unknown> {
  order: number;
  term: string;
  termOrder: number;
  value: number;
  x0: number;
  x1: number;
  total: number;
}

/** Rows in display order -> one segment per non-zero term, stacked away from zero by sign. */
export function termSegments<Row extends TermRow>(rows: readonly Row[], terms: readonly TermSpec[]): TermSegment[] {
  const out: TermSegment[] = [];
  rows.forEach((row, order) => {
    let up = 0;
    let down = 0;
    terms.forEach((t, termOrder) => {
      const value = Number((row as unknown as Record<string, unknown>)[t.key]);
      if (!Number.isFinite(value) || value === 0) return;
      const x0 = value > 0 ? up : down;
      const x1 = x0 + value;
      if (value > 0) up = x1;
      else down = x1;
      out.push({ ...(row as unknown as Record<string, unknown>), order, term: t.label, termOrder, value, x0, x1, total: row.total });
    });
  });
  return out;
}

/** The chart body (see the file comment); `rows` are in display order. */
export function termBars<Row extends TermRow>(rows: readonly Row[], theme: ChartTheme, options: TermBarsOptions): ChartBody {
  const segments = termSegments(rows, options.terms);
  const totals = rows.map((row, order) => {
    const own = segments.filter((s) => s.order === order);
    const high = Math.max(0, row.total, ...own.map((s) => s.x1));
    const low = Math.min(0, row.total, ...own.map((s) => s.x1));
    const side = row.total >= 0 ? 'right' : 'left';
    return { ...row, order, side, labelAt: side === 'right' ? high : low };
  });
  const y = { field: options.categoryField, type: 'nominal', title: options.categoryTitle, sort: { field: 'order', op: 'min', order: 'ascending' } };
  const x = { field: 'x0', type: 'quantitative', title: unitTitle(options.totalTitle, options.valueFormat), scale: { nice: true, padding: 56 }, axis: { ...formatProps(options.axisFormat), tickCount: 5 } };
  const category = { field: options.categoryField, type: 'nominal', title: options.categoryTitle };
  const total = { field: 'total', type: 'quantitative', title: unitTitle(options.totalTitle, options.valueFormat), ...formatProps(options.valueFormat) };
  const step = options.step ?? 26;
  const zero = zeroRule(theme, 'x');
  if (!rows.length) return { width: 'container', height: step, layer: [zero] };
  const layer: Record<string, unknown>[] = [];
  if (segments.length) {
    layer.push({
      data: { values: segments },
      mark: { type: 'bar', height: { band: 0.66 } },
      encoding: {
        y,
        x,
        x2: { field: 'x1' },
        color: {
          field: 'term',
          type: 'nominal',
          title: null,
          sort: options.terms.map((t) => t.label),
          scale: { domain: options.terms.map((t) => t.label), range: options.terms.map((t) => t.color) },
          legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'square' },
        },
        order: { field: 'termOrder', type: 'quantitative' },
        tooltip: [category, { field: 'term', type: 'nominal', title: 'Term' }, { field: 'value', type: 'quantitative', title: 'Amount', ...formatProps(options.valueFormat) }, total, ...options.tooltip],
      },
    });
  }
  layer.push({
    data: { values: totals },
    layer: [
      {
        mark: { type: 'tick', orient: 'vertical', color: theme.foreground, thickness: 2, bandSize: step * 0.9 },
        // The axis's title, scale and format here too: with every term zero no bar layer is drawn.
        encoding: { y, x: { ...x, field: 'total' }, tooltip: [category, total, ...options.tooltip] },
      },
      ...(['right', 'left'] as const)
        .filter((side) => totals.some((t) => t.side === side))
        .map((side) => ({
          transform: [{ filter: { field: 'side', equal: side } }],
          mark: { type: 'text', align: side === 'right' ? 'left' : 'right', baseline: 'middle', dx: side === 'right' ? 5 : -5, color: theme.mutedForeground },
          encoding: { y, x: { field: 'labelAt', type: 'quantitative' }, text: { field: 'total', type: 'quantitative', ...formatProps(options.valueFormat) } },
        })),
    ],
  });
  layer.push(zero);
  return { width: 'container', height: step * rows.length, layer };
}

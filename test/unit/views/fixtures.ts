/**
 * Hand-made chart data for the views tests (a few factors, sectors, features, dates) and
 * helpers that read a rendered SVG and a compiled spec.
 */
import assert from 'node:assert/strict';
import { compile, type TopLevelSpec } from 'vega-lite';
import { headlessView } from '../../../src/views';
import type {
  FactorExposure,
  FactorGroupCell,
  FactorHistoryPoint,
  GroupWeight,
  StockDetailData,
  StockHistoryPoint,
} from '../../../src/model/types';

/** A name from an untrusted file that would run script if it ever reached the DOM as HTML. */
export const XSS = '<img src=x onerror=alert(1)>';
/** How Vega's SVG renderer writes it: escaped text. */
export const XSS_ESCAPED = '&lt;img src=x onerror=alert';

export const EXPOSURES: FactorExposure[] = [
  { factor: 'value', portfolio: 0.0312, active: 0.0121, benchmark: 0.0191 },
  { factor: 'quality', portfolio: 0.0187, active: 0.0093, benchmark: 0.0094 },
  { factor: 'momentum', portfolio: -0.0145, active: -0.0208, benchmark: 0.0063 },
  { factor: XSS, portfolio: -0.0071, active: 0.0034, benchmark: -0.0105 },
];

export const SECTORS: GroupWeight[] = [
  { group: 'Financials', portfolio: 0.154, benchmark: 0.178, active: -0.024, holdings: 71 },
  { group: 'Industrials', portfolio: 0.182, benchmark: 0.171, active: 0.011, holdings: 84 },
  { group: 'Energy', portfolio: 0.051, benchmark: 0.062, active: -0.011, holdings: 20 },
  { group: XSS, portfolio: 0.012, benchmark: null, active: null, holdings: 3 },
];

export const DATES = ['2024-01-31', '2024-02-29', '2024-03-29', '2024-04-30'];

/** Three factors over four month-ends. */
export const FACTOR_HISTORY: FactorHistoryPoint[] = DATES.flatMap((date, i) => [
  { date, factor: 'value', portfolio: 0.03 + 0.001 * i, active: 0.01 },
  { date, factor: 'momentum', portfolio: -0.01 - 0.002 * i, active: -0.02 },
  { date, factor: XSS, portfolio: 0.005, active: null },
]);

/** Two factors x three sectors. */
export const FACTOR_SECTOR_CELLS: FactorGroupCell[] = [
  { group: 'Financials', factor: 'value', portfolio: 0.008, active: 0.002 },
  { group: 'Industrials', factor: 'value', portfolio: -0.004, active: -0.001 },
  { group: XSS, factor: 'value', portfolio: 0.001, active: 0.0005 },
  { group: 'Financials', factor: 'momentum', portfolio: -0.002, active: -0.003 },
  { group: 'Industrials', factor: 'momentum', portfolio: 0.0005, active: 0.004 },
  { group: XSS, factor: 'momentum', portfolio: 0, active: null },
];

export const STOCK_HISTORY: StockHistoryPoint[] = DATES.map((date, i) => ({
  date,
  score: 0.6 + 0.05 * i,
  weight: 0.004 + 0.001 * i,
  benchmarkWeight: 0.003,
  rank: 120 - 10 * i,
}));

/**
 * Contributions chosen to be exact in binary floating point, so the waterfall's running
 * totals can be compared with `===`. Sum = 0.25 - 0.125 + 0.0625 + 0.046875 - 0.03125
 * + 0.015625 + 0.0078125 = 0.2265625; base 0.5 + sum = 0.7265625.
 */
export function stockDetail(score: number | null = 0.7265625): StockDetailData {
  return {
    stock: 'ACME',
    name: 'Acme Corp',
    sector: 'Industrials',
    country: 'United States',
    date: '2024-04-30',
    baseValue: 0.5,
    score,
    contributions: [
      { feature: 'ep_fy1', factor: 'value', contribution: 0.25, value: 0.081 },
      { feature: 'mom_12_1', factor: 'momentum', contribution: -0.125, value: -0.2 },
      { feature: 'roe', factor: 'quality', contribution: 0.0625, value: 0.14 },
      { feature: XSS, factor: 'sentiment', contribution: 0.046875, value: null },
      { feature: 'accruals', factor: 'quality', contribution: -0.03125, value: 0.02 },
      { feature: 'bp', factor: 'value', contribution: 0.015625, value: 0.7 },
      { feature: 'analyst_rev', factor: 'sentiment', contribution: 0.0078125, value: 1.2 },
    ],
    history: STOCK_HISTORY,
  };
}

/** One mark of the SVG: its Vega mark type and the SVG of its items. */
export interface SvgMark {
  type: string;
  body: string;
}

/**
 * The data marks of a rendered SVG (`<g class="mark-rect role-mark ...">` groups), each
 * with its items' markup up to the group's end.
 */
export function svgMarks(svg: string): SvgMark[] {
  const marks: SvgMark[] = [];
  const open = /<g class="mark-(\w+) role-mark[^"]*"[^>]*>/g;
  for (let m = open.exec(svg); m; m = open.exec(svg)) {
    const start = m.index + m[0].length;
    const end = svg.indexOf('</g>', start);
    marks.push({ type: m[1], body: svg.slice(start, end) });
  }
  return marks;
}

/** How many items the SVG's marks of `type` draw (paths for rects, lines and symbols, texts for text). */
export function countSvgItems(svg: string, type: string): number {
  const tag = type === 'text' ? '<text' : type === 'rule' ? '<line' : '<path';
  return svgMarks(svg)
    .filter((m) => m.type === type)
    .reduce((n, m) => n + m.body.split(tag).length - 1, 0);
}

/** The fill colours of the SVG's items of mark type `type`, in drawing order. */
export function svgFills(svg: string, type: string): string[] {
  return svgMarks(svg)
    .filter((m) => m.type === type)
    .flatMap((m) => [...m.body.matchAll(/<(?:path|text)[^>]*?fill="([^"]+)"/g)].map((f) => f[1]));
}

/** The text content of every `<text>` in the SVG (entities left as written). */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** The SVG's background: the fill of its first, full-size rect. */
export function svgBackground(svg: string): string | undefined {
  return /<rect width="[\d.]+" height="[\d.]+" fill="([^"]+)"/.exec(svg)?.[1];
}

/** Asserts that untrusted text reached the SVG only as escaped text, never as markup. */
export function assertEscaped(svg: string): void {
  assert.ok(svg.includes(XSS_ESCAPED), 'the untrusted name is drawn, escaped');
  assert.ok(!svg.includes('<img'), 'no markup from data in the SVG');
  assert.ok(!/onerror=alert\(1\)"/.test(svg), 'no attribute from data in the SVG');
}

const EXPRESSION_KEYS = new Set(['expr', 'signal', 'test', 'update', 'init', 'calculate', 'filter']);

/**
 * Asserts that none of `strings` (names from data files) appears in an expression of the
 * compiled Vega spec: data reaches the chart only as data values.
 */
export function assertNoDataInExpressions(spec: TopLevelSpec, strings: string[]): void {
  const expressions: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (typeof node === 'string') {
      if (key && EXPRESSION_KEYS.has(key)) expressions.push(node);
    } else if (Array.isArray(node)) {
      node.forEach((child) => walk(child, key));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) if (k !== 'values') walk(v, k);
    }
  };
  walk(compile(spec).spec);
  assert.ok(expressions.length > 0, 'the compiled spec has expressions to check');
  for (const s of strings) {
    for (const e of expressions) assert.ok(!e.includes(s), `expression ${JSON.stringify(e)} contains data ${JSON.stringify(s)}`);
  }
}

/** The minus sign d3-format writes for negative numbers (U+2212). */
/**
 * A value in score units as the charts print it in bp of score: times 10,000, one decimal,
 * thousands separated, signed (U+2212 for minus) unless `signed` is false or it rounds to zero.
 */
export function bp(value: number, signed = true): string {
  const text = Math.abs(value * 10000).toFixed(1).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (Number(text.replace(/,/g, '')) === 0) return text;
  return value < 0 ? `\u2212${text}` : signed ? `+${text}` : text;
}

export const MINUS = '\u2212';

/**
 * The data rows behind the marks that have tooltips (what a click on a mark hands the
 * webview), as Vega holds them after parsing.
 */
export async function clickableData(spec: TopLevelSpec): Promise<Record<string, unknown>[]> {
  interface Node {
    items?: Node[];
    tooltip?: unknown;
    datum?: Record<string, unknown>;
  }
  const view = await headlessView(spec);
  const found: Record<string, unknown>[] = [];
  const walk = (node: Node) => {
    if (node.tooltip && node.datum) found.push(node.datum);
    for (const child of node.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: Node }).root);
  view.finalize();
  return found;
}

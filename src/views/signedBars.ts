/**
 * Horizontal bars for signed values, one per category: coloured by sign, labelled with
 * the value at the bar's end, with a rule at zero. Shared by the factor exposure and the
 * group weights charts.
 */
import type { ChartBody } from './chartSpec';
import { BP_PER_SCORE, formatProps, unitTitle, type NumberFormat } from './format';
import type { ChartTheme } from './theme';
import { zeroRule } from './chartSpec';

/** The fields a signed-bar datum carries (the chart reads only these). */
export interface SignedBarDatum {
  /** Display order, 0 first. */
  order: number;
  /** Signed value the bar draws. */
  value: number;
  sign: 'positive' | 'negative';
}

export interface SignedBarsOptions {
  /** Datum field holding the category (`factor`, `group`). */
  categoryField: string;
  categoryTitle: string;
  valueTitle: string;
  /** d3 format of the value in labels and tooltips. */
  valueFormat: NumberFormat;
  /** d3 format of the value axis. */
  axisFormat: NumberFormat;
  /** Tooltip rows after the category and the value. */
  tooltip: Record<string, unknown>[];
  /**
   * Bars whose datum has `field` equal to `equal` get `tooltip` (rows after the category)
   * instead: for data whose rows carry different fields (a missing field would show as
   * "NaN" or "undefined"). Every datum must match one variant.
   */
  variants?: TooltipVariant[];
  /** Pixels per bar. */
  step?: number;
}

export interface TooltipVariant {
  field: string;
  equal: string;
  tooltip: Record<string, unknown>[];
}

/** A nominal sign scale: `positive` and `negative` in the theme's colours. */
export function signColor(theme: ChartTheme): Record<string, unknown> {
  return {
    field: 'sign',
    type: 'nominal',
    scale: { domain: ['positive', 'negative'], range: [theme.positive, theme.negative] },
    legend: null,
  };
}

/** The chart body for `values` (already in display order, see SignedBarDatum). */
export function signedBars(values: SignedBarDatum[], theme: ChartTheme, options: SignedBarsOptions): ChartBody {
  const y = {
    field: options.categoryField,
    type: 'nominal',
    title: options.categoryTitle,
    sort: { field: 'order', op: 'min', order: 'ascending' },
  };
  const x = {
    field: 'value',
    type: 'quantitative',
    title: unitTitle(options.valueTitle, options.valueFormat),
    // Room for the value labels at the bars' ends, however near zero a bar ends.
    scale: { padding: labelRoom(values, options.valueFormat, theme), nice: true },
    axis: { ...formatProps(options.axisFormat), tickCount: 5 },
  };
  const category = { field: options.categoryField, type: 'nominal', title: options.categoryTitle };
  const bar = (tooltip: Record<string, unknown>[], filter?: Record<string, unknown>) => ({
    ...(filter ? { transform: [{ filter }] } : {}),
    mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.7 } },
    encoding: { y, x, color: signColor(theme), tooltip: [category, ...tooltip] },
  });
  const bars = options.variants
    ? options.variants
        .filter((v) => values.some((d) => (d as unknown as Record<string, unknown>)[v.field] === v.equal))
        .map((v) => bar(v.tooltip, { field: v.field, equal: v.equal }))
    : [bar([{ field: 'value', type: 'quantitative', title: unitTitle(options.valueTitle, options.valueFormat), ...formatProps(options.valueFormat) }, ...options.tooltip])];
  const label = (sign: 'positive' | 'negative') => ({
    transform: [{ filter: { field: 'sign', equal: sign } }],
    mark: {
      type: 'text',
      align: sign === 'positive' ? 'left' : 'right',
      baseline: 'middle',
      dx: sign === 'positive' ? 4 : -4,
      color: theme.mutedForeground,
    },
    encoding: { y, x, text: { field: 'value', type: 'quantitative', ...formatProps(options.valueFormat) } },
  });
  const zero = zeroRule(theme, 'x');
  // Nothing to draw (e.g. active attribution without a benchmark): only the zero line.
  if (!values.length) return { width: 'container', height: options.step ?? 22, layer: [zero] };
  return {
    width: 'container',
    height: (options.step ?? 22) * Math.max(values.length, 1),
    layer: [
      {
        data: { values },
        layer: [
          ...bars,
          // Only the label layers that have bars to label (an empty layer has no extent).
          ...(['positive', 'negative'] as const).filter((sign) => values.some((v) => v.sign === sign)).map(label),
        ],
      },
      zero,
    ],
  };
}

/** Pixels a value label may need beside a bar's end (the text's estimated width plus its offset). */
function labelRoom(values: SignedBarDatum[], format: NumberFormat, theme: ChartTheme): number {
  // Text marks are drawn at the config's label size (see config.ts); digits are about 0.6em wide.
  const charWidth = 0.6 * Math.max(theme.fontSize - 1, 8);
  const chars = values.reduce((m, d) => Math.max(m, labelLength(d.value, format)), 0);
  return Math.max(44, Math.ceil(chars * charWidth) + 10);
}

/**
 * The length of `value` as the label shows it, for the d3 formats the charts use (`+.3~r`,
 * `+.2%`); an estimate (a generous one) for any other format.
 */
function labelLength(value: number, numberFormat: NumberFormat): number {
  if (!Number.isFinite(value)) return 3;
  if (typeof numberFormat !== 'string') {
    // bp of score with fixed decimals: sign, digits with thousands separators, decimals.
    const decimals = Number(/\.(\d+)f$/.exec(numberFormat.format)?.[1] ?? 1);
    const whole = Math.floor(Math.abs(value) * BP_PER_SCORE).toString().length;
    return 1 + whole + Math.floor((whole - 1) / 3) + (decimals ? decimals + 1 : 0);
  }
  const format = numberFormat;
  const spec = /^([+-]?)(?:\.(\d+))?(~?)([%r])$/.exec(format);
  const sign = value < 0 || spec?.[1] === '+' ? 1 : 0;
  if (!spec) return sign + Math.min(String(Math.abs(value)).length, 12);
  const precision = spec[2] === undefined ? 6 : Number(spec[2]);
  const trim = spec[3] === '~';
  let text: string;
  if (spec[4] === '%') {
    text = `${(Math.abs(value) * 100).toFixed(precision)}`;
  } else {
    const rounded = Number(Math.abs(value).toPrecision(Math.max(precision, 1)));
    const magnitude = rounded === 0 ? 0 : Math.floor(Math.log10(rounded));
    text = rounded.toFixed(Math.min(Math.max(precision - 1 - magnitude, 0), 20));
  }
  if (trim && text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return sign + text.length + (spec[4] === '%' ? 1 : 0);
}

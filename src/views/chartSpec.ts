/**
 * The parts every chart spec shares: schema, theme config, a stable name and the
 * warnings a builder raised (bad options it ignored, rows it could not draw).
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './config';
import type { ChartTheme } from './theme';

const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * What a chart spec carries in `usermeta`: its stable name (the webview reports mark counts
 * under it) and any warnings the builder raised, for the view to show beside the chart.
 */
export interface ChartMeta {
  name: string;
  warnings?: string[];
}

/** The chart's body: a unit, layer or concat spec without schema, config or usermeta. */
export type ChartBody = Record<string, unknown>;

/**
 * Wraps `body` into a top-level spec themed by `theme`: full container width
 * (`autosize: fit-x`), the theme as config, and `usermeta` with the chart's name.
 */
export function chartSpec(name: string, theme: ChartTheme, body: ChartBody, warnings: string[] = []): TopLevelSpec {
  const usermeta: ChartMeta = warnings.length ? { name, warnings } : { name };
  return {
    $schema: VEGA_LITE_SCHEMA,
    autosize: { type: 'fit-x', contains: 'padding' },
    ...body,
    config: chartConfig(theme),
    usermeta: usermeta as unknown as Record<string, unknown>,
  } as TopLevelSpec;
}

/** The name and warnings of a spec built here (`undefined` for a foreign spec). */
export function chartMeta(spec: TopLevelSpec): ChartMeta | undefined {
  const meta = (spec as { usermeta?: Record<string, unknown> }).usermeta;
  return meta && typeof meta.name === 'string' ? (meta as unknown as ChartMeta) : undefined;
}

/** A readable chart-name part from a title such as `Sector`: `sector`. */
export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'group';
}

/** Finite numbers only: NaN and ±Infinity cannot be drawn. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The rule at zero that signed bars, lines and points are read against (a layer with its
 * own one-row data, so it draws even when the chart's data is empty).
 */
export function zeroRule(theme: ChartTheme, axis: 'x' | 'y', color: string = theme.mutedForeground): Record<string, unknown> {
  return {
    data: { values: [{ zero: 0 }] },
    mark: { type: 'rule', color, strokeWidth: 1 },
    encoding: { [axis]: { field: 'zero', type: 'quantitative' } },
  };
}

/**
 * Every guardrail on every date as a grid: one row per guardrail, one cell per date (its
 * period, up to the next date), coloured pass, breach or not checked, so a breach and how
 * long it lasted read at a glance.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GuardrailCheck, GuardrailReport } from '../model/types';
import { chartSpec, isFiniteNumber } from './chartSpec';
import { mix, parseColor } from './colors';
import { ACTIVE_WEIGHT_FORMAT, WEIGHT_FORMAT } from './format';
import { periodAxis, selectedPeriodRule, type PeriodFields } from './periodAxis';
import type { ChartTheme } from './theme';

export interface GuardrailTimelineOptions {
  /** ISO date to mark with a rule; ignored with a warning when not in the report. */
  selectedDate?: string;
}

/** Whether a cell was checked and how it came out. */
export type GuardrailCellStatus = 'pass' | 'breach' | 'not checked';

/** One cell; `date` and `guardrail` are what a click yields. */
export interface GuardrailCellDatum extends PeriodFields {
  guardrail: GuardrailCheck['guardrail'];
  /** Row label (constant text): `Sector active weight`, `Turnover`, ... */
  label: string;
  labelOrder: number;
  status: GuardrailCellStatus;
  /** Why a check was not made, or `pass` / `breach`. */
  detail: string;
  limit: number;
  /** `active` (signed active weights), `level` (weights, turnover, tracking error) or `unchecked`. */
  kind: 'active' | 'level' | 'unchecked';
  /** The value furthest from zero and whose it is; absent when not checked. */
  worstName?: string;
  worstValue?: number;
  breachCount: number;
}

/** The chart's stable name (`usermeta.name`). */
export const GUARDRAIL_TIMELINE_CHART = 'guardrail-timeline';

const ROWS: Record<GuardrailCheck['guardrail'], string> = {
  sector: 'Sector active weight',
  country: 'Country active weight',
  region: 'Region active weight',
  stock: 'Single-name weight',
  turnover: 'Turnover',
  trackingError: 'Tracking error',
};
const DETAIL: Record<GuardrailCheck['status'], string> = {
  pass: 'pass',
  breach: 'breach',
  'no-benchmark': 'not checked: no benchmark weights',
  'no-weights': 'not checked: no portfolio weights',
  'no-previous-date': 'not checked: first date',
  'no-returns': 'not checked: no returns',
};

/**
 * Rect grid, dates across (a UTC time axis; each cell spans its date's period), guardrails
 * down in the manifest's order. Pass is the theme's positive colour blended towards the
 * background (see `passColor`), breach its negative colour (outlined), not checked the grid colour. The tooltip gives the worst value, whose
 * it is, the limit and the number of breaches.
 * @example guardrailTimeline(portfolio.guardrails, theme, { selectedDate: '2023-07-31' })
 */
export function guardrailTimeline(report: GuardrailReport, theme: ChartTheme, options: GuardrailTimelineOptions = {}): TopLevelSpec {
  if (!report || !Array.isArray(report.checks)) throw new TypeError('guardrailTimeline: report must be a guardrail report with a checks array');
  const warnings: string[] = [];
  const known = report.checks.filter((c) => c && c.guardrail in ROWS && typeof c.date === 'string');
  if (known.length < report.checks.length) warnings.push(`${report.checks.length - known.length} check(s) of an unknown guardrail are not shown.`);
  const axis = periodAxis(known.map((c) => c.date));
  const order = Object.keys(ROWS) as GuardrailCheck['guardrail'][];
  const values: GuardrailCellDatum[] = known.map((c) => {
    const checked = c.status === 'pass' || c.status === 'breach';
    const worst = checked && c.worst && isFiniteNumber(c.worst.value) ? c.worst : null;
    const activeKind = c.guardrail === 'sector' || c.guardrail === 'country' || c.guardrail === 'region';
    return {
      ...axis.fields(c.date),
      guardrail: c.guardrail,
      label: ROWS[c.guardrail],
      labelOrder: order.indexOf(c.guardrail),
      status: c.status === 'pass' ? 'pass' : c.status === 'breach' ? 'breach' : 'not checked',
      detail: DETAIL[c.status] ?? 'not checked',
      limit: c.limit,
      kind: !worst ? 'unchecked' : activeKind ? 'active' : 'level',
      ...(worst ? { worstName: worst.name, worstValue: worst.value } : {}),
      breachCount: c.breaches.length,
    };
  });
  const y = { field: 'label', type: 'nominal', title: null, sort: { field: 'labelOrder', op: 'min', order: 'ascending' }, axis: { labelLimit: 180 } };
  const color = {
    field: 'status',
    // A quiet pass (the positive colour 45% of the way to the background) lets a breach stand out.
    type: 'nominal',
    title: null,
    scale: { domain: ['pass', 'breach', 'not checked'], range: [passColor(theme), theme.negative, theme.gridColor] },
    legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'square' },
  };
  const common = [
    { field: 'date', type: 'nominal', title: 'Date' },
    { field: 'label', type: 'nominal', title: 'Guardrail' },
    { field: 'detail', type: 'nominal', title: 'Status' },
  ];
  const limitFor = (format: string) => ({ field: 'limit', type: 'quantitative', title: 'Limit', format });
  const variants = [
    {
      kind: 'active',
      tooltip: [...common, { field: 'worstName', type: 'nominal', title: 'Worst' }, { field: 'worstValue', type: 'quantitative', title: 'Worst active weight', format: ACTIVE_WEIGHT_FORMAT }, limitFor(WEIGHT_FORMAT), { field: 'breachCount', type: 'quantitative', title: 'Breaches', format: ',d' }],
    },
    {
      kind: 'level',
      tooltip: [...common, { field: 'worstName', type: 'nominal', title: 'Worst' }, { field: 'worstValue', type: 'quantitative', title: 'Worst value', format: WEIGHT_FORMAT }, limitFor(WEIGHT_FORMAT), { field: 'breachCount', type: 'quantitative', title: 'Breaches', format: ',d' }],
    },
    { kind: 'unchecked', tooltip: [...common, limitFor(WEIGHT_FORMAT)] },
  ].filter((v) => values.some((d) => d.kind === v.kind));
  const layer: Record<string, unknown>[] = [];
  if (values.length) {
    layer.push({
      data: { values },
      layer: variants.map((v) => ({
        transform: [{ filter: { field: 'kind', equal: v.kind } }],
        mark: { type: 'rect', stroke: theme.background, strokeWidth: 1 },
        encoding: {
          ...axis.band,
          y,
          color,
          strokeWidth: { condition: { test: { field: 'status', equal: 'breach' }, value: 1.5 }, value: 1 },
          stroke: { condition: { test: { field: 'status', equal: 'breach' }, value: theme.foreground }, value: theme.background },
          tooltip: v.tooltip,
        },
      })),
    });
  }
  const rule = selectedPeriodRule(axis, options.selectedDate, theme.foreground);
  if (rule) layer.push(rule);
  else if (options.selectedDate !== undefined && values.length) warnings.push(`Date ${JSON.stringify(options.selectedDate)} has no guardrail check: no date marked.`);
  const rows = new Set(values.map((v) => v.guardrail)).size;
  const breachedDates = new Set(values.filter((v) => v.status === 'breach').map((v) => v.date)).size;
  const subtitle = !values.length
    ? 'No guardrail set in the manifest'
    : report.pass === null
      ? 'Nothing could be checked'
      : breachedDates
        ? `Breached on ${breachedDates} date${breachedDates > 1 ? 's' : ''}`
        : 'Every check passes';
  const body = { title: { text: 'Guardrails', subtitle }, width: 'container', height: 26 * Math.max(rows, 1), layer: layer.length ? layer : [{ data: { values: [] }, mark: 'rect' }] };
  return chartSpec(GUARDRAIL_TIMELINE_CHART, theme, body, warnings);
}

/** The colour of a passed check: the theme's positive colour 45% of the way to its background. */
export function passColor(theme: ChartTheme): string {
  const positive = parseColor(theme.positive);
  const background = parseColor(theme.background);
  if (!positive || !background) return theme.positive;
  return `#${mix(positive, background, 0.45).map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

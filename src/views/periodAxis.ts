/**
 * The x axis of per-period charts (returns, IC, turnover, guardrails): a value dated by the
 * start of its period is drawn as a band from its date to the next one, on a UTC time
 * scale. Dates that are not ISO dates fall back to an ordinal axis in the order given.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/;
const DAY = 86_400_000;

/** The fields a per-period datum carries for the axis. */
export interface PeriodFields {
  /** The ISO date (or label) as given: for tooltips and clicks. */
  date: string;
  dateOrder: number;
  /** Start of the period (ms since epoch, UTC); the date's order on an ordinal axis. */
  time: number;
  /** Start of the next period: the next date, or the last date plus the median gap. */
  timeEnd: number;
  /** Middle of the period, where a line through the periods is drawn. */
  timeMid: number;
  /** The period's last day as an ISO date (the next date; estimated for the last period), or the label itself off an ISO axis. */
  endDate: string;
}

export interface PeriodAxis {
  temporal: boolean;
  /** Distinct dates, ascending (ISO) or as given. */
  dates: string[];
  fields(date: string): PeriodFields;
  /** Encodings of a band (a bar over the period): `x` and `x2`. */
  band: Record<string, unknown>;
  /** Encoding of a point in the period's middle (a line, a hover point). */
  mid: Record<string, unknown>;
  /** Encoding of the period's start (a rule marking a date). */
  start: Record<string, unknown>;
  /** Encoding of the period's end (a value compounded over the period); the date itself on an ordinal axis. */
  end: Record<string, unknown>;
}

/** The period axis for `dates` (any order, repeats allowed). */
export function periodAxis(dates: readonly string[]): PeriodAxis {
  const distinct = [...new Set(dates.map(String))];
  const temporal = distinct.length > 0 && distinct.every((d) => ISO_DATE.test(d) && !Number.isNaN(Date.parse(d)));
  if (temporal) distinct.sort();
  const order = new Map(distinct.map((d, i) => [d, i]));
  const starts = temporal ? distinct.map((d) => Date.parse(d)) : distinct.map((_, i) => i);
  const gaps = starts.slice(1).map((t, i) => t - starts[i]).sort((a, b) => a - b);
  const medianGap = gaps.length ? gaps[Math.floor(gaps.length / 2)] : temporal ? 30 * DAY : 1;
  const fields = (date: string): PeriodFields => {
    const i = order.get(date) ?? distinct.length;
    const time = starts[i] ?? (starts.length ? starts[starts.length - 1] + medianGap : 0);
    const timeEnd = starts[i + 1] ?? time + medianGap;
    const next = distinct[i + 1];
    const endDate = !temporal ? date : next ?? new Date(timeEnd).toISOString().slice(0, 10);
    return { date, dateOrder: i, time, timeEnd, timeMid: (time + timeEnd) / 2, endDate };
  };
  if (!temporal) {
    const x = { field: 'date', type: 'ordinal', title: null, sort: { field: 'dateOrder', op: 'min', order: 'ascending' }, axis: { labelAngle: 0, labelOverlap: true } };
    return { temporal, dates: distinct, fields, band: { x }, mid: { x }, start: { x }, end: { x } };
  }
  const scale = { type: 'utc' };
  const axis = { labelOverlap: true, tickCount: 6 };
  return {
    temporal,
    dates: distinct,
    fields,
    band: { x: { field: 'time', type: 'temporal', title: null, scale, axis }, x2: { field: 'timeEnd' } },
    mid: { x: { field: 'timeMid', type: 'temporal', title: null, scale, axis } },
    start: { x: { field: 'time', type: 'temporal', title: null, scale, axis } },
    end: { x: { field: 'timeEnd', type: 'temporal', title: null, scale, axis } },
  };
}

/**
 * A layer marking `selectedDate` with a dashed rule at its period's start, or null when the
 * date is not on the axis (the date goes in as data, never into an expression).
 */
export function selectedPeriodRule(axis: PeriodAxis, selectedDate: string | undefined, color: string): Record<string, unknown> | null {
  if (selectedDate === undefined || !axis.dates.includes(selectedDate)) return null;
  const f = axis.fields(selectedDate);
  return {
    data: { values: [f] },
    mark: { type: 'rule', color, strokeWidth: 1.5, strokeDash: [4, 3] },
    encoding: axis.temporal ? { x: { ...(axis.start.x as object), field: 'timeMid' } } : axis.start,
  };
}

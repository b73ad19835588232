/**
 * The x axis of charts over time. Run dates are ISO strings (`2024-03-29`), drawn on a UTC
 * time scale; a snapshot without dates (`snapshot`) or any other label falls back to an
 * ordinal axis in the order given.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/;

export interface TimeAxis {
  /** True for a time scale, false for ordinal labels. */
  temporal: boolean;
  /** Distinct dates in the order they first appear (ascending for ISO dates). */
  dates: string[];
  /** The x encoding: field `time` on a time scale, else field `date` sorted by `dateOrder`. */
  encoding: Record<string, unknown>;
  /** The date's position in `dates`, for sorting an ordinal axis (field `dateOrder`). */
  orderOf(date: string): number;
  /**
   * The fields a datum needs for this axis. `date` stays the ISO string (for tooltips and
   * clicks); `time` is a copy that Vega-Lite parses to a timestamp in place.
   */
  dateFields(date: string): DateFields;
}

export interface DateFields {
  date: string;
  dateOrder: number;
  time: string;
}

/** The x axis for `dates` (the `date` field of the chart's data). */
export function timeAxis(dates: readonly string[]): TimeAxis {
  const distinct = [...new Set(dates.map(String))];
  const temporal = distinct.length > 0 && distinct.every((d) => ISO_DATE.test(d) && !Number.isNaN(Date.parse(d)));
  if (temporal) distinct.sort();
  const order = new Map(distinct.map((d, i) => [d, i]));
  const encoding = temporal
    ? { field: 'time', type: 'temporal', title: null, scale: { type: 'utc' }, axis: { labelOverlap: true, tickCount: 6 } }
    : { field: 'date', type: 'ordinal', title: null, sort: { field: 'dateOrder', op: 'min', order: 'ascending' }, axis: { labelAngle: 0 } };
  const orderOf = (date: string) => order.get(date) ?? distinct.length;
  return { temporal, dates: distinct, encoding, orderOf, dateFields: (date) => ({ date, dateOrder: orderOf(date), time: date }) };
}

/**
 * A layer drawing a vertical rule at `selectedDate`, or null when the date is not one of
 * the axis's dates (the date goes in as data, never into an expression).
 */
export function selectedDateRule(axis: TimeAxis, selectedDate: string | undefined, color: string): Record<string, unknown> | null {
  if (selectedDate === undefined || !axis.dates.includes(selectedDate)) return null;
  return {
    data: { values: [axis.dateFields(selectedDate)] },
    mark: { type: 'rule', color, strokeWidth: 1.5, strokeDash: [4, 3] },
    encoding: { x: axis.encoding },
  };
}

/**
 * The view state (tab, date, filters, stock, sort, search): one store, every change saved
 * with `vscode.setState` (survives hide and restore) and posted to the host as
 * `stateChanged` (survives a reload of the run).
 */
import { TABS, defaultViewState, type Tab, type ViewState } from '../src/protocol';
import type { Filters, RunSummary } from '../src/model/types';

/** Which filter list each filter kind is, with its label. */
export const FILTER_KINDS = [
  { key: 'sectors', label: 'Sector', runKey: 'sectors' },
  { key: 'countries', label: 'Country', runKey: 'countries' },
  { key: 'regions', label: 'Region', runKey: 'regions' },
  { key: 'factors', label: 'Factor', runKey: 'factors' },
] as const;
export type FilterKey = keyof Filters;

/** What changed in an update, so listeners redo only what they must. */
export interface StateChange {
  /** Date or filters changed: every tab's data is stale. */
  data: boolean;
  tab: boolean;
  stock: boolean;
  /** Sort or search of the Stocks table changed. */
  table: boolean;
  /** The Features tab's feature or colour feature changed. */
  feature: boolean;
  /** What the Compare tab compares with changed. */
  compare: boolean;
  /** The Factors tab's portfolio / active measure changed. */
  measure: boolean;
}

/** The parts of a change that only some tabs follow (a tab lists them in `watches`). */
export type StateAspect = Exclude<keyof StateChange, 'data' | 'tab'>;

export const NO_CHANGE: StateChange = { data: false, tab: false, stock: false, table: false, feature: false, compare: false, measure: false };
export const ALL_CHANGED: StateChange = { data: true, tab: true, stock: true, table: true, feature: true, compare: true, measure: true };

/** Either change, or both. */
export function mergeChanges(a: StateChange | undefined, b: StateChange): StateChange {
  if (!a) return b;
  const merged = { ...NO_CHANGE };
  for (const key of Object.keys(NO_CHANGE) as (keyof StateChange)[]) merged[key] = a[key] || b[key];
  return merged;
}

/** True when anything in `change` is set. */
export function anyChange(change: StateChange): boolean {
  return (Object.keys(change) as (keyof StateChange)[]).some((key) => change[key]);
}

type Listener = (state: ViewState, change: StateChange) => void;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * A complete, valid state for `run` from anything that looks like a (partial) state:
 * unknown tabs, dates, sectors etc. are dropped, missing fields take their defaults.
 */
export function reconcileState(candidate: unknown, run: RunSummary | null, defaultTab: Tab = 'overview'): ViewState {
  const base = defaultViewState(defaultTab);
  if (!isObject(candidate)) return base;
  const tab = TABS.includes(candidate.tab as Tab) ? (candidate.tab as Tab) : base.tab;
  let date = typeof candidate.date === 'string' ? candidate.date : null;
  if (run && date !== null && !run.dates.includes(date)) date = null;
  const filterSource = isObject(candidate.filters) ? candidate.filters : {};
  const filters: Filters = { sectors: [], countries: [], regions: [], factors: [] };
  for (const kind of FILTER_KINDS) {
    const values = stringList(filterSource[kind.key]);
    const known = run ? new Set(run[kind.runKey]) : null;
    filters[kind.key] = [...new Set(values)].filter((v) => !known || known.has(v));
  }
  const stock = typeof candidate.stock === 'string' && candidate.stock !== '' ? candidate.stock : null;
  const sortSource = isObject(candidate.sort) ? candidate.sort : {};
  const sort = {
    column: typeof sortSource.column === 'string' ? sortSource.column : base.sort.column,
    descending: typeof sortSource.descending === 'boolean' ? sortSource.descending : base.sort.descending,
  };
  const search = typeof candidate.search === 'string' ? candidate.search : '';
  const state: ViewState = { tab, date, filters, stock, sort, search };
  // The optional fields are kept only when valid for the run (a feature it lacks, a
  // baseline comparison of a run without a baseline, are dropped: absent means the default).
  if (candidate.measure === 'portfolio' || candidate.measure === 'active') state.measure = candidate.measure;
  const features = run ? new Set(run.features.map((f) => f.name)) : null;
  const knownFeature = (value: unknown): value is string => typeof value === 'string' && value !== '' && (!features || features.has(value));
  if (knownFeature(candidate.feature)) state.feature = candidate.feature;
  if (knownFeature(candidate.colorBy)) state.colorBy = candidate.colorBy;
  if (candidate.compareAgainst === 'previous' || (candidate.compareAgainst === 'baseline' && (!run || run.baseline !== null))) {
    state.compareAgainst = candidate.compareAgainst;
  }
  if (typeof candidate.compareOnlyChanges === 'boolean') state.compareOnlyChanges = candidate.compareOnlyChanges;
  if (typeof candidate.compareThreshold === 'number' && Number.isFinite(candidate.compareThreshold) && candidate.compareThreshold >= 0) state.compareThreshold = candidate.compareThreshold;
  return state;
}

/** The Factors tab's measure (default portfolio). */
export function measureOf(state: ViewState): 'portfolio' | 'active' {
  return state.measure ?? 'portfolio';
}

/** What the Compare tab compares with (default the previous date). */
export function compareAgainstOf(state: ViewState): 'previous' | 'baseline' {
  return state.compareAgainst ?? 'previous';
}

/** The default threshold of the Compare tab's "only what changed": 0.01% of weight, 1 bp of score exposure. */
export const DEFAULT_COMPARE_THRESHOLD = 0.0001;

/** The Compare tab's "only what changed" threshold, or null when the toggle is off. */
export function onlyChangesOf(state: ViewState): number | null {
  return state.compareOnlyChanges ? (state.compareThreshold ?? DEFAULT_COMPARE_THRESHOLD) : null;
}

function sameFilters(a: Filters, b: Filters): boolean {
  return FILTER_KINDS.every(({ key }) => a[key].length === b[key].length && a[key].every((v, i) => v === b[key][i]));
}

/** The store. `update` applies a partial state, saves it and tells the listeners. */
export class StateStore {
  private current: ViewState;
  private readonly listeners: Listener[] = [];

  constructor(
    initial: ViewState,
    private readonly persist: (state: ViewState) => void,
  ) {
    this.current = initial;
  }

  get state(): ViewState {
    return this.current;
  }

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Replace the whole state (after `init`); listeners are told everything changed. */
  reset(state: ViewState, options: { persist: boolean }): void {
    this.current = state;
    if (options.persist) this.persist(state);
    const change = { ...ALL_CHANGED };
    for (const listener of this.listeners) listener(state, change);
  }

  /** Apply a change; no-op (nothing saved, nothing posted) when nothing differs. */
  update(patch: Partial<ViewState>): void {
    const previous = this.current;
    const next: ViewState = { ...previous, ...patch };
    const change: StateChange = {
      data: next.date !== previous.date || !sameFilters(next.filters, previous.filters),
      tab: next.tab !== previous.tab,
      stock: next.stock !== previous.stock,
      table: next.search !== previous.search || next.sort.column !== previous.sort.column || next.sort.descending !== previous.sort.descending,
      feature: (next.feature ?? null) !== (previous.feature ?? null) || (next.colorBy ?? null) !== (previous.colorBy ?? null),
      compare: compareAgainstOf(next) !== compareAgainstOf(previous) || onlyChangesOf(next) !== onlyChangesOf(previous),
      measure: measureOf(next) !== measureOf(previous),
    };
    if (!anyChange(change)) return;
    this.current = next;
    this.persist(next);
    for (const listener of this.listeners) listener(next, change);
  }

  /** Add `value` to a filter list, or remove it when present. */
  toggleFilter(key: FilterKey, value: string): void {
    const list = this.current.filters[key];
    const nextList = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
    this.update({ filters: { ...this.current.filters, [key]: nextList } });
  }

  setFilter(key: FilterKey, values: string[]): void {
    this.update({ filters: { ...this.current.filters, [key]: [...values] } });
  }
}

/** The date a state shows: its own, or the run's latest. */
export function effectiveDate(state: ViewState, run: RunSummary): string {
  return state.date ?? run.dates[run.dates.length - 1];
}

/** True when at least one filter is set. */
export function hasFilters(filters: Filters): boolean {
  return FILTER_KINDS.some(({ key }) => filters[key].length > 0);
}

/** "Sector: Energy, Financials · Country: Japan", or "No filters". */
export function describeFilters(filters: Filters): string {
  const parts = FILTER_KINDS.filter(({ key }) => filters[key].length > 0).map(
    ({ key, label }) => `${label}: ${filters[key].join(', ')}`,
  );
  return parts.length ? parts.join(' · ') : 'No filters';
}

/**
 * What every tab module implements, and what the app gives each tab to work with.
 */
import type { Filters, RunSummary } from '../../src/model/types';
import type { RenderedChart, Tab, ViewState } from '../../src/protocol';
import type { Charts } from '../charts';
import { el, icon } from '../dom';
import { RequestError, type Host } from '../host';
import type { StateAspect, StateChange, StateStore } from '../state';

/** The app's services a tab uses. */
export interface TabContext {
  host: Host;
  store: StateStore;
  charts: Charts;
  /** The run of the last `init`. */
  run(): RunSummary;
  /** Show a short count in the tab's header (null hides it). */
  setBadge(tab: Tab, text: string | null): void;
}

/**
 * Lets a tab tell whether the update it is running is still the latest one: a slower,
 * older response must not overwrite what a newer one drew.
 */
export interface Ticket {
  readonly current: boolean;
}

export interface TabView {
  readonly id: Tab;
  readonly title: string;
  /**
   * The parts of the state besides date and filters that this tab shows (e.g. the Stocks
   * tab: the selected stock and the table's sort and search): a change of one of them
   * updates the tab; a change of another leaves it alone.
   */
  readonly watches: readonly StateAspect[];
  /** The tab's panel content (the app puts it in a `vscode-tab-panel`). */
  readonly element: HTMLElement;
  /**
   * Bring the tab up to date with `state` after `change` (everything, on first show),
   * requesting data as needed. Resolves with the charts drawn, or null when the update
   * was overtaken by a newer one. Rejects with a RequestError the app shows inline.
   */
  update(state: ViewState, change: StateChange, ticket: Ticket): Promise<RenderedChart[] | null>;
}

/** An error shown in place of a tab's (or a panel's) content, with its message as text. */
export function inlineError(error: unknown, heading = 'Could not load this view'): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof RequestError ? 'request-error' : 'render-error';
  return el('div', { className: `inline-error ${kind}`, attrs: { role: 'alert' } }, [
    icon('error'),
    el('div', {}, [el('strong', { text: heading }), el('div', { className: 'inline-error-message', text: message })]),
  ]);
}

/** Whom a figure describes: the stocks the filters leave (the sleeve), or the whole book whatever the filters. */
export type FigureScope = 'filtered' | 'book';

/** True while any filter is on. */
export function filtersActive(filters: Filters): boolean {
  return filters.sectors.length + filters.countries.length + filters.regions.length + filters.factors.length > 0;
}

/**
 * A short note saying whether the filters apply to a figure, while a filter is on (with no
 * filter every figure is the whole book's): "filtered sleeve" or "whole book: filters do
 * not apply". Null with no filter on.
 */
export function scopeNote(scope: FigureScope, filters: Filters): HTMLElement | null {
  if (!filtersActive(filters)) return null;
  const text = scope === 'filtered' ? 'filtered sleeve' : 'whole book: filters do not apply';
  return el('span', { className: `scope-note scope-${scope}`, text, attrs: { 'data-scope': scope, title: scope === 'filtered' ? 'Computed over the stocks the filters leave' : 'Computed over every stock, whatever the filters' } });
}

/** Put `note` (if any) at the end of `section`'s title, or above its content when it has none. */
export function withScope(section: HTMLElement, note: HTMLElement | null): HTMLElement {
  if (!note) return section;
  const title = section.querySelector(':scope > .card-title, :scope > .card-header');
  if (title) title.append(note);
  else section.prepend(el('div', { className: 'card-scope' }, [note]));
  return section;
}

/**
 * A titled section of a tab, holding a chart container. An empty title leaves the heading
 * out (for charts that title themselves); `hint` is a line under the chart saying what a
 * click on it does.
 */
export function chartSection(title: string, name: string, className = '', hint?: string): { section: HTMLElement; chart: HTMLElement } {
  const chart = el('div', { className: 'chart', attrs: { 'data-chart-slot': name } });
  const section = el('section', { className: `card ${className || name}`.trim() }, [
    title ? el('h3', { className: 'card-title', text: title }) : null,
    chart,
    hint ? el('p', { className: 'card-hint muted', text: hint }) : null,
  ]);
  return { section, chart };
}

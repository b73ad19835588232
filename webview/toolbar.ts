/**
 * The toolbar every tab shares: the date picker (a select of the run's dates with previous
 * and next buttons), one multi-select per filter (sector, country, region, factor), "Clear
 * filters", and a one-line summary of what is filtered.
 */
import { nearestDate } from './dates';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeOption } from '@vscode-elements/elements/dist/vscode-option/vscode-option.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { RunSummary } from '../src/model/types';
import type { ViewState } from '../src/protocol';
import { el } from './dom';
import { FILTER_KINDS, type FilterKey, type StateStore, describeFilters, effectiveDate, hasFilters } from './state';

function option(value: string, label: string, selected: boolean): VscodeOption {
  const opt = document.createElement('vscode-option');
  opt.value = value;
  opt.textContent = label;
  opt.selected = selected;
  return opt;
}

function button(label: string, iconName: string, options: { iconOnly?: boolean; secondary?: boolean } = {}): VscodeButton {
  const b = document.createElement('vscode-button');
  b.icon = iconName;
  b.secondary = options.secondary ?? true;
  if (options.iconOnly) {
    b.iconOnly = true;
    b.setAttribute('aria-label', label);
    b.title = label;
  } else {
    b.textContent = label;
  }
  return b;
}

/** The shared toolbar. Build once, then `setRun` on each `init` and `sync` on each state change. */
export class Toolbar {
  readonly element: HTMLElement;
  private run: RunSummary | null = null;
  private readonly dateSelect: VscodeSingleSelect;
  private readonly previousButton: VscodeButton;
  private readonly nextButton: VscodeButton;
  private readonly clearButton: VscodeButton;
  private readonly filterSelects = new Map<FilterKey, VscodeMultiSelect>();
  private readonly filterFields = new Map<FilterKey, HTMLElement>();
  private readonly summary: HTMLElement;
  private readonly runName: HTMLElement;
  /** Set while the controls are updated from the state, so their events are ignored. */
  private syncing = false;

  constructor(private readonly store: StateStore) {
    this.runName = el('span', { className: 'run-name' });
    this.dateSelect = document.createElement('vscode-single-select');
    this.dateSelect.className = 'date-select';
    this.dateSelect.setAttribute('aria-label', 'Date');
    // Typing a date (or its start, "2023-07") narrows the list to the dates that begin so;
    // Enter picks the first of them.
    this.dateSelect.combobox = true;
    this.dateSelect.filter = 'startsWith';
    this.previousButton = button('Previous date', 'chevron-left', { iconOnly: true });
    this.nextButton = button('Next date', 'chevron-right', { iconOnly: true });
    this.previousButton.classList.add('date-previous');
    this.nextButton.classList.add('date-next');
    this.dateSelect.addEventListener('change', () => {
      if (this.syncing || !this.run) return;
      const value = this.dateSelect.value;
      // While a date is typed the select may report a value that is no date of the run.
      if (!this.run.dates.includes(value)) return;
      const latest = this.run.dates[this.run.dates.length - 1];
      this.store.update({ date: value === latest ? null : value });
    });
    // Enter on a typed date picks it, or the run's nearest date to it.
    this.dateSelect.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Enter' || !this.run) return;
        const typed = (this.dateSelect.shadowRoot?.querySelector('input')?.value ?? '').trim();
        const date = nearestDate(this.run.dates, typed);
        if (date === null) return;
        event.preventDefault();
        event.stopPropagation();
        const latest = this.run.dates[this.run.dates.length - 1];
        this.store.update({ date: date === latest ? null : date });
      },
      true,
    );
    this.previousButton.addEventListener('click', () => this.stepDate(-1));
    this.nextButton.addEventListener('click', () => this.stepDate(1));

    const dateField = el('div', { className: 'field date-field' }, [
      el('span', { className: 'field-label', text: 'Date' }),
      this.previousButton,
      this.dateSelect,
      this.nextButton,
    ]);

    const filters = el('div', { className: 'filters' });
    for (const kind of FILTER_KINDS) {
      const select = document.createElement('vscode-multi-select');
      select.className = `filter-select filter-${kind.key}`;
      select.setAttribute('aria-label', `${kind.label} filter`);
      select.addEventListener('change', () => {
        if (this.syncing) return;
        this.store.setFilter(kind.key, select.value);
      });
      this.filterSelects.set(kind.key, select);
      const field = el('div', { className: `field filter-field` }, [el('span', { className: 'field-label', text: kind.label }), select]);
      this.filterFields.set(kind.key, field);
      filters.append(field);
    }
    this.clearButton = button('Clear filters', 'clear-all');
    this.clearButton.classList.add('clear-filters');
    this.clearButton.addEventListener('click', () =>
      this.store.update({ filters: { sectors: [], countries: [], regions: [], factors: [] } }),
    );
    filters.append(this.clearButton);

    this.summary = el('div', { className: 'filter-summary', attrs: { 'aria-live': 'polite' } });
    this.element = el('header', { className: 'toolbar' }, [
      el('div', { className: 'toolbar-row' }, [this.runName, dateField, filters]),
      this.summary,
    ]);
  }

  /** Fill the controls with a run's dates and filter values. */
  setRun(run: RunSummary, state: ViewState): void {
    this.run = run;
    this.runName.textContent = run.name;
    this.runName.title = run.source;
    this.syncing = true;
    try {
      const date = effectiveDate(state, run);
      this.dateSelect.replaceChildren(
        ...[...run.dates].reverse().map((d, i) => option(d, i === 0 ? `${d} (latest)` : d, d === date)),
      );
      for (const kind of FILTER_KINDS) {
        const select = this.filterSelects.get(kind.key)!;
        const values = run[kind.runKey];
        const chosen = new Set(state.filters[kind.key]);
        select.replaceChildren(...values.map((v) => option(v, v, chosen.has(v))));
        // A filter with nothing to choose from (e.g. no regions in the run) is hidden.
        this.filterFields.get(kind.key)!.hidden = values.length === 0;
      }
    } finally {
      this.syncing = false;
    }
    this.sync(state);
  }

  /** Show `state` in the controls (after any change, wherever it came from). */
  sync(state: ViewState): void {
    if (!this.run) return;
    this.syncing = true;
    try {
      const date = effectiveDate(state, this.run);
      if (this.dateSelect.value !== date) this.dateSelect.value = date;
      const index = this.run.dates.indexOf(date);
      this.previousButton.disabled = index <= 0;
      this.nextButton.disabled = index < 0 || index >= this.run.dates.length - 1;
      for (const kind of FILTER_KINDS) {
        const select = this.filterSelects.get(kind.key)!;
        const wanted = state.filters[kind.key];
        const current = select.value;
        if (current.length !== wanted.length || current.some((v, i) => v !== wanted[i])) select.value = [...wanted];
      }
      this.clearButton.disabled = !hasFilters(state.filters);
      this.summary.textContent = describeFilters(state.filters);
      this.summary.classList.toggle('active', hasFilters(state.filters));
    } finally {
      this.syncing = false;
    }
  }

  private stepDate(step: number): void {
    if (!this.run) return;
    const dates = this.run.dates;
    const index = dates.indexOf(effectiveDate(this.store.state, this.run)) + step;
    if (index < 0 || index >= dates.length) return;
    this.store.update({ date: index === dates.length - 1 ? null : dates[index] });
  }
}

/**
 * Pieces the tabs share: KPI tiles, a segmented toggle, the "Go to definition" button of a
 * feature, a compact table, and choosing a date from a chart. Names from the run reach the
 * page as text only (see dom.ts).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { RunSummary } from '../../src/model/types';
import { el } from '../dom';
import type { Host } from '../host';
import type { StateStore } from '../state';

import type { Tile } from './summaries';

/** One KPI tile: label, value, optional note, coloured by status. */
export function tile({ label, value, note, status }: Tile): HTMLElement {
  return el('div', { className: `kpi${status ? ` kpi-${status}` : ''}`, attrs: { role: 'group', 'aria-label': label } }, [
    el('div', { className: 'kpi-label', text: label }),
    el('div', { className: 'kpi-value', text: value }),
    note ? el('div', { className: 'kpi-note', text: note }) : null,
  ]);
}

export interface ToggleOption<T extends string> {
  value: T;
  label: string;
  /** Why the option cannot be chosen; the option is disabled and shows the reason as its tooltip. */
  disabledReason?: string;
}

/**
 * A segmented toggle (buttons in a group, the chosen one pressed). `onChange` is called
 * with the value of a newly chosen option.
 * @example segmented('Compare with', 'compare-against', [{ value: 'previous', label: 'Previous date' }, …], 'previous', (v) => …)
 */
export function segmented<T extends string>(label: string, name: string, options: ToggleOption<T>[], current: T, onChange: (value: T) => void): HTMLElement {
  const group = el('div', { className: `segmented ${name}`, attrs: { role: 'group', 'aria-label': label } });
  for (const option of options) {
    const button = el('button', {
      className: 'segment',
      text: option.label,
      attrs: { type: 'button', 'data-value': option.value, 'aria-pressed': String(option.value === current) },
    });
    if (option.disabledReason) {
      button.disabled = true;
      button.title = option.disabledReason;
    }
    button.addEventListener('click', () => {
      if (option.value !== current && !button.disabled) onChange(option.value);
    });
    group.append(button);
  }
  return group;
}

/**
 * A "Go to definition" button that asks the host to open a feature's code: a small icon
 * beside a name, or (labelled) a button that says so.
 */
export function definitionButton(host: Host, feature: string, options: { labelled?: boolean } = {}): HTMLElement {
  const button = document.createElement('vscode-button');
  button.icon = 'go-to-file';
  button.secondary = true;
  if (options.labelled) button.textContent = 'Go to definition';
  else button.iconOnly = true;
  button.className = 'go-to-definition';
  button.dataset.feature = feature;
  button.title = `Go to definition of ${feature}`;
  button.setAttribute('aria-label', `Go to definition of ${feature}`);
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    host.post({ type: 'openFeature', feature });
  });
  return button;
}

/** A feature's name as text, followed by its "Go to definition" button. */
export function featureName(host: Host, feature: string, className = 'feature-name'): HTMLElement {
  return el('span', { className }, [el('code', { className: 'feature', text: feature }), definitionButton(host, feature)]);
}

/** True when a click asked to open a definition rather than select (Ctrl/Cmd or Alt held). */
export function wantsDefinition(event: MouseEvent | undefined): boolean {
  return !!event && (event.ctrlKey || event.metaKey || event.altKey);
}

export interface Column<R> {
  label: string;
  numeric?: boolean;
  text(row: R): string;
  /** Extra classes of the cell (e.g. `negative`). */
  className?(row: R): string;
}

/** A compact table with a header row; every cell is text. */
export function compactTable<R>(label: string, columns: Column<R>[], rows: readonly R[], className = ''): HTMLTableElement {
  const head = el('tr', {}, columns.map((c) => el('th', { text: c.label, className: c.numeric ? 'num' : '', attrs: { scope: 'col' } })));
  const body = rows.map((row) =>
    el(
      'tr',
      {},
      columns.map((c) => el('td', { className: [c.numeric ? 'num' : '', c.className?.(row) ?? ''].join(' ').trim(), text: c.text(row) })),
    ),
  );
  return el('table', { className: `compact-table ${className}`.trim(), attrs: { 'aria-label': label } }, [el('thead', {}, [head]), el('tbody', {}, body)]);
}

/** Show `date` everywhere (null for the latest), when the run has it. */
export function chooseDate(store: StateStore, run: RunSummary, date: unknown): void {
  if (typeof date !== 'string' || !run.dates.includes(date)) return;
  store.update({ date: date === run.dates[run.dates.length - 1] ? null : date });
}

/** A note in place of a chart or a tab that the run cannot fill, saying why. */
export function unavailable(message: string, detail?: string): HTMLElement {
  return el('div', { className: 'unavailable muted', attrs: { role: 'note' } }, [
    el('p', { text: message }),
    detail ? el('p', { className: 'unavailable-detail', text: detail }) : null,
  ]);
}

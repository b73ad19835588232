/**
 * Compare tab: the date against the previous one, or the run against its baseline on the
 * date. Turnover, how each factor's exposure changed (trading vs signals), the names that
 * entered and left with why (their factor drivers and rank change), the largest weight
 * changes, and the selected name's score change decomposed by factor.
 */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { onlyChanges } from '../../src/model/diff/onlyChanges';
import { exposureChangeChart, factorDeltaChart, weightChangesChart } from '../../src/views';
import type { ChangeExplanation, CompareData, RunSummary, StockChange } from '../../src/model/types';
import type { RenderedChart, ViewState } from '../../src/protocol';
import type { ChartDefinition } from '../charts';
import { el, icon } from '../dom';
import { formatCount, formatPercent, formatSignedPercent, formatBp, percentSignClass } from '../format';
import { compareAgainstOf, DEFAULT_COMPARE_THRESHOLD, effectiveDate, onlyChangesOf, type StateChange } from '../state';
import { RequestError } from '../host';
import { compactTable, segmented, tile, unavailable } from './parts';
import { compareHeading, driversText, rankChangeText } from './summaries';
import { chartSection, inlineError, type TabContext, type TabView, type Ticket } from './tab';

const BASIS_TEXT: Record<ChangeExplanation['basis'], string> = {
  change: 'change in each factor’s contribution',
  'after-only': 'scored only after: each factor’s contribution',
  'before-only': 'scored only before: each factor’s contribution',
  none: 'no contributions on either side',
};

export class CompareTab implements TabView {
  readonly id = 'compare' as const;
  readonly title = 'Compare';
  readonly watches = ['compare', 'stock'] as const;
  readonly element = el('div', { className: 'tab-content compare' });

  /** The last answer and its query: toggling "only what changed" redraws it without asking again. */
  private last: { run: RunSummary; key: string; data: CompareData } | null = null;

  constructor(private readonly ctx: TabContext) {}

  async update(state: ViewState, _change: StateChange, ticket: Ticket): Promise<RenderedChart[] | null> {
    const run = this.ctx.run();
    const date = effectiveDate(state, run);
    const against = compareAgainstOf(state);
    if (against === 'previous' && run.dates.indexOf(date) === 0) {
      this.ctx.charts.releaseWithin(this.element);
      this.element.replaceChildren(
        this.heading(against, `${date} is the run’s first date`),
        unavailable('There is no previous date to compare with.', run.baseline ? 'Pick a later date, or compare with the baseline run.' : 'Pick a later date.'),
      );
      return [];
    }
    let data: CompareData;
    const query = { kind: 'compare', date, filters: state.filters, against, stock: state.stock } as const;
    const key = JSON.stringify(query);
    try {
      // A reload brings a new run summary, and so a new question.
      data = this.last?.key === key && this.last.run === run ? this.last.data : await this.ctx.host.request<'compare'>(query);
      this.last = { run, key, data };
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      if (!ticket.current) return null;
      // The comparison failed (e.g. an unreadable baseline): say why inside the tab, under
      // the toggle, so the other comparison stays one click away.
      this.ctx.charts.releaseWithin(this.element);
      this.element.replaceChildren(this.heading(against, against === 'baseline' ? `${date} against the baseline` : `${date} against the previous date`), inlineError(error, 'Could not compare'));
      return [];
    }
    if (!ticket.current) return null;
    return this.draw(data, state);
  }

  /** The baseline date used when it is not the view's, and a way to a date both runs have. */
  private baselineNote(data: CompareData): HTMLElement | null {
    const match = data.baselineMatch;
    if (!data.baselineNote || !match) return null;
    const note = el('div', { className: 'baseline-note', attrs: { role: 'note' } }, [icon('info'), el('span', { text: data.baselineNote })]);
    const shared = match.nearestShared;
    if (shared && shared !== match.date) {
      const go = document.createElement('vscode-button');
      go.secondary = true;
      go.textContent = `Go to ${shared}, a date of both`;
      go.title = `The run and the baseline share ${formatCount(match.sharedDates)} date${match.sharedDates === 1 ? '' : 's'}; ${shared} is the nearest to ${match.date}.`;
      go.className = 'go-shared-date';
      go.addEventListener('click', () => this.ctx.store.update({ date: shared }));
      note.append(go);
    } else if (!shared) {
      note.append(el('span', { className: 'muted', text: ' The run and its baseline share no date.' }));
    }
    return note;
  }

  private heading(against: 'previous' | 'baseline', title: string): HTMLElement {
    const run = this.ctx.run();
    return el('div', { className: 'tab-heading' }, [
      el('h2', { className: 'compare-title', text: title }),
      el('span', { className: 'spacer' }),
      segmented<'previous' | 'baseline'>(
        'Compare with',
        'compare-toggle',
        [
          { value: 'previous', label: 'Previous date' },
          {
            value: 'baseline',
            label: run.baseline ? `Baseline (${run.baseline})` : 'Baseline',
            disabledReason: run.baseline ? undefined : 'This run names no baseline: add "baseline" to the manifest to compare with it.',
          },
        ],
        against,
        (value) => this.ctx.store.update({ compareAgainst: value }),
      ),
      this.onlyChangesControls(),
    ]);
  }

  /** The "only what changed" toggle and its threshold, both kept in the view state. */
  private onlyChangesControls(): HTMLElement {
    const state = this.ctx.store.state;
    const toggle: VscodeCheckbox = document.createElement('vscode-checkbox');
    toggle.className = 'only-changes-toggle';
    toggle.label = 'Only what changed';
    toggle.checked = state.compareOnlyChanges === true;
    toggle.title = 'Hide factors and weight changes whose change is at most the threshold (as glassbox diff --only-changes).';
    toggle.addEventListener('change', () => this.ctx.store.update({ compareOnlyChanges: toggle.checked }));
    const threshold: VscodeTextfield = document.createElement('vscode-textfield');
    threshold.className = 'only-changes-threshold';
    threshold.value = String(state.compareThreshold ?? DEFAULT_COMPARE_THRESHOLD);
    threshold.disabled = !toggle.checked;
    threshold.setAttribute('aria-label', 'Threshold: changes of at most this are hidden');
    threshold.title = 'Changes of at most this (absolute: 0.0001 is 0.01% of weight, or 1 bp of score exposure) are hidden.';
    const problem = el('span', { className: 'only-changes-problem negative', attrs: { role: 'alert' } });
    threshold.addEventListener('change', () => {
      const text = threshold.value.trim();
      const value = Number(text);
      if (text === '' || !Number.isFinite(value) || value < 0) {
        problem.textContent = `“${text}” is not a threshold: give a number of at least 0, e.g. 0.0001.`;
        return;
      }
      problem.textContent = '';
      this.ctx.store.update({ compareThreshold: value });
    });
    return el('span', { className: 'only-changes' }, [toggle, el('span', { className: 'field-label', text: 'above' }), threshold, problem]);
  }

  private nameList(title: string, className: string, names: ChangeExplanation[], selected: string | null, side: 'entered' | 'left'): HTMLElement {
    const section = el('section', { className: `card names ${className}` }, [el('h3', { className: 'card-title', text: `${title} (${formatCount(names.length)})` })]);
    if (!names.length) {
      section.append(el('p', { className: 'muted', text: side === 'entered' ? 'No name entered.' : 'No name left.' }));
      return section;
    }
    const list = el('ul', { className: 'name-list' });
    for (const n of names) {
      const weight = side === 'entered' ? formatPercent(n.weightAfter) : formatPercent(n.weightBefore);
      const button = el('button', { className: 'name-item', attrs: { type: 'button', 'data-stock': n.stock, 'aria-pressed': String(n.stock === selected) } }, [
        el('span', { className: 'ticker', text: n.stock }),
        el('span', { className: 'name', text: n.name }),
        el('span', { className: 'num weight', text: weight }),
        el('span', { className: 'num rank', text: `rank ${rankChangeText(n.rankChange)}`, title: n.rankBefore !== null && n.rankAfter !== null ? `${formatCount(n.rankBefore)} → ${formatCount(n.rankAfter)}` : undefined }),
        el('span', { className: 'drivers muted', text: driversText(n) }),
      ]);
      button.title = `Why did ${n.stock} ${side === 'entered' ? 'enter' : 'leave'}? Click to decompose its change by factor.`;
      button.addEventListener('click', () => this.ctx.store.update({ stock: n.stock }));
      list.append(el('li', {}, [button]));
    }
    section.append(list);
    return section;
  }

  private changesTable(data: CompareData, selected: string | null): HTMLElement {
    const table = compactTable(
      'Largest weight changes',
      [
        { label: 'Ticker', text: (c: StockChange) => c.stock },
        { label: 'Name', text: (c) => c.name },
        { label: 'Sector', text: (c) => c.sector },
        { label: 'Before', numeric: true, text: (c) => formatPercent(c.weightBefore) },
        { label: 'After', numeric: true, text: (c) => formatPercent(c.weightAfter) },
        { label: 'Change', numeric: true, text: (c) => formatSignedPercent(c.weightChange), className: (c) => percentSignClass(c.weightChange) },
        { label: 'Rank', numeric: true, text: (c) => rankChangeText(c.rankChange) },
        { label: 'Status', text: (c) => c.status },
      ],
      data.changes,
      'changes-table',
    );
    table.querySelectorAll('tbody tr').forEach((row, i) => {
      const change = data.changes[i];
      row.setAttribute('data-stock', change.stock);
      row.classList.add('clickable-row');
      if (change.stock === selected) row.classList.add('selected');
      row.addEventListener('click', () => this.ctx.store.update({ stock: change.stock }));
    });
    return el('div', { className: 'table-box' }, [table]);
  }

  private selectedSection(data: CompareData, stock: string | null): { section: HTMLElement; chart: HTMLElement | null } {
    const section = el('section', { className: 'card selected-change span-2' });
    const selected = data.selected;
    if (!stock || !selected) {
      // A stock selected on another tab that neither side holds is not this tab's concern.
      section.append(
        el('h3', { className: 'card-title', text: 'Why did it change?' }),
        el('div', { className: 'placeholder muted' }, [icon('graph-left'), el('p', { text: 'Click a name (entered, left or a weight change) to decompose its score change by factor.' })]),
      );
      return { section, chart: null };
    }
    const chart = el('div', { className: 'chart', attrs: { 'data-chart-slot': 'factor-delta' } });
    const close = document.createElement('vscode-button');
    close.icon = 'close';
    close.iconOnly = true;
    close.secondary = true;
    close.title = 'Close';
    close.setAttribute('aria-label', 'Close the decomposition');
    close.className = 'close-detail';
    close.addEventListener('click', () => this.ctx.store.update({ stock: null }));
    const facts = el('dl', { className: 'stock-facts' }, [
      ...fact('Status', selected.status),
      ...fact('Weight', `${formatPercent(selected.weightBefore)} → ${formatPercent(selected.weightAfter)}`),
      ...fact('Rank', `${selected.rankBefore === null ? '–' : formatCount(selected.rankBefore)} → ${selected.rankAfter === null ? '–' : formatCount(selected.rankAfter)} (${rankChangeText(selected.rankChange)})`),
      ...fact('Score change', formatBp(selected.scoreChange)),
    ]);
    section.append(
      el('div', { className: 'stock-header' }, [
        el('h2', {}, [el('span', { className: 'ticker', text: selected.stock }), el('span', { className: 'stock-name', text: ` ${selected.name}` })]),
        el('span', { className: 'muted', text: BASIS_TEXT[selected.basis] }),
        el('span', { className: 'spacer' }),
        close,
      ]),
      facts,
      chart,
    );
    return { section, chart };
  }

  private draw(all: CompareData, state: ViewState): Promise<RenderedChart[]> {
    this.ctx.charts.releaseWithin(this.element);
    // "Only what changed": factors and weight changes at most the threshold are hidden (the counts and names are not).
    const threshold = onlyChangesOf(state);
    const exposureShown = onlyChanges(all.exposure, threshold, (e) => e.change);
    const changesShown = onlyChanges(all.changes, threshold, (c) => c.weightChange);
    const data: CompareData = { ...all, exposure: exposureShown.kept, changes: changesShown.kept };
    const hiddenNote =
      threshold === null
        ? null
        : el('p', {
            className: 'only-changes-note muted',
            attrs: { role: 'status' },
            text: `Only what changed (|change| above ${threshold}): ${formatCount(exposureShown.hidden)} of ${formatCount(all.exposure.length)} factor${all.exposure.length === 1 ? '' : 's'} and ${formatCount(changesShown.hidden)} of ${formatCount(all.changes.length)} weight change${all.changes.length === 1 ? '' : 's'} hidden.`,
          });
    const store = this.ctx.store;
    const tiles = el('div', { className: 'kpis' }, [
      tile({ label: 'Turnover', value: formatPercent(data.turnover, 1), note: 'one-way' }),
      tile({ label: 'Entered', value: formatCount(data.entered.length) }),
      tile({ label: 'Left', value: formatCount(data.left.length) }),
      tile({ label: 'Weights changed', value: formatCount(data.changedCount), note: data.changedCount > all.changes.length ? `largest ${formatCount(all.changes.length)} shown` : undefined }),
    ]);
    const notes: HTMLElement[] = [];
    if (data.featuresOnlyBefore.length) notes.push(el('p', { className: 'muted', text: `Features only before (count as 0 after): ${data.featuresOnlyBefore.join(', ')}` }));
    if (data.featuresOnlyAfter.length) notes.push(el('p', { className: 'muted', text: `Features only after (count as 0 before): ${data.featuresOnlyAfter.join(', ')}` }));

    // The two charts title themselves; the table lists every change the chart draws and more.
    const exposure = chartSection('', 'exposure-change', '', 'Click a factor to filter by it.');
    const changes = chartSection('', 'weight-changes', '', 'Click a bar, a name or a row to see why it changed.');
    const table = el('section', { className: 'card changes span-2' }, [
      el('h3', { className: 'card-title', text: `Largest weight changes · ${formatCount(data.changes.length)} of ${formatCount(data.changedCount)}${changesShown.hidden ? ` (${formatCount(changesShown.hidden)} hidden)` : ''}` }),
      this.changesTable(data, state.stock),
    ]);
    const selected = this.selectedSection(data, state.stock);
    const match = data.baselineMatch;
    const title = match && match.kind !== 'exact' ? `${data.before.label} on ${data.before.date} → ${data.after.label} on ${data.after.date}` : compareHeading(data);
    this.element.replaceChildren(
      this.heading(data.against, title),
      ...[this.baselineNote(data)].filter((n): n is HTMLElement => n !== null),
      tiles,
      ...(hiddenNote ? [hiddenNote] : []),
      ...notes,
      el('div', { className: 'chart-grid compare-grid' }, [
        selected.section,
        this.nameList('Entered', 'entered', data.entered, state.stock, 'entered'),
        this.nameList('Left', 'left', data.left, state.stock, 'left'),
        exposure.section,
        changes.section,
        table,
      ]),
    );

    const definitions: ChartDefinition[] = [];
    if (data.exposure.length || !all.exposure.length) {
      definitions.push({
        name: 'exposure-change',
        container: exposure.chart,
        build: (theme) => exposureChangeChart(data.exposure, theme),
        onClick: (datum) => typeof datum.factor === 'string' && store.toggleFilter('factors', datum.factor),
      });
    } else {
      exposure.chart.append(unavailable(`No factor exposure changed by more than ${threshold}.`));
    }
    if (data.changes.length) {
      definitions.push({
        name: 'weight-changes',
        container: changes.chart,
        build: (theme) => weightChangesChart(data.changes, theme),
        onClick: (datum) => typeof datum.stock === 'string' && store.update({ stock: datum.stock }),
      });
    } else {
      changes.chart.append(unavailable(all.changes.length ? `No weight changed by more than ${threshold}.` : 'No weight changed.'));
    }
    const explanation = data.selected;
    if (selected.chart && explanation) {
      definitions.push({
        name: 'factor-delta',
        container: selected.chart,
        build: (theme) => factorDeltaChart(explanation, theme, { showTitle: false }),
        onClick: (datum) => typeof datum.factor === 'string' && store.toggleFilter('factors', datum.factor),
      });
    }
    return this.ctx.charts.drawAll(definitions);
  }
}

function fact(term: string, value: string): HTMLElement[] {
  return [el('dt', { text: term }), el('dd', { text: value })];
}

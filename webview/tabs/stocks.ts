/**
 * Stocks tab: every stock of the date that passes the filters in a sortable, searchable
 * table; choosing one shows its waterfall (base value to score, feature by feature) and its
 * history beside the table.
 */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { stockHistoryChart, waterfallChart } from '../../src/views';
import type { StockDetailData, StockRow } from '../../src/model/types';
import type { RenderedChart, ViewState } from '../../src/protocol';
import { el, icon } from '../dom';
import { formatCount, formatPercent, formatBp } from '../format';
import { effectiveDate, type StateChange } from '../state';
import { STOCK_COLUMNS, StockTable, visibleRows, type StockColumnKey } from './stockTable';
import { chartSection, inlineError, type TabContext, type TabView, type Ticket } from './tab';
import { whyHeldSection } from './whyHeld';
import type { HoldingExplanation } from '../../src/model/explain/explainHolding';

/** How long typing pauses before the table filters (ms). */
const SEARCH_DELAY = 120;
const NUMERIC_COLUMNS = new Set(STOCK_COLUMNS.filter((c) => c.numeric).map((c) => c.key));

export class StocksTab implements TabView {
  readonly id = 'stocks' as const;
  readonly title = 'Stocks';
  readonly watches = ['stock', 'table'] as const;
  readonly element: HTMLElement;
  private readonly table: StockTable;
  private readonly search: VscodeTextfield;
  private readonly count: HTMLElement;
  private readonly detail: HTMLElement;
  private rows: StockRow[] = [];
  private date = '';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: TabContext) {
    const store = ctx.store;
    this.table = new StockTable({
      select: (stock) => store.update({ stock }),
      sort: (column) => {
        const sort = store.state.sort;
        const descending = sort.column === column ? !sort.descending : NUMERIC_COLUMNS.has(column as StockColumnKey);
        store.update({ sort: { column, descending } });
      },
      openFeature: (feature) => ctx.host.post({ type: 'openFeature', feature }),
    });
    this.search = document.createElement('vscode-textfield');
    this.search.className = 'stock-search';
    this.search.type = 'search';
    this.search.placeholder = 'Filter by ticker or name';
    this.search.setAttribute('aria-label', 'Filter stocks by ticker or name');
    const searchIcon = icon('search');
    searchIcon.slot = 'content-before';
    this.search.append(searchIcon);
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => store.update({ search: this.search.value }), SEARCH_DELAY);
    });
    this.count = el('span', { className: 'row-count muted', attrs: { 'aria-live': 'polite' } });
    this.detail = el('div', { className: 'stock-detail' });
    this.element = el('div', { className: 'tab-content stocks' }, [
      el('div', { className: 'stocks-table-pane' }, [el('div', { className: 'table-tools' }, [this.search, this.count]), this.table.element]),
      this.detail,
    ]);
  }

  async update(state: ViewState, change: StateChange, ticket: Ticket): Promise<RenderedChart[] | null> {
    if (this.search.value !== state.search) this.search.value = state.search;
    const run = this.ctx.run();
    const date = effectiveDate(state, run);
    let detailRequest: Promise<StockDetailData> | null = null;
    let whyRequest: Promise<HoldingExplanation | null> | null = null;
    const detailChanged = change.data || change.stock;
    if (detailChanged && state.stock !== null) {
      detailRequest = this.ctx.host.request<'stock'>({ kind: 'stock', date, stock: state.stock, filters: state.filters });
      // Settled below; keep an early rejection from counting as unhandled.
      detailRequest.catch(() => undefined);
      // The "why held" card is extra: a failure leaves it out, the drill-down still shows.
      whyRequest = this.ctx.host.request<'explain'>({ kind: 'explain', date, stock: state.stock, filters: state.filters }).then(
        (why) => why ?? null,
        () => null,
      );
    }
    if (change.data || !this.date) {
      const data = await this.ctx.host.request<'stocks'>({ kind: 'stocks', date, filters: state.filters });
      if (!ticket.current) return null;
      this.rows = data.rows;
      this.date = data.date;
      // Column widths for the date's rows (not just the rows that match), so they hold while searching.
      this.table.sizeColumns(data.rows);
    }
    if (change.data || change.table || change.stock) this.showRows(state, change.stock);
    if (!detailChanged) return null;
    if (!detailRequest) {
      this.ctx.charts.releaseWithin(this.detail);
      this.detail.replaceChildren(this.placeholder());
      return [];
    }
    return this.showDetail(detailRequest, ticket, whyRequest);
  }

  private showRows(state: ViewState, reveal: boolean): void {
    const rows = visibleRows(this.rows, state.sort, state.search);
    this.table.setRows(rows, state.sort, state.stock);
    if (reveal) this.table.revealSelected();
    this.ctx.setBadge(this.id, formatCount(this.rows.length));
    const total = this.rows.length;
    this.count.textContent =
      rows.length === total ? `${formatCount(total)} stocks on ${this.date}` : `${formatCount(rows.length)} of ${formatCount(total)} stocks match`;
  }

  private placeholder(): HTMLElement {
    return el('div', { className: 'placeholder muted' }, [
      icon('graph-left'),
      el('p', { text: 'Choose a stock in the table to see how each feature moves its score from the base value, and its history.' }),
    ]);
  }

  private async showDetail(request: Promise<StockDetailData>, ticket: Ticket, whyRequest: Promise<HoldingExplanation | null> | null): Promise<RenderedChart[] | null> {
    this.detail.classList.add('busy');
    let detail: StockDetailData;
    let why: HoldingExplanation | null = null;
    try {
      detail = await request;
      why = whyRequest ? await whyRequest : null;
    } catch (error) {
      if (!ticket.current) return null;
      this.ctx.charts.releaseWithin(this.detail);
      this.detail.replaceChildren(inlineError(error, 'Could not load this stock'), this.closeButton());
      return [];
    } finally {
      this.detail.classList.remove('busy');
    }
    if (!ticket.current) return null;
    this.ctx.charts.releaseWithin(this.detail);
    const facts = el('dl', { className: 'stock-facts' }, [
      ...fact('Sector', detail.sector),
      ...fact('Country', detail.country),
      ...fact('Base value', formatBp(detail.baseValue)),
      ...fact('Score', formatBp(detail.score)),
      ...fact('Weight', formatPercent(detail.history.find((h) => h.date === detail.date)?.weight ?? null)),
    ]);
    const header = el('div', { className: 'stock-header' }, [
      el('h2', {}, [el('span', { className: 'ticker', text: detail.stock }), el('span', { className: 'stock-name', text: ` ${detail.name}` })]),
      el('span', { className: 'spacer' }),
      this.closeButton(),
    ]);
    const waterfall = chartSection(`Contributions on ${detail.date} · click a feature to open its definition`, 'waterfall');
    const history = chartSection('History', 'stock-history');
    this.detail.replaceChildren(header, facts, waterfall.section, history.section, ...(why ? [whyHeldSection(why)] : []));
    const selectedDate = detail.date;
    return this.ctx.charts.drawAll([
      {
        name: 'waterfall',
        container: waterfall.chart,
        build: (theme) => waterfallChart(detail, theme, { showTitle: false }),
        estimatedMarks: detail.contributions.length * 3,
        onClick: (datum) => {
          if (datum.kind === 'feature' && typeof datum.feature === 'string') this.ctx.host.post({ type: 'openFeature', feature: datum.feature });
        },
      },
      {
        name: 'stock-history',
        container: history.chart,
        build: (theme) => stockHistoryChart(detail.history, theme, { selectedDate }),
        estimatedMarks: detail.history.length * 2,
        onClick: (datum) => {
          const run = this.ctx.run();
          const date = datum.date;
          if (typeof date === 'string' && run.dates.includes(date)) {
            this.ctx.store.update({ date: date === run.dates[run.dates.length - 1] ? null : date });
          }
        },
      },
    ]);
  }

  private closeButton(): HTMLElement {
    const close = document.createElement('vscode-button');
    close.icon = 'close';
    close.iconOnly = true;
    close.secondary = true;
    close.title = 'Close';
    close.setAttribute('aria-label', 'Close stock details');
    close.className = 'close-detail';
    close.addEventListener('click', () => this.ctx.store.update({ stock: null }));
    return close;
  }
}

function fact(term: string, value: string): HTMLElement[] {
  return [el('dt', { text: term }), el('dd', { text: value })];
}

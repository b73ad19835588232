/**
 * The Stocks table: sortable by any column, filtered by ticker or name, virtualised (only
 * the rows in view are in the DOM, so 4,500 stocks scroll as fast as 45), and usable from
 * the keyboard (arrows, Page Up/Down, Home/End move; Enter or Space opens the stock).
 * Numbers are never cut; text cells are, with their whole text on hover; headers wrap at
 * spaces. When even that does not fit (an editor column beside the research code at
 * 1280 px), the Country column folds into the Name cell's tooltip rather than scroll.
 */
import type { StockRow } from '../../src/model/types';
import type { ViewState } from '../../src/protocol';
import { el, icon } from '../dom';
import { formatBp, formatBpNumber, formatPercent, formatSignedPercent, percentSignClass } from '../format';

/** Row height in pixels; must match `.stock-table tbody tr` in media/webview.css. */
export const ROW_HEIGHT = 24;
/** Rows drawn above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 12;

export type StockColumnKey = 'stock' | 'name' | 'sector' | 'country' | 'weight' | 'activeWeight' | 'score' | 'topDriver' | 'dominantFactor';

interface Column {
  key: StockColumnKey;
  label: string;
  numeric: boolean;
  text(row: StockRow): string;
  /** A tooltip for the cell (e.g. the driver's contribution). */
  title?(row: StockRow): string | undefined;
}

export const STOCK_COLUMNS: readonly Column[] = [
  { key: 'stock', label: 'Ticker', numeric: false, text: (r) => r.stock },
  { key: 'name', label: 'Name', numeric: false, text: (r) => r.name, title: (r) => r.name },
  { key: 'sector', label: 'Sector', numeric: false, text: (r) => r.sector, title: (r) => r.sector },
  { key: 'country', label: 'Country', numeric: false, text: (r) => r.country, title: (r) => `${r.country} (${r.region})` },
  { key: 'weight', label: 'Weight', numeric: true, text: (r) => formatPercent(r.weight), title: (r) => (r.benchmarkWeight === null ? undefined : `Benchmark ${formatPercent(r.benchmarkWeight)}`) },
  { key: 'activeWeight', label: 'Active', numeric: true, text: (r) => formatSignedPercent(r.activeWeight) },
  { key: 'score', label: 'Score (bp)', numeric: true, text: (r) => formatBpNumber(r.score), title: (r) => (r.score === null ? undefined : `Score ${formatBp(r.score)} of score`) },
  {
    key: 'topDriver',
    label: 'Top driver',
    numeric: false,
    text: (r) => r.topDriver ?? '–',
    title: (r) => (r.topDriver === null ? undefined : `${r.topDriver}: ${formatBp(r.topDriverContribution)}`),
  },
  {
    key: 'dominantFactor',
    label: 'Top factor',
    numeric: false,
    text: (r) => r.dominantFactor ?? '–',
    title: (r) => (r.dominantFactor === null ? undefined : `${r.dominantFactor}: ${formatBp(r.dominantFactorContribution)}`),
  },
];

const COLUMN_BY_KEY = new Map(STOCK_COLUMNS.map((c) => [c.key, c]));
/** The columns of a narrow table: the country goes into the name's tooltip. */
const COMPACT_COLUMNS: readonly Column[] = STOCK_COLUMNS.filter((c) => c.key !== 'country').map((c) =>
  c.key === 'name' ? { ...c, title: (r: StockRow) => `${r.name} · ${r.country} (${r.region})` } : c,
);

/**
 * Characters a header needs: its longest word in bold (headers wrap at spaces), plus the
 * sort icon.
 */
function headerChars(label: string): number {
  return Math.ceil(Math.max(...label.split(' ').map((w) => w.length)) * 1.1) + 2;
}

/**
 * Horizontal padding of a cell (6px each side; 4px in the compact table), in pixels; must
 * match `.stock-table td` and `.stock-table.compact td`.
 */
const CELL_PADDING = 12;
const COMPACT_CELL_PADDING = 8;
/** The share of the table's width each text column gets when the table is wide (the name takes the rest). */
const TEXT_SHARES: Partial<Record<StockColumnKey, number>> = { sector: 14, country: 11, topDriver: 13, dominantFactor: 10 };

/**
 * The rows whose text in column `key` is longest: for a number, the largest and the most
 * negative (the widest text has the most digits or the sign); for the ticker, the longest.
 */
function extremeRows(rows: readonly StockRow[], key: StockColumnKey): StockRow[] {
  if (!rows.length) return [];
  if (key === 'stock') return [rows.reduce((a, b) => (b.stock.length > a.stock.length ? b : a))];
  let high = rows[0];
  let low = rows[0];
  for (const row of rows) {
    const v = sortValue(row, key);
    if (typeof v !== 'number') continue;
    const h = sortValue(high, key);
    const l = sortValue(low, key);
    if (typeof h !== 'number' || v > h) high = row;
    if (typeof l !== 'number' || v < l) low = row;
  }
  return [high, low];
}

/** The value a column sorts by: numbers for numeric columns, text otherwise. */
function sortValue(row: StockRow, key: StockColumnKey): number | string | null {
  switch (key) {
    case 'weight':
      return row.weight;
    case 'activeWeight':
      return row.activeWeight;
    case 'score':
      return row.score;
    default:
      return row[key];
  }
}

/**
 * The rows that match `search` (ticker or name, case-insensitive), sorted by `sort`
 * (missing values last whichever the direction; ties by ticker).
 */
export function visibleRows(rows: readonly StockRow[], sort: ViewState['sort'], search: string): StockRow[] {
  const query = search.trim().toLowerCase();
  const matched = query
    ? rows.filter((r) => r.stock.toLowerCase().includes(query) || r.name.toLowerCase().includes(query))
    : [...rows];
  const key = (COLUMN_BY_KEY.has(sort.column as StockColumnKey) ? sort.column : 'weight') as StockColumnKey;
  const direction = sort.descending ? -1 : 1;
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return matched.sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
      if (order !== 0) return order * direction;
    }
    return collator.compare(a.stock, b.stock);
  });
}

export interface StockTableEvents {
  /** The user opened a stock (click, Enter, Space). */
  select(stock: string): void;
  /** The user clicked a column header. */
  sort(column: StockColumnKey): void;
  /** The user clicked a feature's name (the top driver): open its definition. */
  openFeature(feature: string): void;
}

export class StockTable {
  /** The scrolling grid (focusable; the active row is its `aria-activedescendant`). */
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly headers = new Map<StockColumnKey, HTMLTableCellElement>();
  private readonly columns = new Map<StockColumnKey, HTMLTableColElement>();
  private readonly head: HTMLTableSectionElement;
  private readonly colgroup: HTMLTableColElement;
  /** The columns shown: all, or the compact set when all do not fit. */
  private shown: readonly Column[] = STOCK_COLUMNS;
  /** The table's width with every column, when it last did not fit. */
  private fullWidth = Infinity;
  private sizedRows: readonly StockRow[] | null = null;
  private sort: ViewState['sort'] | null = null;
  private rows: StockRow[] = [];
  private selected: string | null = null;
  private activeIndex = 0;
  private scheduled = false;
  /** The row under the last press, for a release whose row was redrawn meanwhile. */
  private pressed: HTMLElement | null = null;
  private openedOnRelease = false;
  /** What the body last drew, so that a scroll or resize within the same rows keeps their elements. */
  private drawn: { rows: StockRow[]; first: number; last: number; selected: string | null; activeIndex: number; shown: readonly Column[] } | null = null;
  private readonly idPrefix = `stock-row-${Math.random().toString(36).slice(2, 8)}`;

  constructor(private readonly events: StockTableEvents) {
    this.body = el('tbody', { attrs: { role: 'rowgroup' } });
    this.head = el('thead', { attrs: { role: 'rowgroup' } });
    this.colgroup = el('colgroup');
    this.table = el('table', { className: 'stock-table', attrs: { role: 'grid', 'aria-label': 'Stocks' } }, [this.colgroup, this.head, this.body]);
    this.buildColumns(STOCK_COLUMNS);
    this.element = el('div', { className: 'table-scroll', attrs: { tabindex: '0', 'aria-label': 'Stocks table: arrows move, Enter opens the stock, F12 opens its top driver’s definition' } }, [this.table]);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.body.addEventListener('pointerdown', (event) => {
      // A press on the top driver's link is the link's, never the row's.
      const row = (event.target as Element).closest('button.feature-link') ? null : (event.target as Element).closest('tr[data-stock]');
      this.pressed = row instanceof HTMLElement ? row : null;
    });
    // Chromium sends no click when the pressed row left the document before release (rows
    // redrawn by a scroll or a column refit): a release on the same stock opens it.
    this.body.addEventListener('pointerup', (event) => {
      const pressed = this.pressed;
      this.pressed = null;
      if (!pressed || pressed.isConnected) return;
      const row = (event.target as Element).closest('tr[data-index]');
      if (row instanceof HTMLElement && row.dataset.stock === pressed.dataset.stock) {
        this.open(Number(row.dataset.index));
        // A browser that does send the click opens the stock once, not twice.
        this.openedOnRelease = true;
        setTimeout(() => (this.openedOnRelease = false));
      }
    });
    this.body.addEventListener('click', (event) => {
      const link = (event.target as Element).closest('button.feature-link');
      if (link instanceof HTMLElement && link.dataset.feature) {
        this.events.openFeature(link.dataset.feature);
        return;
      }
      const row = (event.target as Element).closest('tr[data-index]');
      if (row instanceof HTMLElement && !this.openedOnRelease) this.open(Number(row.dataset.index));
    });
    new ResizeObserver(() => {
      this.fitColumns();
      this.schedule();
    }).observe(this.element);
  }

  /** The header row and column widths for `columns` (all, or the compact set). */
  private buildColumns(columns: readonly Column[]): void {
    this.shown = columns;
    this.headers.clear();
    this.columns.clear();
    const headRow = el('tr', { attrs: { role: 'row', 'aria-rowindex': '1' } });
    for (const column of columns) {
      const button = el('button', { className: 'sort-button', title: `Sort by ${column.label.toLowerCase()}`, attrs: { type: 'button', 'data-column': column.key } }, [
        el('span', { text: column.label }),
        icon('arrow-down', 'sort-icon'),
      ]);
      button.addEventListener('click', () => this.events.sort(column.key));
      const th = el('th', { className: `col-${column.key}${column.numeric ? ' num' : ''}`, attrs: { role: 'columnheader', scope: 'col', 'aria-sort': 'none' } }, [button]);
      this.headers.set(column.key, th);
      headRow.append(th);
    }
    this.head.replaceChildren(headRow);
    this.colgroup.replaceChildren(
      ...columns.map((c) => {
        const col = el('col', { className: `col-${c.key}` });
        this.columns.set(c.key, col);
        return col;
      }),
    );
    this.table.setAttribute('aria-colcount', String(columns.length));
    this.table.classList.toggle('compact', columns !== STOCK_COLUMNS);
  }

  /**
   * All columns when they fit the scroll box, else the compact set (no Country column): a
   * table that fits is read without scrolling sideways to its last column.
   */
  private fitColumns(): void {
    const width = this.element.clientWidth;
    if (width === 0 || !this.sizedRows) return;
    const compact = this.shown !== STOCK_COLUMNS;
    if (!compact && this.table.scrollWidth > width + 1) {
      this.fullWidth = this.table.scrollWidth;
      this.buildColumns(COMPACT_COLUMNS);
    } else if (compact && width >= this.fullWidth) {
      this.buildColumns(STOCK_COLUMNS);
    } else return;
    this.sizeColumns(this.sizedRows);
    if (this.sort) this.markSort(this.sort);
    this.render();
    if (this.shown === STOCK_COLUMNS && this.table.scrollWidth > width + 1) this.fitColumns();
  }

  /** Show `rows` (already filtered and sorted) with `sort` marked in the header, numbers as `format` says. */
  setRows(rows: StockRow[], sort: ViewState['sort'], selected: string | null): void {
    this.rows = rows;
    this.selected = selected;
    const selectedIndex = selected === null ? -1 : rows.findIndex((r) => r.stock === selected);
    this.activeIndex = selectedIndex >= 0 ? selectedIndex : Math.min(this.activeIndex, Math.max(rows.length - 1, 0));
    this.table.setAttribute('aria-rowcount', String(rows.length + 1));
    this.sort = sort;
    this.markSort(sort);
    this.render();
  }

  private markSort(sort: ViewState['sort']): void {
    for (const [key, th] of this.headers) {
      const active = key === sort.column;
      th.setAttribute('aria-sort', active ? (sort.descending ? 'descending' : 'ascending') : 'none');
      th.classList.toggle('sorted', active);
      th.classList.toggle('descending', active && sort.descending);
    }
  }

  /**
   * Size the columns for `rows` (the date's rows, so widths hold while searching): each
   * numeric column and the ticker exactly as wide as its longest text or its header's
   * longest word, so a number is never cut; the other text columns a share of the width but
   * never less than their header's longest word, the name the rest. Too narrow a pane drops
   * to the compact columns, and only then scrolls sideways rather than cutting.
   */
  sizeColumns(rows: readonly StockRow[]): void {
    this.sizedRows = rows;
    const padding = this.shown === STOCK_COLUMNS ? CELL_PADDING : COMPACT_CELL_PADDING;
    let fixed = 0;
    for (const column of this.shown) {
      const header = headerChars(column.label);
      const col = this.columns.get(column.key);
      if (column.numeric || column.key === 'stock') {
        let chars = header;
        for (const row of extremeRows(rows, column.key)) chars = Math.max(chars, column.text(row).length + 1);
        fixed += chars;
        col?.style.setProperty('width', `calc(${chars}ch + ${padding}px)`);
      } else if (column.key !== 'name') {
        // Never narrower than the header's longest word; a share of the room when there is some.
        fixed += header;
        col?.style.setProperty('width', `max(calc(${header}ch + ${padding}px), ${TEXT_SHARES[column.key] ?? 10}%)`);
      }
    }
    // The name takes what is left, at least eight characters.
    this.table.style.minWidth = `calc(${fixed + 8}ch + ${this.shown.length * padding}px)`;
    requestAnimationFrame(() => this.fitColumns());
  }

  setSelected(stock: string | null): void {
    this.selected = stock;
    this.render();
  }

  /** Scroll so that the selected stock is in view (after it was chosen from outside). */
  revealSelected(): void {
    const index = this.selected === null ? -1 : this.rows.findIndex((r) => r.stock === this.selected);
    if (index >= 0) this.reveal(index);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  private headerHeight(): number {
    return this.table.tHead?.getBoundingClientRect().height ?? ROW_HEIGHT;
  }

  /** Draw the rows in view (plus overscan) between two spacer rows that keep the scroll height. */
  private render(): void {
    const total = this.rows.length;
    const viewport = Math.max(this.element.clientHeight - this.headerHeight(), ROW_HEIGHT * 10);
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total, Math.ceil((this.element.scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
    // Rows replaced under a press lose its click (Chromium sends none when the pressed
    // element left the document), so the same rows keep their elements.
    const drawn = this.drawn;
    if (drawn && drawn.rows === this.rows && drawn.first === first && drawn.last === last && drawn.selected === this.selected && drawn.activeIndex === this.activeIndex && drawn.shown === this.shown) return;
    this.drawn = { rows: this.rows, first, last, selected: this.selected, activeIndex: this.activeIndex, shown: this.shown };
    const top = el('tr', { className: 'spacer', attrs: { 'aria-hidden': 'true' } });
    top.style.height = `${first * ROW_HEIGHT}px`;
    const bottom = el('tr', { className: 'spacer', attrs: { 'aria-hidden': 'true' } });
    bottom.style.height = `${(total - last) * ROW_HEIGHT}px`;
    const rows: HTMLElement[] = [top];
    for (let index = first; index < last; index++) rows.push(this.renderRow(this.rows[index], index));
    rows.push(bottom);
    if (total === 0) {
      rows.splice(1, 0, el('tr', { className: 'empty' }, [el('td', { text: 'No stocks match.', attrs: { colspan: String(this.shown.length) } })]));
    }
    this.body.replaceChildren(...rows);
    if (total > 0 && this.activeIndex >= first && this.activeIndex < last) {
      this.element.setAttribute('aria-activedescendant', `${this.idPrefix}-${this.activeIndex}`);
    } else {
      this.element.removeAttribute('aria-activedescendant');
    }
  }

  private renderRow(row: StockRow, index: number): HTMLElement {
    const isSelected = row.stock === this.selected;
    const tr = el('tr', {
      className: `${isSelected ? 'selected' : ''}${index === this.activeIndex ? ' active' : ''}`.trim(),
      attrs: {
        role: 'row',
        id: `${this.idPrefix}-${index}`,
        'aria-rowindex': String(index + 2),
        'aria-selected': String(isSelected),
        'data-index': String(index),
        'data-stock': row.stock,
      },
    });
    for (const column of this.shown) {
      const td = el('td', { className: `col-${column.key}${column.numeric ? ' num' : ''}`, text: column.text(row), attrs: { role: 'gridcell' } });
      // Text cut by the column's width shows whole on hover.
      const title = column.title?.(row) ?? (column.numeric ? undefined : td.textContent ?? undefined);
      if (title) td.title = title;
      if (column.key === 'topDriver' && row.topDriver !== null) {
        // The driver's name opens its definition (a button, so the keyboard reaches it too).
        td.replaceChildren(
          el('button', {
            className: 'feature-link',
            text: row.topDriver,
            title: `${title ?? row.topDriver} · go to definition`,
            attrs: { type: 'button', tabindex: '-1', 'data-feature': row.topDriver },
          }),
        );
      }
      // Coloured by the sign the text reads: a tiny negative that reads 0.00% is neutral.
      const sign = column.key === 'activeWeight' ? percentSignClass(row.activeWeight) : '';
      if (sign) td.classList.add(sign);
      tr.append(td);
    }
    return tr;
  }

  /** Open the stock of row `index` (a click, or a release on a redrawn row). */
  private open(index: number): void {
    if (!this.rows[index]) return;
    this.activeIndex = index;
    this.element.focus({ preventScroll: true });
    this.events.select(this.rows[index].stock);
    this.render();
  }

  private reveal(index: number): void {
    const viewport = this.element.clientHeight - this.headerHeight();
    const top = index * ROW_HEIGHT;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + ROW_HEIGHT > this.element.scrollTop + viewport) this.element.scrollTop = top + ROW_HEIGHT - viewport;
    this.render();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!this.rows.length) return;
    const page = Math.max(1, Math.floor((this.element.clientHeight - this.headerHeight()) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: this.activeIndex + 1,
      ArrowUp: this.activeIndex - 1,
      PageDown: this.activeIndex + page,
      PageUp: this.activeIndex - page,
      Home: 0,
      End: this.rows.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      this.activeIndex = Math.max(0, Math.min(this.rows.length - 1, moves[event.key]));
      this.reveal(this.activeIndex);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.events.select(this.rows[this.activeIndex].stock);
    } else if (event.key === 'F12') {
      // As in the editor: F12 goes to the definition (of the active row's top driver).
      const driver = this.rows[this.activeIndex].topDriver;
      if (driver !== null) {
        event.preventDefault();
        this.events.openFeature(driver);
      }
    }
  }
}

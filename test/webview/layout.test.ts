/**
 * Every tab of the sample run (live engine) at 1280, 1600 and 1920 px in the light, dark and
 * high-contrast themes, looked at the way a reviewer does: no number in a table is cut, a
 * cut text cell shows its whole text on hover, no header or card title is cut, no value
 * label sits on an axis label or on another value label, the date picker shows the whole
 * date, and the sticky toolbar stays above the content scrolling under it. Screenshots go
 * to test-results/webview/layout-<tab>-<theme>-<width>.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { PanelEngine } from '../../src/model/engine/engine';
import type { RunSummary } from '../../src/model/types';
import { defaultViewState, type FromWebview, type Tab } from '../../src/protocol';
import { CATEGORICAL_PALETTE } from '../../src/views/palette';
import { answerQuery } from '../../src/worker/answerQuery';
import { FakeHost, QUERY_KINDS, RESULTS, ROOT, useBrowser } from './harness';
import { loadSampleEngine } from './sampleEngine';
import type { TestTheme } from './themes';

type Rendered = Extract<FromWebview, { type: 'rendered' }>;

const TABS: Tab[] = ['overview', 'factors', 'stocks', 'features', 'portfolio', 'compare', 'performance'];
const WIDTHS = [1280, 1600, 1920];
const THEMES: TestTheme[] = ['light', 'dark', 'high-contrast'];

/**
 * Table cells and headers whose text does not fit: numbers never may; a text cell may, if
 * its tooltip (title) carries the whole text. Returns a description of each offender.
 */
async function cutCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const visible = (n: Element) => {
      const r = n.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    for (const cell of document.querySelectorAll<HTMLElement>('.tab-content table td, .tab-content table th')) {
      if (!visible(cell) || cell.closest('tr.spacer')) continue;
      const text = (cell.textContent ?? '').trim();
      if (!text) continue;
      // A header's text is in its sort button when it has one.
      const box = cell.querySelector<HTMLElement>('.sort-button') ?? cell.querySelector<HTMLElement>('.feature-link') ?? cell;
      if (box.scrollWidth <= box.clientWidth + 1) continue;
      const numeric = cell.classList.contains('num');
      const header = cell.tagName === 'TH';
      const title = box.title || cell.title;
      if (numeric || header || !title.includes(text)) problems.push(`${header ? 'header' : numeric ? 'number' : 'text'} "${text}" (${box.scrollWidth} > ${box.clientWidth}px)${title ? ` title "${title}"` : ' no title'}`);
    }
    for (const title of document.querySelectorAll<HTMLElement>('.tab-content .card-title, .tab-content .kpi-label, .tab-content .kpi-value')) {
      if (visible(title) && title.scrollWidth > title.clientWidth + 1) problems.push(`title "${title.textContent}" (${title.scrollWidth} > ${title.clientWidth}px)`);
    }
    return problems;
  });
}

/**
 * In every chart of the visible tab: value labels overlapping or touching an axis label, or
 * overlapping another value label; axis labels overlapping each other; labels cut by Vega ("…").
 */
async function chartLabelProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    // A value label closer than 3 px to an axis label on its row reads as one word with it ("Technology−3.79%").
    const touching = (a: DOMRect, b: DOMRect) => a.left < b.right + 3 && b.left < a.right + 3 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    for (const chart of document.querySelectorAll<HTMLElement>('.tab-content [data-chart]')) {
      if (chart.getBoundingClientRect().width === 0) continue;
      const name = chart.dataset.chart;
      const shown = (selector: string) =>
        [...chart.querySelectorAll<SVGTextElement>(selector)]
          .filter((n) => (n.textContent ?? '').trim() !== '' && getComputedStyle(n).opacity !== '0' && n.getAttribute('opacity') !== '0' && !n.closest('[opacity="0"]'))
          .map((n) => ({ text: n.textContent ?? '', box: n.getBoundingClientRect() }));
      const values = shown('.mark-text.role-mark text');
      const axis = shown('.role-axis-label text');
      for (const v of values) for (const a of axis) if (touching(v.box, a.box)) problems.push(`${name}: value "${v.text}" on axis label "${a.text}"`);
      for (let i = 0; i < values.length; i++) {
        for (let j = i + 1; j < values.length; j++) if (overlap(values[i].box, values[j].box)) problems.push(`${name}: value "${values[i].text}" on value "${values[j].text}"`);
      }
      for (const group of chart.querySelectorAll('.role-axis')) {
        const labels = [...group.querySelectorAll<SVGTextElement>('.role-axis-label text')].filter((n) => getComputedStyle(n).opacity !== '0').map((n) => ({ text: n.textContent ?? '', box: n.getBoundingClientRect() }));
        for (let i = 0; i < labels.length; i++) {
          for (let j = i + 1; j < labels.length; j++) if (overlap(labels[i].box, labels[j].box)) problems.push(`${name}: axis labels "${labels[i].text}" and "${labels[j].text}" overlap`);
        }
      }
    }
    return problems;
  });
}

describe('layout: every tab at 1280, 1600 and 1920 px, light, dark and high contrast (sample run, live engine)', function () {
  this.timeout(600_000);
  let engine: PanelEngine;
  let run: RunSummary;
  let host: FakeHost | undefined;

  before(async () => {
    engine = await loadSampleEngine(ROOT);
    run = engine.summary();
  });
  const page = useBrowser(() => run.name);

  afterEach(async () => {
    if (!host) return;
    const { consoleErrors, cspViolations } = host;
    await host.close();
    host = undefined;
    assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
    assert.deepEqual(consoleErrors, [], 'console errors');
  });

  async function open(theme: TestTheme, width: number, tab: Tab = 'overview', state: Partial<ReturnType<typeof defaultViewState>> = {}): Promise<FakeHost> {
    host = new FakeHost(page.browser, page.origin, run);
    for (const kind of QUERY_KINDS) host.overrides.set(kind, (query) => ({ result: answerQuery(engine, query) }));
    await host.open({ theme, width, height: 1000, initState: { ...defaultViewState(), ...state, tab } });
    return host;
  }

  async function showTab(h: FakeHost, tab: Tab): Promise<Rendered> {
    const from = h.posted.length;
    await h.page.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
    return h.rendered(tab, from);
  }

  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      it(`${theme}, ${width} px: no cut number, header or title, no overlapping chart label, on any tab`, async () => {
        const h = await open(theme, width);
        await h.rendered('overview');
        const problems: string[] = [];
        for (const tab of TABS) {
          if (tab !== 'overview') await showTab(h, tab);
          if (tab === 'stocks') {
            // With a stock open the table has the narrower pane.
            const from = h.posted.length;
            await h.page.locator('.stock-table tbody tr[data-stock]').first().click();
            await h.rendered('stocks', from);
          }
          await h.page.waitForTimeout(150);
          problems.push(...(await cutCells(h.page)).map((p) => `${tab}: ${p}`), ...(await chartLabelProblems(h.page)).map((p) => `${tab}: ${p}`));
          await h.page.screenshot({ path: join(RESULTS, `layout-${tab}-${theme}-${width}.png`), fullPage: tab !== 'stocks' });
        }
        assert.deepEqual(problems, []);
      });
    }
  }

  it('Stocks table: Score, weights and the "Top factor" header are whole at every width, with and without the stock pane, and at 640 px (1280 beside the code) the table fits without scrolling sideways', async () => {
    // 640 px: the view in one of two editor columns of a 1280 px window, the research code in the other.
    for (const width of [640, ...WIDTHS]) {
      const h = await open('light', width, 'stocks');
      await h.rendered('stocks');
      const check = async (what: string) => {
        const cut = await cutCells(h.page);
        assert.deepEqual(cut, [], `${width} px, ${what}`);
        const header = await h.page.locator('.stock-table th.col-dominantFactor .sort-button').evaluate((b) => ({ text: b.textContent, cut: b.scrollWidth > b.clientWidth + 1 }));
        assert.equal(header.text, 'Top factor');
        assert.equal(header.cut, false, `${width} px, ${what}: "Top factor" header cut`);
        const score = await h.page.locator('.stock-table td.col-score').first().evaluate((c) => ({ text: c.textContent ?? '', cut: c.scrollWidth > c.clientWidth + 1 }));
        assert.match(score.text, /^[+\u2212]\d[\d,]*\.\d$/, 'score in bp with one decimal');
        assert.equal(score.cut, false);
        // Text cells that do not fit carry their whole text as a tooltip (in a narrow table, with the country folded in).
        const compact = await h.page.locator('.stock-table').evaluate((t) => t.classList.contains('compact'));
        const names = await h.page.locator('.stock-table td.col-name').evaluateAll((cells) => cells.slice(0, 40).map((c) => ({ text: c.textContent ?? '', title: (c as HTMLElement).title })));
        for (const n of names) assert.ok(compact ? n.title.startsWith(`${n.text} · `) : n.title === n.text, `${width} px: name tooltip "${n.title}" for "${n.text}"`);
        // Every column, the last ("Top factor") included, is in view without scrolling sideways.
        const sideways = await h.page.locator('.stock-table').evaluate((t) => {
          const scroll = t.closest('.table-scroll') as HTMLElement;
          const last = t.querySelector('thead th:last-child')!.getBoundingClientRect();
          return { overflow: scroll.scrollWidth - scroll.clientWidth, lastRight: last.right, boxRight: scroll.getBoundingClientRect().right };
        });
        assert.ok(sideways.overflow <= 1, `${width} px, ${what}: the table scrolls ${sideways.overflow} px sideways`);
        assert.ok(sideways.lastRight <= sideways.boxRight + 1, `${width} px, ${what}: "Top factor" past the table's edge`);
        // An active weight is coloured by the sign its text reads: one that reads 0.00% is neither red nor green.
        const actives = await h.page.locator('.stock-table td.col-activeWeight').evaluateAll((cells) => cells.map((c) => ({ text: c.textContent ?? '', cls: c.className })));
        for (const a of actives) {
          const expected = a.text.startsWith('\u2212') ? 'negative' : a.text.startsWith('+') ? 'positive' : '';
          assert.equal(/negative/.test(a.cls) ? 'negative' : /positive/.test(a.cls) ? 'positive' : '', expected, `${a.text}: ${a.cls}`);
        }
      };
      await check('table alone');
      const from = h.posted.length;
      await h.page.locator('.stock-table tbody tr[data-stock]').first().click();
      await h.rendered('stocks', from);
      await check('beside the stock pane');
      if (width === 640) await h.page.screenshot({ path: join(RESULTS, 'layout-stocks-light-640.png') });
      await h.close();
      host = undefined;
    }
  });

  it('colours each factor alike in the importance bars and the exposure history, from the shared palette', async () => {
    const h = await open('dark', 1600, 'factors');
    await h.rendered('factors');
    const lineColours = await h.page.locator('[data-chart="factor-history"] .mark-line.role-mark path').evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')));
    assert.deepEqual(new Set(lineColours), new Set(run.factors.map((_, i) => CATEGORICAL_PALETTE[i])));
    await showTab(h, 'features');
    await h.page.locator('.importance-level-toggle button[data-value="factor"], .segment[data-value="factor"]').first().click();
    const r = await h.rendered('features', h.posted.length - 1).catch(() => null);
    assert.ok(r !== undefined);
    const barColours = await h.page
      .locator('[data-chart="factor-importance"] .mark-rect.role-mark path')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')))
      .catch(() => [] as (string | null)[]);
    for (const c of barColours) assert.ok(CATEGORICAL_PALETTE.slice(0, run.factors.length).includes(c ?? ''), `factor bar colour ${c}`);
  });

  it('says which figures the filters change: the filtered sleeve, or the whole book', async () => {
    const sector = run.sectors.find((s) => s === 'Financials') ?? run.sectors[0];
    const h = await open('light', 1600, 'overview', { filters: { sectors: [sector], countries: [], regions: [], factors: [] } });
    await h.rendered('overview');
    const notes = await h.page.locator('.scope-note').evaluateAll((nodes) => nodes.map((n) => [n.closest('.card')?.querySelector('[data-chart-slot]')?.getAttribute('data-chart-slot') ?? n.closest('.card')?.className ?? '', n.textContent]));
    const byCard = new Map(notes.map(([card, text]) => [card, text]));
    assert.equal(byCard.get('sector-weights'), 'filtered sleeve');
    assert.equal(byCard.get('factor-exposure-portfolio'), 'filtered sleeve');
    const guardrails = notes.find(([card]) => String(card).includes('guardrail'));
    assert.equal(guardrails?.[1], 'whole book: filters do not apply');
    const turnover = await h.page.locator('.kpi[aria-label="Turnover"] .kpi-note').textContent();
    assert.match(turnover ?? '', /filtered sleeve/);
    await h.page.screenshot({ path: join(RESULTS, 'layout-overview-filtered.png'), fullPage: true });
  });

  it('keeps the sticky toolbar above the guardrail table scrolling under it', async () => {
    const h = await open('light', 1280, 'portfolio');
    await h.rendered('portfolio');
    const icon = h.page.locator('.guardrail-table td.status .codicon').first();
    const toolbarBottom = await h.page.locator('.toolbar').evaluate((t) => t.getBoundingClientRect().bottom);
    // Scroll so the icon sits under the toolbar, then ask what is drawn there.
    await icon.evaluate((node, bottom) => {
      const box = node.getBoundingClientRect();
      window.scrollBy(0, box.top - bottom / 2);
    }, toolbarBottom);
    const onTop = await icon.evaluate((node) => {
      const box = node.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const path: string[] = [];
      for (let n: Element | null = top; n; n = n.parentElement) path.push(`${n.tagName.toLowerCase()}${n.className ? `.${String(n.className).split(' ').join('.')}` : ''}`);
      const bar = document.querySelector('.toolbar')!.getBoundingClientRect();
      return { inToolbar: !!top?.closest('.toolbar'), y: box.top, path: `${path.slice(0, 6).join(' < ')}; toolbar ${bar.top}..${bar.bottom}, scrollY ${window.scrollY}` };
    });
    assert.ok(onTop.inToolbar, `the status icon at y=${onTop.y} is drawn over the toolbar (on top: ${onTop.path})`);
  });

  it('shows the whole date in the date picker', async () => {
    for (const width of WIDTHS) {
      const h = await open('light', width);
      await h.rendered('overview');
      const shown = await h.page.evaluate(() => {
        const select = document.querySelector('.toolbar .date-select, .toolbar vscode-single-select, .toolbar select') as HTMLElement | null;
        if (!select) return null;
        const inner = (select.shadowRoot?.querySelector('.select-face, .text, [part="selected-value"]') as HTMLElement | null) ?? select;
        return { text: inner.textContent?.trim() ?? '', cut: inner.scrollWidth > inner.clientWidth + 1 };
      });
      assert.ok(shown, 'a date picker');
      assert.equal(shown.cut, false, `${width} px: date picker reads "${shown.text}"`);
      if (width === WIDTHS[0]) {
        // Typing a date picks it.
        const from = h.posted.length;
        await h.page.locator('.toolbar .date-select').click();
        await h.page.keyboard.type('2023-07-31');
        await h.page.keyboard.press('Enter');
        const request = await h.waitFor((m) => m.type === 'request' && m.query.kind === 'overview', { from });
        assert.equal((request as Extract<FromWebview, { type: 'request' }>).query.date, '2023-07-31');
      }
      await h.close();
      host = undefined;
    }
  });
});

/**
 * The webview bundle in a real browser (Debian's Chromium through playwright-core), served
 * with its real Content-Security-Policy, talking to a fake host that answers from recorded
 * responses. Screenshots of every tab in light and dark go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { StockRow } from '../../src/model/types';
import type { FromWebview, Query, ViewState } from '../../src/protocol';
import { defaultViewState } from '../../src/protocol';
import { FakeHost, RESULTS, labelOverlaps, loadRecordings, recordedAnswer, useBrowser } from './harness';
import type { TestTheme } from './themes';

type Rendered = Extract<FromWebview, { type: 'rendered' }>;
type StateChanged = Extract<FromWebview, { type: 'stateChanged' }>;
type RequestMessage = Extract<FromWebview, { type: 'request' }>;

const isStateChanged = (m: FromWebview): m is StateChanged => m.type === 'stateChanged';
const isRequest = (kind?: Query['kind']) => (m: FromWebview): m is RequestMessage => m.type === 'request' && (!kind || m.query.kind === kind);

function assertChartsDrawn(rendered: Rendered, names: string[]): void {
  assert.deepEqual(rendered.charts.map((c) => c.name), names);
  for (const chart of rendered.charts) assert.ok(chart.marks > 0, `${chart.name} drew no marks`);
}

describe('webview (Chromium, real CSP)', function () {
  this.timeout(60000);
  let host: FakeHost;
  const recordings = loadRecordings();
  const latest = '2025-11-28';
  const stocksLatest = recordedAnswer(recordings, { kind: 'stocks', date: latest, filters: defaultViewState().filters }) as { rows: StockRow[] };

  const page = useBrowser(() => 'global-small-cap v7');

  async function open(options: Parameters<FakeHost['open']>[0] = {}): Promise<FakeHost> {
    host = new FakeHost(page.browser, page.origin);
    return host.open(options);
  }

  afterEach(async function () {
    if (!host) return;
    const { consoleErrors, cspViolations } = host;
    await host.close();
    const expectsErrors = this.currentTest?.title.includes('(console errors expected)');
    assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
    if (!expectsErrors) assert.deepEqual(consoleErrors, [], 'console errors');
    host = undefined as unknown as FakeHost;
  });

  async function showTab(tab: 'overview' | 'factors' | 'stocks'): Promise<Rendered> {
    const from = host.posted.length;
    await host.page.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
    return host.rendered(tab, from);
  }

  it('says ready, then draws the Overview: KPI tiles, factor exposure, sector weights, diagnostics', async () => {
    await open();
    const ready = await host.waitFor((m) => m.type === 'ready');
    assert.equal(host.posted.indexOf(ready), 0, 'ready is the first message');
    const rendered = await host.rendered('overview');
    assertChartsDrawn(rendered, ['factor-exposure-portfolio', 'factor-exposure-active', 'sector-weights']);
    const [request] = host.requests();
    assert.deepEqual(request.query, { kind: 'overview', date: latest, filters: defaultViewState().filters });
    // A label beside a tiny negative bar (sentiment, −0.000231) stays clear of the factor names.
    for (const chart of ['factor-exposure-portfolio', 'factor-exposure-active', 'sector-weights']) {
      assert.deepEqual(await labelOverlaps(host.page, chart), [], `${chart}: value labels overlap axis labels`);
    }

    const tiles = await host.page.locator('.kpi').evaluateAll((nodes) =>
      Object.fromEntries(nodes.map((n) => [n.querySelector('.kpi-label')!.textContent, n.querySelector('.kpi-value')!.textContent])),
    );
    assert.equal(tiles['Holdings'], '24');
    assert.equal(tiles['Universe'], '40');
    assert.equal(tiles['Benchmark names'], '40');
    assert.equal(tiles['Active share'], '53.4%');
    assert.equal(tiles['Top-10 weight'], '65.4%');
    assert.equal(tiles['Turnover'], '24.3%');
    assert.equal(tiles['Weight coverage'], '100.0%');
    assert.equal(tiles['Integrity'], '2 fail');
    const offenders = await host.page.locator('.worst-offenders tbody td:first-child').allTextContents();
    assert.deepEqual(offenders, ['DELT', 'REDW']);
    const diagnostics = await host.page.locator('.diagnostic').count();
    assert.equal(diagnostics, host.run.diagnostics.length);
    assert.equal(await host.page.locator('.diagnostic.severity-info .codicon-info').count(), 1);
    assert.equal(await host.page.title(), 'global-small-cap v7 (fixture)');
    // The progress bar went away once everything was drawn.
    assert.equal(await host.page.locator('#app').getAttribute('aria-busy'), 'false');
  });

  it('clicking a sector bar filters by that sector and asks again with the filter', async () => {
    await open();
    await host.rendered('overview');
    const from = host.posted.length;
    const bar = host.page.locator('[data-chart="sector-weights"] .mark-rect.role-mark path').first();
    // Hovering shows vega-tooltip's tooltip, styled by media/webview.css (no injected <style>).
    await bar.hover();
    const tooltip = host.page.locator('#vg-tooltip-element.visible');
    await tooltip.waitFor();
    assert.match((await tooltip.textContent()) ?? '', /Holdings/);
    assert.equal(await tooltip.evaluate((t) => getComputedStyle(t).position), 'fixed');
    assert.equal(await host.page.locator('style').count(), 0);
    await bar.click();
    const changed = await host.waitFor(isStateChanged, { from });
    assert.equal(changed.state.filters.sectors.length, 1);
    const sector = changed.state.filters.sectors[0];
    assert.ok(host.run.sectors.includes(sector));
    const request = await host.waitFor(isRequest('overview'), { from });
    assert.deepEqual(request.query.filters.sectors, [sector]);
    await host.rendered('overview', from);
    assert.equal(await host.page.locator('.filter-summary').textContent(), `Sector: ${sector}`);
    assert.deepEqual(await host.page.evaluate(() => (window as unknown as { __savedState: ViewState }).__savedState.filters.sectors), [sector]);

    // Clicking it again removes the filter; "Clear filters" is disabled again.
    const again = host.posted.length;
    await host.page.locator('[data-chart="sector-weights"] .mark-rect.role-mark path').first().click();
    const cleared = await host.waitFor(isStateChanged, { from: again });
    assert.deepEqual(cleared.state.filters.sectors, []);
  });

  it('saves a chart as SVG and PNG from its export buttons, drawn from the live view', async () => {
    await open();
    await host.rendered('overview');
    const card = host.page.locator('[data-chart="sector-weights"]');
    await card.hover();
    for (const format of ['svg', 'png'] as const) {
      const from = host.posted.length;
      await card.locator('.chart-export-button', { hasText: format.toUpperCase() }).click();
      const message = (await host.waitFor((m) => (m as { type?: string }).type === 'exportChart', { from })) as unknown as { name: string; format: string; data: string };
      assert.equal(message.format, format);
      assert.equal(message.name, 'sector-weights');
      if (format === 'svg') assert.match(message.data, /^<svg[\s\S]*Industrials[\s\S]*<\/svg>$/);
      else assert.match(message.data, /^data:image\/png;base64,iVBOR/);
    }
  });

  it('the date picker steps to the previous date and every filter change re-requests the visible tab', async () => {
    await open();
    await host.rendered('overview');
    let from = host.posted.length;
    await host.page.locator('vscode-button.date-previous').click();
    const changed = await host.waitFor(isStateChanged, { from });
    assert.equal(changed.state.date, '2025-10-31');
    const request = await host.waitFor(isRequest('overview'), { from });
    assert.equal(request.query.date, '2025-10-31');
    await host.rendered('overview', from);
    assert.match((await host.page.locator('.tab-heading h2').first().textContent()) ?? '', /2025-10-31/);

    from = host.posted.length;
    await host.send({ type: 'applyState', state: { filters: { sectors: [], countries: ['Japan'], regions: [], factors: [] } } });
    const filtered = await host.waitFor(isRequest('overview'), { from });
    assert.deepEqual(filtered.query.filters.countries, ['Japan']);
    from = host.posted.length;
    await host.page.locator('vscode-button.clear-filters').click();
    const clearedRequest = await host.waitFor(isRequest('overview'), { from });
    assert.deepEqual(clearedRequest.query.filters, defaultViewState().filters);
  });

  it('draws the Factors tab: exposure, history and both heat maps; a heat-map cell toggles its sector', async () => {
    await open();
    await host.rendered('overview');
    const rendered = await showTab('factors');
    assertChartsDrawn(rendered, ['factor-exposure', 'factor-history', 'factor-sector-heatmap', 'factor-country-heatmap']);
    const changed = host.posted.filter(isStateChanged).at(-1)!;
    assert.equal(changed.state.tab, 'factors');

    const from = host.posted.length;
    await host.page.locator('[data-chart="factor-country-heatmap"] .mark-rect.role-mark path').first().click({ force: true });
    const countryChange = await host.waitFor(isStateChanged, { from });
    assert.equal(countryChange.state.filters.countries.length, 1);
    const request = await host.waitFor(isRequest('factors'), { from });
    assert.deepEqual(request.query.filters.countries, countryChange.state.filters.countries);

    const sectorFrom = host.posted.length;
    await host.rendered('factors', from);
    await host.page.locator('[data-chart="factor-sector-heatmap"] .mark-rect.role-mark path').first().click({ force: true });
    const sectorChange = await host.waitFor(isStateChanged, { from: sectorFrom });
    assert.equal(sectorChange.state.filters.sectors.length, 1);
    assert.ok(host.run.sectors.includes(sectorChange.state.filters.sectors[0]));

    // The measure toggle redraws without asking the host again.
    await host.rendered('factors', sectorFrom);
    const toggleFrom = host.posted.length;
    await host.page.locator('vscode-radio[data-measure="active"]').click();
    const redrawn = await host.rendered('factors', toggleFrom);
    assertChartsDrawn(redrawn, ['factor-exposure', 'factor-history', 'factor-sector-heatmap', 'factor-country-heatmap']);
    assert.equal(host.requests(toggleFrom).length, 0);
  });

  it('the Stocks table sorts by a clicked header and filters by typed text', async () => {
    await open({ initState: { ...defaultViewState(), tab: 'stocks' } });
    await host.rendered('stocks');
    const firstTicker = () => host.page.locator('.stock-table tbody tr[data-stock]').first().getAttribute('data-stock');
    const byWeight = [...stocksLatest.rows].sort((a, b) => b.weight - a.weight);
    assert.equal(await firstTicker(), byWeight[0].stock);
    assert.equal(await host.page.locator('.row-count').textContent(), `40 stocks on ${latest}`);

    let from = host.posted.length;
    await host.page.locator('.sort-button[data-column="stock"]').click();
    let changed = await host.waitFor(isStateChanged, { from });
    assert.deepEqual(changed.state.sort, { column: 'stock', descending: false });
    const tickers = stocksLatest.rows.map((r) => r.stock).sort((a, b) => a.localeCompare(b));
    assert.equal(await firstTicker(), tickers[0]);
    assert.equal(await host.page.locator('th.col-stock').getAttribute('aria-sort'), 'ascending');
    assert.equal(host.requests(from).length, 0, 'sorting does not ask the host');

    from = host.posted.length;
    await host.page.locator('.sort-button[data-column="stock"]').click();
    changed = await host.waitFor(isStateChanged, { from });
    assert.deepEqual(changed.state.sort, { column: 'stock', descending: true });
    assert.equal(await firstTicker(), tickers.at(-1));

    from = host.posted.length;
    await host.page.locator('vscode-textfield.stock-search').click();
    await host.page.keyboard.type('bio');
    changed = await host.waitFor((m): m is StateChanged => isStateChanged(m) && m.state.search === 'bio', { from });
    const expected = stocksLatest.rows.filter((r) => r.stock.toLowerCase().includes('bio') || r.name.toLowerCase().includes('bio'));
    assert.ok(expected.length > 0);
    await host.page.waitForFunction((n) => document.querySelectorAll('.stock-table tbody tr[data-stock]').length === n, expected.length);
    const shown = await host.page.locator('.stock-table tbody tr[data-stock]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stock')));
    assert.deepEqual(new Set(shown), new Set(expected.map((r) => r.stock)));
    assert.equal(await host.page.locator('.row-count').textContent(), `${expected.length} of 40 stocks match`);
  });

  it('clicking a stock row asks for that stock and draws its waterfall and history; the keyboard works too', async () => {
    await open({ initState: { ...defaultViewState(), tab: 'stocks' } });
    await host.rendered('stocks');
    const row = host.page.locator('.stock-table tbody tr[data-stock="NIMB"]');
    let from = host.posted.length;
    await row.click();
    const request = await host.waitFor(isRequest('stock'), { from });
    assert.deepEqual(request.query, { kind: 'stock', date: latest, stock: 'NIMB', filters: defaultViewState().filters });
    const rendered = await host.rendered('stocks', from);
    assertChartsDrawn(rendered, ['waterfall', 'stock-history']);
    assert.equal(await host.page.locator('.stock-detail .ticker').textContent(), 'NIMB');
    assert.equal(await row.getAttribute('aria-selected'), 'true');

    // Arrow down then Enter opens the next row's stock.
    const next = await host.page.locator('.stock-table tbody tr[data-stock="NIMB"] + tr').getAttribute('data-stock');
    from = host.posted.length;
    await host.page.locator('.table-scroll').focus();
    await host.page.keyboard.press('ArrowDown');
    await host.page.keyboard.press('Enter');
    const keyed = await host.waitFor(isRequest('stock'), { from });
    assert.equal((keyed.query as { stock: string }).stock, next);
    await host.rendered('stocks', from);

    // A redraw between press and release keeps the click: a scroll event that leaves the
    // same rows in view, and a key that moves the active row, which draws the rows anew.
    const scroll = host.page.locator('.table-scroll');
    const pressAndRelease = async (index: number, between: 'scroll event' | 'arrow key'): Promise<void> => {
      const target = host.page.locator(`.stock-table tbody tr[data-index="${index}"]`);
      const stock = await target.getAttribute('data-stock');
      const box = (await target.boundingBox())!;
      from = host.posted.length;
      await host.page.mouse.move(box.x + box.width / 2, box.y + 4);
      await host.page.mouse.down();
      const replaced = await scroll.evaluate(async (element: HTMLElement, step) => {
        const before = element.querySelector('tbody tr[data-index]');
        if (step === 'arrow key') element.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        else element.dispatchEvent(new Event('scroll'));
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return !before?.isConnected;
      }, between);
      assert.equal(replaced, between === 'arrow key', 'rows drawn anew only when they changed');
      await host.page.mouse.up();
      const opened = await host.waitFor(isRequest('stock'), { from });
      assert.equal((opened.query as { stock: string }).stock, stock);
      await host.rendered('stocks', from);
      assert.equal(host.requests(from).filter((r) => r.query.kind === 'stock').length, 1, 'opened once');
    };
    // A row in the middle of the box that is not the one open.
    const middle = (): Promise<number> =>
      scroll.evaluate((element: HTMLElement) => {
        const box = element.getBoundingClientRect();
        const row = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)?.closest('tr[data-index]') as HTMLElement;
        return Number(row.dataset.index) + (row.getAttribute('aria-selected') === 'true' ? 1 : 0);
      });
    await pressAndRelease(await middle(), 'scroll event');
    await pressAndRelease(await middle(), 'arrow key');
  });

  it('a feature in the Stocks tab opens its definition: a waterfall feature bar, the top driver link, F12 on a row', async () => {
    await open({ initState: { ...defaultViewState(), tab: 'stocks', stock: 'NIMB' } });
    await host.rendered('stocks');
    const isOpenFeature = (m: FromWebview): m is Extract<FromWebview, { type: 'openFeature' }> => m.type === 'openFeature';
    const features = new Set(host.run.features.map((f) => f.name));

    // The waterfall's bars, each with the step its tooltip names: a feature bar opens that
    // feature's definition; the base value and the score open nothing.
    const bars = host.page.locator('[data-chart="waterfall"] .mark-rect.role-mark path');
    const steps: string[] = [];
    for (let i = 0; i < (await bars.count()); i++) {
      await bars.nth(i).hover({ force: true });
      steps.push(/^Step(.*?)(?:Factor.*)?Amount/.exec((await host.page.locator('#vg-tooltip-element').textContent()) ?? '')?.[1] ?? '');
    }
    const featureBar = steps.findIndex((step) => features.has(step));
    const scoreBar = steps.indexOf('score');
    assert.ok(featureBar >= 0 && scoreBar >= 0, `steps: ${steps.join(', ')}`);
    let from = host.posted.length;
    await bars.nth(featureBar).click({ force: true });
    assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: steps[featureBar] });
    from = host.posted.length;
    await bars.nth(scoreBar).click({ force: true });
    await host.page.waitForTimeout(150);
    assert.equal(host.posted.slice(from).filter(isOpenFeature).length, 0, 'the score is no feature');

    // The top driver in the table is a link to its definition; clicking it does not open the row's stock.
    const row = stocksLatest.rows.find((r) => r.topDriver !== null && r.stock !== 'NIMB')!;
    from = host.posted.length;
    await host.page.locator(`.stock-table tbody tr[data-stock="${row.stock}"] button.feature-link`).click();
    assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: row.topDriver });
    await host.page.waitForTimeout(150);
    assert.equal(host.requests(from).length, 0, 'the link opens no stock');

    // F12 on the active row (the keyboard's "Go to Definition") opens its top driver.
    from = host.posted.length;
    await host.page.locator('.table-scroll').focus();
    await host.page.keyboard.press('F12');
    const nimb = stocksLatest.rows.find((r) => r.stock === 'NIMB')!;
    assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: nimb.topDriver });
  });

  it('keeps a 4,500-row table fast: only the rows in view are in the DOM', async () => {
    const many: StockRow[] = Array.from({ length: 4500 }, (_, i) => ({
      ...stocksLatest.rows[i % stocksLatest.rows.length],
      stock: `S${String(i).padStart(4, '0')}`,
      weight: (4500 - i) / 1e6,
    }));
    await open({ initState: { ...defaultViewState(), tab: 'stocks' } });
    host.overrides.set('stocks', () => ({ result: { date: latest, rows: many } }));
    await host.rendered('stocks');
    const domRows = await host.page.locator('.stock-table tbody tr[data-stock]').count();
    assert.ok(domRows > 10 && domRows < 120, `${domRows} rows in the DOM`);
    const started = Date.now();
    await host.page.locator('.table-scroll').evaluate((el) => (el.scrollTop = 24 * 3000));
    await host.page.waitForSelector('.stock-table tbody tr[data-stock="S3000"]');
    assert.ok(Date.now() - started < 2000);
    const from = host.posted.length;
    await host.page.locator('.sort-button[data-column="stock"]').click();
    await host.waitFor(isStateChanged, { from });
    await host.page.locator('.table-scroll').evaluate((el) => (el.scrollTop = 0));
    await host.page.waitForSelector('.stock-table tbody tr[data-stock="S0000"]');
  });

  it('shows a hostile stock name as text: no element, no script, no dialog', async () => {
    await open({ initState: { ...defaultViewState(), tab: 'stocks', search: 'HACK' } });
    await host.rendered('stocks');
    const cell = host.page.locator('.stock-table tbody tr[data-stock="HACK"] td.col-name');
    assert.equal(await cell.textContent(), '<img src=x onerror=alert(1)>');
    const from = host.posted.length;
    await cell.click();
    await host.rendered('stocks', from);
    assert.equal(await host.page.locator('.stock-name').textContent(), ' <img src=x onerror=alert(1)>');
    assert.equal(await host.page.locator('img').count(), 0);
    assert.deepEqual(host.dialogs, []);
  });

  it('shows loadFailed with its file and position, and "Try again" posts refresh', async () => {
    await open({ onReady: 'none' });
    await host.waitFor((m) => m.type === 'ready');
    await host.send({ type: 'loading', message: 'Reading out/weights.csv…' });
    await host.page.waitForSelector('.status-text:has-text("Reading out/weights.csv")');
    await host.send({
      type: 'loadFailed',
      error: { message: "weights.csv: no 'weight' column (looked for weight, wgt, w).", file: 'out/weights.csv', row: 0, column: 'weight' },
    });
    const box = host.page.locator('.load-error-box');
    await box.waitFor();
    assert.match((await box.textContent()) ?? '', /no 'weight' column/);
    assert.equal(await host.page.locator('.load-error-where').textContent(), 'out/weights.csv, row 0, column weight');
    assert.equal(await host.page.locator('.status-text').isVisible(), false);
    const from = host.posted.length;
    await host.page.locator('.load-error vscode-button.retry').click();
    await host.waitFor((m) => m.type === 'refresh', { from });
  });

  it('shows a failed request inline in its tab and clears the busy state', async () => {
    await open();
    await host.rendered('overview');
    host.overrides.set('factors', () => ({ error: 'factors: the factor map names no feature of the run (looked in run.glassbox.json "factors").' }));
    await host.page.locator('vscode-tab-header[data-tab="factors"]').click();
    const error = host.page.locator('.tab-panel-body[data-tab="factors"] .inline-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /factor map names no feature/);
    await host.page.waitForFunction(() => document.getElementById('app')!.getAttribute('aria-busy') === 'false');
    // "Try again" asks once more; this time it works.
    host.overrides.delete('factors');
    const from = host.posted.length;
    await host.page.locator('.tab-panel-body[data-tab="factors"] vscode-button.retry').click();
    assertChartsDrawn(await host.rendered('factors', from), ['factor-exposure', 'factor-history', 'factor-sector-heatmap', 'factor-country-heatmap']);
    assert.equal(await error.count(), 0);
  });

  it('restores the saved state after hide/restore and keeps it when the host re-inits; applyState switches tabs', async () => {
    const saved: ViewState = {
      ...defaultViewState(),
      tab: 'stocks',
      date: '2025-10-31',
      stock: 'NIMB',
      filters: { sectors: ['Financials', 'No Such Sector'], countries: [], regions: [], factors: [] },
      sort: { column: 'score', descending: true },
    };
    await open({ savedState: saved, initState: null });
    const rendered = await host.rendered('stocks');
    assert.deepEqual(rendered.charts.map((c) => c.name), ['waterfall', 'stock-history']);
    const stocksRequest = host.requests().find((r) => r.query.kind === 'stocks')!;
    assert.deepEqual(stocksRequest.query, { kind: 'stocks', date: '2025-10-31', filters: { ...saved.filters, sectors: ['Financials'] } });
    const stockRequest = host.requests().find((r) => r.query.kind === 'stock')!;
    assert.equal((stockRequest.query as { stock: string }).stock, 'NIMB');
    assert.equal(await host.page.locator('th.col-score').getAttribute('aria-sort'), 'descending');

    // The run reloads: the host sends init again; the user's choices stay.
    let from = host.posted.length;
    await host.send(host.initMessage(null));
    await host.rendered('stocks', from);
    const again = host.requests(from).find((r) => r.query.kind === 'stocks')!;
    assert.equal(again.query.date, '2025-10-31');
    assert.deepEqual(again.query.filters.sectors, ['Financials']);

    from = host.posted.length;
    await host.send({ type: 'applyState', state: { stock: 'HELI' } });
    const applied = await host.waitFor(isRequest('stock'), { from });
    assert.equal((applied.query as { stock: string }).stock, 'HELI');
    assertChartsDrawn(await host.rendered('stocks', from), ['waterfall', 'stock-history']);
    assert.equal(await host.page.locator('.stock-detail .ticker').textContent(), 'HELI');

    from = host.posted.length;
    await host.send({ type: 'applyState', state: { tab: 'factors' } });
    await host.rendered('factors', from);
    assert.equal(await host.page.locator('vscode-tabs').evaluate((t) => (t as unknown as { selectedIndex: number }).selectedIndex), 1);
    const state = host.posted.filter(isStateChanged).at(-1)!.state;
    assert.equal(state.tab, 'factors');
  });

  it('after a reload that lost the chosen date and sector, falls back to the latest date and drops the filter', async () => {
    await open({ initState: { ...defaultViewState(), date: '2025-10-31', filters: { sectors: ['Financials'], countries: [], regions: [], factors: [] } } });
    await host.rendered('overview');
    assert.equal(host.requests()[0].query.date, '2025-10-31');
    const from = host.posted.length;
    const reloaded = host.initMessage(null);
    if (reloaded.type !== 'init') throw new Error('unreachable');
    reloaded.run.dates = reloaded.run.dates.filter((d) => d !== '2025-10-31');
    reloaded.run.sectors = reloaded.run.sectors.filter((s) => s !== 'Financials');
    await host.send(reloaded);
    const changed = await host.waitFor(isStateChanged, { from });
    assert.equal(changed.state.date, null);
    assert.deepEqual(changed.state.filters.sectors, []);
    const request = await host.waitFor(isRequest('overview'), { from });
    assert.equal(request.query.date, latest);
    await host.rendered('overview', from);
  });

  it('drops messages of unknown shape without failing', async () => {
    await open();
    await host.rendered('overview');
    await host.send({ type: 'response', id: 'x' });
    await host.send({ type: 'bogus' });
    await host.send({ type: 'init', run: null });
    await host.page.waitForTimeout(100);
    assert.equal(host.posted.filter((m) => m.type === 'webviewError').length, 0);
    assert.equal(await host.page.locator('.kpi').count(), 9); // seven headline tiles, Integrity and Guardrails
  });

  it('redraws every chart in the new colours when the theme changes', async () => {
    await open({ theme: 'light' });
    await host.rendered('overview');
    const labelColours = () =>
      host.page.locator('[data-chart="sector-weights"] svg .role-axis-label text').evaluateAll((nodes) => [...new Set(nodes.map((n) => n.getAttribute('fill')))]);
    assert.deepEqual(await labelColours(), ['#3b3b3b']);
    const from = host.posted.length;
    await host.setTheme('dark');
    assertChartsDrawn(await host.rendered('overview', from), ['factor-exposure-portfolio', 'factor-exposure-active', 'sector-weights']);
    assert.deepEqual(await labelColours(), ['#cccccc']);
    const background = await host.page.locator('[data-chart="sector-weights"] svg').evaluate((svg) => getComputedStyle(svg).backgroundColor);
    assert.equal(background, 'rgb(31, 31, 31)');
  });

  it('lays out for a narrow editor column (screenshots)', async () => {
    await open({ theme: 'dark', width: 720, height: 900, initState: { ...defaultViewState(), stock: 'COBA' } });
    await host.rendered('overview');
    await host.page.screenshot({ path: join(RESULTS, 'overview-narrow-dark.png'), fullPage: true });
    await showTab('stocks');
    await host.page.screenshot({ path: join(RESULTS, 'stocks-narrow-dark.png'), fullPage: true });
    const overflow = await host.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  });

  for (const theme of ['light', 'dark'] as TestTheme[]) {
    it(`saves screenshots of every tab (${theme})`, async () => {
      await open({ theme, height: 1000 });
      await host.rendered('overview');
      await host.page.screenshot({ path: join(RESULTS, `overview-${theme}.png`), fullPage: true });
      await host.page.locator('vscode-multi-select.filter-sectors').click();
      await host.page.screenshot({ path: join(RESULTS, `filter-open-${theme}.png`), clip: { x: 0, y: 0, width: 900, height: 420 } });
      await host.page.keyboard.press('Escape');
      await showTab('factors');
      await host.page.screenshot({ path: join(RESULTS, `factors-${theme}.png`), fullPage: true });
      await showTab('stocks');
      const from = host.posted.length;
      await host.page.locator('.stock-table tbody tr[data-stock]').nth(2).click();
      await host.rendered('stocks', from);
      await host.page.screenshot({ path: join(RESULTS, `stocks-${theme}.png`), fullPage: false });
    });
  }
});

/**
 * The browser tier on the real sample run (samples/russell2000: 1,952 stocks, 60 dates, 48
 * features, 8 factors, forward returns, a baseline run v6). This file plays the host: it loads the run with the real readers
 * and engine in the mocha process, exactly as the extension's worker does, answers `ready`
 * with `init` carrying engine.summary(), and answers every `request` live through
 * answerQuery. It checks that what each tab SHOWS is the engine's numbers, that every chart
 * drew marks, logs how long the heavy parts take (no timing assertions), and saves
 * screenshots of every tab in light and dark to test-results/webview/sample-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PanelEngine } from '../../src/model/engine/engine';
import type { Filters, OverviewData, RunSummary, StockRow } from '../../src/model/types';
import { NO_FILTERS } from '../../src/model/types';
import { defaultViewState } from '../../src/protocol';
import type { FromWebview, Query, Tab } from '../../src/protocol';
import { waterfallSteps } from '../../src/views/waterfallSteps';
import { answerQuery } from '../../src/worker/answerQuery';
import { formatBp, formatCount, formatNumber, formatPercent, formatSignedPercent } from '../../webview/format';
import { compareHeading, frequencyText, portfolioTiles, statTiles, worstText } from '../../webview/tabs/summaries';
import { whyHeldChange, whyHeldSummary } from '../../webview/tabs/whyHeldText';
import { FakeHost, QUERY_KINDS, RESULTS, ROOT, labelOverlaps, useBrowser } from './harness';
import { sampleYardstick } from '../unit/model/sampleYardstick';
import { loadSampleEngine } from './sampleEngine';
import type { TestTheme } from './themes';

type Rendered = Extract<FromWebview, { type: 'rendered' }>;
type StateChanged = Extract<FromWebview, { type: 'stateChanged' }>;
type RequestMessage = Extract<FromWebview, { type: 'request' }>;

const isStateChanged = (m: FromWebview): m is StateChanged => m.type === 'stateChanged';
const isRequest = (kind: Query['kind']) => (m: FromWebview): m is RequestMessage => m.type === 'request' && m.query.kind === kind;

const OVERVIEW_CHARTS = ['factor-exposure-portfolio', 'factor-exposure-active', 'sector-weights'];
const FACTORS_CHARTS = ['factor-exposure', 'factor-history', 'factor-sector-heatmap', 'factor-country-heatmap'];
const STOCK_CHARTS = ['waterfall', 'stock-history'];
const FEATURES_CHARTS = ['feature-importance', 'feature-dependence', 'feature-beeswarm', 'importance-by-sector', 'attribution-stability'];
const PORTFOLIO_CHARTS = ['active-limits', 'largest-positions', 'weight-vs-score', 'turnover', 'guardrail-timeline', 'transfer-coefficient'];
const COMPARE_CHARTS = ['exposure-change', 'weight-changes'];
const PERFORMANCE_CHARTS = ['cumulative-return', 'active-drawdown', 'rank-ic', 'ic-summary', 'ic-decay', 'quantile-returns', 'brinson-attribution', 'brinson-history'];
const NEW_TAB_CHARTS: Partial<Record<Tab, string[]>> = {
  features: FEATURES_CHARTS,
  portfolio: PORTFOLIO_CHARTS,
  // The stock chosen on the Stocks tab is the one Compare decomposes.
  compare: ['factor-delta', ...COMPARE_CHARTS],
  performance: PERFORMANCE_CHARTS,
};

function assertChartsDrawn(rendered: Rendered, names: string[]): void {
  assert.deepEqual(rendered.charts.map((c) => c.name), names);
  for (const chart of rendered.charts) assert.ok(chart.marks > 0, `${rendered.tab}: ${chart.name} drew no marks`);
}

/** A value in score units as bp of score, one decimal, signed (computed here, not by the webview's formatter). */
function bpText(value: number | null): string {
  if (value === null) return '–';
  const text = Math.abs(value * 10000).toFixed(1).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (Number(text.replace(/,/g, '')) === 0) return text;
  return `${value < 0 ? '\u2212' : '+'}${text}`;
}

/** A chart label as a number: "−0.00205" -> -0.00205, "+5.60%" -> 0.056. */
function parseLabel(text: string): number {
  const clean = text.replace(/\u2212/g, '-').replace(/[+,]/g, '').trim();
  return clean.endsWith('%') ? Number(clean.slice(0, -1)) / 100 : Number(clean);
}

/** True when `label` (bp of score, one decimal) is `value` (score units) rounded. */
function sameBp(label: number, value: number): boolean {
  return Math.abs(label - value * 10000) <= 0.05 + 1e-9;
}

/** Each label, sorted, against each engine value, sorted: same count, each within rounding. */
function assertLabelsMatch(labels: string[], values: number[], equal: (label: number, value: number) => boolean, what: string): void {
  const shown = labels.map(parseLabel).sort((a, b) => a - b);
  const expected = [...values].sort((a, b) => a - b);
  assert.equal(shown.length, expected.length, `${what}: ${labels.length} labels for ${values.length} values`);
  shown.forEach((label, i) => assert.ok(equal(label, expected[i]), `${what}: label ${label} vs engine ${expected[i]}`));
}

/** The KPI tiles' text as the Overview must show `data`, from the engine's fields. */
function expectedTiles(data: OverviewData): Record<string, { value: string; note?: string }> {
  const integrity = data.integrity;
  return {
    Holdings: { value: formatCount(data.holdings), note: `${formatPercent(data.portfolioWeight, 1)} of portfolio weight` },
    Universe: { value: formatCount(data.universe) },
    'Benchmark names': { value: formatCount(data.benchmarkNames) },
    'Active share': { value: formatPercent(data.activeShare, 1) },
    'Top-10 weight': { value: formatPercent(data.top10Weight, 1) },
    Turnover: { value: formatPercent(data.turnover, 1), note: data.previousDate ? `one-way vs ${data.previousDate}` : 'first date: no previous' },
    'Weight coverage': { value: formatPercent(data.weightCoverage, 1) },
    Integrity: {
      value: integrity === null ? 'n/a' : integrity.failures === 0 ? 'Pass' : `${formatCount(integrity.failures)} fail`,
      note: integrity === null ? undefined : `${formatCount(integrity.checked)} checked, max |error| `,
    },
    Guardrails: (() => {
      const breached = data.guardrails.filter((c) => c.status === 'breach').length;
      const checked = data.guardrails.filter((c) => c.pass !== null).length;
      return { value: breached ? `${breached} breach${breached > 1 ? 'es' : ''}` : 'Pass', note: `${checked} of ${data.guardrails.length} checked` };
    })(),
  };
}

/**
 * The guardrail rows a date should show, from the engine's checks: guardrail, limit,
 * worst (signed for active weights), the breaches and the status with their count.
 */
function expectedGuardrailRows(data: OverviewData): string[][] {
  const labels: Record<string, string> = { sector: 'Sector active weight', stock: 'Single-name weight', turnover: 'Turnover' };
  return data.guardrails.map((c) => {
    const value = (v: { name: string; value: number }) => {
      const text = c.guardrail === 'sector' ? formatSignedPercent(v.value) : formatPercent(v.value);
      return v.name === 'portfolio' ? text : `${v.name} ${text}`;
    };
    return [
      labels[c.guardrail],
      formatPercent(c.limit),
      c.worst ? value(c.worst) : '–',
      c.breaches.length ? c.breaches.map(value).join('; ') : '–',
      c.status === 'breach' ? `Breach (${c.breaches.length})` : 'Pass',
    ];
  });
}

const defaultState = () => defaultViewState();
const byWeight = (rows: StockRow[]) => [...rows].sort((a, b) => b.weight - a.weight || a.stock.localeCompare(b.stock, 'en', { numeric: true, sensitivity: 'base' }));

describe('webview on the real sample run (samples/russell2000, live engine)', function () {
  this.timeout(120_000);
  let engine: PanelEngine;
  let run: RunSummary;
  let latest: string;
  let host: FakeHost;
  /** Engine time per query, for the log. */
  const answered: { kind: string; ms: number }[] = [];

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    const started = performance.now();
    engine = await loadSampleEngine(ROOT);
    run = engine.summary();
    latest = run.dates[run.dates.length - 1];
    console.log(`      [timing] sample run loaded in ${(performance.now() - started).toFixed(0)} ms (${run.stockCount} stocks, ${run.dates.length} dates, ${run.features.length} features)`);
  });
  const page = useBrowser(() => run.name);

  after(async () => {
    const byKind = new Map<string, number[]>();
    for (const { kind, ms } of answered) byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    for (const [kind, times] of byKind) {
      console.log(`      [timing] engine '${kind}': ${times.length} queries, max ${Math.max(...times).toFixed(1)} ms, mean ${(times.reduce((s, t) => s + t, 0) / times.length).toFixed(1)} ms`);
    }
  });

  afterEach(async () => {
    if (!host) return;
    const { consoleErrors, cspViolations, posted } = host;
    await host.close();
    assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
    assert.deepEqual(consoleErrors, [], 'console errors');
    assert.deepEqual(posted.filter((m) => m.type === 'webviewError'), [], 'webviewError messages');
    host = undefined as unknown as FakeHost;
  });

  /** Open the page with this file as its host: init from engine.summary(), requests answered live. */
  async function open(options: Parameters<FakeHost['open']>[0] = {}): Promise<FakeHost> {
    host = new FakeHost(page.browser, page.origin, run);
    for (const kind of QUERY_KINDS) {
      host.overrides.set(kind, (query) => {
        const started = performance.now();
        const result = answerQuery(engine, query);
        answered.push({ kind: query.kind, ms: performance.now() - started });
        return { result };
      });
    }
    return host.open({ width: 1400, height: 1000, ...options });
  }

  async function showTab(tab: Tab): Promise<Rendered> {
    const from = host.posted.length;
    await host.page.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
    return host.rendered(tab, from);
  }

  async function tiles(): Promise<Record<string, { value: string; note: string | null }>> {
    return host.page.locator('.kpi').evaluateAll((nodes) =>
      Object.fromEntries(
        nodes.map((n) => [
          n.querySelector('.kpi-label')!.textContent,
          { value: n.querySelector('.kpi-value')!.textContent, note: n.querySelector('.kpi-note')?.textContent ?? null },
        ]),
      ),
    );
  }

  async function assertTilesShow(data: OverviewData, context: string): Promise<void> {
    const shown = await tiles();
    for (const [label, { value, note }] of Object.entries(expectedTiles(data))) {
      assert.equal(shown[label]?.value, value, `${context}: tile ${label}`);
      if (note !== undefined) assert.ok(shown[label].note?.startsWith(note), `${context}: tile ${label} note ${JSON.stringify(shown[label].note)}`);
    }
  }

  const texts = (selector: string) => host.page.locator(selector).allTextContents();
  /** The cells of a tab's guardrail table, row by row. */
  const guardrailRows = (tab: Tab) =>
    host.page.locator(`${panel(tab)} .guardrail-table tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
  const count = (selector: string) => host.page.locator(selector).count();
  const chart = (name: string, inner: string) => `[data-chart="${name}"] ${inner}`;

  it('Overview: the KPI tiles, factor bars and sector bars show engine.overview; a sector bar filters and the tiles follow', async () => {
    await open();
    const rendered = await host.rendered('overview');
    assertChartsDrawn(rendered, OVERVIEW_CHARTS);
    const [request] = host.requests();
    assert.deepEqual(request.query, { kind: 'overview', date: latest, filters: NO_FILTERS });

    const overview = engine.overview(latest, NO_FILTERS);
    await assertTilesShow(overview, latest);
    // Every guardrail passes on the latest date: the table shows the engine's checks, formatted.
    assert.deepEqual(overview.guardrails.map((c) => c.status), ['pass', 'pass', 'pass']);
    assert.deepEqual(await guardrailRows('overview'), expectedGuardrailRows(overview));
    assert.equal((await tiles())['Guardrails'].value, 'Pass');
    assert.equal(await host.page.locator('.tab-heading h2').first().textContent(), `Portfolio on ${latest}`);
    assert.equal(await host.page.title(), run.name);
    assert.equal(await count('.diagnostic'), run.diagnostics.length);

    // One bar per factor and per sector; each value label is the engine's number.
    assert.equal(await count(chart('factor-exposure-portfolio', '.mark-rect.role-mark path')), run.factors.length);
    assertLabelsMatch(
      await texts(chart('factor-exposure-portfolio', '.mark-text.role-mark text')),
      overview.factorExposure.map((f) => f.portfolio),
      sameBp,
      'portfolio exposure labels',
    );
    assertLabelsMatch(
      await texts(chart('factor-exposure-active', '.mark-text.role-mark text')),
      overview.factorExposure.map((f) => f.active as number),
      sameBp,
      'active exposure labels',
    );
    assert.equal(await count(chart('sector-weights', '.mark-rect.role-mark path')), overview.sectorWeights.length);
    assertLabelsMatch(
      await texts(chart('sector-weights', '.mark-text.role-mark text')),
      overview.sectorWeights.map((s) => s.active as number),
      (label, value) => Math.abs(label - value) <= 0.00005 + 1e-12,
      'sector active weight labels',
    );
    for (const name of OVERVIEW_CHARTS) assert.deepEqual(await labelOverlaps(host.page, name), [], `${name}: value labels clear of the axis labels`);
    assert.deepEqual(
      await texts(chart('sector-weights', '.role-axis-label text')).then((t) => t.filter((s) => run.sectors.includes(s)).sort()),
      overview.sectorWeights.map((s) => s.group).sort(),
      'every sector is named on the axis',
    );

    // Clicking a sector bar filters by it: the request carries the filter and the tiles show engine.overview under it.
    let from = host.posted.length;
    await host.page.locator(chart('sector-weights', '.mark-rect.role-mark path')).nth(1).click();
    const changed = await host.waitFor(isStateChanged, { from });
    assert.equal(changed.state.filters.sectors.length, 1);
    const sector = changed.state.filters.sectors[0];
    const filters: Filters = { ...NO_FILTERS, sectors: [sector] };
    const filteredRequest = await host.waitFor(isRequest('overview'), { from });
    assert.deepEqual(filteredRequest.query, { kind: 'overview', date: latest, filters });
    assertChartsDrawn(await host.rendered('overview', from), OVERVIEW_CHARTS);
    const filtered = engine.overview(latest, filters);
    assert.notEqual(filtered.holdings, overview.holdings, 'the filter changes the numbers');
    await assertTilesShow(filtered, `${latest}, ${sector}`);
    assert.equal(await host.page.locator('.filter-summary').textContent(), `Sector: ${sector}`);
    assert.equal(await count(chart('sector-weights', '.mark-rect.role-mark path')), filtered.sectorWeights.length);
    console.log(`      [data] ${sector}: ${filtered.holdings} holdings, active share ${formatPercent(filtered.activeShare, 1)}`);

    // The previous date (still filtered) shows that date's numbers.
    from = host.posted.length;
    await host.page.locator('vscode-button.date-previous').click();
    const previous = run.dates[run.dates.length - 2];
    assert.equal((await host.waitFor(isRequest('overview'), { from })).query.date, previous);
    await host.rendered('overview', from);
    await assertTilesShow(engine.overview(previous, filters), `${previous}, ${sector}`);
  });

  it('Overview on 2023-07-31 shows the planted Consumer Staples breach in the sector bars', async () => {
    await open({ initState: { tab: 'overview', date: '2023-07-31', filters: NO_FILTERS, stock: null, sort: { column: 'weight', descending: true }, search: '' } });
    assertChartsDrawn(await host.rendered('overview'), OVERVIEW_CHARTS);
    const staples = engine.overview('2023-07-31', NO_FILTERS).sectorWeights.find((s) => s.group === 'Consumer Staples')!;
    const labels = (await texts(chart('sector-weights', '.mark-text.role-mark text'))).map(parseLabel);
    assert.ok(Math.abs(Math.max(...labels) - (staples.active as number)) <= 0.00005 + 1e-12, `largest label ${Math.max(...labels)}`);
    const axis = await texts(chart('sector-weights', '.role-axis-label text'));
    assert.equal(axis.find((t) => run.sectors.includes(t)), 'Consumer Staples', 'the largest active weight is on top');
    await assertTilesShow(engine.overview('2023-07-31', NO_FILTERS), '2023-07-31');
    // The guardrail table and tile: the sector guardrail breaches, Consumer Staples +5.60% against 5.00%.
    const onBreach = engine.overview('2023-07-31', NO_FILTERS);
    const rows = await guardrailRows('overview');
    assert.deepEqual(rows, expectedGuardrailRows(onBreach));
    assert.deepEqual(rows[0], ['Sector active weight', '5.00%', 'Consumer Staples +5.60%', 'Consumer Staples +5.60%', 'Breach (1)']);
    assert.equal((await tiles())['Guardrails'].value, '1 breach');
    assert.equal(await count(`${panel('overview')} .guardrail-table td.status-breach`), 1);
    console.log(`      [data] overview 2023-07-31 guardrails: ${rows.map((r) => `${r[0]} ${r[4]} (${r[2]})`).join('; ')}`);
  });

  it('Factors: exposure bars, both heat maps and the history show engine.factors; the measure toggle shows the active numbers', async () => {
    await open();
    await host.rendered('overview');
    const requestFrom = host.posted.length;
    const started = performance.now();
    const rendered = await showTab('factors');
    console.log(`      [timing] Factors tab drawn in ${(performance.now() - started).toFixed(0)} ms (4 charts; ${rendered.charts.map((c) => `${c.name} ${c.marks} marks`).join(', ')})`);
    assertChartsDrawn(rendered, FACTORS_CHARTS);
    assert.deepEqual(host.requests(requestFrom).map((r) => r.query), [{ kind: 'factors', date: latest, filters: NO_FILTERS }]);

    const factors = engine.factors(latest, NO_FILTERS);
    assert.equal(await count(chart('factor-exposure', '.mark-rect.role-mark path')), factors.byFactor.length);
    assertLabelsMatch(
      await texts(chart('factor-exposure', '.mark-text.role-mark text')),
      factors.byFactor.map((f) => f.portfolio),
      sameBp,
      'factor exposure labels',
    );
    // One cell per factor x sector and factor x country (the ones the engine lacks drawn as missing).
    const sectors = new Set(factors.bySector.map((c) => c.group));
    const countries = new Set(factors.byCountry.map((c) => c.group));
    assert.equal(await count(chart('factor-sector-heatmap', '.mark-rect.role-mark path')), sectors.size * run.factors.length);
    assert.equal(await count(chart('factor-country-heatmap', '.mark-rect.role-mark path')), countries.size * run.factors.length);
    console.log(`      [data] heat maps: ${sectors.size} sectors, ${countries.size} countries; history ${factors.history.length} points`);
    // Every cell prints the engine's number in bp of score (the cells are wide enough at this width).
    const cellLabels = await texts(chart('factor-sector-heatmap', '.mark-text.role-mark text'));
    assertLabelsMatch(cellLabels.filter((t) => t !== '–'), factors.bySector.filter((c) => c.portfolio !== null).map((c) => c.portfolio as number), sameBp, 'sector cell labels');
    const axisLabels = new Set(await texts(chart('factor-country-heatmap', '.role-axis-label text')));
    for (const country of countries) assert.ok(axisLabels.has(country), `country ${country} is named on the heat map`);
    // The history has a line per factor over every date.
    assert.equal(factors.history.length, run.dates.length * run.factors.length);
    assert.equal(await count(chart('factor-history', '.mark-line.role-mark path')), run.factors.length);

    const from = host.posted.length;
    await host.page.locator('vscode-radio[data-measure="active"]').click();
    assertChartsDrawn(await host.rendered('factors', from), FACTORS_CHARTS);
    assert.equal(host.requests(from).length, 0, 'the toggle redraws without asking again');
    assertLabelsMatch(
      await texts(chart('factor-exposure', '.mark-text.role-mark text')),
      factors.byFactor.map((f) => f.active as number),
      sameBp,
      'active factor exposure labels',
    );
    assert.deepEqual(await labelOverlaps(host.page, 'factor-exposure'), []);
  });

  it('Stocks: the table lists engine.stocks (about 1,900 rows, virtualised); a chosen stock draws the engine\'s waterfall', async () => {
    await open();
    await host.rendered('overview');
    const stocks = engine.stocks(latest, NO_FILTERS);
    const sorted = byWeight(stocks.rows);
    const requestFrom = host.posted.length;
    let started = performance.now();
    const rendered = await showTab('stocks');
    const tableMs = performance.now() - started;
    assert.deepEqual(rendered.charts, [], 'no stock chosen yet: no charts');
    assert.deepEqual(host.requests(requestFrom).map((r) => r.query), [{ kind: 'stocks', date: latest, filters: NO_FILTERS }]);
    console.log(`      [timing] Stocks tab with ${formatCount(stocks.rows.length)} rows: click to rendered ${tableMs.toFixed(0)} ms`);

    assert.ok(stocks.rows.length > 1800, `${stocks.rows.length} rows`);
    assert.equal(await host.page.locator('.row-count').textContent(), `${formatCount(stocks.rows.length)} stocks on ${latest}`);
    assert.equal(await host.page.locator('vscode-tab-header[data-tab="stocks"] vscode-badge').textContent(), formatCount(stocks.rows.length));
    assert.equal(await host.page.locator('.stock-table').getAttribute('aria-rowcount'), String(stocks.rows.length + 1));
    const domRows = await count('.stock-table tbody tr[data-stock]');
    assert.ok(domRows > 10 && domRows < 120, `${domRows} rows in the DOM`);

    // The first row is the largest weight, its cells the engine's values.
    const first = sorted[0];
    const firstRow = host.page.locator('.stock-table tbody tr[data-stock]').first();
    assert.equal(await firstRow.getAttribute('data-stock'), first.stock);
    const cells = await firstRow.locator('td').allTextContents();
    assert.deepEqual(cells, [
      first.stock,
      first.name,
      first.sector,
      first.country,
      formatPercent(first.weight),
      formatSignedPercent(first.activeWeight),
      bpText(first.score),
      first.topDriver ?? '–',
      first.dominantFactor ?? '–',
    ]);

    // Scrolling to the end shows the smallest weight.
    started = performance.now();
    await host.page.locator('.table-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await host.page.waitForSelector(`.stock-table tbody tr[data-stock="${cssString(sorted.at(-1)!.stock)}"]`);
    console.log(`      [timing] scroll to row ${formatCount(sorted.length)}: ${(performance.now() - started).toFixed(0)} ms`);

    // Sorting by score (client-side) puts the engine's best score first.
    let from = host.posted.length;
    started = performance.now();
    await host.page.locator('.sort-button[data-column="score"]').click();
    await host.waitFor(isStateChanged, { from });
    const best = [...stocks.rows].filter((r) => r.score !== null).sort((a, b) => (b.score as number) - (a.score as number))[0];
    await host.page.locator('.table-scroll').evaluate((el) => (el.scrollTop = 0));
    await host.page.waitForFunction((stock) => document.querySelector('.stock-table tbody tr[data-stock]')?.getAttribute('data-stock') === stock, best.stock);
    console.log(`      [timing] sort ${formatCount(stocks.rows.length)} rows by score: ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(host.requests(from).length, 0, 'sorting does not ask the host');

    // Typing filters the rows by ticker or name.
    from = host.posted.length;
    await host.page.locator('vscode-textfield.stock-search').click();
    await host.page.keyboard.type('therapeutics');
    await host.waitFor((m): m is StateChanged => isStateChanged(m) && m.state.search === 'therapeutics', { from });
    const matching = stocks.rows.filter((r) => r.name.toLowerCase().includes('therapeutics') || r.stock.toLowerCase().includes('therapeutics'));
    await host.page.waitForFunction(
      (text) => document.querySelector('.row-count')?.textContent === text,
      `${formatCount(matching.length)} of ${formatCount(stocks.rows.length)} stocks match`,
    );
    await host.page.locator('vscode-textfield.stock-search').evaluate((field) => {
      (field as HTMLInputElement).value = '';
      field.dispatchEvent(new Event('input'));
    });
    await host.page.waitForFunction((text) => document.querySelector('.row-count')?.textContent === text, `${formatCount(stocks.rows.length)} stocks on ${latest}`);

    // Choosing the top-scored stock draws its waterfall: one bar per step of waterfallSteps, the engine's score.
    from = host.posted.length;
    started = performance.now();
    await host.page.locator(`.stock-table tbody tr[data-stock="${cssString(best.stock)}"]`).click();
    const request = await host.waitFor(isRequest('stock'), { from });
    assert.deepEqual(request.query, { kind: 'stock', date: latest, stock: best.stock, filters: NO_FILTERS });
    const drawn = await host.rendered('stocks', from);
    console.log(`      [timing] stock chosen to waterfall and history drawn: ${(performance.now() - started).toFixed(0)} ms`);
    assertChartsDrawn(drawn, STOCK_CHARTS);
    const detail = engine.stock(latest, best.stock, NO_FILTERS);
    assert.equal(detail.contributions.length, run.features.length);
    const steps = waterfallSteps(detail);
    assert.equal(await count(chart('waterfall', '.mark-rect.role-mark path')), steps.length);
    const labels = steps.map((s) => s.label);
    const axis = await texts(chart('waterfall', '.role-axis-label text'));
    assert.deepEqual(axis.filter((t) => labels.includes(t)), labels, 'the waterfall names each step, top to bottom');
    assert.equal(await host.page.locator('.stock-detail .ticker').textContent(), detail.stock);
    assert.equal(await host.page.locator('.stock-detail .stock-name').textContent(), ` ${detail.name}`);
    const facts = await host.page.locator('.stock-facts').evaluate((dl) =>
      Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])),
    );
    assert.equal(facts['Score'], `${bpText(detail.score)} bp`);
    assert.ok(sameBp(parseLabel(facts['Score']!.replace(' bp', '')), detail.score as number), `score ${facts['Score']} vs engine ${detail.score}`);
    assert.equal(facts['Base value'], `${bpText(detail.baseValue)} bp`);
    assert.equal(facts['Sector'], detail.sector);
    assert.equal(facts['Weight'], formatPercent(best.weight));
    // The score bar ends at the engine's score.
    assert.deepEqual(await labelOverlaps(host.page, 'waterfall'), [], 'waterfall labels clear of the step names');
    const scoreLabels = (await texts(chart('waterfall', '.mark-text.role-mark text'))).map(parseLabel);
    assert.ok(scoreLabels.some((l) => sameBp(l, detail.score as number)), `score ${detail.score} among ${scoreLabels.join(', ')}`);
    // The history has the stock's dates.
    assert.ok(detail.history.length > 1);
  });

  const panel = (tab: Tab) => `.tab-panel-body[data-tab="${tab}"]`;
  const isOpenFeature = (m: FromWebview): m is Extract<FromWebview, { type: 'openFeature' }> => m.type === 'openFeature';

  /** The KPI tiles of one tab, label -> value and note. */
  async function tilesIn(tab: Tab): Promise<Record<string, { value: string; note: string | null }>> {
    return host.page.locator(`${panel(tab)} .kpi`).evaluateAll((nodes) =>
      Object.fromEntries(
        nodes.map((n) => [n.querySelector('.kpi-label')!.textContent, { value: n.querySelector('.kpi-value')!.textContent, note: n.querySelector('.kpi-note')?.textContent ?? null }]),
      ),
    );
  }

  /**
   * Where on the page a point of a canvas-drawn chart is: the first symbol whose datum has
   * `field` equal to `value`, found in the chart's scene graph or its point layer (a canvas
   * has no elements to click).
   */
  async function canvasPoint(name: string, field: string, value: string): Promise<{ x: number; y: number }> {
    const point = await host.page.locator(`[data-chart="${name}"]`).evaluate(
      (container, { field, value }) => {
        type Item = { x?: number; y?: number; datum?: Record<string, unknown>; items?: Mark[] };
        type Mark = { marktype: string; items?: Item[] };
        // A chart whose points a canvas layer draws over its axes (the beeswarm) says where each one is.
        const layer = (container as unknown as { pointLayer?: { count: number; clientPosition(i: number): { x: number; y: number } | null; data: { datum(i: number): Record<string, unknown> } } }).pointLayer;
        if (layer) {
          for (let i = 0; i < layer.count; i++) if (layer.data.datum(i)[field] === value) return layer.clientPosition(i);
          return null;
        }
        const view = (container as unknown as { vegaView: { scenegraph(): { root: Mark }; origin(): [number, number] } }).vegaView;
        const walk = (mark: Mark, dx: number, dy: number): { x: number; y: number } | null => {
          for (const item of mark.items ?? []) {
            if (mark.marktype === 'group') {
              for (const child of item.items ?? []) {
                const found = walk(child, dx + (item.x ?? 0), dy + (item.y ?? 0));
                if (found) return found;
              }
            } else if (mark.marktype === 'symbol' && item.datum?.[field] === value) {
              return { x: dx + (item.x ?? 0), y: dy + (item.y ?? 0) };
            }
          }
          return null;
        };
        const [ox, oy] = view.origin();
        const found = walk(view.scenegraph().root, ox, oy);
        const box = container.querySelector('canvas')!.getBoundingClientRect();
        return found && { x: box.left + found.x, y: box.top + found.y };
      },
      { field, value },
    );
    assert.ok(point, `${name}: no point with ${field} ${value}`);
    return point;
  }

  /**
   * Points a user at a point of a canvas chart whose tooltip names `value` (found by moving
   * along the row of the first such point until the tooltip shows it, as a user would) and
   * clicks it, holding `modifier` if given.
   */
  async function clickCanvasPoint(name: string, field: string, value: string, modifier?: 'Control'): Promise<void> {
    const start = await canvasPoint(name, field, value);
    const box = (await host.page.locator(`[data-chart="${name}"] canvas`).boundingBox())!;
    const tooltip = host.page.locator('#vg-tooltip-element.visible');
    for (let x = box.x; x < box.x + box.width; x += 3) {
      await host.page.mouse.move(x, start.y);
      const text = (await tooltip.count()) ? await tooltip.textContent() : '';
      if (!text?.includes(value)) continue;
      if (modifier) await host.page.keyboard.down(modifier);
      await host.page.mouse.click(x, start.y);
      if (modifier) await host.page.keyboard.up(modifier);
      return;
    }
    assert.fail(`${name}: no point of ${value} answered the pointer`);
  }

  it('Features: importance bars show engine.features; a click on ep_fy1 asks for it, coloured by its suggestion roe; definitions open; a beeswarm row selects its feature', async () => {
    await open({ initState: { ...defaultState(), tab: 'features' } });
    const rendered = await host.rendered('features');
    assertChartsDrawn(rendered, FEATURES_CHARTS);
    assert.deepEqual(host.requests()[0].query, { kind: 'features', date: latest, filters: NO_FILTERS, feature: null, colorBy: null });
    const data = engine.features(latest, NO_FILTERS, null, null);
    const top = data.importance.features.slice(0, 20);
    assertLabelsMatch(await texts(chart('feature-importance', '.mark-text.role-mark text')), top.map((f) => f.meanAbs), sameBp, 'importance labels');
    assert.deepEqual(await labelOverlaps(host.page, 'feature-importance'), []);
    // The beeswarm has a point per stock of the ten most important features, on the canvas over its axes.
    assert.equal(await host.page.locator('[data-chart="feature-beeswarm"] canvas.point-layer').count(), 1);
    assert.equal(rendered.charts.find((c) => c.name === 'feature-beeswarm')!.marks, data.beeswarm.points.length);
    assert.equal(await host.page.locator(`${panel('features')} code.selected-feature`).textContent(), data.importance.features[0].feature);
    console.log(`      [data] features: ${data.beeswarm.points.length} beeswarm points, ${data.dependence!.points.length} dependence points; most important ${data.importance.features[0].feature}`);

    // Clicking ep_fy1's bar selects it; the engine suggests roe as its colour and the page says so.
    let from = host.posted.length;
    await host.page.locator(chart('feature-importance', '.mark-rect.role-mark path')).nth(top.findIndex((f) => f.feature === 'ep_fy1')).click();
    const request = await host.waitFor(isRequest('dependence'), { from });
    assert.deepEqual(request.query, { kind: 'dependence', date: latest, filters: NO_FILTERS, feature: 'ep_fy1', colorBy: null });
    assertChartsDrawn(await host.rendered('features', from), FEATURES_CHARTS);
    const epFy1 = engine.features(latest, NO_FILTERS, 'ep_fy1', null).dependence!;
    assert.equal(epFy1.interaction!.suggested, 'roe');
    assert.equal(await host.page.locator('vscode-single-select.colour-select vscode-option').first().textContent(), 'suggested: roe');
    assert.equal(await host.page.locator(`${panel('features')} .colour-feature code`).textContent(), 'roe');
    assert.equal(await host.page.locator(`${panel('features')} .dependence-feature code`).textContent(), 'ep_fy1');
    assert.equal(rendered.charts.length, FEATURES_CHARTS.length);

    // "Go to definition" beside the selected feature, and the icon beside the colour feature's name.
    from = host.posted.length;
    await host.page.locator(`${panel('features')} .feature-selection vscode-button.go-to-definition`).click();
    assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: 'ep_fy1' });
    from = host.posted.length;
    await host.page.locator(`${panel('features')} .colour-feature vscode-button.go-to-definition`).click();
    assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: 'roe' });

    // A point of the beeswarm's last row (on the canvas) selects that row's feature.
    const lastRow = data.beeswarm.features[data.beeswarm.features.length - 1].feature;
    from = host.posted.length;
    await clickCanvasPoint('feature-beeswarm', 'feature', lastRow);
    const byRow = await host.waitFor(isRequest('dependence'), { from });
    assert.equal((byRow.query as { feature: string }).feature, lastRow);
    await host.rendered('features', from);
    assert.equal(await host.page.locator(`${panel('features')} code.selected-feature`).textContent(), lastRow);
    // Ctrl+click on a beeswarm point opens the definition instead.
    from = host.posted.length;
    await clickCanvasPoint('feature-beeswarm', 'feature', data.beeswarm.features[0].feature, 'Control');
    assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: data.beeswarm.features[0].feature });
  });

  it('Portfolio on 2023-07-31: the tiles are engine.portfolio\'s, the guardrail table shows the Consumer Staples breach; a scatter point opens its stock', async () => {
    await open({ initState: { ...defaultState(), tab: 'portfolio', date: '2023-07-31' } });
    assertChartsDrawn(await host.rendered('portfolio'), PORTFOLIO_CHARTS);
    const data = engine.portfolio('2023-07-31', NO_FILTERS);
    const shown = await tilesIn('portfolio');
    for (const t of portfolioTiles(data)) assert.equal(shown[t.label]?.value, t.value, `tile ${t.label}`);
    assert.equal(shown['Holdings'].value, formatCount(data.concentration.holdings));
    assert.equal(shown['Effective names'].value, formatNumber(data.concentration.effectiveNames, 1));
    assert.equal(shown['Largest weight'].value, formatPercent(data.concentration.largestWeight));
    assert.equal(shown['Active share'].value, formatPercent(data.concentration.activeShare, 1));

    const rows = await host.page.locator(`${panel('portfolio')} .guardrail-table tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const sector = data.guardrails.checks.find((c) => c.date === '2023-07-31' && c.guardrail === 'sector')!;
    assert.equal(sector.status, 'breach');
    assert.equal(sector.worst!.name, 'Consumer Staples');
    assert.deepEqual(rows.find((r) => r[0] === 'Sector active weight'), ['Sector active weight', formatPercent(0.05), worstText(sector), worstText(sector), `Breach (${formatCount(sector.breaches.length)})`]);
    assert.equal(await host.page.locator(`${panel('portfolio')} .guardrail-table td.status-breach`).count(), 1);
    console.log(`      [data] 2023-07-31 guardrails: ${rows.map((r) => `${r[0]} ${r[4]} (${r[2]})`).join('; ')}`);
    // One bar per sector, one point per stock held or in the benchmark with a score.
    const groups = await texts(chart('active-limits', '.role-axis-label text'));
    for (const g of data.bySector) assert.ok(groups.includes(g.group), `sector ${g.group} is named on the active-weight chart`);
    assertLabelsMatch(
      (await texts(chart('active-limits', '.mark-text.role-mark text'))).filter((t) => t.endsWith('%')),
      data.bySector.map((g) => g.active as number),
      (label, value) => Math.abs(label - value) <= 0.00005 + 1e-12,
      'active weight labels',
    );
    const points = await count(chart('weight-vs-score', '.role-mark path'));
    assert.ok(points >= data.weightVsScore.length, `${points} points for ${data.weightVsScore.length} stocks`);

    // A point opens its stock on the Stocks tab.
    const from = host.posted.length;
    await host.page.locator(chart('weight-vs-score', '.mark-symbol.role-mark path')).nth(5).click({ force: true });
    const changed = await host.waitFor(isStateChanged, { from });
    assert.equal(changed.state.tab, 'stocks');
    const stock = changed.state.stock!;
    assert.ok(data.weightVsScore.some((p) => p.stock === stock), stock);
    const stockRequest = await host.waitFor(isRequest('stock'), { from });
    assert.deepEqual(stockRequest.query, { kind: 'stock', date: '2023-07-31', stock, filters: NO_FILTERS });
    await host.rendered('stocks', from);
    assert.equal(await host.page.locator('.stock-detail .ticker').textContent(), stock);
  });

  it('Stocks: the drill-down says why a name is held, as engine.explain does (screenshot)', async () => {
    await open({ initState: { ...defaultState(), tab: 'stocks', stock: 'PCVX' } });
    await host.rendered('stocks');
    const why = engine.explain(latest, 'PCVX');
    const card = host.page.locator('.stock-detail .why-held');
    assert.equal(await card.locator('.why-summary').textContent(), whyHeldSummary(why));
    // The weight it states is the Stocks table's for the name (a separate computation).
    const row = engine.stocks(latest, NO_FILTERS).rows.find((r) => r.stock === 'PCVX');
    assert.ok(row);
    assert.match(whyHeldSummary(why), new RegExp(`^Held · rank \\d+ of 1,\\d{3} · weight ${formatPercent(row.weight).replace('.', '\\.')}`));
    const steps = await card.locator('.why-steps tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(steps, [
      ['base value', formatBp(why.baseValue)],
      ...why.factors.map((f) => [f.factor, formatBp(f.contribution)]),
      ['= score', formatBp(why.score)],
    ]);
    assert.equal(await card.locator('.why-guardrails tbody tr').count(), why.guardrails.length);
    assert.equal(await card.locator('.why-change').textContent(), whyHeldChange(why));
    await card.screenshot({ path: join(RESULTS, 'stocks-why-held.png') });
  });

  it('Compare: entered and left are engine.compare\'s; the toggle asks against the baseline and shows its counts', async () => {
    await open({ initState: { ...defaultState(), tab: 'compare' } });
    assertChartsDrawn(await host.rendered('compare'), COMPARE_CHARTS);
    const previousDate = engine.compare(latest, NO_FILTERS, 'previous', null);
    assert.equal(await host.page.locator(`${panel('compare')} .compare-title`).textContent(), compareHeading(previousDate));
    assert.equal(compareHeading(previousDate), `${run.dates[run.dates.length - 2]} → ${latest}`);
    let shown = await tilesIn('compare');
    assert.equal(shown['Entered'].value, formatCount(previousDate.entered.length));
    assert.equal(shown['Left'].value, formatCount(previousDate.left.length));
    assert.equal(shown['Turnover'].value, formatPercent(previousDate.turnover, 1));
    assert.equal(shown['Weights changed'].value, formatCount(previousDate.changedCount));
    assert.equal(await count(`${panel('compare')} .entered .name-item`), previousDate.entered.length);
    assert.equal(await count(`${panel('compare')} .left .name-item`), previousDate.left.length);
    console.log(`      [data] compare with ${previousDate.before.date}: ${previousDate.entered.length} entered, ${previousDate.left.length} left, turnover ${formatPercent(previousDate.turnover, 1)}`);

    let from = host.posted.length;
    await host.page.locator('.compare-toggle .segment[data-value="baseline"]').click();
    const request = await host.waitFor(isRequest('compare'), { from });
    assert.deepEqual(request.query, { kind: 'compare', date: latest, filters: NO_FILTERS, against: 'baseline', stock: null });
    assertChartsDrawn(await host.rendered('compare', from), COMPARE_CHARTS);
    const baseline = engine.compare(latest, NO_FILTERS, 'baseline', null);
    assert.equal(await host.page.locator(`${panel('compare')} .compare-title`).textContent(), `${run.baseline} → ${run.name} on ${latest}`);
    shown = await tilesIn('compare');
    assert.equal(shown['Entered'].value, formatCount(baseline.entered.length));
    assert.equal(shown['Left'].value, formatCount(baseline.left.length));
    console.log(`      [data] compare with ${run.baseline}: ${baseline.entered.length} entered, ${baseline.left.length} left`);

    // "Why did it enter?": a name asks for its decomposition.
    const name = baseline.entered[0].stock;
    from = host.posted.length;
    await host.page.locator(`${panel('compare')} .entered .name-item[data-stock="${cssString(name)}"]`).click();
    assert.deepEqual((await host.waitFor(isRequest('compare'), { from })).query, { kind: 'compare', date: latest, filters: NO_FILTERS, against: 'baseline', stock: name });
    assertChartsDrawn(await host.rendered('compare', from), ['factor-delta', ...COMPARE_CHARTS]);
  });

  it('Performance: the frequency and every statistic are engine.performance\'s', async () => {
    await open({ initState: { ...defaultState(), tab: 'performance' } });
    assertChartsDrawn(await host.rendered('performance'), PERFORMANCE_CHARTS);
    const data = engine.performance()!;
    assert.equal(await host.page.locator(`${panel('performance')} .frequency`).textContent(), frequencyText(data.frequency));
    assert.equal(frequencyText(data.frequency), 'monthly, annualised ×12');
    for (const [side, stats] of [['portfolio', data.portfolio], ['benchmark', data.benchmark!], ['active', data.active!]] as const) {
      const shown = await host.page.locator(`.perf-${side} .kpi`).evaluateAll((nodes) => nodes.map((n) => [n.querySelector('.kpi-label')!.textContent, n.querySelector('.kpi-value')!.textContent]));
      assert.deepEqual(shown, statTiles(stats, side).map((t) => [t.label, t.value]), side);
    }
    const active = await host.page.locator('.perf-active .kpi').evaluateAll((nodes) => Object.fromEntries(nodes.map((n) => [n.querySelector('.kpi-label')!.textContent, n.querySelector('.kpi-value')!.textContent])));
    assert.equal(active['Tracking error'], formatPercent(data.active!.volatility));
    assert.equal(active['Information ratio'], formatNumber(data.active!.sharpe, 2));
    // And what the tiles show is what DuckDB computes from the raw files, independently of the engine.
    const sql = await sampleYardstick(join(ROOT, 'samples/russell2000'));
    assert.equal(active['Tracking error'], formatPercent(sql.trackingError));
    assert.equal(active['Information ratio'], formatNumber(sql.informationRatio, 2));
    assert.equal(active['Sortino'], formatNumber(sql.sortino, 2));
    assert.equal(active['Max drawdown'], formatPercent(sql.maxDrawdown));
    assert.equal(active['Hit rate'], formatPercent(sql.hitRate, 0));
    console.log(`      [data] performance: active ${formatSignedPercent(data.active!.annualisedReturn)} a year, TE ${formatPercent(data.active!.volatility)}, IR ${formatNumber(data.active!.sharpe, 2)}`);
  });

  for (const theme of ['light', 'dark'] as TestTheme[]) {
    it(`saves screenshots of every tab on the sample (${theme}) and every tab reports marks for every chart`, async () => {
      await open({ theme });
      assertChartsDrawn(await host.rendered('overview'), OVERVIEW_CHARTS);
      await host.page.screenshot({ path: join(RESULTS, `sample-overview-${theme}.png`), fullPage: true });
      assertChartsDrawn(await showTab('factors'), FACTORS_CHARTS);
      await host.page.screenshot({ path: join(RESULTS, `sample-factors-${theme}.png`), fullPage: true });
      await showTab('stocks');
      const from = host.posted.length;
      // The second-heaviest name with contributions (the sample's cash line, XTSLA, has none:
      // Compare would have no factors to decompose).
      const second = byWeight(engine.stocks(latest, NO_FILTERS).rows).filter((r) => r.score !== null)[1];
      await host.page.locator(`.stock-table tbody tr[data-stock="${cssString(second.stock)}"]`).click();
      assertChartsDrawn(await host.rendered('stocks', from), STOCK_CHARTS);
      await host.page.screenshot({ path: join(RESULTS, `sample-stocks-${theme}.png`), fullPage: false });
      for (const [tab, names] of Object.entries(NEW_TAB_CHARTS)) {
        const started = performance.now();
        const drawn = await showTab(tab as Tab);
        console.log(`      [timing] ${tab} (${theme}) drawn in ${(performance.now() - started).toFixed(0)} ms: ${drawn.charts.map((c) => `${c.name} ${c.marks}`).join(', ')}`);
        assertChartsDrawn(drawn, names);
        await host.page.screenshot({ path: join(RESULTS, `sample-${tab}-${theme}.png`), fullPage: true });
      }
    });
  }
});

/** A ticker inside a CSS attribute selector (tickers like `BRK.B` are fine; quotes are not). */
function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

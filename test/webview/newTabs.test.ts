/**
 * The Overview's guardrail table and the Features, Portfolio, Compare and Performance tabs in Chromium, answered from answers
 * the real engine gave on samples/russell2000 (recorded by
 * test/fixtures/webview/record-sample.mjs, one sector so they stay small): what each tab
 * shows, what its clicks post, the runs that cannot fill a tab, and state across hide and
 * restore. The live engine on the whole sample is sampleRun.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compareFixture, featuresFixture, overviewFixture, performanceFixture, portfolioFixture, signalsFixture, stabilityFixture } from './newTabsFixtures';
import type { RunSummary } from '../../src/model/types';
import type { FromWebview, Query, Tab, ViewState } from '../../src/protocol';
import { defaultViewState } from '../../src/protocol';
import { formatCount, formatNumber, formatPercent, formatSignedPercent } from '../../webview/format';
import { frequencyText, portfolioTiles, statTiles } from '../../webview/tabs/summaries';
import { FIXTURES, FakeHost, RESULTS, loadRun, type Responder, useBrowser } from './harness';

type Rendered = Extract<FromWebview, { type: 'rendered' }>;
type StateChanged = Extract<FromWebview, { type: 'stateChanged' }>;
type RequestMessage = Extract<FromWebview, { type: 'request' }>;
type OpenFeature = Extract<FromWebview, { type: 'openFeature' }>;

const SAMPLE_FIXTURES = join(FIXTURES, 'sample');
const isStateChanged = (m: FromWebview): m is StateChanged => m.type === 'stateChanged';
const isRequest = (kind: Query['kind']) => (m: FromWebview): m is RequestMessage => m.type === 'request' && m.query.kind === kind;
const isOpenFeature = (m: FromWebview): m is OpenFeature => m.type === 'openFeature';

function assertChartsDrawn(rendered: Rendered, names: string[]): void {
  assert.deepEqual(rendered.charts.map((c) => c.name), names);
  for (const chart of rendered.charts) assert.ok(chart.marks > 0, `${rendered.tab}: ${chart.name} drew no marks`);
}

describe('webview: Features, Portfolio, Compare, Performance (recorded engine answers)', function () {
  this.timeout(60000);
  let host: FakeHost;
  const run = loadRun(SAMPLE_FIXTURES);
  const latest = run.dates[run.dates.length - 1];
  const previous = run.dates[run.dates.length - 2];
  const filters = defaultViewState().filters;

  const page = useBrowser(() => run.name);

  afterEach(async function () {
    if (!host) return;
    const { consoleErrors, cspViolations, posted } = host;
    await host.close();
    assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
    assert.deepEqual(consoleErrors, [], 'console errors');
    assert.deepEqual(posted.filter((m) => m.type === 'webviewError'), [], 'webviewError messages');
    host = undefined as unknown as FakeHost;
  });

  /** Open the page on the recorded sample run (or a variant of it), showing `tab`. */
  async function open(
    tab: Tab,
    options: { run?: RunSummary; state?: Partial<ViewState>; savedState?: ViewState; overrides?: [Query['kind'], Responder][] } = {},
  ): Promise<FakeHost> {
    host = new FakeHost(page.browser, page.origin, options.run ?? run, SAMPLE_FIXTURES);
    for (const [kind, responder] of options.overrides ?? []) host.overrides.set(kind, responder);
    return host.open({ width: 1400, height: 1000, initState: { ...defaultViewState(), tab, ...options.state }, savedState: options.savedState });
  }

  const panel = (tab: Tab) => `.tab-panel-body[data-tab="${tab}"]`;
  const chartMarks = (name: string, mark: string) => `[data-chart="${name}"] .mark-${mark}.role-mark path`;

  async function tilesIn(tab: Tab): Promise<Record<string, { value: string; note: string | null }>> {
    return host.page.locator(`${panel(tab)} .kpi`).evaluateAll((nodes) =>
      Object.fromEntries(
        nodes.map((n) => [n.querySelector('.kpi-label')!.textContent, { value: n.querySelector('.kpi-value')!.textContent, note: n.querySelector('.kpi-note')?.textContent ?? null }]),
      ),
    );
  }

  describe('Features', () => {
    const data = featuresFixture(null, null);

    it('draws attribution stability over the run: a point per date and comparison, asked once (screenshot)', async () => {
      await open('features');
      await host.rendered('features');
      const stability = stabilityFixture();
      const expected = stability.points.filter((p) => p.previous !== null).length + stability.points.filter((p) => p.baseline !== null).length;
      assert.equal(expected, 59 + 60);
      const card = host.page.locator(`${panel('features')} .attribution-stability`);
      assert.equal(await card.locator('svg g.mark-symbol.role-mark path').count(), expected);
      assert.match((await card.locator('svg').textContent()) ?? '', /previous date.*baseline Russell 2000 ML v6/s);
      assert.match((await card.locator('.card-hint').textContent()) ?? '', /effective number of features/);
      assert.equal(host.requests().filter((r) => r.query.kind === 'stability').length, 1);
      await card.screenshot({ path: join(RESULTS, 'features-attribution-stability.png') });
    });

    it('draws importance, dependence, beeswarm and importance by sector; the suggested colour is named', async () => {
      await open('features');
      assertChartsDrawn(await host.rendered('features'), ['feature-importance', 'feature-dependence', 'feature-beeswarm', 'importance-by-sector', 'attribution-stability']);
      assert.deepEqual(host.requests()[0].query, { kind: 'features', date: latest, filters, feature: null, colorBy: null });
      const dependence = data.dependence!;
      assert.equal(await host.page.locator(`${panel('features')} code.selected-feature`).textContent(), dependence.feature);
      assert.equal(await host.page.locator(`${panel('features')} .dependence-feature code`).textContent(), dependence.feature);
      assert.equal(await host.page.locator(`${panel('features')} .colour-feature code`).textContent(), dependence.colourFeature);
      const options = await host.page.locator('vscode-single-select.colour-select vscode-option').allTextContents();
      assert.equal(options[0], `suggested: ${dependence.interaction!.suggested}`);
      // Every candidate of the ranking, with its strength.
      assert.deepEqual(options.slice(1), dependence.interaction!.ranking.map((r) => `${r.feature} (${formatNumber(r.strength, 2)})`));
      // Twenty bars, one per most important feature; each beeswarm point is a stock of the top ten.
      assert.equal(await host.page.locator(chartMarks('feature-importance', 'rect')).count(), Math.min(20, data.importance.features.length));
      assert.equal(await host.page.locator('[data-chart="feature-beeswarm"]').getAttribute('data-renderer'), 'svg');
      assert.equal(await host.page.locator('[data-chart="feature-beeswarm"] canvas.point-layer').count(), 1);
      assert.equal(await host.page.locator(`${panel('features')} .kpi`).count(), 0);
    });

    it('clicking a feature bar selects it (request with the feature); Ctrl+click and "Go to definition" post openFeature', async () => {
      await open('features');
      await host.rendered('features');
      const second = data.importance.features[1].feature;
      let from = host.posted.length;
      await host.page.locator(chartMarks('feature-importance', 'rect')).nth(1).click();
      const changed = await host.waitFor(isStateChanged, { from });
      assert.equal(changed.state.feature, second);
      // Same date and filters: only the dependence plot is asked again.
      const request = await host.waitFor(isRequest('dependence'), { from });
      assert.deepEqual(request.query, { kind: 'dependence', date: latest, filters, feature: second, colorBy: null });
      assert.equal(host.requests(from).filter((r) => r.query.kind === 'features').length, 0, 'the rest of the tab is not asked again');
      await host.rendered('features', from);
      assert.equal(await host.page.locator(`${panel('features')} code.selected-feature`).textContent(), second);

      from = host.posted.length;
      await host.page.locator(`${panel('features')} .feature-selection vscode-button.go-to-definition`).click();
      assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: second });

      // Ctrl+click on the top bar opens its definition and selects nothing.
      from = host.posted.length;
      await host.page.locator(chartMarks('feature-importance', 'rect')).first().click({ modifiers: ['Control'] });
      assert.deepEqual(await host.waitFor(isOpenFeature, { from }), { type: 'openFeature', feature: data.importance.features[0].feature });
      await host.page.waitForTimeout(150);
      assert.equal(host.requests(from).length, 0, 'Ctrl+click asks for no data');
      assert.equal(host.posted.slice(from).filter(isStateChanged).length, 0);
    });

    it('clicking a beeswarm point selects its feature; the colour select asks for another colour feature', async () => {
      await open('features');
      await host.rendered('features');
      const lastRow = data.beeswarm.features[data.beeswarm.features.length - 1].feature;
      // The last point drawn on the beeswarm's canvas is of its last row.
      const point = await host.page.locator('[data-chart="feature-beeswarm"]').evaluate((container) => {
        const layer = (container as unknown as { pointLayer: { count: number; clientPosition(i: number): { x: number; y: number } } }).pointLayer;
        return layer.clientPosition(layer.count - 1)!;
      });
      let from = host.posted.length;
      await host.page.mouse.click(point.x, point.y);
      const request = await host.waitFor(isRequest('dependence'), { from });
      assert.equal((request.query as { feature: string }).feature, lastRow);
      await host.rendered('features', from);

      // Back to the first recording's feature, then colour it by the ranking's runner-up.
      const focus = data.dependence!.feature;
      const runnerUp = data.dependence!.interaction!.ranking[1].feature;
      from = host.posted.length;
      await host.send({ type: 'applyState', state: { feature: focus } });
      await host.rendered('features', from);
      from = host.posted.length;
      await host.page.locator('vscode-single-select.colour-select').evaluate((select, value) => {
        (select as unknown as { value: string }).value = value;
        select.dispatchEvent(new Event('change'));
      }, runnerUp);
      const coloured = await host.waitFor(isRequest('dependence'), { from });
      assert.deepEqual(coloured.query, { kind: 'dependence', date: latest, filters, feature: focus, colorBy: runnerUp });
      await host.rendered('features', from);
      assert.equal(await host.page.locator(`${panel('features')} .colour-feature code`).textContent(), runnerUp);
      // The suggestion stays in sight, and "suggested" is still the select's first choice.
      assert.equal(await host.page.locator(`${panel('features')} .suggested`).textContent(), `suggested: ${data.dependence!.interaction!.suggested}`);
    });

    it('the measure and level toggles redraw without asking again', async () => {
      await open('features');
      await host.rendered('features');
      let from = host.posted.length;
      await host.page.locator('.importance-level .segment[data-value="factor"]').click();
      assertChartsDrawn(await host.rendered('features', from), ['factor-importance', 'feature-dependence', 'feature-beeswarm', 'importance-by-sector', 'attribution-stability']);
      assert.equal(await host.page.locator(chartMarks('factor-importance', 'rect')).count(), data.importance.factors.length);
      from = host.posted.length;
      await host.page.locator('.importance-measure .segment[data-value="weightedMeanAbs"]').click();
      await host.rendered('features', from);
      assert.equal(host.requests(from).length, 0);
      assert.equal(await host.page.locator('.importance-measure .segment[data-value="weightedMeanAbs"]').getAttribute('aria-pressed'), 'true');
    });
  });

  describe('Overview guardrails', () => {
    const guardrailRows = () =>
      host.page.locator(`${panel('overview')} .guardrail-table tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));

    it('2023-07-31: the table shows the engine\'s checks (the Consumer Staples breach), the tile says 1 breach', async () => {
      await open('overview', { state: { date: '2023-07-31' } });
      await host.rendered('overview');
      const data = overviewFixture('2023-07-31');
      const [sector, stock, turnover] = data.guardrails;
      assert.deepEqual(data.guardrails.map((c) => c.status), ['breach', 'pass', 'pass']);
      assert.deepEqual(await guardrailRows(), [
        ['Sector active weight', formatPercent(sector.limit), `Consumer Staples ${formatSignedPercent(sector.worst!.value)}`, `Consumer Staples ${formatSignedPercent(sector.breaches[0].value)}`, 'Breach (1)'],
        ['Single-name weight', formatPercent(stock.limit), `${stock.worst!.name} ${formatPercent(stock.worst!.value)}`, '–', 'Pass'],
        ['Turnover', formatPercent(turnover.limit), formatPercent(turnover.worst!.value), '–', 'Pass'],
      ]);
      assert.equal((await guardrailRows())[0][2], 'Consumer Staples +5.60%');
      assert.equal(await host.page.locator(`${panel('overview')} .guardrail-table td.status-breach`).count(), 1);
      const shown = await tilesIn('overview');
      assert.deepEqual(shown['Guardrails'], { value: '1 breach', note: '3 of 3 checked' });
      // The tile sits right after Integrity.
      const labels = await host.page.locator(`${panel('overview')} .kpi-label`).allTextContents();
      assert.equal(labels[labels.indexOf('Integrity') + 1], 'Guardrails');
      assert.equal(await host.page.locator(`${panel('overview')} .kpi[aria-label="Guardrails"]`).getAttribute('class'), 'kpi kpi-error');
    });

    it('the latest date passes every guardrail', async () => {
      await open('overview');
      await host.rendered('overview');
      const data = overviewFixture(latest);
      assert.deepEqual((await guardrailRows()).map((r) => r[4]), data.guardrails.map(() => 'Pass'));
      assert.deepEqual((await guardrailRows()).map((r) => r[3]), data.guardrails.map(() => '–'));
      assert.equal((await tilesIn('overview'))['Guardrails'].value, 'Pass');
    });

    it('says why a guardrail was not checked, lists many breaches with "+N more", and names untrusted names as text', async () => {
      const data = overviewFixture('2023-07-31');
      const [sector, stock, turnover] = data.guardrails;
      const evil = '<img src=x onerror="alert(1)">';
      const breaches = Array.from({ length: 7 }, (_, i) => ({ name: i === 0 ? evil : `S${i}`, value: 0.03 - i * 0.001 }));
      const guardrails = [
        { ...sector, status: 'no-benchmark', pass: null, worst: null, breaches: [] },
        { ...stock, status: 'breach', pass: false, worst: breaches[0], breaches },
        { ...turnover, status: 'no-previous-date', pass: null, worst: null, breaches: [] },
      ];
      await open('overview', { state: { date: '2023-07-31' }, overrides: [['overview', () => ({ result: { ...data, guardrails } })]] });
      await host.rendered('overview');
      const rows = await guardrailRows();
      assert.deepEqual(rows.map((r) => r[4]), ['Not checked: no benchmark weights', 'Breach (7)', 'Not checked: first date']);
      assert.deepEqual(rows.map((r) => r[2]), ['–', `${evil} ${formatPercent(0.03)}`, '–']);
      assert.equal(rows[1][3], `${evil} 3.00%; S1 2.90%; S2 2.80%; S3 2.70%; S4 2.60%; +2 more`);
      assert.equal(await host.page.locator(`${panel('overview')} .guardrail-table img`).count(), 0);
      assert.deepEqual(await tilesIn('overview').then((t) => t['Guardrails']), { value: '1 breach', note: '1 of 3 checked, 2 not checked' });
    });
  });

  describe('Portfolio', () => {
    it('shows the engine\'s concentration tiles and every chart; the guardrail table shows the 2023-07-31 sector breach', async () => {
      await open('portfolio', { state: { date: '2023-07-31' } });
      assertChartsDrawn(await host.rendered('portfolio'), ['active-limits', 'largest-positions', 'weight-vs-score', 'turnover', 'guardrail-timeline', 'transfer-coefficient']);
      const data = portfolioFixture('2023-07-31');
      const shown = await tilesIn('portfolio');
      for (const t of portfolioTiles(data)) assert.equal(shown[t.label]?.value, t.value, t.label);
      assert.equal(shown['Holdings'].value, formatCount(data.concentration.holdings));
      assert.equal(shown['Largest weight'].note, `cap ${formatPercent(data.stockLimit)}`);
      const rows = await host.page.locator(`${panel('portfolio')} .guardrail-table tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
      const sector = rows.find((r) => r[0] === 'Sector active weight')!;
      const check = data.guardrails.checks.find((c) => c.date === '2023-07-31' && c.guardrail === 'sector')!;
      const worst = `${check.worst!.name} ${formatSignedPercent(check.worst!.value)}`;
      assert.deepEqual(sector, ['Sector active weight', '5.00%', worst, worst, `Breach (${formatCount(check.breaches.length)})`]);
      assert.equal(check.worst!.name, 'Consumer Staples');
      assert.deepEqual(rows.map((r) => r[4]), ['Breach (1)', 'Pass', 'Pass']);
      assert.equal(await host.page.locator(`${panel('portfolio')} .guardrail-table td.status-breach`).count(), 1);
    });

    it('a weight-vs-score point opens the stock on the Stocks tab; a guardrail cell sets the date; the grouping toggle redraws', async () => {
      await open('portfolio');
      await host.rendered('portfolio');
      const data = portfolioFixture(latest);
      let from = host.posted.length;
      await host.page.locator('[data-chart="weight-vs-score"] .role-mark path').first().click({ force: true });
      const changed = await host.waitFor(isStateChanged, { from });
      assert.equal(changed.state.tab, 'stocks');
      assert.ok(data.weightVsScore.some((p) => p.stock === changed.state.stock), `${changed.state.stock} is a point of the chart`);

      from = host.posted.length;
      await host.page.locator('vscode-tab-header[data-tab="portfolio"]').click();
      await host.rendered('portfolio', from);
      from = host.posted.length;
      await host.page.locator('[data-chart="guardrail-timeline"] .mark-rect.role-mark path').first().click({ force: true });
      const dated = await host.waitFor(isStateChanged, { from });
      assert.equal(dated.state.date, run.dates[0]);
      assert.equal((await host.waitFor(isRequest('portfolio'), { from })).query.date, run.dates[0]);
      await host.rendered('portfolio', from);

      from = host.posted.length;
      await host.page.locator('.grouping-toggle .segment[data-value="country"]').click();
      await host.rendered('portfolio', from);
      assert.equal(host.requests(from).length, 0);
      assert.equal(await host.page.locator('.grouping-toggle .segment[data-value="country"]').getAttribute('aria-pressed'), 'true');
    });
  });

  describe('Compare', () => {
    it('compares with the previous date: header, turnover, entered and left with their drivers, weight changes', async () => {
      await open('compare');
      assertChartsDrawn(await host.rendered('compare'), ['exposure-change', 'weight-changes']);
      assert.deepEqual(host.requests()[0].query, { kind: 'compare', date: latest, filters, against: 'previous', stock: null });
      const data = compareFixture('previous', null);
      assert.equal(await host.page.locator(`${panel('compare')} .compare-title`).textContent(), `${previous} → ${latest}`);
      const shown = await tilesIn('compare');
      assert.equal(shown['Turnover'].value, formatPercent(data.turnover, 1));
      assert.equal(shown['Entered'].value, formatCount(data.entered.length));
      assert.equal(shown['Left'].value, formatCount(data.left.length));
      assert.equal(shown['Weights changed'].value, formatCount(data.changedCount));
      assert.deepEqual(await host.page.locator(`${panel('compare')} .entered .name-item`).evaluateAll((b) => b.map((x) => x.getAttribute('data-stock'))), data.entered.map((e) => e.stock));
      assert.deepEqual(await host.page.locator(`${panel('compare')} .left .name-item`).evaluateAll((b) => b.map((x) => x.getAttribute('data-stock'))), data.left.map((e) => e.stock));
      const drivers = await host.page.locator(`${panel('compare')} .entered .name-item .drivers`).first().textContent();
      assert.ok(drivers!.startsWith(data.entered[0].drivers[0].factor), drivers!);
      assert.equal(await host.page.locator(`${panel('compare')} .changes-table tbody tr`).count(), data.changes.length);
    });

    it('a name asks for its decomposition (factor delta); the toggle asks against the baseline', async () => {
      await open('compare');
      await host.rendered('compare');
      const data = compareFixture('previous', null);
      const name = data.entered[0].stock;
      let from = host.posted.length;
      await host.page.locator(`${panel('compare')} .entered .name-item[data-stock="${name}"]`).click();
      const request = await host.waitFor(isRequest('compare'), { from });
      assert.deepEqual(request.query, { kind: 'compare', date: latest, filters, against: 'previous', stock: name });
      assertChartsDrawn(await host.rendered('compare', from), ['factor-delta', 'exposure-change', 'weight-changes']);
      assert.equal(await host.page.locator(`${panel('compare')} .selected-change .ticker`).textContent(), name);

      from = host.posted.length;
      await host.page.locator('.compare-toggle .segment[data-value="baseline"]').click();
      const changed = await host.waitFor(isStateChanged, { from });
      assert.equal(changed.state.compareAgainst, 'baseline');
      const baseline = await host.waitFor(isRequest('compare'), { from });
      assert.deepEqual(baseline.query, { kind: 'compare', date: latest, filters, against: 'baseline', stock: name });
      await host.rendered('compare', from);
      const against = compareFixture('baseline', null);
      assert.equal(await host.page.locator(`${panel('compare')} .compare-title`).textContent(), `${run.baseline} → ${run.name} on ${latest}`);
      assert.equal((await tilesIn('compare'))['Entered'].value, formatCount(against.entered.length));
    });

    it('without a baseline the toggle is disabled and says why; on the first date it says there is no previous date', async () => {
      await open('compare', { run: { ...run, baseline: null }, state: { date: run.dates[0], compareAgainst: 'baseline' } });
      const rendered = await host.rendered('compare');
      assert.deepEqual(rendered.charts, []);
      assert.equal(host.requests().filter((r) => r.query.kind === 'compare').length, 0, 'nothing to ask on the first date');
      const baseline = host.page.locator('.compare-toggle .segment[data-value="baseline"]');
      assert.equal(await baseline.isDisabled(), true);
      assert.match((await baseline.getAttribute('title')) ?? '', /names no baseline/);
      assert.equal(await host.page.locator('.compare-toggle .segment[data-value="previous"]').getAttribute('aria-pressed'), 'true');
      assert.match((await host.page.locator(`${panel('compare')} .unavailable`).textContent()) ?? '', /no previous date/);
    });

    it('names the baseline date used on a date the baseline lacks, and offers the nearest date of both', async () => {
      const date = run.dates[10];
      const recorded = compareFixture('baseline', null);
      const note = `Baseline ${run.baseline} as of ${run.dates[48]}, its first date: it has none on or before ${date}.`;
      const answer = { ...recorded, before: { ...recorded.before, date: run.dates[48] }, after: { ...recorded.after, date }, baselineMatch: { date, baselineDate: run.dates[48], kind: 'later', sharedDates: 12, nearestShared: run.dates[48] }, baselineNote: note };
      await open('compare', { state: { date, compareAgainst: 'baseline' }, overrides: [['compare', () => ({ result: answer })]] });
      await host.rendered('compare');
      assert.equal(await host.page.locator(`${panel('compare')} .baseline-note span:not(.codicon)`).first().textContent(), note);
      assert.equal(await host.page.locator(`${panel('compare')} .compare-title`).textContent(), `${run.baseline} on ${run.dates[48]} → ${run.name} on ${date}`);
      const from = host.posted.length;
      await host.page.locator(`${panel('compare')} vscode-button.go-shared-date`).click();
      const changed = await host.waitFor(isStateChanged, { from });
      assert.equal(changed.state.date, run.dates[48]);
    });

    it('keeps the toggle when the comparison fails, and shows why inside the tab', async () => {
      await open('compare', { state: { compareAgainst: 'baseline' }, overrides: [['compare', (query) => (query.kind === 'compare' && query.against === 'baseline' ? { error: 'The baseline run has no date with weights, so there is nothing to compare with.' } : { result: compareFixture('previous', null) })]] });
      const error = host.page.locator(`${panel('compare')} .inline-error`);
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /no date with weights/);
      assert.equal(await host.page.locator(`${panel('compare')} .compare-toggle`).count(), 1, 'the toggle stays');
      const from = host.posted.length;
      await host.page.locator('.compare-toggle .segment[data-value="previous"]').click();
      const request = (await host.waitFor(isRequest('compare'), { from })).query;
      assert.equal(request.kind === 'compare' ? request.against : null, 'previous');
      await host.rendered('compare', from);
      assert.equal(await error.count(), 0);
    });
  });

  describe('Performance', () => {
    it('shows the frequency, the statistics of portfolio, benchmark and active, and every chart; the signal select redraws', async () => {
      await open('performance');
      assertChartsDrawn(await host.rendered('performance'), ['cumulative-return', 'active-drawdown', 'rank-ic', 'ic-summary', 'ic-decay', 'quantile-returns', 'brinson-attribution', 'brinson-history']);
      const data = performanceFixture();
      assert.equal(await host.page.locator(`${panel('performance')} .frequency`).textContent(), 'monthly, annualised ×12');
      assert.equal(frequencyText(data.frequency), 'monthly, annualised ×12');
      for (const [side, stats] of [['portfolio', data.portfolio], ['benchmark', data.benchmark!], ['active', data.active!]] as const) {
        const shown = await host.page.locator(`.perf-${side} .kpi`).evaluateAll((nodes) => nodes.map((n) => [n.querySelector('.kpi-label')!.textContent, n.querySelector('.kpi-value')!.textContent]));
        assert.deepEqual(shown, statTiles(stats, side).map((t) => [t.label, t.value]), side);
      }
      // The latest date has no forward return: the Brinson chart shows the totals and says why "Date" is off.
      const date = host.page.locator('.brinson-toggle .segment[data-value="date"]');
      assert.equal(await date.isDisabled(), true);
      const from = host.posted.length;
      await host.page.locator('vscode-single-select.signal-select').evaluate((select) => {
        (select as unknown as { value: string }).value = 'momentum';
        select.dispatchEvent(new Event('change'));
      });
      await host.rendered('performance', from);
      assert.equal(host.requests(from).length, 0, 'the whole run is already here');
    });

    it('tabulates each signal\'s rank IC statistics and Newey-West t as the engine answered them (screenshot)', async () => {
      await open('performance');
      await host.rendered('performance');
      const data = signalsFixture();
      const rows = await host.page.locator(`${panel('performance')} .signal-stats-table tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      // Negative numbers print with a true minus sign (U+2212), as every figure in the view.
      const dash = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits).replace('-', '\u2212'));
      assert.deepEqual(
        rows,
        data.stats.map((s) => [s.signal, String(s.dates), dash(s.icMean, 4), dash(s.icStd, 4), dash(s.icir, 2), `${((s.hitRate as number) * 100).toFixed(0)}%`, dash(s.tstat, 2), String(s.lags)]),
      );
      // The score first (its figures are held to DuckDB on the raw files in the unit tier).
      assert.equal(rows[0][0], 'score');
      // |t| >= 1.96 is bold, the rest not.
      const significant = await host.page.locator(`${panel('performance')} .signal-stats-table td.significant`).count();
      assert.equal(significant, data.stats.filter((s) => s.tstat !== null && Math.abs(s.tstat) >= 1.96).length);
      assert.match((await host.page.locator(`${panel('performance')} .signal-stats .card-hint:not(.ic-decay-note)`).textContent()) ?? '', /Forward returns over 1 period · Newey-West lags floor/);
      assert.equal(host.requests().filter((r) => r.query.kind === 'signals').length, 1);
      await host.page.locator(`${panel('performance')} .signal-stats`).screenshot({ path: join(RESULTS, 'performance-signal-stats.png') });
    });

    it('a date with returns shows its Brinson attribution; a run without returns says why and asks nothing', async () => {
      await open('performance', { state: { date: previous } });
      await host.rendered('performance');
      assert.equal(await host.page.locator('.brinson-toggle .segment[data-value="date"]').getAttribute('aria-pressed'), 'true');
      // The chart's own title names the date (the card adds no second title).
      assert.match((await host.page.locator(`${panel('performance')} [data-chart="brinson-attribution"] .role-title-text text`).first().textContent()) ?? '', new RegExp(previous));
      await host.close();

      await open('performance', { run: { ...run, hasReturns: false } });
      const rendered = await host.rendered('performance');
      assert.deepEqual(rendered.charts, []);
      assert.equal(host.requests().length, 0);
      assert.match((await host.page.locator(`${panel('performance')} .unavailable`).textContent()) ?? '', /no forward returns.*Add "returns"/s);
      assert.ok(await host.page.locator('vscode-tab-header[data-tab="performance"]').evaluate((h) => h.classList.contains('tab-unavailable')));
    });
  });

  it('keeps feature, colour and comparison across hide and restore; drops a feature the run lacks', async () => {
    const saved: ViewState = { ...defaultViewState(), tab: 'features', feature: 'ep_fy1', colorBy: 'bp', compareAgainst: 'baseline', measure: 'active' };
    await open('overview', { savedState: saved });
    await host.rendered('features');
    assert.deepEqual(host.requests()[0].query, { kind: 'features', date: latest, filters, feature: 'ep_fy1', colorBy: 'bp' });
    const from = host.posted.length;
    await host.page.locator('vscode-tab-header[data-tab="compare"]').click();
    const compare = await host.waitFor(isRequest('compare'), { from });
    assert.equal((compare.query as { against: string }).against, 'baseline');
    await host.rendered('compare', from);
    await host.close();

    await open('overview', { savedState: { ...saved, feature: 'no_such_feature', colorBy: 'nor_this' } });
    await host.rendered('features');
    assert.deepEqual(host.requests()[0].query, { kind: 'features', date: latest, filters, feature: null, colorBy: null });
  });

  it('lays out every new tab in a narrow editor column without sideways scrolling (screenshots)', async () => {
    host = new FakeHost(page.browser, page.origin, run, SAMPLE_FIXTURES);
    await host.open({ theme: 'dark', width: 720, height: 900, initState: { ...defaultViewState(), tab: 'features' } });
    await host.rendered('features');
    for (const tab of ['features', 'portfolio', 'compare', 'performance'] as const) {
      if (tab !== 'features') {
        const from = host.posted.length;
        await host.page.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
        await host.rendered(tab, from);
      }
      await host.page.screenshot({ path: join(RESULTS, `${tab}-narrow-dark.png`), fullPage: true });
      const overflow = await host.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${tab}: the page scrolls sideways by ${overflow}px`);
    }
  });

  it('shows a failed request inline with Try again (Features)', async () => {
    await open('features', { overrides: [['features', () => ({ error: 'features: no feature values in contributions.parquet (expected columns such as ep_fy1_value).' })]] });
    const error = host.page.locator(`${panel('features')} .inline-error`);
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /no feature values/);
    host.overrides.delete('features');
    const from = host.posted.length;
    await host.page.locator(`${panel('features')} vscode-button.retry`).click();
    await host.rendered('features', from);
    assert.equal(await error.count(), 0);
  });
});

/**
 * The Compare tab's "only what changed" toggle and the Performance tab's IC decay, in
 * Chromium on answers the real engine gave on samples/russell2000 (newTabsFixtures.ts): what
 * the toggle hides (by glassbox diff --only-changes's rule, counted here independently), that
 * it says how many, that it and its threshold are kept in the view state and asked nothing
 * new of the host; and the IC decay chart and table as the engine answered them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { IcDecay } from '../../src/model/signals/icDecay';
import type { FromWebview, Query, Tab, ViewState } from '../../src/protocol';
import { defaultViewState } from '../../src/protocol';
import { compareFixture, signalsFixture } from './newTabsFixtures';
import { FIXTURES, FakeHost, RESULTS, loadRun, type Responder, useBrowser } from './harness';

type StateChanged = Extract<FromWebview, { type: 'stateChanged' }>;
const isStateChanged = (m: FromWebview): m is StateChanged => m.type === 'stateChanged';

const SAMPLE_FIXTURES = join(FIXTURES, 'sample');

describe('webview: Compare "only what changed", Performance IC decay', function () {
  this.timeout(60000);
  let host: FakeHost;
  const run = loadRun(SAMPLE_FIXTURES);

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

  async function open(tab: Tab, options: { state?: Partial<ViewState>; savedState?: ViewState; overrides?: [Query['kind'], Responder][] } = {}): Promise<FakeHost> {
    host = new FakeHost(page.browser, page.origin, run, SAMPLE_FIXTURES);
    for (const [kind, responder] of options.overrides ?? []) host.overrides.set(kind, responder);
    return host.open({ width: 1400, height: 1000, initState: { ...defaultViewState(), tab, ...options.state }, savedState: options.savedState });
  }

  const panel = '.tab-panel-body[data-tab="compare"]';
  const weightBars = () => host.page.locator('[data-chart="weight-changes"] .mark-rect.role-mark path').count();
  const tableRows = () => host.page.locator(`${panel} .changes-table tbody tr`).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-stock')));
  const exposureFactors = () => host.page.locator('[data-chart="exposure-change"] .role-axis-label text').allTextContents();

  /** The figures the toggle keeps, by its rule written out: |change| above the threshold. */
  function expected(threshold: number) {
    const data = compareFixture('previous', null);
    const changes = data.changes.filter((c) => Math.abs(c.weightChange) > threshold);
    const factors = data.exposure.filter((e) => Math.abs(e.change) > threshold);
    return { data, changes, factors, hiddenChanges: data.changes.length - changes.length, hiddenFactors: data.exposure.length - factors.length };
  }

  it('hides the weight changes and factors at most the threshold, says how many, and asks the host nothing new (screenshot)', async () => {
    await open('compare');
    await host.rendered('compare');
    const all = expected(0.0001);
    assert.ok(all.hiddenChanges > 0 && all.changes.length > 0, `the recorded answer has changes on both sides of 0.0001: ${all.hiddenChanges} hidden`);
    assert.equal(await weightBars(), all.data.changes.length);
    assert.deepEqual(await tableRows(), all.data.changes.map((c) => c.stock));
    assert.equal(await host.page.locator('.only-changes-threshold').evaluate((e) => (e as HTMLElement & { disabled: boolean }).disabled), true, 'the threshold waits for the toggle');

    let from = host.posted.length;
    await host.page.locator('.only-changes-toggle').click();
    const changed = await host.waitFor(isStateChanged, { from });
    assert.equal(changed.state.compareOnlyChanges, true);
    await host.rendered('compare', from);
    assert.equal(host.requests(from).length, 0, 'the same answer, redrawn');
    assert.equal(await weightBars(), all.changes.length);
    assert.deepEqual(await tableRows(), all.changes.map((c) => c.stock));
    const note = await host.page.locator(`${panel} .only-changes-note`).textContent();
    assert.equal(note, `Only what changed (|change| above 0.0001): ${all.hiddenFactors} of ${all.data.exposure.length} factors and ${all.hiddenChanges} of ${all.data.changes.length} weight changes hidden.`);
    await host.page.locator(`${panel} .tab-heading`).screenshot({ path: join(RESULTS, 'compare-only-changes-toggle.png') });
    await host.page.screenshot({ path: join(RESULTS, 'compare-only-changes.png') });

    assert.ok(all.hiddenFactors > 0 && all.factors.length > 0, `factors on both sides of 0.0001: ${all.hiddenFactors} hidden`);
    assert.deepEqual((await exposureFactors()).filter((t) => all.data.exposure.some((e) => e.factor === t)).sort(), all.factors.map((f) => f.factor).sort());

    // A larger threshold hides more: here every factor (the card says so) and most weight changes.
    const larger = expected(0.001);
    from = host.posted.length;
    const input = host.page.locator('.only-changes-threshold input');
    await input.fill('0.001');
    await input.press('Enter');
    const threshold = await host.waitFor(isStateChanged, { from });
    assert.equal(threshold.state.compareThreshold, 0.001);
    await host.rendered('compare', from);
    assert.deepEqual(await tableRows(), larger.changes.map((c) => c.stock));
    assert.equal(larger.factors.length, 0);
    assert.equal(await host.page.locator('[data-chart="exposure-change"]').count(), 0);
    assert.match((await host.page.locator(`${panel} .exposure-change .unavailable`).textContent()) ?? '', /No factor exposure changed by more than 0\.001/);
    assert.match((await host.page.locator(`${panel} .only-changes-note`).textContent()) ?? '', new RegExp(`${larger.hiddenChanges} of ${larger.data.changes.length} weight changes hidden`));

    // Not a number: said beside the field, nothing changes.
    from = host.posted.length;
    await input.fill('lots');
    await input.press('Enter');
    assert.match((await host.page.locator(`${panel} .only-changes-problem`).textContent()) ?? '', /“lots” is not a threshold/);
    assert.equal(host.posted.slice(from).filter(isStateChanged).length, 0);

    // Off again: everything back.
    from = host.posted.length;
    await host.page.locator('.only-changes-toggle').click();
    assert.equal((await host.waitFor(isStateChanged, { from })).state.compareOnlyChanges, false);
    await host.rendered('compare', from);
    assert.equal(await weightBars(), all.data.changes.length);
    assert.equal(await host.page.locator(`${panel} .only-changes-note`).count(), 0);
  });

  it('restores the toggle and its threshold from the saved state', async () => {
    const saved: ViewState = { ...defaultViewState(), tab: 'compare', compareOnlyChanges: true, compareThreshold: 0.002 };
    await open('compare', { savedState: saved });
    await host.rendered('compare');
    const kept = expected(0.002);
    assert.equal(await host.page.locator('.only-changes-toggle').evaluate((e) => (e as HTMLElement & { checked: boolean }).checked), true);
    assert.equal(await host.page.locator('.only-changes-threshold').evaluate((e) => (e as HTMLElement & { value: string }).value), '0.002');
    assert.deepEqual(await tableRows(), kept.changes.map((c) => c.stock));
  });

  it("draws the sample's IC decay as the engine answered it on the sample's four horizons (screenshot)", async () => {
    const decay = signalsFixture().icDecay;
    assert.ok(decay, 'the recorded sample has returns at several horizons');
    assert.deepEqual(decay.horizons.map((x) => [x.horizon, x.dates]), [['1m', 59], ['3m', 57], ['6m', 54], ['12m', 48]]);
    assert.equal(decay.halfLife, 'not reached');
    await open('performance');
    const rendered = await host.rendered('performance');
    const chart = rendered.charts.find((c) => c.name === 'ic-decay');
    assert.ok(chart && chart.marks > 0, 'the IC decay chart drew');
    const rows = await host.page.locator('.tab-panel-body[data-tab="performance"] .ic-decay-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows, decay.horizons.map((x) => [x.horizon, String(x.dates), (x.icMean as number).toFixed(4), (x.tstat as number).toFixed(2), String(x.lags)]));
    // The score's IC grows with the horizon and never halves (computed in SQL in model/sampleHorizons.test.ts).
    assert.match((await host.page.locator('.ic-decay-note').textContent()) ?? '', /IC half-life of the score: not reached by 12m/);
    const texts = await host.page.locator('[data-chart="ic-decay"] text').allTextContents();
    for (const label of ['1', '3', '6', '12']) assert.ok(texts.includes(label), `horizon ${label} on the axis: ${JSON.stringify(texts)}`);
    await host.page.locator('.tab-panel-body[data-tab="performance"] section.ic-decay').screenshot({ path: join(RESULTS, 'performance-ic-decay-sample.png') });
  });

  it('draws the IC decay by horizon and tabulates it as the engine answered (screenshot)', async () => {
    const h = (horizon: string, periods: number, icMean: number, tstat: number, lags: number) => ({ horizon, periods, icMean, tstat, dates: 57, lags });
    const icDecay: IcDecay = {
      frequency: 'monthly',
      horizons: [h('1m', 1, 0.034, 2.9, 3), h('3m', 3, 0.026, 1.7, 3), h('6m', 6, 0.012, 0.8, 5)],
      halfLife: 3 + ((0.026 - 0.017) / (0.026 - 0.012)) * 3,
      factors: [],
    };
    await open('performance', { overrides: [['signals', () => ({ result: { ...signalsFixture(), icDecay } })]] });
    const rendered = await host.rendered('performance');
    const chart = rendered.charts.find((c) => c.name === 'ic-decay');
    assert.ok(chart && chart.marks > 0, 'the IC decay chart drew');
    const rows = await host.page.locator('.tab-panel-body[data-tab="performance"] .ic-decay-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows, icDecay.horizons.map((x) => [x.horizon, '57', (x.icMean as number).toFixed(4), (x.tstat as number).toFixed(2), String(x.lags)]));
    // Half of 0.034 is 0.017, between 0.026 at 3 and 0.012 at 6: 3 + 0.009 / 0.014 x 3 = 4.93 months.
    assert.match((await host.page.locator('.ic-decay-note').textContent()) ?? '', /IC half-life of the score: 4\.9 months/);
    assert.ok((await host.page.locator('[data-chart="ic-decay"] text').allTextContents()).includes('half-life 4.9 months'));
    await host.page.locator('.tab-panel-body[data-tab="performance"] section.ic-decay').screenshot({ path: join(RESULTS, 'performance-ic-decay.png') });
  });
});

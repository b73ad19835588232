import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GlassBoxApi } from '../../src/api';
import type { Tab, ViewState } from '../../src/protocol';
import { closeAllEditors, glassBox, screenshot, suiteLog, workspaceRoot } from './harness';
import { chartsWithMarks, describeCharts, heldStock, LOAD_TIMEOUT_MS, openInGlassBox, RunWatcher } from './runViews';

describe('the run editor on the sample run', function () {
  this.timeout(LOAD_TIMEOUT_MS + 60_000);
  let api: GlassBoxApi;
  let manifest: vscode.Uri;
  let watcher: RunWatcher;

  before(async () => {
    api = await glassBox();
    manifest = vscode.Uri.joinPath(workspaceRoot(), 'run.glassbox.json');
    await closeAllEditors();
    watcher = new RunWatcher(api, manifest);
  });
  after(async () => {
    watcher?.dispose();
    await closeAllEditors();
  });

  it('loads the manifest and draws the overview', async () => {
    const started = Date.now();
    await openInGlassBox(manifest);
    const info = await watcher.load();
    assert.equal(info.status, 'ready', `load failed: ${info.error?.message}`);
    const run = info.run!;
    suiteLog(`    loaded ${run.name}: ${run.dates.length} dates, ${run.stockCount} stocks, ${run.features.length} features in ${Date.now() - started} ms`);
    assert.ok(run.dates.length >= 55 && run.dates.length <= 65, `about 60 dates, got ${run.dates.length}`);
    assert.equal(run.features.length, 48);
    assert.ok(run.stockCount > 1000, `the Russell 2000 sample has ~2,000 stocks, got ${run.stockCount}`);
    assert.ok(api.panels().some((panel) => panel.uri === info.uri && panel.status === 'ready'), 'panels() lists the view');

    const overview = await watcher.render('overview');
    assert.ok(overview.charts.length > 0, 'the overview draws charts');
    assert.ok(overview.charts.some((chart) => chart.marks > 0), `overview charts: ${describeCharts(overview)}`);
    await screenshot('overview');
  });

  /** The later tests need the run loaded by the first; say so instead of timing out. */
  function assertLoaded(): void {
    const info = api.panels().find((panel) => panel.uri === manifest.toString());
    assert.equal(info?.status, 'ready', `the sample run is not loaded (${info?.error?.message ?? info?.status ?? 'not open'}); see the first failure`);
  }

  it('shows the factors tab when asked', async () => {
    assertLoaded();
    const since = watcher.renders.length;
    await api.show(manifest.toString(), { tab: 'factors' });
    const factors = await watcher.render('factors', since, chartsWithMarks).catch(async (error) => {
      await screenshot('factors-failed');
      throw error;
    });
    suiteLog(`    factors: ${describeCharts(factors)}`);
    await screenshot('factors');
  });

  it("shows a stock's contributions on the stocks tab", async () => {
    assertLoaded();
    const stock = await heldStock(manifest);
    const since = watcher.renders.length;
    await api.show(manifest.toString(), { tab: 'stocks', stock });
    const stocks = await watcher.render('stocks', since, chartsWithMarks).catch(async (error) => {
      await screenshot('stocks-failed');
      throw error;
    });
    suiteLog(`    stocks (${stock}): ${describeCharts(stocks)}`);
    await screenshot('stocks');
  });

  // The full glass box: each tab draws every chart with marks on the sample run, and a
  // screenshot of each is kept (test-results/vscode/).
  const laterTabs: { tab: Tab; state: Partial<ViewState> }[] = [
    { tab: 'features', state: { tab: 'features', feature: 'ep_fy1' } },
    { tab: 'portfolio', state: { tab: 'portfolio', date: '2023-07-31' } },
    { tab: 'compare', state: { tab: 'compare', date: '2025-12-31', compareAgainst: 'baseline' } },
    { tab: 'performance', state: { tab: 'performance' } },
  ];
  for (const { tab, state } of laterTabs) {
    it(`shows the ${tab} tab`, async () => {
      assertLoaded();
      const since = watcher.renders.length;
      await api.show(manifest.toString(), state);
      const drawn = await watcher.render(tab, since, chartsWithMarks).catch(async (error) => {
        await screenshot(`${tab}-failed`);
        throw error;
      });
      suiteLog(`    ${tab}: ${describeCharts(drawn)}`);
      assert.ok(drawn.charts.length >= 3, `${tab} draws its charts: ${describeCharts(drawn)}`);
      await screenshot(tab);
    });
  }
});

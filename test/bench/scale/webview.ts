/**
 * The webview's two heaviest draws at full universe scale, in Debian's Chromium
 * (playwright-core, with the flags of scripts/lib/workbench.mjs). Bundled by scripts/bench/bundle.mjs and run
 * by scripts/bench/run.mjs as `node .cache/bench/dist/scale-webview.mjs`; prints one line of JSON.
 *
 * - beeswarm: 4,500 stocks x 20 features = 90,000 points drawn by the webview's own Charts
 *   class (beeswarmLayout, the axes-only Vega-Lite chart, the canvas point layer; blank
 *   page, no host), from the points arriving to the frame painted;
 * - stock table: the real webview page (harness.ts: webviewHtml with its CSP, the built
 *   bundle) on the Stocks tab, a FakeHost answering `stocks` with 4,500 rows; after a first
 *   open, each date change is timed inside the page, from `applyState` arriving to the
 *   webview's last `rendered` message for the tab (table + the selected stock's waterfall
 *   and history; this includes the fake host's round trip for the rows: an upper bound),
 *   to the table showing the new date's rows (`rowsMs`, before the charts redraw), and from
 *   the rows' answer arriving in the page to the table showing them (`webviewMs`: the
 *   webview's own part, without the fake host's serialisation of 4,500 rows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BeeswarmPoint } from '../../../src/model/features/types';
import type { StockRow } from '../../../src/model/types';
import { defaultViewState } from '../../../src/protocol';
import { FakeHost, ROOT, launchChromium, startServer } from '../../webview/harness';

const STOCKS = 4500;
const FEATURES = 20;
const REPS = Number(process.env.GLASSBOX_BENCH_WEBVIEW_REPS ?? 3);
const SECTORS = ['Energy', 'Financials', 'Health Care', 'Industrials', 'Information Technology', 'Materials', 'Real Estate', 'Utilities'];

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function beeswarmPoints(): BeeswarmPoint[] {
  const random = seeded(7);
  const points: BeeswarmPoint[] = [];
  for (let f = 0; f < FEATURES; f++) {
    for (let s = 0; s < STOCKS; s++) {
      const value = random() * 2 - 1;
      points.push({ feature: `feature_${String(f).padStart(2, '0')}`, factor: `factor_${f % 5}`, stock: `S${String(s).padStart(5, '0')}`, contribution: (value + random() - 0.5) * 0.01, value, weight: random() < 0.1 ? random() * 0.005 : 0 });
    }
  }
  return points;
}

function stockRows(date: string): { date: string; rows: StockRow[] } {
  const random = seeded(11);
  const rows: StockRow[] = [];
  for (let s = 0; s < STOCKS; s++) {
    const weight = random() < 0.1 ? random() * 0.005 : 0;
    const benchmarkWeight = random() * 0.0005;
    rows.push({
      stock: `S${String(s).padStart(5, '0')}`,
      name: `Company ${s}`,
      sector: SECTORS[s % SECTORS.length],
      country: 'United States',
      region: 'North America',
      weight,
      benchmarkWeight,
      activeWeight: weight - benchmarkWeight,
      score: random() - 0.5,
      topDriver: `feature_${s % 20}`,
      topDriverContribution: random() * 0.01,
      dominantFactor: `factor_${s % 5}`,
      dominantFactorContribution: random() * 0.02,
    });
  }
  return { date, rows };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launchChromium();
const { server, origin } = await startServer();
try {
  // Beeswarm, on a blank page with the bundle injected (a fresh page per draw).
  const points = beeswarmPoints();
  const script = readFileSync(join(ROOT, '.cache/bench/dist/scale-beeswarm-page.js'), 'utf8');
  type Draw = { layoutMs: number; embedMs: number; canvasMs: number; totalMs: number; renderer: string; marks: number };
  const draw = async (): Promise<Draw[]> => {
    const draws: Draw[] = [];
    for (let r = 0; r < REPS; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.setContent('<!doctype html><html><body><div id="chart" style="width: 1100px"></div></body></html>');
      await page.addScriptTag({ content: script });
      // The points reach the page first (as the host's answer reaches the webview before the tab draws), then the draw is timed.
      await page.evaluate((p) => ((window as unknown as { beeswarmPoints: unknown }).beeswarmPoints = p), points);
      draws.push(await page.evaluate(() => {
        const w = window as unknown as { drawBeeswarm: (p: unknown) => Promise<never>; beeswarmPoints: unknown };
        return w.drawBeeswarm(w.beeswarmPoints);
      }));
      if (draws.at(-1)!.marks !== points.length) throw new Error(`beeswarm: ${draws.at(-1)!.marks} points drawn, not ${points.length}`);
      await page.close();
    }
    return draws;
  };
  // GLASSBOX_BENCH_WEBVIEW_ONLY=table skips the beeswarm (two minutes on a loaded machine).
  const tableOnly = process.env.GLASSBOX_BENCH_WEBVIEW_ONLY === 'table';
  const none: Draw[] = [{ layoutMs: NaN, embedMs: NaN, canvasMs: NaN, totalMs: NaN, renderer: 'skipped', marks: 0 }];
  const beeswarm = tableOnly ? none : await draw();

  // Stock table, on the real webview page: timed inside the page, from the `response`
  // carrying the 4,500 rows arriving to the webview posting `rendered` for the tab.
  const host = new FakeHost(browser, origin);
  host.overrides.set('stocks', (query) => ({ result: stockRows(query.date) }));
  const started = performance.now();
  await host.open({ initState: { ...defaultViewState(), tab: 'stocks' } });
  await host.rendered('stocks');
  const firstOpenMs = performance.now() - started;
  const rowsInDom = await host.page.locator('.stock-table tbody tr[data-stock]').count();
  await host.page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const post = w.__glassboxPost as (m: { type: string }) => unknown;
    w.__glassboxPost = (m: { type: string }) => {
      if (m.type === 'rendered') w.__renderedAt = performance.now();
      return post(m);
    };
    window.addEventListener('message', (e) => {
      if (e.data?.type === 'applyState') w.__applyAt = performance.now();
      // The rows' answer arriving (the event's own time stamp: this listener may run after the app's).
      if (e.data?.type === 'response' && Array.isArray(e.data.result?.rows)) w.__responseAt = e.timeStamp;
    }, true);
    // The table's own part: the first change of its rows after the date changed.
    const body = document.querySelector('.stock-table tbody');
    if (body) new MutationObserver(() => {
      if ((w.__applyAt as number) > ((w.__tableAt as number) ?? 0)) w.__tableAt = performance.now();
    }).observe(body, { childList: true });
  });
  const dates = host.run.dates;
  const table: number[] = [];
  /** From the date change to the table showing the new date's rows (before the stock's charts redraw). */
  const tableRows: number[] = [];
  /** From the rows' answer arriving in the page to the table showing them: the webview's own part. */
  const tableWebview: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const from = host.posted.length;
    await host.send({ type: 'applyState', state: { date: dates[(dates.length - 2 - r + dates.length) % dates.length] } });
    await host.rendered('stocks', from);
    // Let late messages (a second `rendered`) land before reading the marks.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const marks = await host.page.evaluate(() => {
      const w = window as unknown as Record<string, number>;
      return { total: w.__renderedAt - w.__applyAt, rows: w.__tableAt - w.__applyAt, webview: w.__tableAt - w.__responseAt };
    });
    table.push(marks.total);
    tableRows.push(marks.rows);
    tableWebview.push(marks.webview);
  }
  await host.close();
  process.stdout.write(
    `${JSON.stringify({
      beeswarm: { points: points.length, renderer: beeswarm[0].renderer, marks: beeswarm[0].marks, layoutMs: median(beeswarm.map((b) => b.layoutMs)), canvasMs: median(beeswarm.map((b) => b.canvasMs)), totalMs: median(beeswarm.map((b) => b.totalMs)), runs: beeswarm.map((b) => b.totalMs) },
      stockTable: { rows: STOCKS, rowsInDom, renderMs: median(table), firstOpenMs, runs: table, rowsMs: median(tableRows), rowsRuns: tableRows, webviewMs: median(tableWebview), webviewRuns: tableWebview },
    })}\n`,
  );
} finally {
  server.close();
  await browser.close();
}

/**
 * The HTML review summary in a real browser (Debian's Chromium): opened from disk as a
 * reviewer would open an artifact, every chart is drawn, no request leaves the page, and a
 * hostile name stays text.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { HOSTILE, removeTempDirs, writeFixture } from '../unit/cli/fixtures';
import { CATEGORICAL_PALETTE } from '../../src/views/palette';
import { launchChromium, ROOT } from './harness';
import { loadSampleEngine } from './sampleEngine';

const RESULTS = join(ROOT, 'test-results/report');
const CLI = join(ROOT, 'dist/cli.mjs');
const SAMPLE = join(ROOT, 'samples/russell2000/run.glassbox.json');

function report(run: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'report', run, '--out', out], { cwd: ROOT }, (error, _stdout, stderr) => (error ? reject(new Error(`glassbox report exited ${error.code}: ${stderr}`)) : resolve()));
  });
}

interface Opened {
  page: Page;
  requests: string[];
  consoleErrors: string[];
}

/** What each chart drew: data marks outside axes, legends and titles. */
interface ChartMarks {
  id: string;
  svgs: number;
  marks: number;
}

async function open(browser: Browser, file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, consoleErrors };
}

function chartMarks(page: Page): Promise<ChartMarks[]> {
  return page.evaluate(() => {
    const dataMarks = ['rect', 'symbol', 'arc', 'area', 'line', 'trail', 'path', 'shape'];
    return [...document.querySelectorAll('figure.chart')].map((figure) => {
      let marks = 0;
      for (const group of figure.querySelectorAll('svg g.role-mark')) {
        if (group.closest('.role-axis, .role-legend, .role-title')) continue;
        if (!dataMarks.some((type) => group.classList.contains(`mark-${type}`))) continue;
        marks += group.children.length;
      }
      return { id: figure.id, svgs: figure.querySelectorAll('svg').length, marks };
    });
  });
}

describe('the HTML review summary in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  const sampleFile = join(RESULTS, 'sample.html');
  const fixtureFile = join(RESULTS, 'hostile.html');

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    const fixture = writeFixture({ sectorMaxActive: 0.1 });
    [browser] = await Promise.all([launchChromium(), report(SAMPLE, sampleFile), report(fixture.manifest, fixtureFile)]);
  });

  after(async () => {
    await browser?.close();
    removeTempDirs();
  });

  it('draws every chart of the sample run, with no request but the file itself', async () => {
    const { page, requests, consoleErrors } = await open(browser, sampleFile);
    try {
      const charts = await chartMarks(page);
      assert.equal(charts.length, 15, '12 charts of the views, and the Performance section\'s cumulative return, active drawdown and IC decay');
      for (const chart of charts) {
        assert.equal(chart.svgs, 1, chart.id);
        assert.ok(chart.marks > 0, `${chart.id} drew no marks`);
      }
      const sizes = await page.evaluate(() => [...document.querySelectorAll('figure.chart svg')].map((svg) => svg.getBoundingClientRect().width * svg.getBoundingClientRect().height));
      assert.ok(sizes.every((area) => area > 10_000), JSON.stringify(sizes));
      assert.equal(await page.locator('script').count(), 0);
      await page.screenshot({ path: join(RESULTS, 'sample.png'), fullPage: true });
      assert.deepEqual(requests, [pathToFileURL(sampleFile).href]);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await page.close();
    }
  });

  it('shows hostile names as text: no element is created from data', async () => {
    const { page, requests, consoleErrors } = await open(browser, fixtureFile);
    try {
      assert.equal(await page.locator('img').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { alerted?: boolean }).alerted ?? false), false);
      const text = await page.evaluate(() => document.body.innerText);
      assert.ok(text.includes(HOSTILE), 'the hostile sector is shown as text');
      assert.ok(text.includes('Pipe|Co <b>bold</b>'), 'the stock name is shown as text');
      const svgText = await page.evaluate(() => [...document.querySelectorAll('figure.chart svg text')].map((t) => t.textContent ?? '').join('\n'));
      // Axis labels are truncated to their label limit ("<img src=x onerr…"), so the start is checked.
      assert.ok(svgText.includes('<img src=x'), 'the hostile sector is drawn as chart text');
      const charts = await chartMarks(page);
      assert.ok(charts.length >= 10 && charts.every((c) => c.marks > 0), JSON.stringify(charts));
      await page.screenshot({ path: join(RESULTS, 'hostile.png'), fullPage: true });
      assert.deepEqual(requests, [pathToFileURL(fixtureFile).href]);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await page.close();
    }
  });

  it('colours each factor as the view does: the shared palette, in the run\'s factor order', async () => {
    const factors = (await loadSampleEngine(ROOT)).summary().factors;
    const { page } = await open(browser, sampleFile);
    try {
      // Each legend of a factor chart: its labels and symbols, in order.
      const legends = await page.evaluate(() =>
        ['factor-history', 'feature-importance', 'factor-importance'].map((id) => {
          const legend = document.querySelector(`figure#${id} .role-legend`);
          const labels = [...(legend?.querySelectorAll('.role-legend-label text') ?? [])].map((t) => t.textContent ?? '');
          const symbols = [...(legend?.querySelectorAll('.role-legend-symbol path') ?? [])].map((p) => {
            const stroke = p.getAttribute('stroke');
            const fill = p.getAttribute('fill');
            return fill && fill !== 'transparent' && fill !== 'none' ? fill : stroke;
          });
          return { id, labels, symbols };
        }),
      );
      const checked = legends.filter((l) => l.labels.length > 0);
      assert.ok(checked.length >= 2, JSON.stringify(legends));
      for (const legend of checked) {
        assert.equal(legend.symbols.length, legend.labels.length, legend.id);
        legend.labels.forEach((factor, i) => {
          assert.ok(factors.includes(factor), `${legend.id}: ${factor} is a factor of the run`);
          assert.equal(legend.symbols[i], CATEGORICAL_PALETTE[factors.indexOf(factor)], `${legend.id}: ${factor}`);
        });
      }
    } finally {
      await page.close();
    }
  });
});

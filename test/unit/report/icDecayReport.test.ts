/**
 * The IC decay block of the Markdown and HTML reports: the numbers of `check --json` (one
 * computation), the half-life in words, and the chart among the Performance figures.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderReportCharts } from '../../../src/cli/report';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { readTable } from '../../../src/model/read/index';
import { loadRun } from '../../../src/model/run/loadRun';
import { buildReportData, htmlReport, markdownReport } from '../../../src/report/index';
import { removeTempDirs } from '../cli/fixtures';
import { twoHorizonRun } from '../cli/icDecayFixture';

async function reportOf(path: string) {
  const { manifest, diagnostics } = parseManifest(readFileSync(path, 'utf8'), 'run.glassbox.json');
  const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: new Uint8Array(readFileSync(join(dirname(path), t.path))) }));
  return buildReportData(await loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, readTable));
}

describe('the review summary: IC decay', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  it('writes the rank IC by horizon and the half-life in Markdown and HTML, with the chart', async () => {
    const data = await reportOf(twoHorizonRun('wide'));
    const md = markdownReport(data);
    assert.match(md, /^### IC decay: rank IC by return horizon$/m);
    // Worked out in checkIcDecay.test.ts: 1m 0.8 (t 6 sqrt 2, 1 lag), 3m 1/15 (t sqrt(243)/48, 2 lags), half-life 23/11.
    assert.match(md, /^\| 1m \| 1 \| 3 \| 0\.8000 \| 8\.49 \| 1 \|$/m);
    assert.match(md, /^\| 3m \| 3 \| 3 \| 0\.0667 \| 0\.32 \| 2 \|$/m);
    assert.match(md, /half of the shortest horizon's, interpolated between horizons\): 2\.1 months\.$/m);
    const charts = await renderReportCharts(data);
    const decay = charts.find((c) => c.id === 'performance-ic-decay');
    assert.ok(decay, charts.map((c) => c.id).join(', '));
    assert.ok(decay.svg.includes('half-life 2.1 months'));
    const html = htmlReport(data, charts);
    assert.ok(html.includes('<h3>IC decay: rank IC by return horizon</h3>'));
    assert.ok(html.includes('<td>3m</td><td class="num">3</td><td class="num">3</td><td class="num">0.0667</td><td class="num">0.32</td><td class="num">2</td>'));
    assert.ok(html.includes('<figure id="performance-ic-decay"'));
  });

  it('leaves the block out with one horizon', async () => {
    const path = twoHorizonRun('wide');
    const returns = join(dirname(path), 'returns.csv');
    // Keep only the 1-month column: one horizon, as a run without a horizon has.
    writeFileSync(returns, readFileSync(returns, 'utf8').replace(/,[^,\n]*$/gm, ''));
    const data = await reportOf(path);
    assert.equal(data.signals?.icDecay, null);
    assert.ok(Math.abs((data.signals?.stats[0].icMean as number) - 0.8) < 1e-12);
    assert.ok(!markdownReport(data).includes('IC decay'));
    assert.ok(!(await renderReportCharts(data)).some((c) => c.id === 'performance-ic-decay'));
  });
});

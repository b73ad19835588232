// `npm run bench`: Glass Box against DuckDB at full universe scale.
//
//   node scripts/bench/run.mjs [--sizes S,M,L] [--formats wide,long,csv] [--out FILE]
//                              [--reps N] [--no-webview] [--no-cli] [--readers]
//
// Needs a build first (dist/worker.js, dist/webview): `npm run bench` builds, then runs this.
// For each size and format: the run is generated once (.cache/bench/, see generate.mjs);
// one child process per run loads it the extension's way (probe.ts: the real dist/worker.js
// in a worker thread) and reports open time, first view, 100 interactions, peak RSS and the
// main thread's longest stall; DuckDB answers the same aggregation from the same files, in
// this process; `glassbox attribution` and a DuckDB script answer the same question as whole
// processes. Then the webview's beeswarm and stock table in Chromium. Prints a table of every
// figure with its ratio to DuckDB and the targets; --out writes them as JSON.
// Timings only: nothing here passes or fails a build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { OUT, bundleProbes } from './bundle.mjs';
import { cubeSql, timeQuery } from './duckdb.mjs';
import { FORMATS, ROOT, SIZES, generate, manifestPath } from './generate.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'S,M,L' },
    formats: { type: 'string', default: FORMATS.join(',') },
    out: { type: 'string' },
    reps: { type: 'string', default: '3' },
    'no-webview': { type: 'boolean', default: false },
    'no-cli': { type: 'boolean', default: false },
    readers: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map((s) => s.trim().toUpperCase());
const formats = values.formats.split(',').map((s) => s.trim().toLowerCase());
for (const s of sizes) if (!SIZES[s]) throw new Error(`--sizes: unknown size ${s} (S, M, L)`);
for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`--formats: unknown format ${f} (${FORMATS.join(', ')})`);
const REPS = Math.max(1, Number(values.reps));
if (!existsSync(join(ROOT, 'dist/worker.js'))) throw new Error('dist/worker.js is missing: run `npm run build` first (npm run bench does)');

const TARGETS = { openVsDuckdb: 3, cliVsDuckdb: 3, p95Ms: 50, peakMb: 2048, stallMs: 50, webviewMs: 500 };
const log = (...args) => console.error(...args);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** Runs a command; returns its wall-clock milliseconds and output. */
function timed(command, args, options = {}) {
  const started = performance.now();
  const child = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}: ${child.stderr?.slice(-2000)}`);
  return { ms, stdout: child.stdout, stderr: child.stderr };
}

const started = Date.now();
log(`Glass Box scale benchmark: sizes ${sizes.join(',')}, formats ${formats.join(',')}; ${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`);
const entries = await bundleProbes();
// Snapshot the built worker and CLI: a build running beside the benchmark rewrites dist/.
const SNAPSHOT = OUT;
for (const file of ['worker.js', 'cli.mjs']) if (existsSync(join(ROOT, 'dist', file))) copyFileSync(join(ROOT, 'dist', file), join(SNAPSHOT, file));
process.env.GLASSBOX_BENCH_WORKER = join(SNAPSHOT, 'worker.js');
const realCli = join(SNAPSHOT, 'cli.mjs');
const cli = existsSync(realCli) ? { path: realCli, label: 'dist/cli.mjs' } : { path: entries.cli, label: 'stand-in (src/cli/main.ts bundled by the bench; dist/cli.mjs absent)' };
/** The 1-minute load average before each measurement: above the core count, figures are inflated. */
const loads = [];
const noteLoad = (what) => {
  const load = loadavg()[0];
  loads.push({ what, load });
  if (load > cpus().length) log(`  (load average ${load.toFixed(1)} on ${cpus().length} cores: other processes compete; ${what} will read high)`);
  return load;
};

const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() },
  targets: TARGETS,
  cli: cli.label,
  runs: [],
  wholeProcess: [],
  webview: null,
};

for (const size of sizes) {
  log(`\n${size}: ${SIZES[size].stocks} stocks x ${SIZES[size].dates} dates x ${SIZES[size].features} features`);
  const fileMb = await generate(size, log);
  for (const format of formats) {
    const manifest = manifestPath(size, format);
    const contributionsFile = { wide: 'wide.parquet', long: 'long.parquet', csv: 'contributions.csv' }[format];
    const weightsFile = format === 'csv' ? 'weights.csv' : 'weights.parquet';
    log(`  ${size} ${format}: loading through dist/worker.js…`);
    let probe;
    const loadBefore = noteLoad(`${size} ${format} open`);
    try {
      probe = JSON.parse(timed(process.execPath, [entries.probe, 'worker', manifest]).stdout.trim().split('\n').pop());
    } catch (error) {
      log(`  ${size} ${format}: FAILED ${error.message.split('\n')[0]}`);
      results.runs.push({ size, format, failed: String(error.message).slice(0, 500) });
      continue;
    }
    log(`  ${size} ${format}: DuckDB cube x${REPS}…`);
    const duck = await timeQuery(cubeSql(manifest), REPS);
    const ms = probe.interactions.map((i) => i.ms);
    const byKind = {};
    for (const i of probe.interactions) (byKind[i.kind] ??= []).push(i.ms);
    results.runs.push({
      size,
      format,
      contributions: probe.summary.contributions,
      filesMb: fileMb[contributionsFile] + fileMb[weightsFile] + fileMb['securities.csv'],
      openMs: probe.openMs,
      openCpuMs: probe.openCpuMs,
      duckdbCubeMs: median(duck.ms),
      duckdbCubeRuns: duck.ms,
      duckdbCubeRows: duck.rows,
      openVsDuckdb: probe.openMs / median(duck.ms),
      firstViewMs: probe.firstViewMs,
      p50Ms: percentile(ms, 50),
      p95Ms: percentile(ms, 95),
      byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { p50: percentile(v, 50), p95: percentile(v, 95), max: Math.max(...v) }])),
      peakRssMb: probe.peakRssMb,
      loadAverage: loadBefore,
      stallMs: probe.stallMs,
      timerGapMs: probe.timerGapMs,
      readBytesMs: probe.readBytesMs,
      stages: probe.stages,
      diagnostics: probe.summary.diagnostics,
    });
    const r = results.runs.at(-1);
    log(`  ${size} ${format}: open ${(r.openMs / 1000).toFixed(2)} s (DuckDB ${(r.duckdbCubeMs / 1000).toFixed(2)} s), p95 ${r.p95Ms.toFixed(0)} ms, peak ${r.peakRssMb.toFixed(0)} MB, stall ${r.stallMs.toFixed(0)} ms`);

    if (!values['no-cli']) {
      // Whole process: `glassbox attribution RUN --by date,sector --weight active --json` against DuckDB's.
      const args = [manifest, '--by', 'date,sector', '--weight', 'active', '--json'];
      noteLoad(`${size} ${format} CLI`);
      const first = timed(process.execPath, [cli.path, 'attribution', ...args]);
      const glassboxRuns = [first.ms];
      for (let i = 1; i < REPS && first.ms < 5000; i++) glassboxRuns.push(timed(process.execPath, [cli.path, 'attribution', ...args]).ms);
      const duckFirst = timed(process.execPath, [join(ROOT, 'scripts/bench/duckdb.mjs'), 'attribution', ...args]);
      const duckRuns = [duckFirst.ms];
      for (let i = 1; i < REPS; i++) duckRuns.push(timed(process.execPath, [join(ROOT, 'scripts/bench/duckdb.mjs'), 'attribution', ...args]).ms);
      // Do both answer the same? Largest difference per (date, sector).
      let parsed;
      try {
        parsed = JSON.parse(first.stdout);
      } catch {
        parsed = [];
        log(`  ${size} ${format}: the CLI printed no JSON (${first.stderr.slice(0, 200)})`);
      }
      const ours = new Map(parsed.map((row) => [`${row.date}|${row.sector}`, row.contribution]));
      const theirs = JSON.parse(duckFirst.stdout);
      let maxDiff = theirs.length === ours.size ? 0 : Infinity;
      for (const row of theirs) maxDiff = Math.max(maxDiff, Math.abs((ours.get(`${row.date}|${row.sector}`) ?? Infinity) - row.contribution));
      results.wholeProcess.push({ size, format, glassboxMs: median(glassboxRuns), glassboxRuns, duckdbMs: median(duckRuns), duckdbRuns: duckRuns, ratio: median(glassboxRuns) / median(duckRuns), groups: theirs.length, maxDifference: maxDiff });
      const w = results.wholeProcess.at(-1);
      log(`  ${size} ${format}: CLI attribution ${(w.glassboxMs / 1000).toFixed(2)} s vs DuckDB process ${(w.duckdbMs / 1000).toFixed(2)} s (max |diff| ${w.maxDifference.toExponential(1)})`);
    }
  }
}

if (!values['no-webview']) {
  log('\nWebview in Chromium: beeswarm 4,500 x 20, stock table 4,500 rows…');
  try {
    results.webview = JSON.parse(timed(process.execPath, [entries.webview]).stdout.trim().split('\n').pop());
  } catch (error) {
    results.webview = { failed: String(error.message).slice(0, 500) };
  }
}

if (values.readers) {
  log('\nReader benchmarks (mocha, test/bench/readers.bench.ts)…');
  spawnSync(join(ROOT, 'node_modules/.bin/mocha'), ['--timeout', '0', 'dist/test/bench/**/*.bench.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

// ---------------------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------------------
const s = (ms) => (ms / 1000).toFixed(2);
const x = (ratio) => (Number.isFinite(ratio) ? `${ratio.toFixed(1)}x` : 'n/a');
const mark = (ok) => (ok ? 'ok' : 'MISS');
function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const out = [];
const m = results.machine;
out.push(`Machine: ${m.cpus} x ${m.model}, ${m.memoryGb} GB, Node ${m.node}; ${m.date}`);
out.push(`Targets: open L <= ${TARGETS.openVsDuckdb}x DuckDB cube; CLI L <= ${TARGETS.cliVsDuckdb}x DuckDB process; interaction p95 <= ${TARGETS.p95Ms} ms; peak RSS <= ${TARGETS.peakMb} MB; main-thread stall <= ${TARGETS.stallMs} ms; webview draws <= ${TARGETS.webviewMs} ms`);
const busy = loads.filter((l) => l.load > m.cpus);
results.loadAverages = loads;
if (busy.length) out.push(`WARNING: the machine was shared: 1-min load average above ${m.cpus} before ${busy.length} of ${loads.length} measurements (max ${Math.max(...busy.map((l) => l.load)).toFixed(1)}); those figures read high.`);
out.push('');
out.push('Open, interactions, memory and stall (the extension\'s way: dist/worker.js in a worker thread, one child process per run; DuckDB cube = date x sector x country x factor, portfolio and active, joined with weights and securities, in-process, median of ' + REPS + ')');
out.push(
  table(
    ['size', 'format', 'contribs', 'files MB', 'open s', 'open CPU s', 'DuckDB cube s', 'open/DuckDB', 'first view s', 'p50 ms', 'p95 ms', 'peak RSS MB', 'stall ms', 'load'],
    results.runs.map((r) =>
      r.failed
        ? [r.size, r.format, 'FAILED', '', '', '', '', '', '', '', '', '', r.failed.slice(0, 60), '']
        : [
            r.size,
            r.format,
            (r.contributions / 1e6).toFixed(1) + 'M',
            r.filesMb.toFixed(0),
            s(r.openMs),
            s(r.openCpuMs),
            s(r.duckdbCubeMs),
            `${x(r.openVsDuckdb)}${r.size === 'L' ? ` ${mark(r.openVsDuckdb <= TARGETS.openVsDuckdb)}` : ''}`,
            s(r.firstViewMs),
            r.p50Ms.toFixed(1),
            `${r.p95Ms.toFixed(1)} ${mark(r.p95Ms <= TARGETS.p95Ms)}`,
            `${r.peakRssMb.toFixed(0)} ${mark(r.peakRssMb <= TARGETS.peakMb)}`,
            `${r.stallMs.toFixed(1)} ${mark(r.stallMs <= TARGETS.stallMs)}`,
            r.loadAverage.toFixed(1),
          ],
    ),
  ),
);
out.push('');
out.push('Interactions by kind (p50 / p95 / max ms; 25 each; through the worker, structured clone included)');
const kinds = ['date change', 'sector filter', 'stock drill-down', 'feature switch'];
out.push(table(['size', 'format', ...kinds], results.runs.filter((r) => !r.failed).map((r) => [r.size, r.format, ...kinds.map((k) => (r.byKind[k] ? `${r.byKind[k].p50.toFixed(1)} / ${r.byKind[k].p95.toFixed(1)} / ${r.byKind[k].max.toFixed(1)}` : ''))])));
out.push('');
out.push('Where the open time goes (worker progress messages, seconds)');
const stageLabels = (r) => r.stages.map((st) => st.label.replace(/ (wide|long|weights|securities|contributions)\.(parquet|csv)$/, (_, n, e) => ` ${n}.${e}`));
out.push(table(['size', 'format', 'stages'], results.runs.filter((r) => !r.failed).map((r) => [r.size, r.format, r.stages.map((st, i) => `${stageLabels(r)[i]} ${s(st.ms)}`).join('; ')])));
if (results.wholeProcess.length) {
  out.push('');
  out.push(`Whole process: \`${cli.label === 'dist/cli.mjs' ? 'node dist/cli.mjs' : 'node .cache/bench/dist/scale-cli.mjs'} attribution RUN --by date,sector --weight active --json\` vs \`node scripts/bench/duckdb.mjs attribution RUN --by date,sector --weight active --json\` (CLI: ${cli.label})`);
  out.push(
    table(
      ['size', 'format', 'glassbox s', 'DuckDB process s', 'ratio', 'groups', 'max |diff|'],
      results.wholeProcess.map((w) => [w.size, w.format, s(w.glassboxMs), s(w.duckdbMs), `${x(w.ratio)}${w.size === 'L' ? ` ${mark(w.ratio <= TARGETS.cliVsDuckdb)}` : ''}`, w.groups, w.maxDifference.toExponential(1)]),
    ),
  );
}
if (results.webview) {
  out.push('');
  const wv = results.webview;
  if (wv.failed) out.push(`Webview: FAILED ${wv.failed}`);
  else {
    out.push('Webview in Chromium (median of runs, ms)');
    out.push(
      table(
        ['draw', 'median ms', 'runs ms', 'target'],
        [
          [`beeswarm ${wv.beeswarm.points} points, ${wv.beeswarm.marks} drawn (${wv.beeswarm.renderer}; layout ${wv.beeswarm.layoutMs.toFixed(0)} ms, canvas ${wv.beeswarm.canvasMs.toFixed(0)} ms)`, wv.beeswarm.totalMs.toFixed(0), wv.beeswarm.runs.map((v) => v.toFixed(0)).join(' / '), mark(wv.beeswarm.totalMs <= TARGETS.webviewMs)],
          [`stock table ${wv.stockTable.rows} rows (${wv.stockTable.rowsInDom} in DOM), date change -> rendered`, wv.stockTable.renderMs.toFixed(0), wv.stockTable.runs.map((v) => v.toFixed(0)).join(' / '), mark(wv.stockTable.renderMs <= TARGETS.webviewMs)],
          [`stock table first open (page load -> rendered)`, wv.stockTable.firstOpenMs.toFixed(0), '', ''],
        ],
      ),
    );
  }
}
out.push('');
out.push(`Total ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(out.join('\n'));
if (values.out) {
  const path = resolve(values.out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path}`);
}

// `npm run bench`: Glass Box against DuckDB at full universe scale.
//
//   node scripts/bench/run.mjs [--sizes S,M,L] [--formats wide,long,csv,long-csv,long-arrow] [--out FILE]
//                              [--reps N] [--no-webview] [--no-cli] [--readers]
//                              [--cluster SIZE]
//
// Needs a build first (dist/worker.js, dist/webview): `npm run bench` builds, then runs this.
// For each size and format: the run is generated once (.cache/bench/, see generate.mjs);
// one child process per run loads it the extension's way (probe.ts: the real dist/worker.js
// in a worker thread) and reports open time, first view, 100 interactions, peak RSS and the
// main thread's longest stall; DuckDB answers the same aggregation from the same files, in
// this process; `glassbox attribution` and a DuckDB script answer the same question as whole
// processes. Then the webview's beeswarm and stock table in Chromium. --cluster SIZE loads
// that size's long run into a two-shard ClickHouse cluster on loopback (cluster.mjs; needs
// Debian's clickhouse-server) and opens it from there the same way, counting the result
// bytes the servers sent. Prints a table of every figure with its ratio to DuckDB and the
// targets; --out writes them as JSON.
// Timings only: nothing here passes or fails a build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { OUT, bundleProbes } from './bundle.mjs';
import { loadRunIntoCluster, resultBytes } from './cluster.mjs';
import { cubeSql, timeQuery } from './duckdb.mjs';
import { clickhouseInstalled, startCluster } from '../lib/clickhouse.mjs';
import { CACHE, FORMATS, ROOT, SIZES, formatsOf, generate, generateLongArrow, generateLongCsv, manifestPath } from './generate.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'S,M,L' },
    formats: { type: 'string', default: FORMATS.join(',') },
    out: { type: 'string' },
    reps: { type: 'string', default: '3' },
    'no-webview': { type: 'boolean', default: false },
    'no-cli': { type: 'boolean', default: false },
    readers: { type: 'boolean', default: false },
    cluster: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map((s) => s.trim().toUpperCase());
const formats = values.formats.split(',').map((s) => s.trim().toLowerCase());
for (const s of sizes) if (!SIZES[s]) throw new Error(`--sizes: unknown size ${s} (${Object.keys(SIZES).join(', ')})`);
for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`--formats: unknown format ${f} (${FORMATS.join(', ')})`);
const REPS = Math.max(1, Number(values.reps));
if (!existsSync(join(ROOT, 'dist/worker.js'))) throw new Error('dist/worker.js is missing: run `npm run build` first (npm run bench does)');

// The engine's targets (on a 2-core machine, against DuckDB measured in the same run).
const TARGETS = { openLSec: 1.5, openXlVsDuckdb: 2, warmOpenSec: 1, cliVsDuckdb: 1.5, p95Ms: { L: 50, XL: 100 }, peakMb: { L: 1024, XL: 1536 }, stallMs: 50, webviewMs: 500 };
const p95Target = (size) => TARGETS.p95Ms[size] ?? TARGETS.p95Ms.L;
const peakTarget = (size) => TARGETS.peakMb[size] ?? TARGETS.peakMb.L;
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

/** Peak RSS (MB) of a whole process, from GNU time when the machine has it, else null. */
function peakOf(command, args, options = {}) {
  if (!existsSync('/usr/bin/time')) return null;
  const child = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const kb = Number(child.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : null;
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
  for (const format of formats.filter((f) => formatsOf(size).includes(f))) {
    const manifest = manifestPath(size, format);
    if (format === 'long-csv') fileMb['long.csv'] = await generateLongCsv(size, log);
    if (format === 'long-arrow') fileMb['long.arrow'] = await generateLongArrow(size, log);
    const contributionsFile = { wide: 'wide.parquet', long: 'long.parquet', csv: 'contributions.csv', 'long-csv': 'long.csv', 'long-arrow': 'long.arrow' }[format];
    // DuckDB reads no Arrow IPC without an extension: its side of the long-arrow rows reads
    // the same run from long.parquet.
    const duckManifest = format === 'long-arrow' ? manifestPath(size, 'long') : manifest;
    const weightsFile = format === 'csv' || format === 'long-csv' ? 'weights.csv' : 'weights.parquet';
    log(`  ${size} ${format}: loading through dist/worker.js…`);
    let probe;
    let warm;
    const loadBefore = noteLoad(`${size} ${format} open`);
    // Cold: an empty run cache, which the open fills; warm: the same run opened again from it.
    const runCache = join(CACHE, 'run-cache', `${size}-${format}`);
    rmSync(runCache, { recursive: true, force: true });
    const probeEnv = { env: { ...process.env, GLASSBOX_BENCH_CACHE_DIR: runCache } };
    try {
      probe = JSON.parse(timed(process.execPath, [entries.probe, 'worker', manifest], probeEnv).stdout.trim().split('\n').pop());
      log(`  ${size} ${format}: opening again from the run cache…`);
      warm = JSON.parse(timed(process.execPath, [entries.probe, 'worker', manifest], probeEnv).stdout.trim().split('\n').pop());
    } catch (error) {
      // Still time DuckDB on the same question, so the row says what the run would take.
      const duck = await timeQuery(cubeSql(duckManifest), 1).catch(() => ({ ms: [NaN] }));
      const reason = String(error.message).split('\n').find((l) => /glassbox|Error|refus|memory|budget/i.test(l)) ?? String(error.message).split('\n')[0];
      log(`  ${size} ${format}: FAILED ${reason}`);
      results.runs.push({ size, format, failed: reason.slice(0, 500), duckdbCubeMs: median(duck.ms) });
      if (!values['no-cli']) {
        const args = [manifest, '--by', 'date,sector', '--weight', 'active', '--date', 'all', '--json'];
        let ours = 'FAILED';
        try {
          ours = s(timed(process.execPath, [cli.path, 'attribution', ...args, '--no-cache']).ms);
        } catch (cliError) {
          ours = `FAILED: ${String(cliError.message).split('\n').find((l) => /glassbox/.test(l)) ?? ''}`.slice(0, 160);
        }
        const duckArgs = [duckManifest, ...args.slice(1)];
        const duckMs = timed(process.execPath, [join(ROOT, 'scripts/bench/duckdb.mjs'), 'attribution', ...duckArgs]).ms;
        results.wholeProcess.push({ size, format, failed: ours, duckdbMs: duckMs, duckdbPeakMb: peakOf(process.execPath, [join(ROOT, 'scripts/bench/duckdb.mjs'), 'attribution', ...duckArgs]) });
      }
      continue;
    }
    log(`  ${size} ${format}: DuckDB cube x${REPS}…`);
    const duck = await timeQuery(cubeSql(duckManifest), REPS);
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
      warmOpenMs: warm.openMs,
      warmFirstViewMs: warm.firstViewMs,
      warmPeakRssMb: warm.peakRssMb,
      warmP95Ms: percentile(warm.interactions.map((i) => i.ms), 95),
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
    log(`  ${size} ${format}: open ${(r.openMs / 1000).toFixed(2)} s (DuckDB ${(r.duckdbCubeMs / 1000).toFixed(2)} s), warm ${(r.warmFirstViewMs / 1000).toFixed(2)} s, p95 ${r.p95Ms.toFixed(0)} ms, peak ${r.peakRssMb.toFixed(0)} MB, stall ${r.stallMs.toFixed(0)} ms`);

    if (!values['no-cli']) {
      // Whole process: `glassbox attribution RUN --by date,sector --weight active --json` against DuckDB's.
      const args = [manifest, '--by', 'date,sector', '--weight', 'active', '--date', 'all', '--json'];
      noteLoad(`${size} ${format} CLI`);
      // Cold: --no-cache reads the files; warm: the user's run cache (here a folder of the
      // bench's), filled by one untimed run first.
      const first = timed(process.execPath, [cli.path, 'attribution', ...args, '--no-cache']);
      const glassboxRuns = [first.ms];
      for (let i = 1; i < REPS && first.ms < 5000; i++) glassboxRuns.push(timed(process.execPath, [cli.path, 'attribution', ...args, '--no-cache']).ms);
      const cliCache = { env: { ...process.env, GLASSBOX_CACHE_DIR: join(CACHE, 'run-cache', `${size}-${format}-cli`) } };
      rmSync(cliCache.env.GLASSBOX_CACHE_DIR, { recursive: true, force: true });
      timed(process.execPath, [cli.path, 'attribution', ...args], cliCache);
      const warmRuns = [];
      let warmStdout = '';
      for (let i = 0; i < REPS; i++) {
        const warmRun = timed(process.execPath, [cli.path, 'attribution', ...args], cliCache);
        warmRuns.push(warmRun.ms);
        warmStdout = warmRun.stdout;
      }
      const warmPeak = peakOf(process.execPath, [cli.path, 'attribution', ...args], cliCache);
      const coldPeak = peakOf(process.execPath, [cli.path, 'attribution', ...args, '--no-cache']);
      const duckArgs = [duckManifest, ...args.slice(1)];
      const duckFirst = timed(process.execPath, [join(ROOT, 'scripts/bench/duckdb.mjs'), 'attribution', ...duckArgs]);
      const duckRuns = [duckFirst.ms];
      for (let i = 1; i < REPS; i++) duckRuns.push(timed(process.execPath, [join(ROOT, 'scripts/bench/duckdb.mjs'), 'attribution', ...duckArgs]).ms);
      // Do both answer the same, cold and from the cache? Largest difference per (date, sector).
      const theirs = JSON.parse(duckFirst.stdout);
      let maxDiff = 0;
      for (const [run, stdout, stderr] of [['cold', first.stdout, first.stderr], ['warm', warmStdout, '']]) {
        let parsed;
        try {
          parsed = JSON.parse(stdout);
        } catch {
          parsed = [];
          log(`  ${size} ${format}: the CLI printed no JSON ${run} (${stderr.slice(0, 200)})`);
        }
        const ours = new Map(parsed.map((row) => [`${row.date}|${row.sector}`, row.contribution]));
        if (theirs.length !== ours.size) maxDiff = Infinity;
        for (const row of theirs) maxDiff = Math.max(maxDiff, Math.abs((ours.get(`${row.date}|${row.sector}`) ?? Infinity) - row.contribution));
      }
      results.wholeProcess.push({
        size,
        format,
        glassboxMs: median(glassboxRuns),
        glassboxRuns,
        warmMs: median(warmRuns),
        warmRuns,
        coldPeakMb: coldPeak,
        warmPeakMb: warmPeak,
        duckdbMs: median(duckRuns),
        duckdbRuns: duckRuns,
        ratio: median(glassboxRuns) / median(duckRuns),
        warmRatio: median(warmRuns) / median(duckRuns),
        groups: theirs.length,
        maxDifference: maxDiff,
      });
      const w = results.wholeProcess.at(-1);
      log(`  ${size} ${format}: CLI attribution cold ${(w.glassboxMs / 1000).toFixed(2)} s, warm ${(w.warmMs / 1000).toFixed(2)} s vs DuckDB process ${(w.duckdbMs / 1000).toFixed(2)} s (max |diff| ${w.maxDifference.toExponential(1)})`);
    }
  }
}

if (values.cluster) {
  const size = values.cluster.toUpperCase();
  if (!SIZES[size]) throw new Error(`--cluster: unknown size ${size}`);
  if (!clickhouseInstalled()) {
    results.cluster = { size, failed: 'clickhouse-server is not installed (apt-get install clickhouse-server)' };
  } else {
    log(`\n${size} from a two-shard ClickHouse cluster: loading the long run into it…`);
    await generate(size, log);
    const cluster = await startCluster({ shards: 2 });
    try {
      const { manifest, loadSec } = await loadRunIntoCluster(manifestPath(size, 'long'), cluster);
      log(`  loaded in ${loadSec.toFixed(0)} s; opening it through dist/worker.js…`);
      const since = new Date(Date.now() - 1000).toISOString().slice(0, 19).replace('T', ' ');
      noteLoad(`${size} cluster open`);
      try {
        const probe = JSON.parse(timed(process.execPath, [entries.probe, 'worker', manifest]).stdout.trim().split('\n').pop());
        const bytes = await resultBytes(cluster.shards[0].url, since);
        const ms = probe.interactions.map((i) => i.ms);
        results.cluster = { size, loadSec, openMs: probe.openMs, firstViewMs: probe.firstViewMs, p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95), peakRssMb: probe.peakRssMb, queries: bytes.queries, resultBytes: bytes.total, largestResultBytes: bytes.largest, contributions: probe.summary.contributions };
      } catch (error) {
        results.cluster = { size, loadSec, failed: String(error.message).slice(-600) };
      }
    } finally {
      await cluster.stop();
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
out.push(
  `Targets: open L <= ${TARGETS.openLSec} s cold, XL <= ${TARGETS.openXlVsDuckdb}x DuckDB's cube cold, any size <= ${TARGETS.warmOpenSec} s warm; CLI <= ${TARGETS.cliVsDuckdb}x DuckDB's process (L, XL); interaction p95 <= ${TARGETS.p95Ms.L} ms at L, ${TARGETS.p95Ms.XL} ms at XL; peak RSS <= ${TARGETS.peakMb.L} MB at L, ${TARGETS.peakMb.XL} MB at XL; main-thread stall <= ${TARGETS.stallMs} ms; webview draws <= ${TARGETS.webviewMs} ms`,
);
const busy = loads.filter((l) => l.load > m.cpus);
results.loadAverages = loads;
if (busy.length) out.push(`WARNING: the machine was shared: 1-min load average above ${m.cpus} before ${busy.length} of ${loads.length} measurements (max ${Math.max(...busy.map((l) => l.load)).toFixed(1)}); those figures read high.`);
out.push('');
out.push('Open, interactions, memory and stall (the extension\'s way: dist/worker.js in a worker thread, one child process per run; DuckDB cube = date x sector x country x factor, portfolio and active, joined with weights and securities, in-process, median of ' + REPS + ')');
out.push(
  table(
    ['size', 'format', 'contribs', 'files MB', 'open s', 'open CPU s', 'DuckDB cube s', 'open/DuckDB', 'first view s', 'warm first view s', 'p50 ms', 'p95 ms', 'peak RSS MB', 'warm peak MB', 'stall ms', 'load'],
    results.runs.map((r) =>
      r.failed
        ? [r.size, r.format, 'FAILED', '', '', '', s(r.duckdbCubeMs), '', '', '', '', '', '', '', r.failed.slice(0, 80), '']
        : [
            r.size,
            r.format,
            (r.contributions / 1e6).toFixed(1) + 'M',
            r.filesMb.toFixed(0),
            s(r.openMs),
            s(r.openCpuMs),
            s(r.duckdbCubeMs),
            `${x(r.openVsDuckdb)}${r.size === 'XL' ? ` ${mark(r.openVsDuckdb <= TARGETS.openXlVsDuckdb)}` : ''}`,
            `${s(r.firstViewMs)}${r.size === 'L' ? ` ${mark(r.firstViewMs <= TARGETS.openLSec * 1000)}` : ''}`,
            `${s(r.warmFirstViewMs)} ${mark(r.warmFirstViewMs <= TARGETS.warmOpenSec * 1000)}`,
            r.p50Ms.toFixed(1),
            `${r.p95Ms.toFixed(1)} ${mark(r.p95Ms <= p95Target(r.size))}`,
            `${r.peakRssMb.toFixed(0)} ${mark(r.peakRssMb <= peakTarget(r.size))}`,
            r.warmPeakRssMb.toFixed(0),
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
  out.push(`Whole process: \`${cli.label === 'dist/cli.mjs' ? 'node dist/cli.mjs' : 'node .cache/bench/dist/scale-cli.mjs'} attribution RUN --by date,sector --weight active --date all --json\` cold (--no-cache) and warm (from the run cache) vs \`node scripts/bench/duckdb.mjs attribution RUN …\` (CLI: ${cli.label}; peak RSS by GNU time)`);
  const gated = (w) => w.size === 'L' || w.size === 'XL';
  const mb0 = (v) => (v === null || v === undefined ? 'n/a' : v.toFixed(0));
  out.push(
    table(
      ['size', 'format', 'cold s', 'warm s', 'DuckDB process s', 'cold ratio', 'warm ratio', 'cold peak MB', 'warm peak MB', 'groups', 'max abs diff'],
      results.wholeProcess.map((w) => w.failed ? [w.size, w.format, w.failed, '', s(w.duckdbMs), '', '', '', '', '', ''] : [
        w.size,
        w.format,
        s(w.glassboxMs),
        s(w.warmMs),
        s(w.duckdbMs),
        `${x(w.ratio)}${gated(w) ? ` ${mark(w.ratio <= TARGETS.cliVsDuckdb)}` : ''}`,
        `${x(w.warmRatio)}${gated(w) ? ` ${mark(w.warmRatio <= TARGETS.cliVsDuckdb)}` : ''}`,
        `${mb0(w.coldPeakMb)}${gated(w) && w.coldPeakMb ? ` ${mark(w.coldPeakMb <= peakTarget(w.size))}` : ''}`,
        `${mb0(w.warmPeakMb)}${gated(w) && w.warmPeakMb ? ` ${mark(w.warmPeakMb <= peakTarget(w.size))}` : ''}`,
        w.groups,
        w.maxDifference.toExponential(1),
      ]),
    ),
  );
}
if (results.cluster) {
  out.push('');
  const c = results.cluster;
  out.push(`From ClickHouse (two shards of Debian's clickhouse-server on loopback, Distributed tables sharded by stock; the ${c.size} long run). Targets: first view <= 3 s, p95 <= 200 ms, <= 1 MB to the extension per view. Bytes: result bytes of every query the open and the interactions sent, as system.query_log counts them`);
  if (c.failed) out.push(`FAILED: ${c.failed}`);
  else {
    const mb = (b) => (b / 2 ** 20).toFixed(1);
    out.push(
      table(
        ['size', 'contribs', 'load into cluster s', 'first view s', 'p50 ms', 'p95 ms', 'peak RSS MB', 'queries', 'MB received', 'largest query MB'],
        [[c.size, `${(c.contributions / 1e6).toFixed(1)}M`, c.loadSec.toFixed(0), `${s(c.firstViewMs)} ${mark(c.firstViewMs <= 3000)}`, c.p50Ms.toFixed(1), `${c.p95Ms.toFixed(1)} ${mark(c.p95Ms <= 200)}`, c.peakRssMb.toFixed(0), c.queries, mb(c.resultBytes), `${mb(c.largestResultBytes)} ${mark(c.largestResultBytes <= 2 ** 20)}`]],
      ),
    );
  }
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

/**
 * One measured load, in its own process (so that its peak RSS is its own). Bundled by
 * scripts/bench/bundle.mjs to .cache/bench/dist/scale-probe.mjs and run as
 *
 *   node probe.mjs worker RUN.glassbox.json   the extension's way: the real dist/worker.js in a
 *                                             worker_threads Worker; the main thread only reads
 *                                             the files and relays messages, and its event-loop
 *                                             delay is sampled while the worker loads
 *   node probe.mjs inproc RUN.glassbox.json   loadRun in this thread, with stage timers
 *                                             (for --cpu-prof and the breakdown)
 *
 * Prints one line of JSON (a ProbeResult) on stdout. Timings only, no assertions.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { remoteRunFiles } from '../../../src/clickhouse/remoteSource';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { buildCube } from '../../../src/model/engine/cube';
import { DuckDbConnection } from '../../../src/duckdb/duckdbConnection';
import { DuckDbTableSource } from '../../../src/duckdb/tableFiles';
import { loadRun, type RunFile, type TableSource } from '../../../src/model/run/loadRun';
import type { Filters, RunSummary } from '../../../src/model/types';
import type { Query } from '../../../src/protocol';
import { answerHeldQuery } from '../../../src/worker/answerQuery';
import type { FromWorker, ToWorker } from '../../../src/worker/messages';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INTERACTIONS = Number(process.env.GLASSBOX_BENCH_INTERACTIONS ?? 100);
/** The glassbox.memoryBudgetMB setting's default, as the extension sends it to the worker: past it, long Parquet is read by date. */
const MEMORY_BUDGET_MB = 3072;

/** The worker's run cache (as the extension's global storage): a cold open writes it, a warm one reads it. */
const CACHE_DIR = process.env.GLASSBOX_BENCH_CACHE_DIR;
const NO_FILTERS: Filters = { sectors: [], countries: [], regions: [], factors: [] };

export interface Stage {
  label: string;
  ms: number;
}

export interface ProbeResult {
  mode: 'worker' | 'inproc';
  run: string;
  /** Reading the files' bytes on the main thread (not part of `openMs`). */
  readBytesMs: number;
  /** loadRun: read + validate + panel + cube (+ summary), as the host sees it. */
  openMs: number;
  /** CPU time (user + system, every thread of the process) spent during the open: robust to a busy machine. */
  openCpuMs: number;
  /** openMs + the overview of the latest date. */
  firstViewMs: number;
  stages: Stage[];
  interactions: { kind: string; ms: number }[];
  peakRssMb: number;
  /** Longest main-thread event-loop delay during the load (worker mode only). */
  stallMs: number | null;
  /** The same from a 1 ms timer: the largest gap between ticks beyond its period. */
  timerGapMs: number | null;
  summary: { stocks: number; dates: number; features: number; contributions: number; diagnostics: string[] };
}

function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** A deterministic sequence of interactions: date change, sector filter, drill-down, feature switch. */
function interactionPlan(summary: RunSummary, count: number): { kind: string; queries: Query[] }[] {
  let seed = 12345;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const latest = summary.dates[summary.dates.length - 1];
  const stocks = summary.stockCount;
  const plan: { kind: string; queries: Query[] }[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0: {
        const date = summary.dates[next(summary.dates.length)];
        plan.push({ kind: 'date change', queries: [{ kind: 'overview', date, filters: NO_FILTERS }, { kind: 'factors', date, filters: NO_FILTERS }] });
        break;
      }
      case 1: {
        const filters = { ...NO_FILTERS, sectors: [summary.sectors[next(summary.sectors.length)]] };
        plan.push({ kind: 'sector filter', queries: [{ kind: 'overview', date: latest, filters }, { kind: 'factors', date: latest, filters }] });
        break;
      }
      case 2: {
        const stock = `S${String(next(stocks)).padStart(5, '0')}`;
        plan.push({ kind: 'stock drill-down', queries: [{ kind: 'stock', date: latest, stock, filters: NO_FILTERS }] });
        break;
      }
      case 3: {
        const feature = summary.features[next(summary.features.length)].name;
        // As the Features tab asks once it shows the date: the dependence plot alone.
        plan.push({ kind: 'feature switch', queries: [{ kind: 'dependence', date: latest, filters: NO_FILTERS, feature, colorBy: null }] });
        break;
      }
    }
  }
  return plan;
}

async function runFiles(manifestFile: string): Promise<{ manifest: ReturnType<typeof parseManifest>; files: RunFile[]; readBytesMs: number }> {
  const manifest = parseManifest(readFileSync(manifestFile, 'utf8'), manifestFile);
  if (!manifest.manifest) throw new Error(`${manifestFile}: ${JSON.stringify(manifest.diagnostics)}`);
  const started = performance.now();
  const files: RunFile[] = [];
  // Local files go to the loader by path, as the extension sends them (the database reads
  // them); a run in a database names tables (the bench's cluster row).
  if (manifest.manifest.source) files.push(...remoteRunFiles(manifest.manifest));
  else for (const table of manifestTables(manifest.manifest)) files.push({ role: table.role, name: table.path, path: join(dirname(manifestFile), table.path) });
  return { manifest, files, readBytesMs: performance.now() - started };
}

function summaryOf(summary: RunSummary): ProbeResult['summary'] {
  return { stocks: summary.stockCount, dates: summary.dates.length, features: summary.features.length, contributions: summary.contributionCount, diagnostics: summary.diagnostics.map((d) => d.code) };
}

/** Waits (up to a minute) until no cache file is being written. */
async function cacheWritten(dir: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  const writing = () => existsSync(dir) && readdirSync(dir).some((n) => n.endsWith('.tmp'));
  do await new Promise((resolve) => setTimeout(resolve, 100));
  while (writing() && performance.now() < deadline);
}

/** The extension's way: dist/worker.js in a Worker, messages as src/worker/client.ts sends them. */
async function inWorker(manifestFile: string): Promise<ProbeResult> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let timerGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    timerGap = Math.max(timerGap, now - last - 1);
    last = now;
  }, 1);
  delay.enable();
  const { manifest, files, readBytesMs } = await runFiles(manifestFile);
  // As the extension's host does (src/worker/client.ts): the worker's database spills to a
  // folder made and removed here, since a terminated worker runs no cleanup.
  const spillFolder = mkdtempSync(join(tmpdir(), 'glassbox-duckdb-'));
  const worker = new Worker(process.env.GLASSBOX_BENCH_WORKER ?? join(ROOT, 'dist/worker.js'));
  const pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void; progress?: (text: string) => void }>();
  worker.on('message', (message: FromWorker) => {
    const p = pending.get(message.id);
    if (!p) return;
    if (message.type === 'progress') return p.progress?.(message.message);
    pending.delete(message.id);
    if (message.type === 'failed') p.reject(new Error(message.error.message));
    else p.resolve(message);
  });
  worker.on('error', (error) => pending.forEach((p) => p.reject(error)));
  let nextId = 1;
  const request = (message: ToWorker, transfer: ArrayBuffer[] = [], progress?: (text: string) => void) =>
    new Promise<FromWorker>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, progress });
      worker.postMessage({ ...message, id }, transfer);
    });
  const stages: Stage[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  let mark = started;
  let label = 'worker start';
  const loaded = await request(
    { type: 'load', id: 0, source: manifestFile, manifest: manifest.manifest, manifestDiagnostics: manifest.diagnostics, files, baseline: null, options: { integrityTolerance: 1e-6, memoryLimitMB: MEMORY_BUDGET_MB }, cache: CACHE_DIR ? { dir: CACHE_DIR, maxMB: 16384 } : null, spillFolder },
    files.flatMap((f) => (f.bytes ? [f.bytes.buffer as ArrayBuffer] : [])),
    (text) => {
      const now = performance.now();
      stages.push({ label, ms: now - mark });
      label = text.replace(/…$/, '').replace('Building the attribution cube', 'panel + cube + guardrails');
      mark = now;
    },
  );
  const openMs = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpu);
  const openCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
  stages.push({ label, ms: performance.now() - mark });
  const summary = (loaded as Extract<FromWorker, { type: 'loaded' }>).summary;
  delay.disable();
  clearInterval(ticker);
  const stallMs = delay.max / 1e6;
  const query = async (q: Query) => (await request({ type: 'query', id: 0, query: q })) as Extract<FromWorker, { type: 'result' }>;
  await query({ kind: 'overview', date: summary.dates[summary.dates.length - 1], filters: NO_FILTERS });
  const firstViewMs = performance.now() - started;
  const interactions: ProbeResult['interactions'] = [];
  for (const step of interactionPlan(summary, INTERACTIONS)) {
    const t = performance.now();
    for (const q of step.queries) await query(q);
    interactions.push({ kind: step.kind, ms: performance.now() - t });
  }
  // The worker writes the cache in the background after the first view: let it finish.
  if (CACHE_DIR) await cacheWritten(CACHE_DIR);
  await worker.terminate();
  rmSync(spillFolder, { recursive: true, force: true });
  return { mode: 'worker', run: manifestFile, readBytesMs, openMs, openCpuMs, firstViewMs, stages, interactions, peakRssMb: peakRssMb(), stallMs, timerGapMs: timerGap, summary: summaryOf(summary) };
}

/** loadRun on this thread, with a timer per stage; then the cube rebuilt alone, timed. */
async function inProcess(manifestFile: string): Promise<ProbeResult> {
  const { manifest, files, readBytesMs } = await runFiles(manifestFile);
  const database = await DuckDbConnection.open({ memoryLimitMB: MEMORY_BUDGET_MB });
  // GLASSBOX_BENCH_BY_DATE=1 profiles the path a run past the budget takes, on any run.
  const source = new DuckDbTableSource(database, { memoryBudgetMB: MEMORY_BUDGET_MB, alwaysByDate: process.env.GLASSBOX_BENCH_BY_DATE === '1' });
  const stages: Stage[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  let mark = started;
  let label = 'start';
  const timed = <T>(label: string, read: () => Promise<T>) => async () => {
    const t = performance.now();
    const result = await read();
    stages.push({ label, ms: performance.now() - t });
    return result;
  };
  const timedSource: TableSource = {
    read: (file) => timed(`  of which read ${file.name}`, () => source.read(file))(),
    readLongContributions: (file, overrides, diagnostics, grouping) => timed(`  of which long pivot ${file.name}`, () => source.readLongContributions(file, overrides, diagnostics, grouping))(),
  };
  const engine = await loadRun({ source: manifestFile, manifest: manifest.manifest, manifestDiagnostics: manifest.diagnostics, files }, timedSource, (text) => {
    const now = performance.now();
    stages.push({ label, ms: now - mark });
    label = text.replace(/…$/, '').replace('Building the attribution cube', 'panel + cube + guardrails');
    mark = now;
  });
  const openMs = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpu);
  const openCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
  stages.push({ label, ms: openMs - (mark - started) });
  const panel = (engine as unknown as { panel: Parameters<typeof buildCube>[0] }).panel;
  const t = performance.now();
  buildCube(panel);
  stages.push({ label: '  of which buildCube (timed again, alone)', ms: performance.now() - t });
  let t1 = performance.now();
  const summary = engine.summary();
  stages.push({ label: 'summary', ms: performance.now() - t1 });
  const latest = summary.dates[summary.dates.length - 1];
  t1 = performance.now();
  engine.overview(latest, NO_FILTERS);
  stages.push({ label: 'overview of the latest date', ms: performance.now() - t1 });
  const firstViewMs = performance.now() - started;
  const interactions: ProbeResult['interactions'] = [];
  for (const step of interactionPlan(summary, INTERACTIONS)) {
    const t0 = performance.now();
    // JSON round trip: what postMessage's structured clone costs, roughly.
    for (const q of step.queries) JSON.stringify(await answerHeldQuery(engine, q));
    interactions.push({ kind: step.kind, ms: performance.now() - t0 });
  }
  source.dispose();
  database.close();
  return { mode: 'inproc', run: manifestFile, readBytesMs, openMs, openCpuMs, firstViewMs, stages: stages.filter((s) => s.label !== 'start'), interactions, peakRssMb: peakRssMb(), stallMs: null, timerGapMs: null, summary: summaryOf(summary) };
}

const [mode, manifestFile] = process.argv.slice(2);
const result = mode === 'inproc' ? await inProcess(manifestFile) : await inWorker(manifestFile);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

/**
 * The run cache on disk: a reopened, unchanged run comes from the cache without reading a
 * file and answers every view exactly as when it was read; any change to a file (content or
 * only its modification time) reads the run again; the folder keeps to its cap; a damaged
 * cache file is never shown.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { loadPanel, loadRun, type LoadRequest, type RunFile, type RunInput, type TableSource } from '../../../src/model/run/loadRun';
import type { Filters } from '../../../src/model/types';
import type { Query } from '../../../src/protocol';
import { FileRunCache } from '../../../src/runCache/fileRunCache';
import { answerQuery } from '../../../src/worker/answerQuery';
import { duckdbSource } from '../duckdb/testSource';
import { heldCells } from '../model/fixtures';

const SAMPLE_DIR = join(process.cwd(), 'samples/russell2000');
const NO_FILTERS: Filters = { sectors: [], countries: [], regions: [], factors: [] };

function runInput(manifestPath: string, source: string): RunInput {
  const { manifest, diagnostics } = parseManifest(readFileSync(manifestPath, 'utf8'), source);
  const files: RunFile[] = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, path: join(dirname(manifestPath), t.path) }));
  return { source, manifest, manifestDiagnostics: diagnostics, files };
}

function request(dir: string): LoadRequest {
  const run = runInput(join(dir, 'run.glassbox.json'), 'run.glassbox.json');
  return { ...run, baseline: runInput(join(dir, 'baseline/run.glassbox.json'), 'baseline/run.glassbox.json') };
}

/** The DuckDB source, counting the files it is asked to read. */
async function countingSource(): Promise<{ source: TableSource; paths: Set<string> }> {
  const inner = await duckdbSource();
  const paths = new Set<string>();
  return {
    source: {
      read: (file) => {
        paths.add(file.path ?? file.name);
        return inner.read(file);
      },
      readLongContributions: (file, overrides, diagnostics) => {
        paths.add(file.path ?? file.name);
        return inner.readLongContributions(file, overrides, diagnostics);
      },
    },
    paths,
  };
}

/** Opens the run; `reads` counts the distinct files read. */
async function open(dir: string, cache: FileRunCache): Promise<{ engine: PanelEngine; reads: number; paths: Set<string>; progress: string[] }> {
  const { source, paths } = await countingSource();
  const progress: string[] = [];
  const engine = await loadRun(request(dir), source, (m) => progress.push(m), cache);
  await cache.settled();
  return { engine, reads: paths.size, paths, progress };
}

/** Every view's answer on a date other than the latest, with and without a filter. */
function answers(engine: PanelEngine): unknown[] {
  const summary = engine.summary();
  const date = summary.dates[Math.floor(summary.dates.length / 3)];
  const filtered: Filters = { ...NO_FILTERS, sectors: [summary.sectors[0]] };
  const stock = (answerQuery(engine, { kind: 'stocks', date, filters: NO_FILTERS }) as { rows: { stock: string }[] }).rows[0].stock;
  const queries: Query[] = [
    { kind: 'overview', date, filters: NO_FILTERS },
    { kind: 'overview', date, filters: filtered },
    { kind: 'factors', date, filters: filtered },
    { kind: 'stocks', date, filters: NO_FILTERS },
    { kind: 'stock', date, stock, filters: NO_FILTERS },
    { kind: 'features', date, filters: NO_FILTERS, feature: summary.features[0].name, colorBy: null },
    { kind: 'portfolio', date, filters: NO_FILTERS },
    { kind: 'compare', date, filters: NO_FILTERS, against: 'baseline', stock: null },
    { kind: 'performance', date, filters: NO_FILTERS },
    { kind: 'signals', date, filters: NO_FILTERS },
    { kind: 'stability', date, filters: NO_FILTERS },
    { kind: 'explain', date, filters: NO_FILTERS, stock },
  ];
  return [summary, ...queries.map((q) => answerQuery(engine, q))];
}

describe('run cache', function () {
  this.timeout(120_000);
  let work: string;
  let cacheDir: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'glassbox-cache-run-'));
    cpSync(join(SAMPLE_DIR, 'out'), join(work, 'out'), { recursive: true });
    cpSync(join(SAMPLE_DIR, 'ref'), join(work, 'ref'), { recursive: true });
    cpSync(join(SAMPLE_DIR, 'baseline'), join(work, 'baseline'), { recursive: true });
    cpSync(join(SAMPLE_DIR, 'run.glassbox.json'), join(work, 'run.glassbox.json'));
    cacheDir = join(work, '..', `${work.split('/').pop()}-cache`);
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const cacheOf = (maxBytes = 2 ** 30) => new FileRunCache({ dir: cacheDir, maxBytes, build: 'test' });
  const panels = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => n.endsWith('.panel')) : []);

  it('reopens an unchanged run without reading a file, every view answered as when read', async () => {
    const first = await open(work, cacheOf());
    assert.ok(first.reads >= 5, `the first open reads the files (${first.reads})`);
    assert.equal(panels().length, 2, 'the run and its baseline are kept');
    const second = await open(work, cacheOf());
    assert.equal(second.reads, 0);
    assert.ok(second.progress.some((m) => /as read before/.test(m)));
    assert.deepEqual(answers(second.engine), answers(first.engine));
    assert.deepEqual(second.engine.summary().diagnostics, first.engine.summary().diagnostics);
  });

  it('reads the run again when a file changes, even by its modification time alone', async () => {
    await open(work, cacheOf());
    const weights = join(work, 'out/weights.csv');
    const later = new Date(Date.now() + 5_000);
    utimesSync(weights, later, later);
    assert.ok((await open(work, cacheOf())).reads > 0, 'a touched file is read again');
    writeFileSync(weights, readFileSync(weights, 'utf8').replace(/\n$/, '\n\n'));
    const changed = await open(work, cacheOf());
    assert.ok(changed.reads > 0, 'a changed file is read again');
    assert.equal((await open(work, cacheOf())).reads, 0, 'and the new version is kept');
  });

  it('reads the run again when the manifest changes what it means', async () => {
    await open(work, cacheOf());
    const path = join(work, 'run.glassbox.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.factors.value = manifest.factors.value.slice(0, 3);
    writeFileSync(path, JSON.stringify(manifest));
    const reopened = await open(work, cacheOf());
    assert.deepEqual([...reopened.paths].sort(), request(work).files.map((f) => f.path).sort(), 'the run, not its unchanged baseline, is read again');
  });

  it('keeps the folder under its cap, the most recently used first, and skips runs above half of it', async () => {
    await open(work, cacheOf());
    const sizes = readdirSync(cacheDir).map((n) => readFileSync(join(cacheDir, n)).length);
    const largest = Math.max(...sizes);
    rmSync(cacheDir, { recursive: true, force: true });
    await open(work, cacheOf(largest * 2 - 1));
    assert.ok(panels().length <= 1, `only what fits is kept (${panels().length})`);
    rmSync(cacheDir, { recursive: true, force: true });
    await open(work, cacheOf(Math.floor(Math.min(...sizes) * 1.5)));
    assert.deepEqual(panels(), [], 'a run larger than half the cap is not kept');
    await open(work, cacheOf(0));
    assert.deepEqual(panels(), []);
  });

  it('keeps a panel holding some dates only when its reader can be kept (a reader of files, not of a server)', async () => {
    const input = runInput(join(work, 'run.glassbox.json'), 'run.glassbox.json');
    const loaded = await loadPanel(input, (await countingSource()).source);
    const cache = cacheOf();
    cache.put(input, { ...loaded, panel: { ...loaded.panel, cells: heldCells(new Map(), false) } });
    await cache.settled();
    assert.deepEqual(panels(), [], 'a reader without keep() is not kept');
    cache.put(input, loaded);
    await cache.settled();
    assert.equal(panels().length, 1, 'the same run with every date in memory is kept');
  });

  it('reads the files when a cache file is damaged, and replaces it', async () => {
    await open(work, cacheOf());
    for (const name of panels()) {
      const path = join(cacheDir, name);
      writeFileSync(path, readFileSync(path).subarray(0, 1000));
    }
    const reopened = await open(work, cacheOf());
    assert.ok(reopened.reads >= 5);
    assert.equal((await open(work, cacheOf())).reads, 0);
  });
});

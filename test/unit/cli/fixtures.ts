/**
 * Small runs written to a temp folder for the command-line and report tests: three stocks,
 * two dates, numbers chosen so every attribution can be computed by hand.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { duckdbSource } from '../duckdb/testSource';
import { loadRun } from '../../../src/model/run/loadRun';

export const ROOT = process.cwd();
export const CLI = join(ROOT, 'dist/cli.mjs');
export const SAMPLE = join(ROOT, 'samples/russell2000/run.glassbox.json');

/** A name that would run script if it reached the DOM as HTML. */
export const HOSTILE = '<img src=x onerror=alert(1)>';
/** A name that would break a Markdown table and open a tag. */
export const PIPE_NAME = 'Pipe|Co <b>bold</b>';

/**
 * One row per (date, stock): features f_a, f_b (factor alpha) and f_c (factor beta), base 0,
 * score = sum; weights and benchmark weights as fractions.
 */
export const FIXTURE_ROWS = [
  { date: '2024-01-31', stock: 'S1', name: 'Alpha Inc', sector: 'Tech', country: 'US', f_a: 0.1, f_b: 0.2, f_c: -0.1, weight: 0.4, benchmark: 0.3 },
  { date: '2024-01-31', stock: 'S2', name: PIPE_NAME, sector: 'Tech', country: 'GB', f_a: -0.2, f_b: 0.1, f_c: 0.3, weight: 0.3, benchmark: 0.3 },
  { date: '2024-01-31', stock: 'S3', name: 'Gamma plc', sector: HOSTILE, country: 'US', f_a: 0.05, f_b: 0.05, f_c: 0.1, weight: 0.3, benchmark: 0.4 },
  { date: '2024-02-29', stock: 'S1', name: 'Alpha Inc', sector: 'Tech', country: 'US', f_a: 0.2, f_b: 0, f_c: 0.1, weight: 0.4, benchmark: 0.3 },
  { date: '2024-02-29', stock: 'S2', name: PIPE_NAME, sector: 'Tech', country: 'GB', f_a: 0.1, f_b: -0.1, f_c: 0, weight: 0.4, benchmark: 0.3 },
  { date: '2024-02-29', stock: 'S3', name: 'Gamma plc', sector: HOSTILE, country: 'US', f_a: -0.1, f_b: 0.2, f_c: 0.5, weight: 0.2, benchmark: 0.4 },
] as const;

export const FIXTURE_FACTORS = { alpha: ['f_a', 'f_b'], beta: ['f_c'] };

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export interface FixtureOptions {
  /** Score of S2 on the first date (the sum is 0.2): anything else fails the integrity check. */
  s2Score?: number;
  /** The sector guardrail (default 0.5, which passes; 0.1 fails). */
  sectorMaxActive?: number;
}

const tempDirs: string[] = [];

/** A new temp folder, removed by removeTempDirs(). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glassbox-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder tempDir() and writeFixture() made (call it in an `after` hook). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a run (manifest, contributions.csv, weights.csv) to a new temp folder; returns its paths. */
export function writeFixture(options: FixtureOptions = {}): { dir: string; manifest: string; contributions: string; weights: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'out'), { recursive: true });
  const contributions = csv(
    ['date', 'stock', 'name', 'sector', 'country', 'base_value', 'score', 'f_a', 'f_b', 'f_c'],
    FIXTURE_ROWS.map((r) => {
      const sum = r.f_a + r.f_b + r.f_c;
      const score = r.stock === 'S2' && r.date === '2024-01-31' && options.s2Score !== undefined ? options.s2Score : sum;
      return [r.date, r.stock, r.name, r.sector, r.country, 0, score, r.f_a, r.f_b, r.f_c];
    }),
  );
  const weights = csv(['date', 'stock', 'weight', 'benchmark_weight'], FIXTURE_ROWS.map((r) => [r.date, r.stock, r.weight, r.benchmark]));
  writeFileSync(join(dir, 'out/contributions.csv'), contributions);
  writeFileSync(join(dir, 'out/weights.csv'), weights);
  const manifest = {
    name: 'Fixture run',
    contributions: 'out/contributions.csv',
    weights: 'out/weights.csv',
    factors: FIXTURE_FACTORS,
    constraints: { sector: { maxActive: options.sectorMaxActive ?? 0.5 }, stock: { maxWeight: 0.6 } },
  };
  writeFileSync(join(dir, 'run.glassbox.json'), JSON.stringify(manifest, null, 2));
  return { dir, manifest: join(dir, 'run.glassbox.json'), contributions: join(dir, 'out/contributions.csv'), weights: join(dir, 'out/weights.csv') };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  milliseconds: number;
}

/** Runs the built CLI (`node dist/cli.mjs ...args`) and collects its output and exit code. */
export function runCli(args: string[], cwd = ROOT): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
      resolve({ code, stdout, stderr, milliseconds: Date.now() - started });
    });
  });
}

/** True when the text looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+\(.*:\d+:\d+\)/.test(text) || /\n\s+at .+:\d+:\d+/.test(text);
}

let sample: Promise<PanelEngine> | undefined;

/** The sample run loaded in-process through the model layer (without its baseline), once per test file. */
export function loadSample(): Promise<PanelEngine> {
  sample ??= (async () => {
    const dir = dirname(SAMPLE);
    const { manifest, diagnostics } = parseManifest(readFileSync(SAMPLE, 'utf8'), 'run.glassbox.json');
    const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, bytes: new Uint8Array(readFileSync(join(dir, t.path))) }));
    return loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, await duckdbSource());
  })();
  return sample;
}

/**
 * Four stocks on three dates, one feature (score = f_a = 1, 2, 3, 4 hundredths on every
 * date) and forward returns whose ranks are 1 2 3 4, then 2 1 3 4, then 2 1 4 3: Spearman
 * 1 - 6 sum d^2 / (n (n^2 - 1)) gives rank ICs 1, 0.8 and 0.6. `manifest` adds to (or
 * overrides) the manifest's keys: constraints, signals, name.
 */
export function rankIcRun(manifest: Record<string, unknown> = {}): string {
  const dir = tempDir();
  const dates = ['2024-01-31', '2024-02-29', '2024-03-28'];
  const returnRanks = [
    [1, 2, 3, 4],
    [2, 1, 3, 4],
    [2, 1, 4, 3],
  ];
  const contributions = ['date,stock,base_value,score,f_a'];
  const returns = ['date,stock,return'];
  dates.forEach((date, d) => {
    for (let i = 0; i < 4; i++) {
      contributions.push(`${date},S${i + 1},0,${(i + 1) / 100},${(i + 1) / 100}`);
      returns.push(`${date},S${i + 1},${returnRanks[d][i] / 1000}`);
    }
  });
  writeFileSync(join(dir, 'contributions.csv'), contributions.join('\n') + '\n');
  writeFileSync(join(dir, 'returns.csv'), returns.join('\n') + '\n');
  const path = join(dir, 'run.glassbox.json');
  writeFileSync(path, JSON.stringify({ contributions: 'contributions.csv', returns: 'returns.csv', factors: { alpha: ['f_a'] }, ...manifest }));
  return path;
}

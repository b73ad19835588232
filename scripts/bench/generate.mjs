// Scale-benchmark runs, generated once and cached under .cache/bench/<size>/ (deterministic:
// a seeded generator, so rerunning writes identical files).
//
// Per size, one universe (stocks x dates x features, features grouped into factors):
//   wide.parquet        date, stock, base_value, score, one float64 column per feature
//                       (flechette -> Arrow IPC -> parquet-wasm, zstd: the sample's writer)
//   weights.parquet     date, stock, weight, benchmark_weight (fractions), every stock every date
//   securities.csv      stock, name, sector, country (regions follow from countries)
//   long.parquet        date, stock, feature, contribution (DuckDB UNPIVOT of wide.parquet, zstd)
//   contributions.csv   the wide table as CSV, numbers rounded to 7 decimals (DuckDB COPY)
//   weights.csv         weights.parquet as CSV
//   run-wide.glassbox.json, run-long.glassbox.json, run-csv.glassbox.json: the three runs,
//   each naming its contributions and weights, the securities and the factor map.
//
// Contributions are plain random numbers: what matters here is the shape and the size.
import { existsSync, mkdirSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dateDay, float64, utf8 } from '@uwdata/flechette';
import { writeParquetFile, writeCsv, writeJson } from '../sample/io.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE = join(ROOT, '.cache/bench');
/** Bump when the files' content changes, so stale caches are rebuilt. */
const VERSION = 2;

export const SIZES = {
  S: { stocks: 600, dates: 60, features: 30 },
  M: { stocks: 2000, dates: 60, features: 48 },
  L: { stocks: 4500, dates: 120, features: 60 },
};
export const FORMATS = ['wide', 'long', 'csv'];

const FACTORS = ['value', 'quality', 'momentum', 'sentiment', 'growth', 'low_risk', 'liquidity', 'alt_data', 'size', 'volatility'];
const SECTORS = ['Communication Services', 'Consumer Discretionary', 'Consumer Staples', 'Energy', 'Financials', 'Health Care', 'Industrials', 'Information Technology', 'Materials', 'Real Estate', 'Utilities'];
const COUNTRIES = ['United States', 'Canada', 'United Kingdom', 'Germany', 'France', 'Switzerland', 'Sweden', 'Italy', 'Spain', 'Netherlands', 'Japan', 'Australia', 'Hong Kong', 'Singapore', 'Korea', 'Taiwan', 'India', 'Israel', 'Brazil', 'South Africa'];

/** mulberry32: a fast seeded generator, uniform in [0, 1). */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Features named `<factor>_<k>`, factors of equal size (the last may be shorter). */
export function featureNames(count) {
  const factors = Math.min(FACTORS.length, Math.max(1, Math.round(count / 6)));
  const per = Math.ceil(count / factors);
  const names = [];
  const map = {};
  for (let f = 0; f < count; f++) {
    const factor = FACTORS[Math.floor(f / per)];
    const name = `${factor}_${String((f % per) + 1).padStart(2, '0')}`;
    names.push(name);
    (map[factor] ??= []).push(name);
  }
  return { names, map };
}

/** Month ends from 2016-01 on, as UTC Date objects. */
function monthEnds(count) {
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(2016, i + 1, 0)));
}

export function sizeDir(size) {
  return join(CACHE, size);
}

export function manifestPath(size, format) {
  return join(sizeDir(size), `run-${format}.glassbox.json`);
}

const mb = (path) => statSync(path).size / 1e6;

/** Generates one size unless its cache is complete; returns the file sizes in MB. */
export async function generate(size, log = console.log) {
  const dir = sizeDir(size);
  const marker = join(dir, `.complete-v${VERSION}`);
  const files = ['wide.parquet', 'long.parquet', 'contributions.csv', 'weights.parquet', 'weights.csv', 'securities.csv'];
  if (existsSync(marker)) return Object.fromEntries(files.map((f) => [f, mb(join(dir, f))]));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const { stocks: N, dates: T, features: F } = SIZES[size];
  const random = seeded(0x9e3779b9 ^ (N * 31 + T * 7 + F));
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const { names: features, map: factorMap } = featureNames(F);
  const tickers = Array.from({ length: N }, (_, s) => `S${String(s).padStart(5, '0')}`);
  const dates = monthEnds(T);
  const rows = N * T;

  // Securities: sector and country per stock.
  const sector = tickers.map(() => SECTORS[Math.floor(random() * SECTORS.length)]);
  const country = tickers.map((_, s) => (s % 3 === 0 ? COUNTRIES[0] : COUNTRIES[Math.floor(random() * COUNTRIES.length)]));
  writeCsv(join(dir, 'securities.csv'), ['stock', 'name', 'sector', 'country'], tickers.map((t, s) => [t, `Company ${t}`, sector[s], country[s]]));

  // Wide contributions: rows sorted by date then stock.
  const dateColumn = new Array(rows);
  const stockColumn = new Array(rows);
  for (let d = 0, r = 0; d < T; d++) for (let s = 0; s < N; s++, r++) {
    dateColumn[r] = dates[d];
    stockColumn[r] = tickers[s];
  }
  const base = new Float64Array(rows).fill(0.001);
  const score = new Float64Array(rows).fill(0.001);
  const contribution = features.map(() => {
    const column = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      column[r] = (random() - 0.5) * 0.02;
      score[r] += column[r];
    }
    return column;
  });
  const columns = [['date', dateColumn], ['stock', stockColumn], ['base_value', base], ['score', score], ...features.map((f, k) => [f, contribution[k]])];
  const types = { date: dateDay(), stock: utf8(), base_value: float64(), score: float64(), ...Object.fromEntries(features.map((f) => [f, float64()])) };
  writeParquetFile(join(dir, 'wide.parquet'), columns, types);
  contribution.length = 0;

  // Weights: a benchmark of lognormal caps; a portfolio of ~10% of names, re-drawn a fifth per date.
  const cap = Float64Array.from(tickers, () => Math.exp(1.5 * gauss()));
  const held = new Uint8Array(N);
  for (let s = 0; s < N; s++) held[s] = random() < 0.1 ? 1 : 0;
  const weight = new Float64Array(rows);
  const benchmark = new Float64Array(rows);
  const capTotal = cap.reduce((a, b) => a + b, 0);
  for (let d = 0; d < T; d++) {
    for (let s = 0; s < N; s++) if (random() < 0.02) held[s] = random() < 0.1 ? 1 : 0;
    let total = 0;
    const r0 = d * N;
    for (let s = 0; s < N; s++) {
      benchmark[r0 + s] = cap[s] / capTotal;
      if (held[s]) total += weight[r0 + s] = 0.5 + random();
    }
    for (let s = 0; s < N; s++) weight[r0 + s] /= total;
  }
  writeParquetFile(
    join(dir, 'weights.parquet'),
    [['date', dateColumn], ['stock', stockColumn], ['weight', weight], ['benchmark_weight', benchmark]],
    { date: dateDay(), stock: utf8(), weight: float64(), benchmark_weight: float64() },
  );
  log(`  ${size}: wide.parquet, weights.parquet, securities.csv in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Long Parquet and the CSVs through DuckDB: fast, streaming, and files as other writers make them.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const q = (p) => `'${p.replace(/'/g, "''")}'`;
  const t1 = Date.now();
  await db.run(`SET preserve_insertion_order = true`);
  await db.run(
    `COPY (UNPIVOT (SELECT date, stock, ${features.map((f) => `"${f}"`).join(', ')} FROM read_parquet(${q(join(dir, 'wide.parquet'))}))
       ON ${features.map((f) => `"${f}"`).join(', ')} INTO NAME feature VALUE contribution)
     TO ${q(join(dir, 'long.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  log(`  ${size}: long.parquet in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  const t2 = Date.now();
  const rounded = ['base_value', 'score', ...features].map((f) => `round("${f}", 7) AS "${f}"`).join(', ');
  await db.run(`COPY (SELECT strftime(date, '%Y-%m-%d') AS date, stock, ${rounded} FROM read_parquet(${q(join(dir, 'wide.parquet'))})) TO ${q(join(dir, 'contributions.csv'))} (HEADER, DELIMITER ',')`);
  await db.run(`COPY (SELECT strftime(date, '%Y-%m-%d') AS date, stock, weight, benchmark_weight FROM read_parquet(${q(join(dir, 'weights.parquet'))})) TO ${q(join(dir, 'weights.csv'))} (HEADER, DELIMITER ',')`);
  log(`  ${size}: contributions.csv, weights.csv in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  db.closeSync?.();
  instance.closeSync?.();

  const manifest = (contributions, weights) => ({ name: `bench ${size} (${contributions})`, contributions, weights, securities: 'securities.csv', factors: factorMap });
  writeJson(manifestPath(size, 'wide'), manifest('wide.parquet', 'weights.parquet'));
  writeJson(manifestPath(size, 'long'), manifest('long.parquet', 'weights.parquet'));
  writeJson(manifestPath(size, 'csv'), manifest('contributions.csv', 'weights.csv'));
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`  ${size}: generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return Object.fromEntries(files.map((f) => [f, mb(join(dir, f))]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv[2] ?? 'S,M,L').split(',');
  for (const size of sizes) console.log(size, await generate(size));
}

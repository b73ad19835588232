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
//   long.csv            long.parquet as CSV (a SHAP pipeline's `to_csv`): written when the
//                       long-csv format is first asked for (1.7 GB at L)
//   long.arrow          long.parquet as pyarrow's `write_feather` writes it (Feather v2,
//                       LZ4 frames, 65,536-row record batches, stock and feature ids
//                       dictionary-encoded as a pandas categorical): when long-arrow is
//                       first asked for
//   run-wide.glassbox.json, run-long.glassbox.json, run-csv.glassbox.json,
//   run-long-csv.glassbox.json: the runs, each naming its contributions and weights, the
//   securities and the factor map.
//
// Contributions are plain random numbers: what matters here is the shape and the size.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompressionType, dateDay, dictionary, float64, int32, setCompressionCodec, tableFromArrays, tableToIPC, utf8 } from '@uwdata/flechette';
import * as lz4 from 'lz4js';
import { writeParquetFile, writeCsv, writeJson } from '../sample/io.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE = join(ROOT, '.cache/bench');
/** Bump when the files' content changes, so stale caches are rebuilt. */
const VERSION = 2;

export const SIZES = {
  S: { stocks: 600, dates: 60, features: 30 },
  M: { stocks: 2000, dates: 60, features: 48 },
  L: { stocks: 4500, dates: 120, features: 60 },
  // A daily global model: 567M contributions, long Parquet only (a 4-5 GB file), written by
  // DuckDB alone (generateXl); never in CI.
  XL: { stocks: 4500, dates: 1260, features: 100, formats: ['long'] },
};
export const FORMATS = ['wide', 'long', 'csv', 'long-csv', 'long-arrow'];

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

/** The formats a size is generated in. */
export const formatsOf = (size) => SIZES[size].formats ?? FORMATS;

/** Generates one size unless its cache is complete; returns the file sizes in MB. */
export async function generate(size, log = console.log) {
  if (size === 'XL') return generateXl(log);
  const dir = sizeDir(size);
  const marker = join(dir, `.complete-v${VERSION}`);
  const files = ['wide.parquet', 'long.parquet', 'contributions.csv', 'weights.parquet', 'weights.csv', 'securities.csv'];
  if (existsSync(marker)) return { ...Object.fromEntries(files.map((f) => [f, mb(join(dir, f))])), ...(existsSync(join(dir, 'long.csv')) ? { 'long.csv': mb(join(dir, 'long.csv')) } : {}) };
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

/**
 * XL, all in DuckDB SQL (the JavaScript writer above would hold 567M numbers): business days
 * from 2021-01-04, contributions from a hash of (date, stock, feature) so that reruns write the
 * same numbers, rows in date, stock, feature order as a SHAP pipeline writes them.
 */
async function generateXl(log) {
  const size = 'XL';
  const dir = sizeDir(size);
  const marker = join(dir, `.complete-v${VERSION}`);
  const files = ['long.parquet', 'weights.parquet', 'securities.csv'];
  if (existsSync(marker)) return Object.fromEntries(files.map((f) => [f, mb(join(dir, f))]));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const { stocks: N, dates: T, features: F } = SIZES[size];
  const { names: features, map: factorMap } = featureNames(F);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: join(dir, '.tmp') });
  const db = await instance.connect();
  const q = (p) => `'${p.replace(/'/g, "''")}'`;
  const list = (xs) => `[${xs.map(q).join(', ')}]`;
  await db.run(`SET preserve_insertion_order = true`);
  // Business day di: Monday 2021-01-04 plus whole weeks and the weekday; one range drives each
  // file, so rows come out in range order (date, stock, feature) without a sort.
  const day = (di) => `(DATE '2021-01-04' + ((${di}) // 5 * 7 + (${di}) % 5)::INTEGER)`;
  const stock = (si) => `('S' || lpad((${si})::VARCHAR, 5, '0'))`;
  await db.run(
    `COPY (SELECT ${stock('si')} AS stock, 'Company ' || ${stock('si')} AS name, (${list(SECTORS)})[(1 + hash(si, 'sector') % ${SECTORS.length})::BIGINT] AS sector,
             CASE WHEN si % 3 = 0 THEN ${q(COUNTRIES[0])} ELSE (${list(COUNTRIES)})[(1 + hash(si, 'country') % ${COUNTRIES.length})::BIGINT] END AS country
           FROM range(${N}) t(si)) TO ${q(join(dir, 'securities.csv'))} (HEADER, DELIMITER ',')`,
  );
  // Weights: a benchmark of hashed caps; a portfolio of about 10% of names held in 63-day spells.
  await db.run(
    `COPY (WITH w AS (
             SELECT i // ${N} AS di, i % ${N} AS si, exp(6 * (hash(i % ${N}, 'cap') % 1000000 / 1e6 - 0.5)) AS cap,
                    CASE WHEN hash(i % ${N}, (i // ${N}) // 63) % 10 = 0 THEN 0.5 + hash(i, 'w') % 1000 / 1000.0 ELSE 0 END AS raw
             FROM range(${N * T}) t(i))
           SELECT ${day('di')} AS date, ${stock('si')} AS stock, raw / sum(raw) OVER (PARTITION BY di) AS weight, cap / sum(cap) OVER (PARTITION BY di) AS benchmark_weight
           FROM w ORDER BY di, si) TO ${q(join(dir, 'weights.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  log(`  ${size}: weights.parquet, securities.csv in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  await db.run(
    `COPY (SELECT ${day(`(i // ${N * F})`)} AS date, ${stock(`(i // ${F}) % ${N}`)} AS stock, (${list(features)})[1 + i % ${F}] AS feature,
                  (hash(i) % 2000001) / 1e8 - 0.01 AS contribution
           FROM range(${N * T * F}) t(i))
     TO ${q(join(dir, 'long.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  log(`  ${size}: long.parquet in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  db.closeSync?.();
  instance.closeSync?.();
  rmSync(join(dir, '.tmp'), { recursive: true, force: true });
  writeJson(manifestPath(size, 'long'), { name: `bench ${size} (long.parquet)`, contributions: 'long.parquet', weights: 'weights.parquet', securities: 'securities.csv', factors: factorMap });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`  ${size}: generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return Object.fromEntries(files.map((f) => [f, mb(join(dir, f))]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv[2] ?? 'S,M,L').split(',');
  for (const size of sizes) console.log(size, await generate(size));
}

/**
 * Writes `file` from long.parquet once, when its format is first asked for, through
 * `write(db, source, target)` (a DuckDB connection, the SQL of long.parquet read with its
 * row numbers, the path to write), and the run naming it (`manifestFields` over the long
 * run's manifest). Returns its size in MB.
 */
async function fromLongParquet(size, format, file, manifestFields, write, log) {
  const dir = sizeDir(size);
  const path = join(dir, file);
  const manifest = manifestPath(size, format);
  if (!existsSync(path) || !existsSync(manifest)) {
    const started = Date.now();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    const q = (p) => `'${p.replace(/'/g, "''")}'`;
    await write(db, `read_parquet(${q(join(dir, 'long.parquet'))}, file_row_number = true)`, `${path}.tmp`, q);
    db.closeSync?.();
    instance.closeSync?.();
    renameSync(`${path}.tmp`, path);
    const long = JSON.parse(readFileSync(manifestPath(size, 'long'), 'utf8'));
    writeJson(manifest, { ...long, name: `bench ${size} (${file})`, contributions: file, ...manifestFields });
    log(`  ${size}: ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return mb(path);
}

/** long.parquet as CSV (date, stock, feature, contribution, full precision), with its run. */
export function generateLongCsv(size, log = console.log) {
  return fromLongParquet(size, 'long-csv', 'long.csv', { weights: 'weights.csv' }, (db, source, target, q) => db.run(`COPY (SELECT strftime(date, '%Y-%m-%d') AS date, stock, feature, contribution FROM ${source}) TO ${q(target)} (HEADER, DELIMITER ',')`), log);
}

/**
 * long.parquet as an Arrow IPC file the way pyarrow's `write_feather` writes a pandas frame
 * (LZ4 frames, 65,536-row batches; stock and feature as categoricals, so dictionary-encoded),
 * with its run.
 */
export function generateLongArrow(size, log = console.log) {
  return fromLongParquet(size, 'long-arrow', 'long.arrow', {}, async (db, source, target) => {
    const rows = Number((await db.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0][0]);
    const date = new Float64Array(rows);
    const contribution = new Float64Array(rows);
    const stock = new Array(rows);
    const feature = new Array(rows);
    // One string per distinct id, as a categorical holds them.
    const ids = new Map();
    const id = (text) => ids.get(text) ?? (ids.set(text, text), text);
    const STEP = 2_000_000;
    for (let start = 0; start < rows; start += STEP) {
      const slice = await db.runAndReadAll(`SELECT epoch_ms(date)::DOUBLE, stock, feature, contribution FROM ${source} WHERE file_row_number >= ${start} AND file_row_number < ${start + STEP} ORDER BY file_row_number`);
      const [d, s, f, c] = slice.getColumns();
      for (let i = 0; i < d.length; i++) {
        date[start + i] = d[i];
        stock[start + i] = id(s[i]);
        feature[start + i] = id(f[i]);
        contribution[start + i] = c[i];
      }
    }
    setCompressionCodec(CompressionType.LZ4_FRAME, { encode: (bytes) => lz4.compress(bytes), decode: (bytes) => lz4.decompress(bytes) });
    const table = tableFromArrays({ date, stock, feature, contribution }, { types: { date: dateDay(), stock: dictionary(utf8(), int32()), feature: dictionary(utf8(), int32()), contribution: float64() }, maxBatchRows: 65_536 });
    writeFileSync(target, tableToIPC(table, { format: 'file', codec: CompressionType.LZ4_FRAME }));
  }, log);
}

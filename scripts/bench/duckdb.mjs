// The yardstick: DuckDB (@duckdb/node-api) answering the same questions from the same files.
//
// As a module: `cubeSql(manifestFile, format)` is the engine's precomputed cube as SQL (per
// date x sector x country x factor: sum of weight x contribution, for portfolio and active
// weights, joined with weights and securities), and `timeQuery` times it in-process.
//
// As a command, the whole-process answer to `glassbox attribution RUN --by KEYS --weight W
// [--date D|all] --json` (same semantics: the latest date unless --date is given):
//   node scripts/bench/duckdb.mjs attribution RUN --by date,sector --weight active --json
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;
const ident = (s) => `"${String(s).replace(/"/g, '""')}"`;

/** A table function reading `path` by its extension. */
function source(path) {
  return extname(path).toLowerCase() === '.csv' ? `read_csv(${quote(path)})` : `read_parquet(${quote(path)})`;
}

/** The run's files and factor map, from its manifest. */
export function runTables(manifestFile) {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const dir = dirname(manifestFile);
  const factors = Object.entries(manifest.factors).flatMap(([factor, features]) => features.map((feature) => [feature, factor]));
  return {
    contributions: join(dir, manifest.contributions),
    weights: join(dir, manifest.weights),
    securities: join(dir, manifest.securities),
    factors,
    long: /long/.test(manifest.contributions),
  };
}

const factorValues = (factors) => `(VALUES ${factors.map(([feature, factor]) => `(${quote(feature)}, ${quote(factor)})`).join(', ')}) AS f(feature, factor)`;

/**
 * The full aggregation the engine precomputes at load (its cube, less regions, which follow
 * from countries): date x sector x country x factor, sum of w x c and of (w - b) x c.
 */
export function cubeSql(manifestFile) {
  const t = runTables(manifestFile);
  const joins = `JOIN ${source(t.weights)} w USING (date, stock) JOIN ${source(t.securities)} s USING (stock)`;
  if (t.long) {
    return `SELECT c.date, s.sector, s.country, f.factor, sum(w.weight) AS weight, sum(w.weight * c.contribution) AS portfolio,
              sum((w.weight - w.benchmark_weight) * c.contribution) AS active
            FROM ${source(t.contributions)} c JOIN ${factorValues(t.factors)} USING (feature) ${joins}
            GROUP BY ALL`;
  }
  const byFactor = new Map();
  for (const [feature, factor] of t.factors) byFactor.set(factor, [...(byFactor.get(factor) ?? []), feature]);
  const sums = [...byFactor].flatMap(([factor, features]) => {
    const total = features.map((f) => `c.${ident(f)}`).join(' + ');
    return [`sum(w.weight * (${total})) AS ${ident(`p_${factor}`)}`, `sum((w.weight - w.benchmark_weight) * (${total})) AS ${ident(`a_${factor}`)}`];
  });
  return `SELECT c.date, s.sector, s.country, sum(w.weight) AS weight, ${sums.join(', ')}
          FROM ${source(t.contributions)} c ${joins}
          GROUP BY ALL`;
}

/**
 * `glassbox attribution`'s question as SQL: sum of weight x contribution by `by`
 * (date, stock, sector, country, factor, feature), for one date (default the latest) or all.
 */
export function attributionSql(manifestFile, by, weight, date) {
  const t = runTables(manifestFile);
  const w = { portfolio: 'w.weight', active: '(w.weight - w.benchmark_weight)', benchmark: 'w.benchmark_weight' }[weight];
  if (!w) throw new Error(`--weight ${weight}: this yardstick knows portfolio, active and benchmark`);
  const needsFeature = by.includes('factor') || by.includes('feature');
  const column = { date: 'c.date', stock: 'c.stock', sector: 's.sector', country: 's.country', factor: 'f.factor', feature: 'f.feature' };
  const keys = by.map((k) => `${column[k]} AS ${k}`).join(', ');
  const where =
    date === 'all' ? '' : date ? `WHERE c.date = DATE ${quote(date)}` : `WHERE c.date = (SELECT max(date) FROM ${source(t.contributions)})`;
  let from;
  let contribution;
  if (t.long) {
    from = `${source(t.contributions)} c JOIN ${factorValues(t.factors)} USING (feature)`;
    contribution = 'c.contribution';
  } else if (needsFeature) {
    const features = t.factors.map(([feature]) => ident(feature)).join(', ');
    from = `(UNPIVOT (SELECT date, stock, ${features} FROM ${source(t.contributions)}) ON ${features} INTO NAME feature VALUE contribution) c JOIN ${factorValues(t.factors)} USING (feature)`;
    contribution = 'c.contribution';
  } else {
    from = `${source(t.contributions)} c`;
    contribution = `(${t.factors.map(([feature]) => `c.${ident(feature)}`).join(' + ')})`;
  }
  return `SELECT ${keys}, sum(${w} * ${contribution}) AS contribution
          FROM ${from} JOIN ${source(t.weights)} w USING (date, stock) JOIN ${source(t.securities)} s USING (stock)
          ${where} GROUP BY ALL ORDER BY ALL`;
}

/** Runs `sql` `reps` times on a fresh in-memory database; returns each run's milliseconds and the row count. */
export async function timeQuery(sql, reps = 3) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const ms = [];
  let rows = 0;
  for (let r = 0; r < reps; r++) {
    const started = performance.now();
    const reader = await connection.runAndReadAll(sql);
    rows = reader.currentRowCount;
    ms.push(performance.now() - started);
  }
  connection.closeSync?.();
  instance.closeSync?.();
  return { ms, rows };
}

async function attributionCommand(argv) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { by: { type: 'string' }, weight: { type: 'string', default: 'portfolio' }, date: { type: 'string' }, json: { type: 'boolean' } } });
  const [run] = positionals;
  const sql = attributionSql(run, values.by.split(','), values.weight, values.date);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowObjectsJson();
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'attribution') {
    console.error('Usage: node scripts/bench/duckdb.mjs attribution RUN --by KEYS [--weight portfolio|active|benchmark] [--date D|all] --json');
    process.exit(2);
  }
  await attributionCommand(rest);
}

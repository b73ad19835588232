/**
 * The sample run's performance recomputed from its raw files in SQL (DuckDB), independently
 * of the engine: per date, the rank IC of the score and of each factor's summed
 * contributions over every stock with a forward return, and the weight-averaged portfolio
 * and benchmark returns; then the statistics the Performance tab reports. The tests hold
 * the engine's numbers to these, and these to what a quant finds plausible.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SampleYardstick {
  dates: string[];
  /** Per date with returns: the score's rank IC, portfolio, benchmark and active return. */
  rankIc: number[];
  active: number[];
  factorRankIc: Record<string, number[]>;
  meanRankIc: number;
  rankIcStdev: number;
  rankIcHitRate: number;
  trackingError: number;
  informationRatio: number;
  hitRate: number;
  sortino: number;
  /** Of the relative wealth prod(1 + rp) / prod(1 + rb), from its running peak (the start counts). */
  maxDrawdown: number;
  /** Periods from the worst drawdown's peak to its trough. */
  drawdownMonths: number;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Average ranks (ties share the mean of the ranks they span) of `column` within each date. */
const averageRank = (column: string) =>
  `(rank() OVER (PARTITION BY date ORDER BY ${column}) + count(*) OVER (PARTITION BY date) + 1 - rank() OVER (PARTITION BY date ORDER BY ${column} DESC)) / 2.0`;

/** The yardstick for the run whose manifest is `dir`/`manifestName`. */
export async function sampleYardstick(dir: string, manifestName = 'run.glassbox.json'): Promise<SampleYardstick> {
  const manifest = JSON.parse(readFileSync(join(dir, manifestName), 'utf8')) as { contributions: string; weights: string; returns: string; factors: Record<string, string[]> };
  const contributions = quote(join(dir, manifest.contributions));
  const weights = quote(join(dir, manifest.weights));
  const returns = quote(join(dir, manifest.returns));
  const factors = Object.keys(manifest.factors);
  const factorSums = Object.entries(manifest.factors).map(([factor, features]) => `${features.map((f) => `CAST(c.${ident(f)} AS DOUBLE)`).join(' + ')} AS ${ident(factor)}`);
  const signals = ['score', ...factors];

  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const sql = `
      WITH x AS (
        SELECT c.date, c.score, ${factorSums.join(', ')}, r.fwd_return_1m
        FROM read_parquet(${contributions}) c JOIN read_parquet(${returns}) r USING (date, stock)
      ),
      ranked AS (
        SELECT date, ${averageRank('fwd_return_1m')} AS r_ret, ${signals.map((s) => `${averageRank(ident(s))} AS ${ident(`r_${s}`)}`).join(', ')} FROM x
      ),
      ic AS (
        SELECT date, ${signals.map((s) => `corr(${ident(`r_${s}`)}, r_ret) AS ${ident(`ic_${s}`)}`).join(', ')} FROM ranked GROUP BY date
      ),
      w AS (
        SELECT * FROM read_csv(${weights}, header = true, columns = {'date': 'DATE', 'stock': 'VARCHAR', 'weight': 'DOUBLE', 'benchmark_weight': 'DOUBLE'})
      ),
      book AS (
        SELECT date, sum(weight * fwd_return_1m) / sum(weight) AS rp, sum(benchmark_weight * fwd_return_1m) / sum(benchmark_weight) AS rb
        FROM w JOIN read_parquet(${returns}) USING (date, stock) GROUP BY date
      )
      SELECT strftime(date, '%Y-%m-%d') AS date, rp, rb, ${signals.map((s) => `ic.${ident(`ic_${s}`)}`).join(', ')}
      FROM book JOIN ic USING (date) ORDER BY date`;
    const rows = (await con.runAndReadAll(sql)).getRowObjects();
    const dates = rows.map((r) => String(r.date));
    const rp = rows.map((r) => Number(r.rp));
    const rb = rows.map((r) => Number(r.rb));
    const active = rp.map((p, i) => p - rb[i]);
    const rankIc = rows.map((r) => Number(r.ic_score));
    const factorRankIc = Object.fromEntries(factors.map((f) => [f, rows.map((r) => Number(r[`ic_${f}`]))]));

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const stdev = (xs: number[]) => Math.sqrt(xs.reduce((a, v) => a + (v - mean(xs)) ** 2, 0) / (xs.length - 1));
    const te = stdev(active) * Math.sqrt(12);
    let wp = 1;
    let wb = 1;
    let peak = 1;
    let peakAt = -1;
    let maxDrawdown = 0;
    let drawdownMonths = 0;
    active.forEach((_, t) => {
      wp *= 1 + rp[t];
      wb *= 1 + rb[t];
      const relative = wp / wb;
      if (relative >= peak) {
        peak = relative;
        peakAt = t;
      }
      if (relative / peak - 1 < maxDrawdown) {
        maxDrawdown = relative / peak - 1;
        drawdownMonths = t - peakAt;
      }
    });
    return {
      dates,
      rankIc,
      active,
      factorRankIc,
      meanRankIc: mean(rankIc),
      rankIcStdev: stdev(rankIc),
      rankIcHitRate: rankIc.filter((v) => v > 0).length / rankIc.length,
      trackingError: te,
      informationRatio: (mean(active) * 12) / te,
      hitRate: active.filter((a) => a > 0).length / active.length,
      sortino: (mean(active) * 12) / Math.sqrt(mean(active.map((a) => Math.min(a, 0) ** 2)) * 12),
      maxDrawdown,
      drawdownMonths,
    };
  } finally {
    con.closeSync();
  }
}

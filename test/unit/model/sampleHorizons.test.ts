/**
 * The sample's forward returns at 1, 3, 6 and 12 months, read from the file in SQL (DuckDB),
 * independently of the engine: the 1-month column is the run's return as it was before the
 * longer horizons were added; each longer one compounds the stock's consecutive monthly
 * returns; and the IC by horizon that `glassbox check --json` prints is the mean over dates
 * of the rank IC computed here.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CheckResult } from '../../../src/cli/check';
import { runCli, SAMPLE } from '../cli/fixtures';

const RETURNS = `read_parquet('${join(process.cwd(), 'samples/russell2000/out/fwd_returns.parquet')}')`;
const CONTRIBUTIONS = `read_parquet('${join(process.cwd(), 'samples/russell2000/out/contributions.parquet')}')`;
const LONGER = [3, 6, 12];

describe('the sample run: forward returns at several horizons', function () {
  this.timeout(120_000);
  let con: DuckDBConnection;
  const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjects();

  before(async () => {
    con = await (await DuckDBInstance.create(':memory:')).connect();
  });
  after(() => con?.closeSync());

  it('keeps the 1-month returns of the run unchanged', async () => {
    // Count, sum, sum of squares and a date-weighted sum of the returns in millionths (the
    // generator rounds them to 1e-6), as the file had them with one `fwd_return` column.
    const [pin] = await rows(`
      WITH m AS (SELECT CAST(round(fwd_return_1m * 1e6) AS HUGEINT) AS x, date, fwd_return_1m AS v FROM ${RETURNS})
      SELECT count(*) AS n, count(*) FILTER (WHERE x / 1e6 <> v) AS off_grid,
             sum(x)::VARCHAR AS s1, sum(x * x)::VARCHAR AS s2, sum(x * (epoch(date)::BIGINT // 86400))::VARCHAR AS s3 FROM m`);
    assert.deepEqual(pin, { n: 110826n, off_grid: 0n, s1: '796831200', s2: '1733321948728222', s3: '15103709721441' });
  });

  for (const h of LONGER) {
    it(`has ${h}-month returns that compound the stock's next ${h} monthly returns, null where one is missing`, async () => {
      // Month k of the file's dates; the window needs the same stock at k, k+1, ..., k+h-1.
      const factors = Array.from({ length: h }, (_, k) => `(1 + m${k}.fwd_return_1m)`).join(' * ');
      const joins = Array.from({ length: h - 1 }, (_, j) => `LEFT JOIN r m${j + 1} ON m${j + 1}.stock = m0.stock AND m${j + 1}.k = m0.k + ${j + 1}`).join('\n');
      const [result] = await rows(`
        WITH r AS (SELECT *, dense_rank() OVER (ORDER BY date) AS k FROM ${RETURNS}),
        x AS (SELECT m0.fwd_return_${h}m AS got, ${factors} - 1 AS want FROM r m0 ${joins})
        SELECT count(*) AS n, count(got) AS filled, count(*) FILTER (WHERE got IS DISTINCT FROM want) AS differ FROM x`);
      assert.equal(result.n, 110826n);
      assert.equal(result.differ, 0n, `${h}m: rows that differ from the compounding`);
      // The last h - 1 of 59 dates have no window; the rest lose only names that delist.
      const filled = Number(result.filled);
      assert.ok(filled < (60 - h) * 1886 && filled > (60 - h) * 1871 * 0.97, `${h}m: ${filled} rows with a return`);
    });
  }

  it("gives `check --json` the score's and each factor's rank IC by horizon, rising then flat", async () => {
    const json = JSON.parse((await runCli(['check', SAMPLE, '--json'])).stdout) as CheckResult;
    const decay = json.icDecay;
    assert.ok(decay);
    assert.deepEqual(decay.horizons.map((x) => [x.horizon, x.periods, x.dates]), [['1m', 1, 59], ['3m', 3, 57], ['6m', 6, 54], ['12m', 12, 48]]);
    const factors = decay.factors.map((f) => f.signal);
    const signals = ['score', ...factors];
    const factorMap = (JSON.parse(readFileSync(SAMPLE, 'utf8')) as { factors: Record<string, string[]> }).factors;
    const sums = factors.map((f) => `${factorMap[f].map((c) => `CAST(c."${c}" AS DOUBLE)`).join(' + ')} AS "${f}"`);
    const rank = (col: string) => `(rank() OVER (PARTITION BY date ORDER BY ${col}) + count(*) OVER (PARTITION BY date) + 1 - rank() OVER (PARTITION BY date ORDER BY ${col} DESC)) / 2.0`;
    for (const [i, h] of [1, ...LONGER].entries()) {
      const [means] = await rows(`
        WITH x AS (SELECT c.date, c.score, ${sums.join(', ')}, r.fwd_return_${h}m AS ret FROM ${CONTRIBUTIONS} c JOIN ${RETURNS} r USING (date, stock) WHERE r.fwd_return_${h}m IS NOT NULL),
        ranked AS (SELECT date, ${rank('ret')} AS r_ret, ${signals.map((s) => `${rank(`"${s}"`)} AS "r_${s}"`).join(', ')} FROM x),
        ic AS (SELECT date, ${signals.map((s) => `corr("r_${s}", r_ret) AS "${s}"`).join(', ')} FROM ranked GROUP BY date)
        SELECT ${signals.map((s) => `avg("${s}") AS "${s}"`).join(', ')} FROM ic`);
      const close = (got: number | null, want: unknown, what: string) => assert.ok(Math.abs((got as number) - (want as number)) < 1e-9, `${what} at ${h}m: ${got} vs ${String(want)}`);
      close(decay.horizons[i].icMean, means.score, 'score');
      decay.factors.forEach((f) => close(f.horizons[i].icMean, means[f.signal], f.signal));
    }
    // What a persistent value and quality model gives: the edge grows with the horizon
    // for six months and holds at twelve, so the IC never halves.
    const ic = decay.horizons.map((x) => x.icMean as number);
    assert.ok(ic[0] > 0.025 && ic[0] < 0.04, String(ic));
    assert.ok(ic[1] > ic[0] && ic[2] > ic[1] && ic[3] > ic[0] && ic[3] > ic[2] * 0.8, String(ic));
    assert.equal(decay.halfLife, 'not reached');
    // The run's return is the shortest horizon: the signal statistics match its row.
    assert.equal(json.signals[0].icMean, decay.horizons[0].icMean);
    assert.equal(json.signals[0].tstat, decay.horizons[0].tstat);
  });
});

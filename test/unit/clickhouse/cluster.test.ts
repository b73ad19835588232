/**
 * A run whose tables live in a two-shard ClickHouse cluster (Distributed tables sharded by
 * stock, loaded from the sample's files) loads through the same loader as the files and
 * shows the same numbers as the files read by DuckDB, within 1e-9.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClickHouseConnection } from '../../../src/clickhouse/clickhouseConnection';
import { ClickHouseTableSource } from '../../../src/clickhouse/tableSource';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { manifestTables, parseManifest } from '../../../src/model/manifest';
import { loadRun, type RunFile, type RunInput } from '../../../src/model/run/loadRun';
import { remoteBaselineProblem, withFiles } from '../../../src/clickhouse/remoteSource';
import { NO_FILTERS } from '../../../src/model/types';
import { cubeQuery, dateSliceQuery, type CubeInputs, tableRelation } from '../../../src/clickhouse/queries';
import { DuckDbConnection } from '../../../src/duckdb/duckdbConnection';
import { UNASSIGNED } from '../../../src/model/run/factors';
import { InputError } from '../../../src/model/errors';
import type { WideContributions } from '../../../src/model/run/contributions';
import type { Panel } from '../../../src/model/run/panel';
import { numberLists, numbers, type SqlResult, texts } from '../../../src/sql/connection';
import { duckdbSource } from '../duckdb/testSource';
import { assertClose } from '../assertClose';
import { loadSample, SAMPLE_DIR, SAMPLE_MANIFEST, useCluster } from './cluster';

const DATABASE = 'glassbox_sample';

/** Rows of a list keyed by a field, so that two answers in different orders compare. */
const byKey = <T>(rows: T[], key: (row: T) => string) => Object.fromEntries(rows.map((r) => [key(r), r]));

describe('a run in a ClickHouse cluster (two shards, Distributed tables)', function () {
  this.timeout(120_000);
  const cluster = useCluster(2);
  let fromFiles: PanelEngine;
  let connection: ClickHouseConnection;

  before(async function () {
    this.timeout(120_000);
    await loadSample(cluster(), DATABASE);
    const { manifest, diagnostics } = parseManifest(readFileSync(join(SAMPLE_DIR, 'run.glassbox.json'), 'utf8'), 'run.glassbox.json');
    delete manifest.baseline;
    const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, path: join(SAMPLE_DIR, t.path) }));
    fromFiles = await loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files }, await duckdbSource());
    connection = new ClickHouseConnection({ url: cluster().shards[0].url, database: DATABASE });
  });
  after(() => connection?.close());

  /** The sample's manifest pointed at the cluster, its contributions table `contributions`. */
  function clusterInput(contributions: string): RunInput {
    const text = JSON.stringify({ ...SAMPLE_MANIFEST, baseline: undefined, source: { engine: 'clickhouse', url: cluster().shards[0].url, database: DATABASE }, contributions, weights: 'weights', securities: 'securities', returns: 'returns' });
    const { manifest, diagnostics } = parseManifest(text, 'warehouse.glassbox.json');
    const files: RunFile[] = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path }));
    return { source: 'warehouse.glassbox.json', manifest, manifestDiagnostics: diagnostics, files };
  }

  async function loadFromCluster(contributions: string): Promise<PanelEngine> {
    return loadRun(clusterInput(contributions), new ClickHouseTableSource(connection, DATABASE));
  }

  for (const table of ['contributions', 'contributions_long']) {
    describe(`contributions as ${table === 'contributions' ? 'a wide table (read whole)' : 'a long table (pivoted on the cluster)'}`, () => {
      let fromCluster: PanelEngine;
      before(async function () {
        this.timeout(120_000);
        fromCluster = await loadFromCluster(table);
      });

      it('has the same dates, stocks, factors and features', () => {
        const a = fromCluster.summary();
        const b = fromFiles.summary();
        assert.deepEqual(a.dates, b.dates);
        assert.equal(a.stockCount, b.stockCount);
        assert.deepEqual(a.factors, b.factors);
        const names = (list: { name: string; factor: string }[]) => [...list].sort((x, y) => x.name.localeCompare(y.name));
        assert.deepEqual(names(a.features), names(b.features));
        assert.equal(a.weightScale, b.weightScale);
        assert.equal(a.contributionCount, b.contributionCount);
      });

      it('shows the same overview on every date', () => {
        for (const date of fromFiles.summary().dates) assertClose(fromCluster.overview(date, NO_FILTERS), fromFiles.overview(date, NO_FILTERS), date);
      });

      it('shows the same attribution by sector x factor and the same factor history', () => {
        for (const date of fromFiles.summary().dates.slice(-3)) {
          const a = fromCluster.factors(date, NO_FILTERS);
          const b = fromFiles.factors(date, NO_FILTERS);
          assertClose(byKey(a.bySector, (c) => `${c.group}|${c.factor}`), byKey(b.bySector, (c) => `${c.group}|${c.factor}`), `${date} bySector`);
          assertClose(byKey(a.byFactor, (c) => c.factor), byKey(b.byFactor, (c) => c.factor), `${date} byFactor`);
        }
        assertClose(fromCluster.factors(fromFiles.summary().dates[0], NO_FILTERS).history, fromFiles.factors(fromFiles.summary().dates[0], NO_FILTERS).history, 'history');
      });

      it('shows the same guardrails', () => {
        assertClose(fromCluster.guardrails(), fromFiles.guardrails());
      });

      it('shows the same stocks, stock detail, why-held, features, portfolio, comparison and run-wide views on a past date', async () => {
        const dates = fromFiles.summary().dates;
        const date = dates[Math.floor(dates.length / 2)];
        // A long table stays on the cluster, read by date: the views of a date read it first, as the worker does.
        const release = await fromCluster.holdDates([date]);
        try {
          viewsOn(date);
        } finally {
          release();
        }
      });

      function viewsOn(date: string): void {
        const stock = fromFiles.stocks(date, NO_FILTERS).rows.find((r) => r.weight > 0)?.stock as string;
        assertClose(byKey(fromCluster.stocks(date, NO_FILTERS).rows, (r) => r.stock), byKey(fromFiles.stocks(date, NO_FILTERS).rows, (r) => r.stock), `${date} stocks`);
        // A long table's features come in name order (a database table has no row order): compare by feature.
        const detail = (e: PanelEngine) => {
          const d = e.stock(date, stock, NO_FILTERS);
          return { ...d, contributions: byKey(d.contributions, (c) => c.feature) };
        };
        assertClose(detail(fromCluster), detail(fromFiles), `${date} ${stock}`);
        const held = (e: PanelEngine) => {
          const x = e.explain(date, stock);
          return JSON.parse(JSON.stringify(x, (_key, value) => (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && 'feature' in v) ? byKey(value, (v: { feature: string }) => v.feature) : value)));
        };
        assertClose(held(fromCluster), held(fromFiles), `${date} explain ${stock}`);
        assertClose(fromCluster.features(date, NO_FILTERS, 'ep_fy1', null), fromFiles.features(date, NO_FILTERS, 'ep_fy1', null), `${date} features`);
        assertClose(fromCluster.portfolio(date, NO_FILTERS), fromFiles.portfolio(date, NO_FILTERS), `${date} portfolio`);
        assertClose(fromCluster.compare(date, NO_FILTERS, 'previous', stock), fromFiles.compare(date, NO_FILTERS, 'previous', stock), `${date} compare`);
        assertClose(fromCluster.performance(), fromFiles.performance(), 'performance');
        assertClose(fromCluster.signals(), fromFiles.signals(), 'signals');
        assertClose(fromCluster.transferCoefficient(), fromFiles.transferCoefficient(), 'transfer coefficient');
      }
    });
  }

  describe('a long table read by date (the run stays on the cluster)', () => {
    /** A connection that records each result's rows and cells (the lengths of its `fi` lists). */
    function countingConnection(): { connection: ClickHouseConnection; results: { rows: number; cells: number }[] } {
      const counting = new ClickHouseConnection({ url: cluster().shards[0].url, database: DATABASE });
      const results: { rows: number; cells: number }[] = [];
      const query = counting.query.bind(counting);
      counting.query = async (sql, params) => {
        const result = await query(sql, params);
        results.push({ rows: result.rows, cells: result.names.includes('fi') ? numberLists(result, 'fi').reduce((n, list) => n + list.length, 0) : 0 });
        return result;
      };
      return { connection: counting, results };
    }

    it("moves no cell at open, and exactly one date's cells when a view asks for that date", async () => {
      const { connection: counting, results } = countingConnection();
      try {
        const engine = await loadRun(clusterInput('contributions_long'), new ClickHouseTableSource(counting, DATABASE));
        const cells = (engine as unknown as { panel: Panel }).panel.cells;
        assert.equal(cells.kind, 'by-date');
        if (cells.kind !== 'by-date') return;
        assert.equal(cells.held.size, 0, 'no date is held before a view asks for one');
        const tableCells = numbers(await connection.query(`SELECT toFloat64(count()) AS n FROM ${tableRelation(DATABASE, 'contributions_long')}`), 'n')[0];
        assert.ok(results.every((r) => r.cells === 0), 'no query at open returns cells');
        // The open moves the keys and their per-factor sums: less than the cells' contributions alone as doubles.
        assert.ok(counting.bytesReceived < tableCells * 8, `${counting.bytesReceived} bytes at open for ${tableCells} cells`);

        const date = engine.summary().dates[30];
        const [expected] = [await connection.query(`SELECT toFloat64(count()) AS n, toFloat64(uniqExact(stock)) AS stocks FROM ${tableRelation(DATABASE, 'contributions_long')} WHERE date = $1`, [{ date }])];
        const dateCells = numbers(expected, 'n')[0];
        results.length = 0;
        const before = counting.bytesReceived;
        const release = await engine.holdDates([date]);
        assert.equal(results.length, 1, 'one query reads the date');
        assert.equal(results[0].cells, dateCells, "the date's cells, and only those");
        assert.equal(results[0].rows, numbers(expected, 'stocks')[0], "one row per stock of the date");
        // Per cell its contribution, its raw value (this table has them) and a one-byte feature
        // position; per stock its name and the lists' offsets: about 17 bytes a cell.
        const bytes = counting.bytesReceived - before;
        assert.ok(bytes <= dateCells * 17 + results[0].rows * 60, `${bytes} bytes for ${dateCells} cells`);
        assert.ok(engine.stocks(date, NO_FILTERS).rows.length > 0);
        release();

        await engine.close();
        await assert.rejects(cells.reader.read(Int32Array.of(0)), /read after the run was closed/);
      } finally {
        counting.close();
      }
    });

    it('places every cell where the whole read puts it, for DateTime dates and integer stocks (text order is not number order)', async () => {
      const long = tableRelation(DATABASE, 'contributions_long');
      const typed = tableRelation(DATABASE, 'contributions_typed');
      await connection.run(
        `CREATE TABLE IF NOT EXISTS ${typed} ENGINE = MergeTree() ORDER BY (date, stock, feature) AS
         SELECT toDateTime(date, 'UTC') AS date, toUInt32(cityHash64(stock) % 4000000000) AS stock, feature, contribution, value
         FROM ${long} WHERE date >= (SELECT max(date) FROM ${long}) - 70`,
      );
      const source = new ClickHouseTableSource(connection, DATABASE);
      const file = { role: 'contributions' as const, name: 'contributions_typed' };
      const whole = (await source.readLongContributions(file, undefined, [])) as WideContributions;
      const held = (await source.readLongContributions(file, undefined, [], (features) => ({ groupOf: Int32Array.from(features, (_, f) => f % 3), groups: 3 }))) as WideContributions;
      assert.ok(held.byDate && !whole.byDate);
      assert.ok(new Set(whole.dates).size >= 2, `${new Set(whole.dates).size} dates`);
      assert.deepEqual(held.stocks, whole.stocks);
      assert.deepEqual(held.dates, whole.dates);
      assert.deepEqual(held.features, whole.features);
      const cells = await held.byDate.cells.read(Int32Array.from(held.stocks, (_, i) => i));
      held.features.forEach((feature, f) => {
        assert.deepEqual(cells.contributions[f], whole.contributions[f], feature);
        assert.deepEqual(cells.values?.[f], whole.featureValues?.[f], `${feature} values`);
      });
      const sums = [0, 1, 2].map((g) => whole.stocks.map((_, k) => whole.features.reduce((sum, _f, f) => (f % 3 === g && Number.isFinite(whole.contributions[f][k]) ? sum + whole.contributions[f][k] : sum), 0)));
      assertClose(held.byDate.groupSums.map((column) => Array.from(column)), sums, 'per-row sums by group', 1e-12);
      assert.deepEqual(Array.from(held.byDate.nonFinite), whole.stocks.map((_, k) => whole.features.filter((_f, f) => !Number.isFinite(whole.contributions[f][k])).length));
      await held.byDate.cells.close();
    });

    it('counts missing and repeated cells per key past 64 features (one mask of features per 64)', async () => {
      // 2 dates x 3 stocks x 150 features; stock B lacks feature f149 on the first date, and
      // stock C has f100 twice on the second date in the table `repeats150`.
      const cells = `SELECT toDate('2024-01-31') + 29 * intDiv(number, 450) AS date, ['A', 'B', 'C'][intDiv(number % 450, 150) + 1] AS stock, concat('f', toString(number % 150)) AS feature, toFloat64(number % 7) - 3 AS contribution FROM numbers(900)`;
      await connection.run(`CREATE TABLE IF NOT EXISTS ${tableRelation(DATABASE, 'missing150')} ENGINE = MergeTree() ORDER BY (date, stock, feature) AS SELECT * FROM (${cells}) WHERE NOT (stock = 'B' AND feature = 'f149' AND date = toDate('2024-01-31'))`);
      await connection.run(`CREATE TABLE IF NOT EXISTS ${tableRelation(DATABASE, 'repeats150')} ENGINE = MergeTree() ORDER BY (date, stock, feature) AS SELECT * FROM (${cells} UNION ALL SELECT toDate('2024-02-29'), 'C', 'f100', 1.5)`);
      const source = new ClickHouseTableSource(connection, DATABASE);
      const grouping = (features: readonly string[]) => ({ groupOf: new Int32Array(features.length), groups: 1 });
      const missing = (await source.readLongContributions({ role: 'contributions', name: 'missing150' }, undefined, [], grouping)) as WideContributions;
      assert.deepEqual(missing.stocks, ['A', 'B', 'C', 'A', 'B', 'C']);
      assert.equal(missing.features.length, 150);
      assert.deepEqual(Array.from(missing.byDate?.nonFinite ?? []), [0, 1, 0, 0, 0, 0]);
      await missing.byDate?.cells.close();
      await assert.rejects(source.readLongContributions({ role: 'contributions', name: 'repeats150' }, undefined, [], grouping), /repeats150 at .*: 1 rows repeat a \(date, stock, feature\) cell, e\.g\. \('2024-02-29', ?'C', ?'f100'\)/);
    });

    it('refuses a table that repeats a (date, stock, feature) cell, naming the count and an example, read by date or whole', async () => {
      const long = tableRelation(DATABASE, 'contributions_long');
      const repeated = tableRelation(DATABASE, 'contributions_repeated');
      await connection.run(`CREATE TABLE IF NOT EXISTS ${repeated} ENGINE = MergeTree() ORDER BY (date, stock, feature) AS SELECT * FROM ${long}`);
      await connection.run(`INSERT INTO ${repeated} SELECT * FROM ${long} WHERE stock = (SELECT min(stock) FROM ${long}) AND date = (SELECT max(date) FROM ${long}) LIMIT 2`);
      const refusal = /contributions_repeated at http:\/\/[^:]+:\d+: 2 rows repeat a \(date, stock, feature\) cell, e\.g\. \(.+\)\. A database table has no row order/;
      await assert.rejects(loadRun(clusterInput('contributions_repeated'), new ClickHouseTableSource(connection, DATABASE)), (error: Error) => error instanceof InputError && refusal.test(error.message));
      await assert.rejects(new ClickHouseTableSource(connection, DATABASE).readLongContributions({ role: 'contributions', name: 'contributions_repeated' }, undefined, []), refusal);
    });
  });

  describe('with a baseline', () => {
    const BASELINE_DIR = join(SAMPLE_DIR, 'baseline');
    /** The sample's baseline (v6) read from its files. */
    function baselineFromFiles(): RunInput {
      const { manifest, diagnostics } = parseManifest(readFileSync(join(BASELINE_DIR, 'run.glassbox.json'), 'utf8'), 'baseline/run.glassbox.json');
      return { source: 'baseline/run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files: manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, path: join(BASELINE_DIR, t.path) })) };
    }
    /** The sample run from the cluster (long contributions) with `baseline`, read as the worker reads it: tables from the cluster, files by DuckDB. */
    async function clusterWith(baseline: RunInput): Promise<PanelEngine> {
      const text = JSON.stringify({ ...SAMPLE_MANIFEST, baseline: undefined, source: { engine: 'clickhouse', url: cluster().shards[0].url, database: DATABASE }, contributions: 'contributions_long', weights: 'weights', securities: 'securities', returns: 'returns' });
      const { manifest, diagnostics } = parseManifest(text, 'warehouse.glassbox.json');
      const files: RunFile[] = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path }));
      return loadRun({ source: 'warehouse.glassbox.json', manifest, manifestDiagnostics: diagnostics, files, baseline }, withFiles(new ClickHouseTableSource(connection, DATABASE), await duckdbSource()));
    }

    it('compares with a baseline of files as the run from files does', async () => {
      const { manifest, diagnostics } = parseManifest(readFileSync(join(SAMPLE_DIR, 'run.glassbox.json'), 'utf8'), 'run.glassbox.json');
      const files = manifestTables(manifest).map((t) => ({ role: t.role, name: t.path, path: join(SAMPLE_DIR, t.path) }));
      const filesWithBaseline = await loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files, baseline: baselineFromFiles() }, await duckdbSource());
      const fromCluster = await clusterWith(baselineFromFiles());
      assert.equal(fromCluster.summary().baseline, filesWithBaseline.summary().baseline);
      assert.ok(fromCluster.summary().baseline, 'the baseline was read');
      const dates = filesWithBaseline.summary().dates;
      for (const date of [dates[dates.length - 1], dates[20]]) {
        // A long table's features come in name order: the features one side lacks, compared as sets.
        const sets = (c: ReturnType<PanelEngine['compare']>) => ({ ...c, featuresOnlyBefore: [...c.featuresOnlyBefore].sort(), featuresOnlyAfter: [...c.featuresOnlyAfter].sort() });
        const a = sets(fromCluster.compare(date, NO_FILTERS, 'baseline', null));
        const b = sets(filesWithBaseline.compare(date, NO_FILTERS, 'baseline', null));
        assert.ok(b.changedCount > 0, 'the baseline differs from the run');
        assertClose(a, b, `${date} against the baseline`);
      }
      // The run's dates are read from the cluster a few at a time for its feature importance.
      await fromCluster.prepareStability();
      assertClose(fromCluster.stability(), filesWithBaseline.stability(), 'stability against the baseline');
    });

    it('reads a baseline in the run\'s own database over the run\'s connection', async () => {
      // The same data stored wide: a baseline equal to the run, read from the cluster.
      const text = JSON.stringify({ ...SAMPLE_MANIFEST, name: 'wide copy', baseline: undefined, source: { engine: 'clickhouse', url: cluster().shards[0].url, database: DATABASE }, contributions: 'contributions', weights: 'weights', securities: 'securities', returns: 'returns' });
      const { manifest, diagnostics } = parseManifest(text, 'wide.glassbox.json');
      assert.equal(remoteBaselineProblem(parseManifest(text, 'x').manifest, manifest), null);
      const fromCluster = await clusterWith({ source: 'wide.glassbox.json', manifest, manifestDiagnostics: diagnostics, files: manifestTables(manifest).map((t) => ({ role: t.role, name: t.path })) });
      assert.equal(fromCluster.summary().baseline, 'wide copy');
      const date = fromCluster.summary().dates[30];
      const against = fromCluster.compare(date, NO_FILTERS, 'baseline', null);
      assert.equal(against.changedCount, 0, 'the same holdings');
      assert.ok(against.exposure.length > 0);
      for (const f of against.exposure) assert.ok(Math.abs(f.change) <= 1e-12, `${f.factor}: ${f.before} -> ${f.after}`);
    });
  });

  describe('the aggregates pushed down to the cluster', () => {
    let duck: DuckDbConnection;
    let inputs: CubeInputs;
    before(async () => {
      duck = await DuckDbConnection.open({ threads: 2 });
      const features = fromFiles.summary().features;
      inputs = {
        contributions: { relation: tableRelation(DATABASE, 'contributions_long'), date: 'date', stock: 'stock', feature: 'feature', contribution: 'contribution' },
        weights: { relation: tableRelation(DATABASE, 'weights'), date: 'date', stock: 'stock', weight: 'weight', benchmark: 'benchmark_weight' },
        securities: { relation: tableRelation(DATABASE, 'securities'), stock: 'stock', sector: 'sector', country: 'country', region: 'region' },
        factorOf: { features: features.map((f) => f.name), factors: features.map((f) => f.factor), unassigned: UNASSIGNED },
        weightScale: fromFiles.summary().weightScale === 'percent' ? 0.01 : 1,
      };
    });
    after(() => duck?.close());

    /**
     * DuckDB's answer from the sample's files, written independently: the wide contributions
     * unpivoted (NULLs dropped, as the long table has no such rows), each feature's factor
     * from a VALUES list, weights and securities joined, summed by `group`.
     */
    async function fromDuckDb(select: string, group: string, where = ''): Promise<SqlResult> {
      const names = inputs.factorOf.features;
      const quoted = names.map((n) => `"${n}"`).join(', ');
      const map = names.map((n, i) => `('${n}', '${inputs.factorOf.factors[i]}')`).join(', ');
      const unknown = (col: string) => `CASE WHEN s.${col} IS NULL OR s.${col} = '' THEN 'Unknown' ELSE s.${col} END`;
      return duck.query(`
        WITH long AS (UNPIVOT (SELECT date, stock, ${quoted} FROM read_parquet('${join(SAMPLE_DIR, 'out/contributions.parquet')}')) ON ${quoted} INTO NAME feature VALUE contribution),
        rows AS (
          SELECT strftime(l.date, '%Y-%m-%d') AS date, l.stock, m.factor, l.contribution::DOUBLE AS c, w.weight * ${inputs.weightScale} AS w, w.benchmark_weight * ${inputs.weightScale} AS b,
                 ${unknown('sector')} AS sector, ${unknown('country')} AS country, ${unknown('region')} AS region
          FROM long l JOIN (VALUES ${map}) m(feature, factor) USING (feature)
          JOIN read_csv('${join(SAMPLE_DIR, 'out/weights.csv')}') w ON w.date = l.date AND w.stock = l.stock
          LEFT JOIN read_csv('${join(SAMPLE_DIR, 'ref/securities.csv')}') s ON s.stock = l.stock ${where})
        SELECT ${select} FROM rows GROUP BY ${group} ORDER BY ${group}`);
    }

    /** The rows of a result keyed by its text columns, its numeric columns as values. */
    function keyed(result: SqlResult, keys: string[], values: string[]): Record<string, number[]> {
      const out: Record<string, number[]> = {};
      for (let r = 0; r < result.rows; r++) out[keys.map((k) => texts(result, k)[r]).join('|')] = values.map((v) => numbers(result, v)[r]);
      return out;
    }

    it('answers the run-wide cube (date x sector x country x region x factor) as DuckDB does from the files', async () => {
      const q = cubeQuery(inputs);
      const cube = await connection.query(q.sql, q.params);
      const expected = await fromDuckDb('date, sector, country, region, factor, sum(w * c) AS portfolio, sum(b * c) AS benchmark', 'date, sector, country, region, factor');
      assert.ok(cube.rows > 1000, `${cube.rows} groups`);
      const keys = ['date', 'sector', 'country', 'region', 'factor'];
      assertClose(keyed(cube, keys, ['portfolio', 'benchmark']), keyed(expected, keys, ['portfolio', 'benchmark']));
    });

    it("sums to the engine's factor exposure on the latest date", async () => {
      const q = cubeQuery(inputs);
      const cube = await connection.query(q.sql, q.params);
      const date = fromFiles.summary().dates.at(-1) as string;
      const sums: Record<string, { portfolio: number; active: number }> = {};
      for (let r = 0; r < cube.rows; r++) {
        if (texts(cube, 'date')[r] !== date) continue;
        const factor = texts(cube, 'factor')[r] as string;
        const cell = (sums[factor] ??= { portfolio: 0, active: 0 });
        cell.portfolio += numbers(cube, 'portfolio')[r];
        cell.active += numbers(cube, 'portfolio')[r] - numbers(cube, 'benchmark')[r];
      }
      const engine = fromFiles.factors(date, NO_FILTERS).byFactor;
      assertClose(sums, Object.fromEntries(engine.map((f) => [f.factor, { portfolio: f.portfolio, active: f.active }])));
    });

    it("answers one date's slice (stock x factor with weights and groups) as DuckDB does", async () => {
      const date = fromFiles.summary().dates[30];
      const q = dateSliceQuery(inputs, date);
      const slice = await connection.query(q.sql, q.params);
      const expected = await fromDuckDb('stock, factor, sum(c) AS contribution, any_value(w) AS weight, any_value(b) AS benchmark, any_value(sector) AS sector, any_value(country) AS country, any_value(region) AS region', 'stock, factor', `WHERE l.date = '${date}'`);
      assert.ok(slice.rows > 1000, `${slice.rows} rows`);
      const keys = ['stock', 'factor', 'sector', 'country', 'region'];
      assertClose(keyed(slice, keys, ['contribution', 'weight', 'benchmark']), keyed(expected, keys, ['contribution', 'weight', 'benchmark']));
    });
  });
});

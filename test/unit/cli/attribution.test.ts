/**
 * `glassbox attribution`, spawned: the numbers against the engine's factor attribution on
 * the sample, against hand computation on a three-stock fixture, and the output formats.
 */
import { strict as assert } from 'node:assert';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { NO_FILTERS } from '../../../src/model/types';
import { type CliResult, FIXTURE_FACTORS, FIXTURE_ROWS, hasStackTrace, loadSample, removeTempDirs, runCli, SAMPLE, writeFixture } from './fixtures';

type Row = Record<string, string | number> & { contribution: number };

const close = (actual: number, expected: number, what: string, tolerance = 1e-12) => assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} != ${expected}`);

describe('glassbox attribution', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  describe('on the sample run', () => {
    let engine: PanelEngine;
    let latest: CliResult;
    let all: CliResult;
    before(async () => {
      [engine, latest, all] = await Promise.all([
        loadSample(),
        runCli(['attribution', SAMPLE, '--by', 'date,sector', '--weight', 'active', '--json']),
        runCli(['attribution', SAMPLE, '--by', 'date,sector', '--weight', 'active', '--date', 'all', '--json']),
      ]);
    });

    it('defaults to the latest date and prints an array of {date, sector, contribution}', () => {
      assert.equal(latest.code, 0, latest.stderr);
      const rows = JSON.parse(latest.stdout) as Row[];
      assert.ok(Array.isArray(rows) && rows.length === engine.summary().sectors.length, String(rows.length));
      for (const row of rows) {
        assert.deepEqual(Object.keys(row), ['date', 'sector', 'contribution']);
        assert.equal(row.date, '2025-12-31');
        assert.equal(typeof row.contribution, 'number');
      }
    });

    it("equals the engine's factor x sector active attribution summed over factors, on every date", () => {
      assert.equal(all.code, 0, all.stderr);
      const rows = JSON.parse(all.stdout) as Row[];
      const dates = engine.summary().dates;
      assert.deepEqual([...new Set(rows.map((r) => r.date))], dates);
      const cli = new Map(rows.map((r) => [`${r.date}|${r.sector}`, r.contribution]));
      const latestRows = JSON.parse(latest.stdout) as Row[];
      for (const row of latestRows) assert.equal(cli.get(`${row.date}|${row.sector}`), row.contribution);
      let compared = 0;
      for (const date of [dates[0], '2023-07-31', dates[dates.length - 1]]) {
        const bySector = new Map<string, number>();
        for (const cell of engine.factors(date, NO_FILTERS).bySector) bySector.set(cell.group, (bySector.get(cell.group) ?? 0) + (cell.active as number));
        assert.equal(rows.filter((r) => r.date === date).length, bySector.size, date);
        for (const [sector, expected] of bySector) {
          close(cli.get(`${date}|${sector}`) as number, expected, `${date} ${sector}`);
          compared++;
        }
      }
      assert.ok(compared >= 30, String(compared));
    });
  });

  describe('on a three-stock fixture', () => {
    let manifest: string;
    before(() => {
      manifest = writeFixture().manifest;
    });

    /** w x c summed per group, one row and feature at a time: the definition, naively. */
    function naive(keys: (r: (typeof FIXTURE_ROWS)[number], feature: string) => string, weight: 'portfolio' | 'active' | 'benchmark' | 'equal', date: string): Map<string, number> {
      const featureFactor = new Map(Object.entries(FIXTURE_FACTORS).flatMap(([factor, features]) => features.map((f) => [f, factor] as const)));
      const rows = FIXTURE_ROWS.filter((r) => r.date === date);
      const sums = new Map<string, number>();
      for (const r of rows) {
        const w = weight === 'portfolio' ? r.weight : weight === 'active' ? r.weight - r.benchmark : weight === 'benchmark' ? r.benchmark : 1 / rows.length;
        for (const feature of featureFactor.keys()) {
          const key = keys(r, feature);
          sums.set(key, (sums.get(key) ?? 0) + w * (r[feature as 'f_a' | 'f_b' | 'f_c'] as number));
        }
      }
      return sums;
    }

    it('sums active weight x contributions by date and sector: by hand and naively', async () => {
      const result = await runCli(['attribution', manifest, '--by', 'date,sector', '--weight', 'active', '--date', 'all', '--json']);
      assert.equal(result.code, 0, result.stderr);
      const rows = JSON.parse(result.stdout) as Row[];
      const got = new Map(rows.map((r) => [`${r.date}|${r.sector}`, r.contribution]));
      // 2024-01-31: Tech = S1 (0.4-0.3) x (0.1+0.2-0.1) + S2 0 x 0.2 = 0.02; the other sector = S3 (0.3-0.4) x 0.2 = -0.02.
      // 2024-02-29: Tech = S1 0.1 x 0.3 + S2 0.1 x 0 = 0.03; the other = S3 -0.2 x 0.6 = -0.12.
      const hostile = FIXTURE_ROWS[2].sector;
      const byHand: [string, number][] = [
        ['2024-01-31|Tech', 0.02],
        [`2024-01-31|${hostile}`, -0.02],
        ['2024-02-29|Tech', 0.03],
        [`2024-02-29|${hostile}`, -0.12],
      ];
      assert.equal(rows.length, 4);
      for (const [key, expected] of byHand) close(got.get(key) as number, expected, key);
      for (const date of ['2024-01-31', '2024-02-29']) {
        for (const [sector, expected] of naive((r) => r.sector, 'active', date)) close(got.get(`${date}|${sector}`) as number, expected, `${date} ${sector}`);
      }
    });

    it('weighs equally with --weight equal (1/N of the stocks with contributions)', async () => {
      const result = await runCli(['attribution', manifest, '--by', 'factor', '--weight', 'equal', '--json']);
      assert.equal(result.code, 0, result.stderr);
      const rows = JSON.parse(result.stdout) as Row[];
      // 2024-02-29 (the latest): alpha = (0.2 + 0 + 0.1) / 3 = 0.1; beta = (0.1 + 0 + 0.5) / 3 = 0.2.
      assert.deepEqual(rows.map((r) => r.factor), ['alpha', 'beta']);
      close(rows[0].contribution, 0.1, 'alpha');
      close(rows[1].contribution, 0.2, 'beta');
    });

    it('groups by stock and feature, and by benchmark and portfolio weight, as the naive sums do', async () => {
      const [byStockFeature, benchmark] = await Promise.all([
        runCli(['attribution', manifest, '--by', 'stock,feature', '--date', '2024-01-31', '--json']),
        runCli(['attribution', manifest, '--by', 'country', '--weight', 'benchmark', '--json']),
      ]);
      const rows = JSON.parse(byStockFeature.stdout) as Row[];
      assert.equal(rows.length, 9);
      const expected = naive((r, f) => `${r.stock}|${f}`, 'portfolio', '2024-01-31');
      for (const row of rows) close(row.contribution, expected.get(`${row.stock}|${row.feature}`) as number, `${row.stock} ${row.feature}`);
      const countries = JSON.parse(benchmark.stdout) as Row[];
      const expectedCountries = naive((r) => r.country, 'benchmark', '2024-02-29');
      assert.deepEqual(countries.map((r) => r.country).sort(), [...expectedCountries.keys()].sort());
      for (const row of countries) close(row.contribution, expectedCountries.get(row.country as string) as number, row.country as string);
    });

    it('prints CSV with a header', async () => {
      const result = await runCli(['attribution', manifest, '--by', 'sector,factor', '--csv']);
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'sector,factor,contribution');
      assert.equal(lines.length, 1 + 4);
      // S3 alone: 0.2 x (-0.1 + 0.2) = 0.02 on the latest date.
      const hostile = lines.find((l) => l.startsWith('<img src=x onerror=alert(1)>,alpha,'));
      close(Number(hostile?.split(',')[2]), 0.02, 'hostile sector, alpha');
      assert.ok(lines.some((l) => /^Tech,beta,-?[\d.e-]+$/.test(l)), lines.join('\n'));
    });

    it('groups industry as Unknown and says so on stderr', async () => {
      const result = await runCli(['attribution', manifest, '--by', 'industry', '--json']);
      assert.equal(result.code, 0);
      assert.deepEqual((JSON.parse(result.stdout) as Row[]).map((r) => r.industry), ['Unknown']);
      assert.match(result.stderr, /no industry classification/);
    });

    it('prints a human table by default', async () => {
      const result = await runCli(['attribution', manifest, '--by', 'date,sector']);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^Attribution by date, sector: portfolio weight, 2024-02-29 \(2 groups\)$/m);
      assert.match(result.stdout, /^Date\s+Sector\s+Contribution$/m);
    });

    it('exits 2 with a message for a bad key, date, weight or option', async () => {
      const results = await Promise.all([
        runCli(['attribution', manifest, '--by', 'date,sektor']),
        runCli(['attribution', manifest, '--by', 'date', '--date', '2023-01-01']),
        runCli(['attribution', manifest, '--by', 'date', '--weight', 'heavy']),
        runCli(['attribution', manifest]),
        runCli(['attribution', manifest, '--by', 'date', '--json', '--csv']),
        runCli(['attribution', manifest, '--by', 'date', '--format', 'json']),
      ]);
      const patterns = [/'sektor' is not a grouping key/, /no date 2023-01-01; it has 2024-01-31 to 2024-02-29/, /--weight heavy/, /--by is required/, /cannot be combined/, /Unknown option '--format'/];
      results.forEach((result, i) => {
        assert.equal(result.code, 2, `${i}: ${result.stderr}`);
        assert.match(result.stderr, patterns[i]);
        assert.ok(!hasStackTrace(result.stderr), result.stderr);
      });
      assert.match(results[5].stderr, /^Usage: glassbox attribution RUN --by KEYS/m);
    });

    it('exits 2 for active weights on a run without a benchmark', async () => {
      const { contributions } = writeFixture();
      const result = await runCli(['attribution', contributions, '--by', 'sector', '--weight', 'active']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /no benchmark weights/);
    });
  });
});

/**
 * `glassbox check`, spawned as users run it: exit 0 on a passing run, 1 on the sample's
 * planted sector breach and on an integrity failure, 2 on runs that cannot be read, with a
 * message naming the file and no stack trace.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../../src/cli/check';
import { type CliResult, hasStackTrace, removeTempDirs, runCli, SAMPLE, tempDir, writeFixture } from './fixtures';

describe('glassbox check', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  describe('on the sample run', () => {
    let human: CliResult;
    let json: CliResult;
    before(async () => {
      [human, json] = await Promise.all([runCli(['check', SAMPLE]), runCli(['check', SAMPLE, '--json'])]);
    });

    it('exits 1 on the planted Consumer Staples breach, with a table per check', () => {
      assert.equal(human.code, 1, human.stderr);
      assert.match(human.stdout, /^Diagnostics$/m);
      assert.match(human.stdout, /^Integrity: /m);
      assert.match(human.stdout, /^Guardrails$/m);
      assert.match(human.stdout, /^sector\s+5\.00%.*2023-07-31.*Consumer Staples.*FAIL$/m);
      assert.match(human.stdout, /^FAIL: sector guardrail\.$/m);
      assert.equal(human.stderr, '');
    });

    it('prints diagnostics, integrity per date and guardrails as JSON', () => {
      assert.equal(json.code, 1, json.stderr);
      const result = JSON.parse(json.stdout) as CheckResult;
      assert.deepEqual(Object.keys(result).sort(), ['coverage', 'diagnostics', 'findings', 'guardrails', 'icDecay', 'integrity', 'pass', 'run', 'signals', 'signalsCheck', 'stability']);
      assert.equal(result.pass, false);
      // One severity model: the breach is an error; the problems are the breach and the warnings, as the view's badge and the Problems panel count them.
      const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
      assert.equal(result.findings.errors, 1, 'the sector breach');
      assert.equal(result.findings.guardrailBreaches, 1);
      assert.equal(result.findings.warnings, warnings);
      assert.equal(result.findings.problems, 1 + warnings);
      assert.equal(result.findings.infos, result.diagnostics.filter((d) => d.severity === 'info').length);
      for (const d of result.diagnostics) {
        assert.ok(['error', 'warning', 'info'].includes(d.severity));
        assert.equal(typeof d.code, 'string');
        assert.equal(typeof d.message, 'string');
        for (const key of Object.keys(d)) assert.ok(['severity', 'code', 'message', 'file', 'row', 'column'].includes(key), key);
      }
      assert.ok(result.diagnostics.some((d) => d.code === 'held-without-contributions'));
      assert.equal(result.integrity.checked, true);
      assert.equal(result.integrity.dates, 60);
      assert.equal(result.integrity.failures, 0);
      assert.deepEqual(result.integrity.failedDates, []);
      assert.equal(result.integrity.pass, true);
      assert.deepEqual(result.guardrails.map((g) => [g.guardrail, g.pass]), [['sector', false], ['stock', true], ['turnover', true]]);
      const sector = result.guardrails[0];
      assert.deepEqual(sector.breachedDates, ['2023-07-31']);
      assert.equal(sector.breaches.length, 1);
      assert.equal(sector.breaches[0].name, 'Consumer Staples');
      assert.ok(Math.abs(sector.breaches[0].value - 0.056) < 0.0005);
    });
  });

  describe('on small fixtures', () => {
    it('exits 0 when every check passes', async () => {
      const { manifest } = writeFixture();
      const result = await runCli(['check', manifest, '--json']);
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout) as CheckResult;
      assert.equal(json.pass, true);
      assert.equal(json.integrity.dates, 2);
      assert.equal(json.integrity.stocks, 6);
      assert.deepEqual(json.guardrails.map((g) => [g.guardrail, g.pass, g.checked]), [['sector', true, 2], ['stock', true, 2]]);
    });

    it('exits 1 on an integrity failure and names the date and the stock', async () => {
      const { manifest } = writeFixture({ s2Score: 0.25 });
      const [human, json] = await Promise.all([runCli(['check', manifest]), runCli(['check', manifest, '--json'])]);
      assert.equal(human.code, 1);
      assert.match(human.stdout, /^2024-01-31\s+1\s+S2\s+-0\.05$/m);
      assert.match(human.stdout, /^FAIL: integrity\.$/m);
      const result = JSON.parse(json.stdout) as CheckResult;
      assert.equal(result.pass, false);
      assert.equal(result.integrity.failures, 1);
      assert.deepEqual(result.integrity.failedDates.map((f) => [f.date, f.failures, f.worst[0].stock]), [['2024-01-31', 1, 'S2']]);
      assert.ok(Math.abs(result.integrity.failedDates[0].worst[0].error + 0.05) < 1e-12);
    });

    it('accepts a looser --tolerance', async () => {
      const { manifest } = writeFixture({ s2Score: 0.25 });
      const result = await runCli(['check', manifest, '--tolerance', '0.1']);
      assert.equal(result.code, 0, result.stdout);
    });

    it('reads a contributions file with --weights (no manifest: no guardrails)', async () => {
      const { contributions, weights } = writeFixture();
      const result = await runCli(['check', contributions, '--weights', weights, '--json']);
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout) as CheckResult;
      assert.deepEqual(json.guardrails, []);
      assert.equal(json.integrity.stocks, 6);
    });
  });

  describe('on runs that cannot be read', () => {
    const expectUnreadable = (result: CliResult, ...patterns: RegExp[]) => {
      assert.equal(result.code, 2, result.stdout);
      assert.equal(result.stdout, '');
      for (const pattern of patterns) assert.match(result.stderr, pattern);
      assert.ok(!hasStackTrace(result.stderr), result.stderr);
    };

    it('exits 2 naming a missing table and the manifest field', async () => {
      const { manifest } = writeFixture();
      writeFileSync(manifest, JSON.stringify({ contributions: 'out/contributions.csv', weights: 'out/missing.csv' }));
      expectUnreadable(await runCli(['check', manifest]), /run\.glassbox\.json: "weights" names out\/missing\.csv, which does not exist/);
    });

    it('exits 2 on a manifest that is not JSON, with the line and column', async () => {
      const dir = tempDir();
      const path = join(dir, 'bad.glassbox.json');
      writeFileSync(path, '{\n  "contributions": "a.csv",\n  oops\n}');
      expectUnreadable(await runCli(['check', path]), /bad\.glassbox\.json/, /line 3/);
    });

    it('exits 2 on a contributions table with text in a feature column, naming the file and row', async () => {
      const { contributions } = writeFixture();
      writeFileSync(contributions, 'date,stock,f_a,f_b\n2024-01-31,S1,0.1,0.2\n2024-01-31,S2,abc,0.1\n2024-01-31,S3,0.2,0.1\n');
      const result = await runCli(['check', contributions]);
      expectUnreadable(result, /contributions\.csv/, /row 2/);
    });

    it('exits 2 on a RUN that does not exist', async () => {
      expectUnreadable(await runCli(['check', 'no/such/run.glassbox.json']), /no\/such\/run\.glassbox\.json does not exist/);
    });

    it('prints the stack trace only with --debug', async () => {
      const result = await runCli(['check', 'no/such/run.glassbox.json', '--debug']);
      assert.equal(result.code, 2);
      assert.ok(hasStackTrace(result.stderr), result.stderr);
    });
  });

  describe('its command line', () => {
    it('exits 2 with the usage line on an unknown option', async () => {
      const result = await runCli(['check', SAMPLE, '--jsno']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /Unknown option '--jsno'/);
      assert.match(result.stderr, /^Usage: glassbox check RUN/m);
      assert.ok(!hasStackTrace(result.stderr));
    });

    it('exits 2 on a bad --tolerance and on a missing RUN', async () => {
      const [tolerance, missing] = await Promise.all([runCli(['check', SAMPLE, '--tolerance', 'abc']), runCli(['check'])]);
      assert.equal(tolerance.code, 2);
      assert.match(tolerance.stderr, /--tolerance abc/);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /give the run/);
    });

    it('prints help for the command and for glassbox itself, and rejects an unknown command', async () => {
      const [help, main, unknown] = await Promise.all([runCli(['check', '--help']), runCli(['--help']), runCli(['chek', SAMPLE])]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: glassbox check RUN \[--json\] \[--tolerance X\]/);
      assert.match(help.stdout, /Exit codes: 0/);
      assert.equal(main.code, 0);
      assert.match(main.stdout, /check .*\n.*attribution .*\n.*report /);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /'chek' is not a glassbox command/);
    });
  });
});

/**
 * One severity model (model/findings.ts) for a run that fails a check gate of its
 * manifest's constraints (the score's t-statistic below `constraints.signals.minTstat`):
 * the run summary's findings (the view's badge and Diagnostics), the Problems panel's
 * entries, `glassbox check` (its exit code and --json findings) and the review summary
 * (Markdown from the engine, and `glassbox report`) count the same error.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../../src/cli/check';
import { loadRunFromPaths } from '../../../src/cli/load';
import { manifestProblems } from '../../../src/code/runProblems';
import { parseManifest } from '../../../src/model/manifest';
import { describeFindings } from '../../../src/model/findings';
import { reviewSummary } from '../../../src/export/reviewSummary';
import { rankIcRun, removeTempDirs, runCli, tempDir } from './fixtures';

/**
 * Four stocks on three dates, score = f_a, forward returns ranked 1 2 3 4, 2 1 3 4, 2 1 4 3:
 * rank ICs 1, 0.8, 0.6, whose Newey-West t (one lag) is 6√2 ≈ 8.49: below a minimum of 11.
 */
function failingGateRun(): string {
  return rankIcRun({ name: 'gate fails', signals: { neweyWestLags: 1 }, constraints: { signals: { minTstat: 11 } } });
}

describe('one severity model: a failed check gate counts alike everywhere', function () {
  this.timeout(120_000);
  after(removeTempDirs);

  it('findings, Problems panel, check exit code and JSON, and the summaries agree: one error, the signals gate', async () => {
    const manifestPath = failingGateRun();
    const { engine } = await loadRunFromPaths(manifestPath, { withBaseline: true });
    const summary = engine.summary();
    const findings = summary.findings;
    // The view's badge shows findings.problems; its tooltip and the Diagnostics card describeFindings(findings).
    assert.equal(findings.errors, 1);
    // The run's own warnings (no weights: nothing held) keep their severity.
    assert.equal(findings.problems, 1 + findings.warnings);
    assert.deepEqual(findings.gateFailures.map((g) => g.gate), ['signals']);
    assert.match(findings.gateFailures[0].message, /t-statistic of its mean rank IC is 8\.49, below the minimum 11/);
    const sentence = describeFindings(findings);
    assert.match(sentence, /^\d+ problems: 1 failed check \(signal t-statistic\)/);

    // The Problems panel: the same one error, on "constraints" > "signals".
    const { manifest } = parseManifest(readFileSync(manifestPath, 'utf8'), 'run.glassbox.json');
    const entries = manifestProblems(manifest, engine.problems(), summary.diagnostics, findings.gateFailures);
    assert.deepEqual(entries.filter((e) => e.severity === 'error').map((e) => [e.code, e.path]), [['gate-signals', ['constraints', 'signals']]]);
    assert.equal(entries.length, findings.problems);
    assert.equal(entries.filter((e) => e.severity === 'warning').length, findings.warnings);

    // glassbox check: exit 1, the same findings in --json, the same sentence in the text.
    const [json, text] = await Promise.all([runCli(['check', manifestPath, '--json']), runCli(['check', manifestPath])]);
    assert.equal(json.code, 1);
    const result = JSON.parse(json.stdout) as CheckResult;
    assert.equal(result.pass, false);
    assert.deepEqual(result.findings, findings);
    assert.equal(text.code, 1);
    assert.ok(text.stdout.includes(`${sentence}.`), text.stdout);
    assert.match(text.stdout, /FAIL: signal t-statistic\./);

    // The review summary: "Checks fail" with the same count, from the editor's export and from `glassbox report`.
    const markdown = await reviewSummary(engine, 'markdown');
    assert.ok(markdown.includes(`❌ Checks fail** · ${sentence} ·`), markdown.slice(0, 300));
    const out = join(tempDir(), 'review.md');
    const report = await runCli(['report', manifestPath, '--out', out]);
    assert.equal(report.code, 0, report.stderr);
    assert.ok(readFileSync(out, 'utf8').includes(`❌ Checks fail** · ${sentence} ·`));
  });

  it('a run with no limit set passes alike: no gate finding, check exits 0', async () => {
    const manifestPath = failingGateRun();
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    delete manifest.constraints;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const { engine } = await loadRunFromPaths(manifestPath, { withBaseline: true });
    assert.deepEqual(engine.summary().findings.gateFailures, []);
    const json = await runCli(['check', manifestPath, '--json']);
    assert.equal(json.code, 0, json.stdout);
    const findings = engine.summary().findings;
    assert.ok(findings.warnings > 0, 'this run has warnings (and no error)');
    // Passing with warnings says so: "All checks pass" beside "N problems: N warnings" read as a contradiction.
    assert.ok((await reviewSummary(engine, 'markdown')).includes(`✅ Checks pass, with warnings** · ${describeFindings(findings)} ·`));
    assert.match(await reviewSummary(engine, 'html'), /<span class="verdict pass">Checks pass, with warnings<\/span>/);
  });
});

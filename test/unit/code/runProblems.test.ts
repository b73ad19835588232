import { strict as assert } from 'node:assert';
import { loadFailureProblem, manifestProblems } from '../../../src/code/runProblems';
import { runIntegrity, runProblems as problemsOf } from '../../../src/model/engine/integrity';
import type { GuardrailReport } from '../../../src/model/types';
import { checkGuardrails } from '../../../src/model/guardrails/guardrails';
import { parseManifest } from '../../../src/model/manifest';
import type { Panel } from '../../../src/model/run/panel';
import { countFindings, describeFindings, findingsPass, findingsVerdict, runFindings } from '../../../src/model/findings';
import { HAND, loadHand } from '../model/fixtures';
import { close, panelFrom } from '../model/performance/panelFixture';

const MANIFEST = parseManifest(
  JSON.stringify({ ...JSON.parse(HAND.manifest), constraints: { sector: { maxActive: 0.05 }, stock: { maxWeight: 0.6 } } }),
  'hand.glassbox.json',
).manifest;

/** The worker's `problems` answer, as the engine builds it. */
function runProblems(panel: Panel, report: GuardrailReport, tolerance: number) {
  return problemsOf(report.summary, runIntegrity(panel, tolerance));
}

describe('runProblems and manifestProblems on the hand-computed run', () => {
  let panel: Panel;
  before(() => {
    panel = panelFrom({ contributions: HAND.contributions(), weights: HAND.weights(), securities: HAND.securities(), factors: { value: ['v1', 'v2'], momentum: ['m1'] } });
  });

  it('checks integrity on every date: only D on date 1 is off (by -0.005)', () => {
    const problems = runProblems(panel, checkGuardrails(panel, MANIFEST.constraints ?? {}), 1e-6);
    const integrity = problems.integrity!;
    assert.equal(integrity.stocks, 8);
    assert.equal(integrity.failures, 1);
    assert.deepEqual(integrity.failedDates.map((d) => d.date), ['2024-01-31']);
    assert.equal(integrity.worst?.stock, 'D');
    close(integrity.worst?.error, -0.005, 'error', 1e-12);
  });

  it('puts a sector breach on constraints.sector and integrity on contributions', () => {
    // Tech holds A + B = .7 on both dates against .5: +20% active, beyond 5%. The stock cap (60%) holds.
    const problems = runProblems(panel, checkGuardrails(panel, MANIFEST.constraints ?? {}), 1e-6);
    const entries = manifestProblems(MANIFEST, problems, []);
    assert.deepEqual(entries.map((e) => [e.severity, e.path, e.code]), [
      ['error', ['constraints', 'sector'], 'guardrail-sector'],
      ['error', ['contributions'], 'integrity'],
    ]);
    assert.match(entries[0].message, /Sector active weight beyond its 5\.0% limit on 2 dates \(2024-01-31, 2024-02-29\); worst (Health|Tech) [+\u2212]20\.0% on 2024-0/);
    assert.match(entries[1].message, /1 stock-date on 1 date \(worst D on 2024-01-31, off by -0\.00500\)/);
  });

  it('passes the run diagnostics through on the key of the file they name, infos left out', () => {
    const problems = { guardrails: [], integrity: null };
    const entries = manifestProblems(MANIFEST, problems, [
      { severity: 'warning', code: 'weights-sum', message: 'w.csv: weights sum to 91.6%', file: 'w.csv' },
      { severity: 'warning', code: 'unmapped-feature', message: '2 features have no factor' },
      { severity: 'info', code: 'regions-from-countries', message: 'regions from countries' },
      { severity: 'warning', code: 'missing-sector', message: '1 stock has no sector' },
    ]);
    assert.deepEqual(entries.map((e) => [e.path, e.code]), [
      [['weights'], 'weights-sum'],
      [['factors'], 'unmapped-feature'],
      [['contributions'], 'missing-sector'],
    ]);
  });

  it('lists as many entries, at the same severities, as the one severity model counts for the badge and check', async () => {
    const engine = await loadHand();
    const summary = engine.summary();
    const problems = engine.problems();
    const entries = manifestProblems(MANIFEST, problems, summary.diagnostics);
    const findings = runFindings(problems.guardrails, problems.integrity?.failures ?? 0, summary.diagnostics).filter((f) => f.severity !== 'info');
    assert.deepEqual(entries.map((e) => [e.severity, e.code]), findings.map((f) => [f.severity, f.code]));
    assert.equal(summary.findings.problems, entries.length, 'the badge counts the Problems panel entries');
    assert.equal(summary.findings.errors, entries.filter((e) => e.severity === 'error').length);
    // The hand run has no constraints in its own manifest: integrity (D on date 1) is its one error, and check fails on it.
    assert.equal(summary.findings.integrityFailures, true);
    assert.equal(findingsPass(summary.findings), false);
  });

  it('puts a load failure on the key of the file it names', () => {
    assert.deepEqual(loadFailureProblem(MANIFEST, { message: "s.csv: no 'stock' column", file: 's.csv' }).path, ['securities']);
    assert.deepEqual(loadFailureProblem(MANIFEST, { message: 'broken' }).path, ['contributions']);
    assert.deepEqual(loadFailureProblem(null, { message: 'hand.glassbox.json: not JSON', file: 'hand.glassbox.json' }).path, ['contributions']);
    assert.match(loadFailureProblem(MANIFEST, { message: 'broken' }).message, /^The run could not be loaded: broken/);
  });

  it('counts and describes findings: breaches and integrity are errors, diagnostics keep theirs', () => {
    const counts = countFindings(
      runFindings([{ guardrail: 'sector', pass: false }, { guardrail: 'stock', pass: true }, { guardrail: 'turnover', pass: null }], 0, [
        { severity: 'warning', code: 'weights-sum' },
        { severity: 'warning', code: 'missing-sector' },
        { severity: 'info', code: 'regions-from-countries' },
        { severity: 'info', code: 'weights-percent' },
      ]),
    );
    assert.deepEqual(counts, { errors: 1, warnings: 2, infos: 2, problems: 3, guardrailBreaches: 1, integrityFailures: false, gateFailures: [] });
    assert.equal(describeFindings(counts), '3 problems: 1 guardrail breach, 2 warnings · 2 notes');
    assert.equal(findingsPass(counts), false);
    assert.equal(describeFindings(countFindings(runFindings([], 0, []))), 'No problems');
    assert.equal(findingsPass(countFindings(runFindings([], 0, [{ severity: 'warning', code: 'x' }]))), true, 'warnings do not fail the run');
    assert.equal(findingsVerdict(counts), 'Checks fail');
    assert.equal(findingsVerdict(countFindings(runFindings([], 0, [{ severity: 'warning', code: 'x' }]))), 'Checks pass, with warnings');
    assert.equal(findingsVerdict(countFindings(runFindings([], 0, [{ severity: 'info', code: 'x' }]))), 'All checks pass', 'notes are not warnings');
  });

  it('has no integrity without a score column, and rejects a bad tolerance', () => {
    const noScore = panelFrom({ contributions: HAND.contributions().select('date', 'ticker', 'v1', 'v2', 'm1'), weights: HAND.weights() });
    assert.equal(runProblems(noScore, checkGuardrails(noScore, {}), 1e-6).integrity, null);
    assert.throws(() => runIntegrity(panel, -1), RangeError);
  });
});

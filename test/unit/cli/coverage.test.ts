/**
 * The coverage gate of `glassbox check`: it fails (exit 1) when, on any date, less than
 * `constraints.coverage.min` (default 95%) of the gross weight has contributions, naming
 * the worst date and the likely cause: ids padded with zeros or written as Excel's
 * ="00123", or dates a day apart (a time zone). A long-short book is measured on gross
 * weight. Files are JSON so that ids stay text whatever the CSV reader does.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../../src/cli/check';
import { removeTempDirs, runCli, tempDir } from './fixtures';

interface Row {
  date: string;
  stock: string;
}

/** A run of JSON tables: contributions for `contributions`, weights (fractions) for `weights`. */
function writeRun(contributions: Row[], weights: (Row & { weight: number })[], manifest: Record<string, unknown> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'contributions.json'), JSON.stringify(contributions.map((r, i) => ({ ...r, f_a: 0.01 * (i + 1), f_b: -0.005 }))));
  writeFileSync(join(dir, 'weights.json'), JSON.stringify(weights));
  writeFileSync(join(dir, 'run.glassbox.json'), JSON.stringify({ name: 'coverage', contributions: 'contributions.json', weights: 'weights.json', ...manifest }));
  return join(dir, 'run.glassbox.json');
}

const D1 = '2024-01-31';
const D2 = '2024-02-29';
const ids = ['123', '456', '789', '1011'];
const contributions = [D1, D2].flatMap((date) => ids.map((stock) => ({ date, stock })));
const evenly = (stock: (id: string) => string, date: (d: string) => string = (d) => d) => [D1, D2].flatMap((d) => ids.map((id) => ({ date: date(d), stock: stock(id), weight: 0.25 })));

async function check(manifest: string): Promise<{ code: number; result: CheckResult; text: string }> {
  const [json, human] = await Promise.all([runCli(['check', manifest, '--json']), runCli(['check', manifest])]);
  assert.equal(json.code, human.code);
  return { code: json.code, result: JSON.parse(json.stdout) as CheckResult, text: human.stdout };
}

describe('glassbox check: the coverage gate', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  it('passes a fully covered run (every date at 100%)', async () => {
    const { code, result, text } = await check(writeRun(contributions, evenly((id) => id)));
    assert.equal(code, 0, text);
    assert.deepEqual([result.coverage.pass, result.coverage.checked, result.coverage.min, result.coverage.worst?.share], [true, 2, 0.95, 1]);
    assert.match(text, /^Coverage: share of gross weight with contributions \(minimum 95\.00%\)\n {2}pass on all 2 dates/m);
  });

  it('fails ids padded with zeros, naming the worst date and the cause', async () => {
    // One name of four padded: 75% covered on both dates.
    const { code, result, text } = await check(writeRun(contributions, evenly((id) => (id === '456' ? '00456' : id))));
    assert.equal(code, 1, text);
    assert.equal(result.pass, false);
    assert.deepEqual(result.coverage.failedDates, [D1, D2]);
    assert.deepEqual(result.coverage.worst, { date: D1, share: 0.75 });
    assert.match(text, /FAIL: only 75\.0% of the gross weight has contributions on 2024-01-31 \(2 of 2 dates below the minimum 95\.0%, "constraints": \{"coverage": \{"min": 0\.95\}\}\)\. Likely cause: 1 of the 1 held names without contributions match a contributions id once leading zeros, spaces or Excel's ="…" are removed \(e\.g\. '00456' and '456'\)/);
    assert.match(text, /^FAIL: coverage\.$/m);
  });

  it("fails Excel's =\"00123\" ids with the same hint", async () => {
    const { code, result } = await check(writeRun(contributions, evenly((id) => `="00${id}"`)));
    assert.equal(code, 1);
    assert.deepEqual(result.coverage.worst, { date: D1, share: 0 });
    assert.match(result.coverage.hint ?? '', /4 of the 4 held names .* \(e\.g\. '="001011"' and '1011'\)/);
  });

  it('fails dates a day apart with the time zone hint', async () => {
    const dayBefore = (d: string) => (d === D1 ? '2024-01-30' : '2024-02-28');
    const { code, result } = await check(writeRun(contributions, evenly((id) => id, dayBefore)));
    assert.equal(code, 1);
    assert.equal(result.coverage.worst?.share, 0);
    assert.match(result.coverage.hint ?? '', /the weights are dated 2024-01-30 and the contributions 2024-01-31, a day apart, as when a timestamp is shifted by a time zone/);
  });

  it('honours constraints.coverage.min from the manifest', async () => {
    const padded = evenly((id) => (id === '456' ? '00456' : id));
    assert.equal((await check(writeRun(contributions, padded, { constraints: { coverage: { min: 0.7 } } }))).code, 0);
    assert.equal((await check(writeRun(contributions, padded, { constraints: { coverage: { min: 0.8 } } }))).code, 1);
    const bad = await runCli(['check', writeRun(contributions, padded, { constraints: { coverage: { min: 95 } } })]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"constraints\.coverage\.min" must be a fraction from 0 to 1/);
  });

  it('measures a 130/30 book on gross weight: a short without contributions counts', async () => {
    const weights = [D1, D2].flatMap((date) => [
      { date, stock: '123', weight: 0.7 },
      { date, stock: '456', weight: 0.6 },
      { date, stock: '789', weight: -0.2 },
      { date, stock: 'SHORT', weight: -0.1 },
    ]);
    const { code, result } = await check(writeRun(contributions, weights));
    assert.equal(code, 1);
    // 1.5 of a gross 1.6 has contributions.
    assert.ok(Math.abs((result.coverage.worst?.share ?? 0) - 1.5 / 1.6) < 1e-12);
    assert.ok(result.diagnostics.some((d) => d.code === 'held-without-contributions' && /SHORT on 2024-01-31/.test(d.message)));
    assert.equal((await check(writeRun(contributions, weights, { constraints: { coverage: { min: 0.9 } } }))).code, 0);
  });
});

/**
 * No file content in messages: a message may quote one short cell (at most CELL_MAX
 * characters, its column named), never lines of a file. The attacks: a manifest whose
 * `columns` map makes the first line of a private key a column, so every other line becomes
 * a "feature" the factor map names; a baseline that cannot be read; JSON that is not JSON;
 * and JSON nested 200,000 levels deep.
 */
import { strict as assert } from 'node:assert';
import { InputError } from '../../../src/model/errors';
import { parseManifest } from '../../../src/model/manifest';
import { CELL_MAX, cell, messages } from '../../../src/model/messages';
import { readTable } from '../../../src/model/read/index';
import { loadBaseline, loadRun } from '../../../src/model/run/loadRun';
import type { Diagnostic } from '../../../src/model/types';
import { corpusText, utf8 } from './run';

/** A made-up private key: 27 lines of 64 base64 characters between the PEM armour. */
const KEY_LINES = Array.from({ length: 27 }, (_, i) => Array.from({ length: 64 }, (_, k) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[(i * 7 + k * 13) % 64]).join(''));
const KEY = ['-----BEGIN PRIVATE KEY-----', ...KEY_LINES, '-----END PRIVATE KEY-----'].join('\n') + '\n';

/** The longest run of the key's text (any line) that `text` contains. */
function longestQuote(text: string): number {
  let longest = 0;
  for (const line of KEY_LINES) {
    for (let start = 0; start < line.length; start++) {
      let length = longest + 1;
      while (start + length <= line.length && text.includes(line.slice(start, start + length))) length++;
      longest = Math.max(longest, length - 1);
    }
  }
  return longest;
}

async function loadWith(manifestJson: object, files: { role: 'contributions' | 'weights' | 'factors'; name: string; text: string }[]) {
  const { manifest, diagnostics } = parseManifest(JSON.stringify(manifestJson), 'run.glassbox.json');
  return loadRun({ source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files: files.map((f) => ({ role: f.role, name: f.name, bytes: utf8(f.text) })) }, readTable);
}

describe('corpus: no file content in messages', () => {
  it('cell() removes line breaks, control and bidi characters, and caps at CELL_MAX', () => {
    assert.equal(cell('a\r\nb\tc'), 'a b c');
    assert.equal(cell('x\u202Egnp.exe\u2066'), 'xgnp.exe');
    assert.equal(cell('k'.repeat(500)), `${'k'.repeat(CELL_MAX)}…`);
  });

  it('a private key mapped as the factor map table: the diagnostic quotes at most one short cell', async () => {
    const engine = await loadWith(
      { contributions: 'contributions.csv', weights: 'weights.csv', factors: 'key.csv', columns: { factors: { feature: '-----BEGIN PRIVATE KEY-----', factor: '-----BEGIN PRIVATE KEY-----' } } },
      [
        { role: 'contributions', name: 'contributions.csv', text: corpusText('contributions.csv') },
        { role: 'weights', name: 'weights.csv', text: corpusText('weights.csv') },
        { role: 'factors', name: 'key.csv', text: KEY },
      ],
    );
    const diagnostics = engine.summary().diagnostics;
    const unknown = diagnostics.find((d) => d.code === 'factor-map-unknown-feature');
    assert.ok(unknown, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.match(unknown.message, /the factor map names 28 features \(its 'feature' entries\) the contributions do not have, e\.g\. '.{1,60}…' and 27 more\./);
    const everything = JSON.stringify(diagnostics);
    assert.ok(longestQuote(everything) <= CELL_MAX, `quoted ${longestQuote(everything)} characters of the key: ${everything}`);
    assert.ok((unknown.example ?? '').length <= CELL_MAX + 1);
  });

  it('a 5 MB feature name reaches no message or example whole', async () => {
    const huge = 'f'.repeat(5_000_000);
    const engine = await loadWith({ contributions: 'c.csv' }, [{ role: 'contributions', name: 'c.csv', text: `date,stock,${huge}\n2024-01-31,A,0.1\n` }]);
    const diagnostics: Diagnostic[] = engine.summary().diagnostics;
    const unmapped = diagnostics.find((d) => d.code === 'unmapped-feature');
    assert.ok(unmapped);
    for (const d of diagnostics) {
      assert.ok(d.message.length < 600, `${d.code}: ${d.message.length} characters`);
      assert.ok((d.example ?? '').length <= CELL_MAX + 1, `${d.code} example: ${(d.example ?? '').length} characters`);
    }
  });

  it('baseline-unreadable repeats no more than a short cell of the unreadable file', async () => {
    const diagnostics: Diagnostic[] = [];
    const { manifest } = parseManifest(JSON.stringify({ contributions: 'c.csv', columns: { contributions: { stock: KEY_LINES[0] } } }), 'v6.glassbox.json');
    const baseline = await loadBaseline({ source: 'v6.glassbox.json', manifest, manifestDiagnostics: [], files: [{ role: 'contributions', name: 'c.csv', bytes: utf8(KEY) }] }, readTable, diagnostics);
    assert.equal(baseline, null);
    const warning = diagnostics.find((d) => d.code === 'baseline-unreadable');
    assert.ok(warning);
    assert.match(warning.message, /^the baseline v6\.glassbox\.json could not be read, so Compare with baseline is off: c\.csv: /);
    assert.ok(longestQuote(warning.message) <= CELL_MAX, `quoted ${longestQuote(warning.message)} characters: ${warning.message}`);
    assert.ok(messages.baselineUnreadable('b', 'r'.repeat(10_000)).length < 500);
  });

  it('JSON that is not JSON is named with the reason, not quoted', async () => {
    const text = '[{"stock": "A"},\nroot:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin]\n';
    await assert.rejects(readTable(utf8(text), 'passwd.json'), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /^passwd\.json, line 2, column 1: not valid JSON \(expected a value, found 'r'\)/);
      assert.doesNotMatch(error.message, /root:x|daemon|bin\/bash/);
      return true;
    });
  });

  for (const [shape, make] of [
    ['an array nested at the top', (n: number) => '['.repeat(n) + ']'.repeat(n)],
    ['a cell of a record', (n: number) => `[{"stock": "A", "weight": ${'['.repeat(n)}${']'.repeat(n)}}]`],
    ['a column of an object of columns', (n: number) => `{"stock": ["A"], "weight": [${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}`],
  ] as const) {
    it(`JSON nested 200,000 levels deep (${shape}): an error naming the file, not a stack overflow`, async () => {
      await assert.rejects(readTable(utf8(make(200_000)), 'deep.json'), (error: unknown) => {
        assert.ok(error instanceof InputError, String(error));
        assert.equal(error.file, 'deep.json');
        assert.match(error.message, /^deep\.json, line 1, column \d+: the JSON nests deeper than 64 arrays and objects; a table is an array of records/);
        return true;
      });
    });
  }

  it('JSON nested a few levels in a cell still loads (kept as JSON text)', async () => {
    const { table } = await readTable(utf8('[{"stock": "A", "weight": 0.5, "meta": {"a": [1, [2, [3]]]}}]'), 'ok.json');
    assert.equal(table.get('meta', 0), '{"a":[1,[2,[3]]]}');
  });
});

/**
 * Markdown safe to post on a pull request: a run full of hostile names (mentions, links,
 * math, bidi overrides, markup, a 5 MB feature name, 1,500 factors) gives a summary that
 * pings nobody, links nowhere, renders no math or markup, and fits GitHub's 65,536-character
 * comment limit, with a line saying how many rows were left out.
 */
import { strict as assert } from 'node:assert';
import { parseManifest } from '../../../src/model/manifest';
import { readTable } from '../../../src/model/read/index';
import { loadRun } from '../../../src/model/run/loadRun';
import { buildReportData, markdownReport } from '../../../src/report/index';
import { COMMENT_MAX, fitMarkdown, NAME_MAX, safeMarkdown } from '../../../src/report/markdownSafe';

const ZWSP = '\u200B';
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('safe Markdown', () => {
  it('breaks mentions, issue references and bare links with a zero-width space', () => {
    assert.equal(safeMarkdown('@octocat'), `@${ZWSP}octocat`);
    assert.equal(safeMarkdown('ping @org/team and a@b.com'), `ping @${ZWSP}org/team and a@${ZWSP}b.com`);
    assert.equal(safeMarkdown('see #12'), `see \\#${ZWSP}12`);
    assert.equal(safeMarkdown('https://evil.example/x'), `https:${ZWSP}//evil.example/x`);
    assert.equal(safeMarkdown('WWW.evil.example'), `WWW${ZWSP}.evil.example`);
  });

  it('escapes math, markup and links, and removes bidi and control characters', () => {
    assert.equal(safeMarkdown('$$\\sqrt{x}$$'), '\\$\\$\\\\sqrt{x}\\$\\$');
    assert.equal(safeMarkdown('[click](javascript:alert(1))'), '\\[click\\](javascript:alert(1))');
    assert.equal(safeMarkdown('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(safeMarkdown('abc\u202Egnp.exe\u2066\u200F'), 'abcgnp.exe');
    assert.equal(safeMarkdown('a\nb|c\u0007'), 'a b\\|c');
  });

  it('caps names at NAME_MAX characters with an ellipsis', () => {
    assert.equal(safeMarkdown('n'.repeat(5_000_000)), `${'n'.repeat(NAME_MAX)}…`);
  });

  it('cuts the longest table first, saying how many rows were left out', () => {
    const rows = (n: number, width: number) => Array.from({ length: n }, (_, i) => [String(i), 'x'.repeat(width)]);
    const text = fitMarkdown(['# title', { table: { header: ['a', 'b'], rows: rows(50, 10), noun: 'small rows' } }, { table: { header: ['a', 'b'], rows: rows(1000, 100), noun: 'wide rows' } }], 20_000);
    assert.ok(text.length <= 20_000, String(text.length));
    const kept = (text.match(/^\| \d+ \| x{100} \|$/gm) ?? []).length;
    assert.ok(kept > 100 && kept < 1000, String(kept));
    assert.ok(text.includes(`*${(1000 - kept).toLocaleString('en-US')} wide rows left out to keep this comment under GitHub's 65,536-character limit.*`));
    assert.equal((text.match(/^\| \d+ \| x{10} \|$/gm) ?? []).length, 50, 'the small table is whole');
  });
});

describe('the review summary of a run full of hostile names', function () {
  this.timeout(60_000);
  const HOSTILE = ['@octocat', 'https://evil.example/phish', 'www.evil.example', '$$\\begin{pmatrix}1\\end{pmatrix}$$', 'abc\u202Egnp.exe', '<img src=x onerror=alert(1)>', '[click](https://evil.example)', '#1 fix', 'a\u2066b\u2069c'];
  const HUGE = 'f'.repeat(5_000_000);
  const FACTORS = 1500;
  let md: string;

  before(async () => {
    // Wide contributions: hostile features, a 5 MB feature, and 1,500 features each in its own factor.
    const plain = Array.from({ length: FACTORS }, (_, i) => `feat_${i}`);
    const features = [...HOSTILE.map((_, i) => `h${i}`), 'huge', ...plain];
    const header = ['date', 'stock', 'name', 'sector', ...HOSTILE.map((h) => JSON.stringify(h)), HUGE, ...plain];
    const lines = [header.join(',')];
    const stocks = HOSTILE.map((h, i) => ({ id: `@user${i}`, name: h, sector: HOSTILE[(i + 1) % HOSTILE.length] }));
    for (const [d, date] of ['2024-01-31', '2024-02-29'].entries()) {
      stocks.forEach((s, i) => lines.push([date, s.id, JSON.stringify(s.name), JSON.stringify(s.sector), ...features.map((_, f) => (((i + 1) * (f + 3) * (d + 2)) % 17) / 1000 - 0.008)].join(',')));
    }
    const weights = ['date,stock,weight', ...['2024-01-31', '2024-02-29'].flatMap((date, d) => stocks.map((s, i) => `${date},${s.id},${((i + d) % 3) + 1}`))].join('\n');
    const factors: Record<string, string[]> = { [`@octocat https://evil.example ${'$'.repeat(3)} ${'z'.repeat(300)}`]: HOSTILE };
    plain.forEach((f, i) => (factors[`factor ${i} www.evil.example/${'q'.repeat(100)}`] = [f]));
    const { manifest, diagnostics } = parseManifest(JSON.stringify({ name: '@octocat $$x$$ \u202Erun', contributions: 'c.csv', weights: 'w.csv', factors }), 'run.glassbox.json');
    const engine = await loadRun(
      { source: 'run.glassbox.json', manifest, manifestDiagnostics: diagnostics, files: [{ role: 'contributions', name: 'c.csv', bytes: new TextEncoder().encode(lines.join('\n')) }, { role: 'weights', name: 'w.csv', bytes: new TextEncoder().encode(weights) }] },
      readTable,
    );
    md = markdownReport(buildReportData(engine));
  });

  it('fits the comment limit', () => {
    assert.ok(md.length <= COMMENT_MAX, String(md.length));
  });

  it('pings nobody, links nowhere, renders no math, markup or bidi override', () => {
    assert.doesNotMatch(md, /@[\p{L}\p{N}_]/u, 'a mention');
    assert.doesNotMatch(md, /[a-z]+:\/\//i, 'a bare link');
    assert.doesNotMatch(md, /www\./i, 'a www link');
    assert.doesNotMatch(md, /(^|[^\\])\$/m, 'an unescaped $');
    assert.doesNotMatch(md, BIDI, 'a bidi control');
    assert.doesNotMatch(md, /<(?!\/?(details|summary)>)/, 'a tag besides details/summary');
    assert.doesNotMatch(md, /(^|[^\\])\[[^\]]*\]\(/m, 'a link');
  });

  it('caps every name: no run of the 5 MB name longer than NAME_MAX', () => {
    const longest = Math.max(0, ...(md.match(/f+/g) ?? []).map((m) => m.length));
    assert.ok(longest <= NAME_MAX, String(longest));
    assert.ok(md.includes(`${'z'.repeat(NAME_MAX - 50)}`) && !md.includes('z'.repeat(NAME_MAX + 1)));
  });

  it('cuts the factor table, saying how many factors were left out', () => {
    const section = md.slice(md.indexOf('**Factor exposure** (sum of weight'));
    const rows = (section.slice(0, section.indexOf('left out')).match(/^\| factor \d+ /gm) ?? []).length;
    const leftOut = /\*([\d,]+) factors left out to keep this comment under GitHub's 65,536-character limit\.\*/.exec(section);
    assert.ok(leftOut, 'the left-out line');
    // Every factor with a non-zero exposure is a row or counted as left out (plus the hostile factor and unassigned).
    const total = rows + Number(leftOut[1].replace(/,/g, ''));
    assert.ok(total >= FACTORS && total <= FACTORS + 2, `${rows} rows + ${leftOut[1]} left out`);
    assert.ok(rows > 10, String(rows));
  });

  it('keeps every table row as wide as its header', () => {
    for (const block of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      const lines = block.trim().split('\n');
      for (const line of lines) assert.equal(cells(line), cells(lines[0]), line);
    }
  });
});

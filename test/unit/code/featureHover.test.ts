import { strict as assert } from 'node:assert';
import type { RunFeatures } from '../../../src/code/featureCatalog';
import { commandUri, escapeMarkdown, hoverMarkdown, lensTitle, SHOW_FEATURE_COMMAND, viewDate } from '../../../src/code/featureHover';
import type { FeatureStats } from '../../../src/model/features/featureStats';

const run = (over: Partial<RunFeatures>): RunFeatures => ({ manifest: 'file:///w/run.glassbox.json', label: 'v7', codeGlobs: [], features: [], loaded: false, ...over });

const STATS: FeatureStats = {
  feature: 'value__ep_fy1',
  factor: 'value',
  date: '2024-12-31',
  rank: 3,
  features: 48,
  meanAbs: 0.0123,
  stocks: 1965,
  portfolioAttribution: 0.0021,
  activeAttribution: 0.0009,
  activeShare: 0.123,
  topStocks: [
    { stock: 'XYZ', name: 'Xyz *Corp*', contribution: 0.061, weight: 0.004 },
    { stock: 'ABC', name: 'ABC', contribution: -0.05, weight: 0 },
  ],
};

describe('hover and CodeLens text', () => {
  const match = { run: run({ label: 'Russell 2000 ML v7', loaded: true }), feature: { name: 'value__ep_fy1', factor: 'value' }, exact: true };

  it('shows factor, rank, mean |contribution|, active share, top stocks and a Show in Glass Box link', () => {
    const text = hoverMarkdown([{ match, stats: STATS }]);
    assert.match(text, /`value__ep_fy1` · factor \*\*value\*\*/);
    assert.match(text, /\| Importance \| #3 of 48 \(mean \\\|contribution\\\| 0\.0123\) \|/);
    assert.match(text, /\| Share of active score \| 12\.3% \(\+0\.0009 of the active score\) \|/);
    assert.match(text, /\| Top stocks \| XYZ \\\(Xyz \\\*Corp\\\*\\\) \+0\.061, ABC −0\.05 \|/, 'names escaped; no name repeated when it is the ticker');
    const link = `[Show in Glass Box](${commandUri(SHOW_FEATURE_COMMAND, ['file:///w/run.glassbox.json', 'value__ep_fy1'])}`;
    assert.ok(text.includes(link), text);
  });

  it('says which manifest defines the feature when its run is not loaded, and offers to open it', () => {
    const text = hoverMarkdown([{ match: { ...match, run: { ...match.run, loaded: false } }, stats: null }]);
    assert.match(text, /factor \*\*value\*\*/);
    assert.match(text, /is a feature of Russell 2000 ML v7\\\./);
    assert.match(text, /Open the run to see its attribution/);
    assert.match(text, /\[Open in Glass Box\]\(command:glassbox\.showFeature\?/);
  });

  it('says why stats are missing for a loaded run', () => {
    const text = hoverMarkdown([{ match, stats: null, error: 'no such feature' }]);
    assert.match(text, /Could not read the feature's attribution: no such feature/);
    assert.match(text, /\[Show in Glass Box\]/);
  });

  it('separates runs and says when there is no benchmark', () => {
    const text = hoverMarkdown([
      { match, stats: { ...STATS, activeAttribution: null, activeShare: null } },
      { match: { ...match, run: run({ label: 'v6' }) }, stats: null },
    ]);
    assert.match(text, /no benchmark in the run/);
    assert.equal(text.split('\n---\n').length, 2);
  });

  it('titles a CodeLens with the rank and share, or the run to open', () => {
    assert.equal(lensTitle({ match, stats: STATS }), 'Glass Box: value · #3 of 48 by importance · 12.3% of active score · 2024-12-31');
    assert.equal(lensTitle({ match: { ...match, run: { ...match.run, loaded: false } }, stats: null }), 'Glass Box: value · Open in Glass Box');
  });

  it('names the date of the stats: the view\'s, or the run\'s latest', () => {
    assert.match(hoverMarkdown([{ match, stats: STATS, dateSource: 'view' }]), /Russell 2000 ML v7 on 2024\\-12\\-31, the date in the view/);
    assert.match(hoverMarkdown([{ match, stats: STATS, dateSource: 'latest' }]), /Russell 2000 ML v7 on 2024\\-12\\-31, the run’s latest date/);
    assert.match(hoverMarkdown([{ match, stats: STATS }]), /the run’s latest date/);
  });

  it('follows the date the view shows, and the latest when it shows none or one the run lacks', () => {
    const dates = ['2023-07-31', '2024-12-31', '2025-12-31'];
    assert.deepEqual(viewDate(dates, '2023-07-31'), { date: '2023-07-31', source: 'view' });
    assert.deepEqual(viewDate(dates, null), { date: '2025-12-31', source: 'latest' });
    assert.deepEqual(viewDate(dates, undefined), { date: '2025-12-31', source: 'latest' });
    assert.deepEqual(viewDate(dates, '2025-12-31'), { date: '2025-12-31', source: 'latest' });
    assert.deepEqual(viewDate(dates, '2019-01-31'), { date: '2025-12-31', source: 'latest' }, 'a date left from another version of the run');
  });

  it('escapes Markdown and encodes command arguments', () => {
    assert.equal(escapeMarkdown('a_b*[c](d)'), 'a\\_b\\*\\[c\\]\\(d\\)');
    assert.equal(commandUri('x.y', ['a b', 1]), `command:x.y?${encodeURIComponent('["a b",1]')}`);
  });
});

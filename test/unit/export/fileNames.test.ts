/** Default names of exported charts and summaries: safe on every file system, whatever the run is called. */
import { strict as assert } from 'node:assert';
import { chartFileName, fileNamePart, summaryFileName } from '../../../src/export/fileNames';

describe('export file names', () => {
  it('names a chart <run>-<chart>-<date>.<format>', () => {
    assert.equal(chartFileName('Russell 2000 ML v7', 'sector-weights', '2025-12-31', 'svg'), 'Russell-2000-ML-v7-sector-weights-2025-12-31.svg');
    assert.equal(chartFileName('run', 'factor-history', null, 'png'), 'run-factor-history.png');
  });

  it('names a summary <run>-review-<date>.md|html', () => {
    assert.equal(summaryFileName('global-small-cap v7', '2025-12-31', 'markdown'), 'global-small-cap-v7-review-2025-12-31.md');
    assert.equal(summaryFileName('global-small-cap v7', null, 'html'), 'global-small-cap-v7-review.html');
  });

  it('reduces hostile and foreign names to safe characters', () => {
    assert.equal(fileNamePart('../../etc/passwd'), 'etc-passwd');
    assert.equal(fileNamePart('<img src=x onerror=alert(1)>'), 'img-src-x-onerror-alert-1');
    assert.equal(fileNamePart('Société Générale: Q1/Q2'), 'Societe-Generale-Q1-Q2');
    assert.equal(fileNamePart('CON|*?"'), 'CON');
    assert.equal(fileNamePart('...'), 'run');
    assert.equal(fileNamePart('日本株'), 'run');
    assert.ok(fileNamePart('x'.repeat(500)).length <= 60);
    for (const name of ['a/b', 'a\\b', 'a:b', ' lead', 'trail. ']) assert.match(fileNamePart(name), /^[A-Za-z0-9_][A-Za-z0-9._-]*[A-Za-z0-9_]$|^[A-Za-z0-9_]$/, name);
  });
});

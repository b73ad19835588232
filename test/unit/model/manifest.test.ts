import { strict as assert } from 'node:assert';
import { manifestTables, parseManifest } from '../../../src/model/manifest';

describe('parseManifest', () => {
  it('reads every field of the design example', () => {
    const { manifest, diagnostics } = parseManifest(
      JSON.stringify({
        name: 'global-small-cap v7',
        contributions: 'out/contrib.parquet',
        weights: 'out/weights.parquet',
        securities: 'ref/securities.csv',
        factors: { value: ['ep_fy1', 'bp'], quality: ['roe', 'accruals'] },
        returns: 'out/fwd_returns.parquet',
        baseline: '../v6/run.glassbox.json',
        constraints: { sector: { maxActive: 0.05 }, country: { maxActive: 0.05 }, stock: { maxWeight: 0.02 }, turnover: { max: 0.25 } },
        code: { features: ['research/features/**/*.py'] },
        columns: { weights: { weight: 'port_pct' } },
      }),
      'run.glassbox.json',
    );
    assert.deepEqual(diagnostics, []);
    assert.equal(manifest.name, 'global-small-cap v7');
    assert.deepEqual(manifest.factors, { value: ['ep_fy1', 'bp'], quality: ['roe', 'accruals'] });
    assert.equal(manifest.constraints?.stock?.maxWeight, 0.02);
    assert.deepEqual(manifest.columns, { weights: { weight: 'port_pct' } });
    assert.deepEqual(
      manifestTables(manifest).map((t) => `${t.role}:${t.path}`),
      ['contributions:out/contrib.parquet', 'weights:out/weights.parquet', 'securities:ref/securities.csv', 'returns:out/fwd_returns.parquet'],
    );
  });

  it('reads riskFreeRate as an annual fraction and refuses one written in percent', () => {
    const { manifest, diagnostics } = parseManifest('{"contributions": "c.csv", "riskFreeRate": 0.04}', 'm.glassbox.json');
    assert.equal(manifest.riskFreeRate, 0.04);
    assert.deepEqual(diagnostics, [], 'a known field');
    assert.throws(() => parseManifest('{"contributions": "c.csv", "riskFreeRate": 4}', 'm.glassbox.json'), /riskFreeRate.*write 0\.04 for 4%/);
    assert.throws(() => parseManifest('{"contributions": "c.csv", "riskFreeRate": "4%"}', 'm.glassbox.json'), /riskFreeRate.*an annual rate as a fraction/);
    assert.throws(() => parseManifest('{"contributions": "c.csv", "riskFreeRate": -1}', 'm.glassbox.json'), /riskFreeRate/);
  });

  it('takes a factor table path', () => {
    const { manifest } = parseManifest('{"contributions": "c.csv", "factors": "ref/factors.csv"}', 'm.glassbox.json');
    assert.deepEqual(manifestTables(manifest).map((t) => t.role), ['contributions', 'factors']);
  });

  it('gives the line and column of a syntax error', () => {
    assert.throws(() => parseManifest('{\n  "contributions": "c.csv",\n}', 'run.glassbox.json'), (e: Error & { row?: number }) => /^run\.glassbox\.json, line 3, column 1: not valid JSON/.test(e.message) && /Fix the manifest's syntax/.test(e.message));
  });

  const invalid: [string, RegExp][] = [
    ['[]', /a run manifest is a JSON object/],
    ['{"name": "x"}', /names no "contributions" or "weights" file/],
    ['{"contributions": 3}', /"contributions" must be a path relative to the manifest/],
    ['{"contributions": "c.csv", "factors": {"value": "ep"}}', /"factors\.value" must be a list of feature names/],
    ['{"contributions": "c.csv", "constraints": {"sector": {"maxActive": "5%"}}}', /"constraints\.sector\.maxActive" must be a non-negative number/],
    ['{"contributions": "c.csv", "constraints": {"industry": {}}}', /"constraints\.industry" must be one of sector, country/],
    ['{"contributions": "c.csv", "columns": {"holdings": {}}}', /"columns\.holdings" must be one of contributions, weights/],
    ['{"contributions": "c.csv", "code": {"features": "x"}}', /"code\.features" must be a list of glob patterns/],
  ];
  for (const [text, message] of invalid) {
    it(`rejects ${text}`, () => assert.throws(() => parseManifest(text, 'm.glassbox.json'), message));
  }

  it('warns about unknown fields and reads the rest', () => {
    const { diagnostics } = parseManifest('\uFEFF{"contributions": "c.csv", "weigths": "w.csv"}', 'm.glassbox.json');
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /unknown field "weigths" ignored/);
  });
});

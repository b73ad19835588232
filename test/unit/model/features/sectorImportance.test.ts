import { strict as assert } from 'node:assert';
import { importanceBySector } from '../../../../src/model/features';
import { handPanel, masks } from './fixtures';

const close = (actual: number | undefined, expected: number, message = 'value') =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${message}: ${actual} != ${expected}`);

describe('features/importanceBySector', () => {
  it('gives mean |c| per sector and factor (features summed) with each factor\'s share of its sector', () => {
    const panel = handPanel();
    const data = importanceBySector(panel, 0, masks(panel), { topFeatures: 2 });
    assert.equal(data.date, '2024-01-31');
    const cell = (sector: string, factor: string) => data.byFactor.find((c) => c.sector === sector && c.factor === factor);
    assert.deepEqual(data.byFactor.map((c) => `${c.sector}/${c.factor}`), ['Health/value', 'Health/momentum', 'Tech/value', 'Tech/momentum']);
    // Tech (A, B): v1 .015 + v2 .01 = .025; m1 (.01 + .03) / 2 = .02.
    close(cell('Tech', 'value')?.meanAbs, 0.025);
    close(cell('Tech', 'momentum')?.meanAbs, 0.02);
    close(cell('Tech', 'value')?.share, 0.025 / 0.045);
    // Health (C, D): v1 (0 + .03) / 2 + v2 (.01 + .01) / 2 = .025; m1 .005.
    close(cell('Health', 'value')?.meanAbs, 0.025);
    close(cell('Health', 'momentum')?.share, 0.005 / 0.03);
    assert.equal(cell('Health', 'value')?.stocks, 2);
    assert.equal(cell('Health', 'value')?.feature, null);
  });

  it('gives per-feature cells for the top features of the date', () => {
    const panel = handPanel();
    const { byFeature } = importanceBySector(panel, 0, masks(panel), { topFeatures: 2 });
    assert.deepEqual(byFeature.map((c) => `${c.sector}/${c.feature}`), ['Health/v1', 'Health/m1', 'Tech/v1', 'Tech/m1']);
    close(byFeature[0].meanAbs, 0.015);
    close(byFeature[0].share, 0.75);
    close(byFeature[3].meanAbs, 0.02);
    close(byFeature[3].share, 4 / 7);
    assert.equal(byFeature[3].factor, 'momentum');
  });

  it('leaves out filtered sectors and factors', () => {
    const panel = handPanel();
    const data = importanceBySector(panel, 0, masks(panel, { sectors: ['Tech'], factors: ['value'] }));
    assert.deepEqual(data.byFactor.map((c) => `${c.sector}/${c.factor}`), ['Tech/value']);
    close(data.byFactor[0].share, 1);
    assert.deepEqual(data.byFeature.map((c) => c.feature), ['v1', 'v2']);
  });
});

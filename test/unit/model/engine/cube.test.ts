/**
 * The cube against an Arquero rollup of the same rows (the way it was built before the sums
 * were written out): the same groups in the same order and the same sums bit for bit, NaN
 * weights and groups with no valid value included.
 */
import { strict as assert } from 'node:assert';
import * as aq from 'arquero';
import { buildCube, type Cube } from '../../../../src/model/engine/cube';
import type { Panel } from '../../../../src/model/run/panel';
import { loadSample } from '../../cli/fixtures';
import { HAND } from '../fixtures';
import { panelOf } from '../features/fixtures';

/** Every (date, sector, country, region) group's sums, grouped and summed by Arquero. */
function arqueroCube(panel: Panel): Omit<Cube, 'active'> {
  const nSectors = panel.sectors.length;
  const nCountries = panel.countries.length;
  const nRegions = panel.regions.length;
  const key = Float64Array.from({ length: panel.rows }, (_, r) => {
    const s = panel.rowStock[r];
    return ((panel.rowDate[r] * nSectors + panel.stockSector[s]) * nCountries + panel.stockCountry[s]) * nRegions + panel.stockRegion[s];
  });
  const columns: Record<string, ArrayLike<number>> = { key, w: panel.weight, held: panel.weight.map((w) => (w !== 0 ? 1 : 0)) };
  const rollup: Record<string, unknown> = { weight: aq.op.sum('w'), holdings: aq.op.sum('held') };
  if (panel.benchmark) {
    columns.b = panel.benchmark;
    rollup.benchmark = aq.op.sum('b');
  }
  panel.factorSums.forEach((sums, k) => {
    columns[`p${k}`] = panel.weight.map((w, r) => w * sums[r]);
    rollup[`p${k}`] = aq.op.sum(`p${k}`);
    const benchmark = panel.benchmark;
    if (benchmark) {
      columns[`b${k}`] = benchmark.map((b, r) => b * sums[r]);
      rollup[`b${k}`] = aq.op.sum(`b${k}`);
    }
  });
  const grouped = aq.table(columns).groupby('key').rollup(rollup as never).orderby('key');
  const keys = grouped.array('key') as ArrayLike<number>;
  const part = (divide: number, modulo: number) => Int32Array.from(keys, (k) => Math.floor(k / divide) % modulo);
  const floats = (name: string) => Float64Array.from(grouped.array(name) as ArrayLike<number>);
  return {
    size: grouped.numRows(),
    date: Int32Array.from(keys, (k) => Math.floor(k / (nSectors * nCountries * nRegions))),
    sector: part(nCountries * nRegions, nSectors),
    country: part(nRegions, nCountries),
    region: part(1, nRegions),
    weight: floats('weight'),
    benchmark: panel.benchmark ? floats('benchmark') : null,
    holdings: floats('holdings'),
    portfolio: panel.factors.map((_, k) => floats(`p${k}`)),
    benchmarkExposure: panel.benchmark ? panel.factors.map((_, k) => floats(`b${k}`)) : null,
  };
}

function assertCubeAsArquero(panel: Panel): Cube {
  const cube = buildCube(panel);
  const { active, ...sums } = cube;
  assert.deepEqual(sums, arqueroCube(panel));
  assert.deepEqual(active, cube.benchmarkExposure ? cube.portfolio.map((p, k) => p.map((v, g) => v - (cube.benchmarkExposure as Float64Array[])[k][g])) : null);
  return cube;
}

describe('buildCube', () => {
  it("sums the sample run's 60 dates as Arquero's rollup does, bit for bit", async () => {
    const panel = (await loadSample() as unknown as { panel: Panel }).panel;
    const cube = assertCubeAsArquero(panel);
    assert.ok(cube.size > panel.dates.length, 'more than one group a date');
    assert.ok(cube.benchmarkExposure !== null, 'the sample has a benchmark');
  });

  it('skips NaN products, gives NaN to a group with no valid value, and orders groups by date, sector, country, region', () => {
    const panel = panelOf(HAND.contributions(), HAND.weights(), HAND.securities(), { value: ['v1', 'v2'], momentum: ['m1'] });
    // A (Tech, US) and B (Tech, US) share a group on date 1: A's NaN weight leaves B's sums;
    // C (Health, Canada) is alone in its group on date 2: its NaN weight leaves the group NaN.
    const at = (date: number, stock: string) => panel.rowAt[date * panel.stocks.length + panel.stocks.indexOf(stock)];
    panel.weight[at(0, 'A')] = NaN;
    panel.weight[at(1, 'C')] = NaN;
    const cube = assertCubeAsArquero(panel);
    const group = (date: number, sector: string, country: string) =>
      [...Array(cube.size).keys()].find((g) => cube.date[g] === date && panel.sectors[cube.sector[g]] === sector && panel.countries[cube.country[g]] === country) ?? -1;
    const techUs = group(0, 'Tech', 'United States');
    assert.equal(cube.weight[techUs], 0.3, "B's weight alone");
    assert.equal(cube.holdings[techUs], 2, 'a NaN weight is not 0: held');
    assert.ok(Number.isNaN(cube.weight[group(1, 'Health', 'Canada')]));
    assert.ok(Number.isNaN(cube.portfolio[0][group(1, 'Health', 'Canada')]));
    const order = [...Array(cube.size).keys()].map((g) => [cube.date[g], cube.sector[g], cube.country[g], cube.region[g]]);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    assert.deepEqual(order, sorted);
  });
});

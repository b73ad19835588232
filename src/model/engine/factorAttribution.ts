/**
 * Factor attribution from the cube: sum over stocks of weight x the factor's contributions,
 * by portfolio, active (portfolio - benchmark) and benchmark weight.
 */
import type { Panel } from '../run/panel';
import type { FactorExposure, FactorGroupCell, FactorHistoryPoint } from '../types';
import type { Cube } from './cube';
import type { FilterMasks } from './filters';

function passes(cube: Cube, g: number, masks: FilterMasks): boolean {
  return masks.sector[cube.sector[g]] === 1 && masks.country[cube.country[g]] === 1 && masks.region[cube.region[g]] === 1;
}

/** Per factor attribution on one date (or, with date -1, every date summed separately by the caller). */
export function factorExposure(panel: Panel, cube: Cube, date: number, masks: FilterMasks): FactorExposure[] {
  const k = panel.factors.length;
  const portfolio = new Float64Array(k);
  const active = new Float64Array(k);
  const benchmark = new Float64Array(k);
  for (let g = 0; g < cube.size; g++) {
    if (cube.date[g] !== date || !passes(cube, g, masks)) continue;
    for (let f = 0; f < k; f++) {
      portfolio[f] += cube.portfolio[f][g];
      if (cube.active) active[f] += cube.active[f][g];
      if (cube.benchmarkExposure) benchmark[f] += cube.benchmarkExposure[f][g];
    }
  }
  const hasBenchmark = cube.active !== null;
  return panel.factors
    .map((factor, f) => ({ factor, portfolio: portfolio[f], active: hasBenchmark ? active[f] : null, benchmark: hasBenchmark ? benchmark[f] : null }))
    .filter((_, f) => masks.factor[f] === 1);
}

/** Per date and factor attribution: the timeline. */
export function factorHistory(panel: Panel, cube: Cube, masks: FilterMasks): FactorHistoryPoint[] {
  const k = panel.factors.length;
  const portfolio = new Float64Array(panel.dates.length * k);
  const active = new Float64Array(panel.dates.length * k);
  for (let g = 0; g < cube.size; g++) {
    if (!passes(cube, g, masks)) continue;
    const base = cube.date[g] * k;
    for (let f = 0; f < k; f++) {
      portfolio[base + f] += cube.portfolio[f][g];
      if (cube.active) active[base + f] += cube.active[f][g];
    }
  }
  const points: FactorHistoryPoint[] = [];
  panel.dates.forEach((date, d) => {
    panel.factors.forEach((factor, f) => {
      if (masks.factor[f] !== 1) return;
      points.push({ date, factor, portfolio: portfolio[d * k + f], active: cube.active ? active[d * k + f] : null });
    });
  });
  return points;
}

/** Factor x group (sector, country or region) attribution on one date: the heat maps. */
export function factorByGroup(panel: Panel, cube: Cube, date: number, masks: FilterMasks, by: 'sector' | 'country' | 'region'): FactorGroupCell[] {
  const labels = by === 'sector' ? panel.sectors : by === 'country' ? panel.countries : panel.regions;
  const codes = cube[by];
  const k = panel.factors.length;
  const portfolio = new Float64Array(labels.length * k);
  const active = new Float64Array(labels.length * k);
  const present = new Uint8Array(labels.length);
  for (let g = 0; g < cube.size; g++) {
    if (cube.date[g] !== date || !passes(cube, g, masks)) continue;
    const base = codes[g] * k;
    present[codes[g]] = 1;
    for (let f = 0; f < k; f++) {
      portfolio[base + f] += cube.portfolio[f][g];
      if (cube.active) active[base + f] += cube.active[f][g];
    }
  }
  const cells: FactorGroupCell[] = [];
  labels.forEach((group, i) => {
    if (!present[i]) return;
    panel.factors.forEach((factor, f) => {
      if (masks.factor[f] !== 1) return;
      cells.push({ group, factor, portfolio: portfolio[i * k + f], active: cube.active ? active[i * k + f] : null });
    });
  });
  return cells;
}

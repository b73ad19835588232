/** The shared filters as masks over the panel's dictionaries. */
import type { Panel } from '../run/panel';
import type { Filters } from '../types';

export interface FilterMasks {
  /** Per sector, country, region code: 1 when it passes (all pass when the filter is empty). */
  sector: Uint8Array;
  country: Uint8Array;
  region: Uint8Array;
  /** Per factor code. */
  factor: Uint8Array;
  /** Per stock: passes the sector, country and region filters. */
  stock: Uint8Array;
}

function mask(labels: string[], selected: readonly string[]): Uint8Array {
  const out = new Uint8Array(labels.length);
  if (selected.length === 0) return out.fill(1);
  const wanted = new Set(selected);
  labels.forEach((label, i) => (out[i] = wanted.has(label) ? 1 : 0));
  return out;
}

/** Filter values that name nothing in the run select nothing (the view then shows none). */
export function filterMasks(panel: Panel, filters: Filters): FilterMasks {
  const sector = mask(panel.sectors, filters.sectors);
  const country = mask(panel.countries, filters.countries);
  const region = mask(panel.regions, filters.regions);
  const factor = mask(panel.factors, filters.factors);
  const stock = new Uint8Array(panel.stocks.length);
  for (let s = 0; s < stock.length; s++) stock[s] = sector[panel.stockSector[s]] & country[panel.stockCountry[s]] & region[panel.stockRegion[s]];
  return { sector, country, region, factor, stock };
}

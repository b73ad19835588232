/** The Compare tab: a date against the previous one, or the run against its baseline. */
import { compareDates } from '../compare/compareDates';
import { explainChange, explainEntriesAndExits } from '../compare/explainChange';
import { baselineMatchNote } from '../compare/baselineDate';
import { compareRuns } from '../compare/compareRuns';
import { InputError } from '../errors';
import { messages } from '../messages';
import type { Panel } from '../run/panel';
import type { CompareData } from '../types';
import type { FilterMasks } from './filters';

/** How many of the largest weight changes the view gets (the rest are counted). */
const MAX_CHANGES = 100;

export function compareData(
  panel: Panel,
  date: number,
  masks: FilterMasks,
  against: 'previous' | 'baseline',
  stock: string | null,
  baseline: { panel: Panel; name: string } | null,
  runName: string,
): CompareData {
  let comparison;
  let baselineMatch = null;
  if (against === 'baseline') {
    if (!baseline) throw new InputError(messages.noBaseline());
    comparison = compareRuns(panel, baseline.panel, panel.dates[date], { current: runName, baseline: baseline.name });
    baselineMatch = comparison.match;
  } else {
    comparison = compareDates(panel, panel.dates[date]);
  }
  const stockIndex = new Map(panel.stocks.map((s, i) => [s, i]));
  // A stock only the baseline has has no classification here: it passes only unfiltered.
  const passes = (id: string) => {
    const s = stockIndex.get(id);
    return s === undefined ? masks.stock.every((m) => m === 1) : masks.stock[s] === 1;
  };
  const changed = comparison.stocks.filter((c) => c.weightChange !== 0 && passes(c.stock));
  const { entered, left } = explainEntriesAndExits(comparison);
  // A selection made on another tab that neither side holds (e.g. a name of the universe
  // the book never owned) is ignored: the tab opens on its usual placeholder.
  const inComparison = stock !== null && comparison.stocks.some((c) => c.stock === stock && c.status !== 'none');
  return {
    against,
    baselineMatch,
    baselineNote: baseline && baselineMatch ? baselineMatchNote(baseline.name, baselineMatch) : null,
    before: comparison.before,
    after: comparison.after,
    factors: comparison.factors,
    featuresOnlyBefore: comparison.featuresOnlyBefore,
    featuresOnlyAfter: comparison.featuresOnlyAfter,
    turnover: comparison.turnover,
    exposure: comparison.exposure,
    entered: entered.filter((e) => passes(e.stock)),
    left: left.filter((e) => passes(e.stock)),
    changes: changed.slice(0, MAX_CHANGES),
    changedCount: changed.length,
    selected: inComparison && stock !== null ? explainChange(comparison, stock) : null,
  };
}

/**
 * The "why this name is held" card's sentences, kept free of the DOM so the browser-tier
 * tests can compute what the card should say from the engine's answer.
 */
import type { HoldingExplanation } from '../../src/model/explain/explainHolding';
import { formatBp, formatCount, formatPercent, formatSignedPercent } from '../format';

/** The one-line summary: held or not, rank, weights. */
export function whyHeldSummary(e: HoldingExplanation): string {
  const rank = e.rank === null ? 'no score' : `rank ${formatCount(e.rank)} of ${formatCount(e.universe)}`;
  const active = e.activeWeight === null ? '' : ` · benchmark ${formatPercent(e.benchmarkWeight)} · active ${formatSignedPercent(e.activeWeight)}`;
  return `${e.weight > 0 ? 'Held' : 'Not held'} · ${rank} · weight ${formatPercent(e.weight)}${active}`;
}

/** The change since the previous date in one line, or why there is none. */
export function whyHeldChange(e: HoldingExplanation): string {
  const c = e.change;
  if (!c) return e.previousDate === null ? 'First date of the run: no change to explain.' : `Not on ${e.previousDate}: no change to explain.`;
  const rank = c.rankBefore !== null && c.rankAfter !== null ? ` · rank ${c.rankBefore} → ${c.rankAfter}` : '';
  const drivers = c.drivers.slice(0, 3).map((d) => `${d.factor} ${formatBp(d.value)}`).join(', ');
  return `Since ${e.previousDate} (${c.status}): weight ${formatPercent(c.weightBefore)} → ${formatPercent(c.weightAfter)} · score ${formatBp(c.scoreChange)}${rank}${drivers ? ` · by factor: ${drivers}` : ''}`;
}

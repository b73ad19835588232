/**
 * The IC decay block of the Markdown and HTML reports: the score's mean rank IC by return
 * horizon with its Newey-West t-statistic, and the half-life, when the run's returns come at
 * several horizons (model/signals/icDecay.ts computes it; the chart is in charts.ts).
 */
import { halfLifeText, type HorizonIc, type IcDecay } from '../model/signals/icDecay';
import type { MarkdownBlock } from './markdownSafe';

/** The columns of the IC decay table. */
export const IC_DECAY_HEADER = ['Horizon', 'Periods', 'Dates', 'Mean rank IC', 't (Newey-West)', 'Lags'];

/** Which columns are numbers (right-aligned). */
export const IC_DECAY_NUMERIC = [false, true, true, true, true, true];

/** One horizon's cells, formatted as plain text (the horizon label is parsed, never raw file text). */
export function icDecayCells(h: HorizonIc): string[] {
  const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
  return [h.horizon, String(Number(h.periods.toFixed(2))), String(h.dates), fixed(h.icMean, 4), fixed(h.tstat, 2), String(h.lags)];
}

/** The sentence above the table: what the half-life is, and what it came to. */
export function icDecayNote(decay: IcDecay): string {
  return `The score's rank IC against forward returns at each horizon the returns file gives: per horizon the mean over dates and its Newey-West t-statistic (at least horizon − 1 lags, as the windows overlap). Half-life (where the mean IC falls to half of the shortest horizon's, interpolated between horizons): ${halfLifeText(decay)}.`;
}

/** The Markdown block: a heading, the note and the table. */
export function icDecayMarkdown(decay: IcDecay): MarkdownBlock[] {
  return [
    '### IC decay: rank IC by return horizon',
    '',
    icDecayNote(decay),
    '',
    { table: { header: IC_DECAY_HEADER, rows: decay.horizons.map(icDecayCells), align: IC_DECAY_NUMERIC.map((n) => (n ? 'r' : 'l')), noun: 'horizons' } },
    '',
  ];
}

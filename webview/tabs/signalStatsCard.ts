/**
 * The Performance tab's "is the IC more than luck?" card: for the score and each factor,
 * the rank IC's mean, standard deviation, ICIR, hit rate and Newey-West t-statistic, with
 * what the t-statistic assumes (the return horizon and the lags) and the manifest's gate.
 */
import { halfLifeText, type HorizonIc } from '../../src/model/signals/icDecay';
import type { SignalStat, SignalStatsData } from '../../src/model/signals/signalStats';
import { el } from '../dom';
import { formatNumber, formatPercent, numberSignClass } from '../format';
import { compactTable, unavailable } from './parts';

/** |t| at or above this reads as significant at about 5% (two-sided, normal). */
export const SIGNIFICANT_T = 1.96;

/** The note under the table: horizon, lags, and the gate's verdict when the manifest sets one. */
export function signalStatsNote(data: SignalStatsData): string {
  const horizon = `Forward returns over ${data.horizon} period${data.horizon === 1 ? '' : 's'}`;
  const lags = data.lagRule === 'manifest' ? 'Newey-West lags from the manifest' : 'Newey-West lags floor(4 (T/100)^(2/9)), at least horizon − 1';
  const gate = data.minTstat === null ? '' : ` · score t must reach ${data.minTstat}: ${data.pass === null ? 'not checked' : data.pass ? 'pass' : 'FAIL'}`;
  return `${horizon} · ${lags} · |t| ≥ ${SIGNIFICANT_T} is bold${gate}`;
}

/**
 * The card, or a note when the run has no returns.
 * @example signalStatsSection(await host.request<'signals'>({ kind: 'signals', date, filters }))
 */
export function signalStatsSection(data: SignalStatsData | null): HTMLElement {
  const section = el('section', { className: 'card signal-stats span-2' }, [el('h3', { className: 'card-title', text: 'Is the IC more than luck? Rank IC by signal, Newey-West t' })]);
  if (!data) {
    section.append(unavailable('No forward returns: no IC.'));
    return section;
  }
  section.append(
    compactTable<SignalStat>(
      'Rank IC statistics by signal',
      [
        { label: 'Signal', text: (s) => s.signal },
        { label: 'Dates', numeric: true, text: (s) => String(s.dates) },
        { label: 'Mean rank IC', numeric: true, text: (s) => formatNumber(s.icMean, 4), className: (s) => (numberSignClass(s.icMean, 4) === 'negative' ? 'negative' : '') },
        { label: 'IC std', numeric: true, text: (s) => formatNumber(s.icStd, 4) },
        { label: 'ICIR', numeric: true, text: (s) => formatNumber(s.icir, 2) },
        { label: 'Hit rate', numeric: true, text: (s) => formatPercent(s.hitRate, 0) },
        { label: 't (Newey-West)', numeric: true, text: (s) => formatNumber(s.tstat, 2), className: (s) => (s.tstat !== null && Math.abs(s.tstat) >= SIGNIFICANT_T ? 'significant' : '') },
        { label: 'Lags', numeric: true, text: (s) => String(s.lags) },
      ],
      data.stats,
      'signal-stats-table',
    ),
    el('p', { className: 'card-hint muted', text: signalStatsNote(data) }),
  );
  const decay = data.icDecay;
  if (decay) {
    section.append(
      compactTable<HorizonIc>(
        'Score rank IC by return horizon',
        [
          { label: 'Horizon', text: (h) => h.horizon },
          { label: 'Dates', numeric: true, text: (h) => String(h.dates) },
          { label: 'Mean rank IC', numeric: true, text: (h) => formatNumber(h.icMean, 4), className: (h) => (numberSignClass(h.icMean, 4) === 'negative' ? 'negative' : '') },
          { label: 't (Newey-West)', numeric: true, text: (h) => formatNumber(h.tstat, 2), className: (h) => (h.tstat !== null && Math.abs(h.tstat) >= SIGNIFICANT_T ? 'significant' : '') },
          { label: 'Lags', numeric: true, text: (h) => String(h.lags) },
        ],
        decay.horizons,
        'ic-decay-table',
      ),
      el('p', { className: 'card-hint muted ic-decay-note', text: `IC half-life of the score: ${halfLifeText(decay)} (where its mean rank IC falls to half of the shortest horizon’s, interpolated between horizons)` }),
    );
  }
  return section;
}

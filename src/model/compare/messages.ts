/** The Compare layer's user-facing messages (to be merged into model/messages.ts). */
import type { BaselineMatch } from '../types';

export const compareMessages = {
  firstDate: (date: string) => `${date} is the run's first date: there is no previous date to compare it with. Pick a later date.`,
  notBefore: (previous: string, date: string) => `${previous} is not before ${date}: compare a date with an earlier one.`,
  emptyBaseline: () => 'The baseline run has no date with weights, so there is nothing to compare with. Point "baseline" at a run with weights.',
  baselineAsOf: (baseline: string, m: BaselineMatch) =>
    m.kind === 'earlier'
      ? `Baseline ${baseline} as of ${m.baselineDate}, its nearest date before ${m.date} (it has no ${m.date}).`
      : `Baseline ${baseline} as of ${m.baselineDate}, its first date: it has none on or before ${m.date}.`,
  unknownStockInComparison: (stock: string) => `'${stock}' is in neither side of the comparison.`,
} as const;

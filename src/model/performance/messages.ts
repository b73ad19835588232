/**
 * The Performance layer's user-facing messages (to be merged into model/messages.ts): each
 * names the file, what was wrong and what to do.
 */
import { cell } from '../messages';
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const performanceMessages = {
  returnsDuplicates: (file: string, count: number, example: string) =>
    `${file}: ${plural(count, 'duplicate (date, stock) row')}, e.g. ${cell(example)}; the first was kept. Make each key unique.`,
  returnsUnmatched: (file: string, count: number, example: string) =>
    `${file}: ${plural(count, 'return row')} match no (date, stock) of the run (e.g. ${cell(example)}) and are not used. Check the dates and stock ids against the weights and contributions.`,
  returnsUnmatchedDates: (file: string, count: number, example: string) =>
    `${file}: ${plural(count, 'date')} of returns are not dates of the run (e.g. ${cell(example)}); their rows are not used.`,
  heldWithoutReturn: (file: string, count: number, example: string) =>
    `${file}: ${plural(count, 'held position')} on dates with returns ${count === 1 ? 'has' : 'have'} no forward return (e.g. ${cell(example)}); portfolio returns are averaged over the names that have one.`,
  datesWithoutReturns: (file: string, count: number, example: string) =>
    `${file}: ${plural(count, 'date')} of the run ${count === 1 ? 'has' : 'have'} no forward returns (e.g. ${cell(example)}; the last date usually has none yet); performance leaves ${count === 1 ? 'it' : 'them'} out.`,
  nonFiniteReturns: (file: string, count: number, example: string) =>
    `${file}: ${plural(count, 'forward return')} ${count === 1 ? 'is' : 'are'} empty, NaN or infinite (e.g. ${cell(example)}); treated as missing.`,
  undatedReturns: (file: string, date: string) => `${file}: has no date column; its returns are taken as of the run's latest date, ${date}.`,
  badHorizon: (file: string, column: string, row: number, value: string) =>
    `${file}: row ${row}, column '${column}': ${cell(value)} is not a horizon. Write a count and a unit (1m, 3m, 5d, 2w, 1q, 1y) or a whole number of the run's periods (1, 3, 6).`,
  mixedHorizonUnits: (file: string, column: string, row: number, first: string, value: string) =>
    `${file}: row ${row}, column '${column}': ${cell(value)} mixes a bare number of periods with horizons in units (${cell(first)}); write every horizon one way (all with units, e.g. 1m and 3m, or all in periods, e.g. 1 and 3).`,
  horizonColumnAndWide: (file: string, horizon: string, wide: string) =>
    `${file}: has both a horizon column '${horizon}' and a horizon return column '${wide}'; give returns at several horizons one way: long (date, stock, horizon, return) or wide (fwd_return_1m, fwd_return_3m, …).`,
  sameHorizonTwice: (file: string, first: string, second: string) =>
    `${file}: columns '${first}' and '${second}' give the same horizon; keep one of them.`,
  horizonAlignment: (horizon: string, message: string) => `horizon ${horizon}: ${message}`,
  returnsLength: (rows: number, length: number) => `returns aligned to ${length} rows, but the panel has ${rows}: align them with alignReturns first.`,
} as const;

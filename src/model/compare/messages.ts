/** The Compare layer's user-facing messages (to be merged into model/messages.ts). */
export const compareMessages = {
  firstDate: (date: string) => `${date} is the run's first date: there is no previous date to compare it with. Pick a later date.`,
  notBefore: (previous: string, date: string) => `${previous} is not before ${date}: compare a date with an earlier one.`,
  noCommonDate: (first: string, last: string, baseFirst: string, baseLast: string) =>
    `The run (${first} to ${last}) and its baseline (${baseFirst} to ${baseLast}) share no date. Point "baseline" at a run over the same dates.`,
  notCommonDate: (date: string) => `${date} is not a date of both the run and its baseline; pick a date they share.`,
  unknownStockInComparison: (stock: string) => `'${stock}' is in neither side of the comparison.`,
} as const;

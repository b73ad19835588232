/**
 * Every user-facing message of the schema, manifest and run layers, in one place. Each
 * names the file, what was wrong and the fix. (The readers' own messages are in
 * read/messages.ts.)
 */
import type { CanonicalColumn } from './schema/aliases';
import type { TableRole } from './types';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The longest text from a file that a message quotes: one short cell, never a line of a file. */
export const CELL_MAX = 60;
/** The longest message a diagnostic carries. */
const MESSAGE_MAX = 1000;
/** The longest reason a baseline-unreadable warning repeats. */
const REASON_MAX = 400;

/**
 * Text from a file (a cell, a column or feature name, a stock id) as a message may quote it:
 * control and bidirectional-override characters removed, line breaks as spaces, at most
 * `max` characters (then '…'). Every message quoting data goes through here.
 * @example cell('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7') // '-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC…'
 */
export function cell(value: unknown, max = CELL_MAX): string {
  const text = String(value)
    .replace(/[\r\n\t]+/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A short list of names from data: at most `max` of them, each capped (cell), then 'and N more'. */
const list = (xs: readonly string[], max = 3) => {
  const shown = xs.slice(0, max).map((x) => cell(x));
  return xs.length <= max ? shown.join(', ') : `${shown.join(', ')} and ${xs.length - max} more`;
};

/**
 * A diagnostic as it leaves the model: its example capped like any quoted cell (a 5 MB
 * feature name must not travel to the view, the Problems panel or a report).
 */
export function cappedDiagnostic<D extends { example?: string; message: string }>(diagnostic: D): D {
  const longExample = diagnostic.example !== undefined && diagnostic.example.length > CELL_MAX;
  // A backstop for messages built elsewhere: no message carries more than MESSAGE_MAX characters.
  const longMessage = diagnostic.message.length > MESSAGE_MAX;
  if (!longExample && !longMessage) return diagnostic;
  return { ...diagnostic, ...(longExample ? { example: cell(diagnostic.example) } : {}), ...(longMessage ? { message: cell(diagnostic.message, MESSAGE_MAX) } : {}) };
}

export const messages = {
  weightInContributions: (file: string, columns: readonly string[]) =>
    `${file}: ${list(columns.map((c) => cell(c)))} ${columns.length === 1 ? 'is a weight column' : 'are weight columns'}, not features: weights are read from the run's weights file. Remove ${columns.length === 1 ? 'it' : 'them'} from the contributions, or name the file as "weights" in the manifest.`,

  ambiguousRawValues: (file: string, columns: readonly string[], key: string) =>
    `${file}: ${list(columns.map((c) => cell(c)))} could be the raw values of the features of the same name without the suffix, but too few features have one, so ${columns.length === 1 ? 'it is read as a feature' : 'they are read as features'}. To read them as raw values, set "columns": {"contributions": {"${key}": "_value"}} in the manifest.`,

  missingColumn: (file: string, role: TableRole, column: CanonicalColumn, aliases: readonly string[]) =>
    `${file}: no '${column}' column (looked for ${aliases.join(', ')}). Rename the column, or map it in the manifest: "columns": {"${role}": {"${column}": "<your column>"}}.`,
  mappedColumnMissing: (file: string, role: TableRole, column: string, mapped: string, present: readonly string[]) =>
    `${file}: the manifest maps '${cell(column)}' to '${cell(mapped)}' ("columns" > "${role}"), but there is no such column; the file has ${list(present, 5)}.`,
  notNumeric: (file: string, column: string, row: number, value: string) =>
    `${file}, row ${row}, column '${cell(column)}': '${cell(value)}' is not a number. Write numbers with '.' as the decimal point and leave missing values empty.`,
  badDate: (file: string, column: string, row: number, value: string) =>
    `${file}, row ${row}, column '${cell(column)}': '${cell(value)}' is not a date. Write dates as yyyy-mm-dd (or yyyymmdd).`,
  missingDate: (file: string, column: string, row: number) =>
    `${file}, row ${row}, column '${cell(column)}': the date is empty. Every row needs a date (yyyy-mm-dd), or drop the date column for a single snapshot.`,
  missingStock: (file: string, column: string, row: number) =>
    `${file}, row ${row}, column '${cell(column)}': the stock id is empty. Every row needs a stock id.`,
  emptyTable: (file: string) => `${file}: the table has no rows. Check that the model wrote its output.`,
  longNeedsBoth: (file: string, has: 'feature' | 'contribution') =>
    `${file}: has a '${has}' column but no '${has === 'feature' ? 'contribution' : 'feature'}' column. Long contributions need both (date, stock, feature, contribution); wide contributions need one numeric column per feature instead.`,
  noFeatures: (file: string) =>
    `${file}: found no feature columns. Wide contributions need one numeric column per feature besides date and stock; long contributions need 'feature' and 'contribution' columns.`,
  textFeatureColumn: (file: string, column: string, row: number, value: string) =>
    `${file}, row ${row}, column '${cell(column)}': '${cell(value)}' is not a number, but the other values of this feature column are. Fix the value or leave it empty.`,
  ignoredTextColumns: (file: string, columns: readonly string[]) =>
    `${file}: ignored text column${columns.length > 1 ? 's' : ''} ${list(columns)} (not a feature: feature columns hold numbers).`,
  cellsNotWhereFooterSays: (file: string, read: number, counted: number) =>
    `${file}: a date's rows are not where the file's footer says (${read.toLocaleString('en-US')} of its ${counted.toLocaleString('en-US')} cells found in the row groups whose statistics hold that date), or the file changed since the run was opened. Rewrite the file (pandas \`df.sort_values('date').to_parquet(path)\`) and reopen the run.`,
  duplicateKeys: (file: string, count: number, example: string, key = 'date, stock, feature') =>
    `${file}: ${count} duplicate (${key}) row${count === 1 ? '' : 's'}, e.g. ${cell(example)}; the first was kept. Make each key unique in the model's output.`,
  nonFiniteWeights: (file: string, which: 'portfolio' | 'benchmark', count: number, example: string) =>
    `${file}: ${count} ${which} weight${count === 1 ? ' is' : 's are'} missing, NaN or infinite (e.g. ${cell(example)}); treated as 0 (not held). Fix the model's output.`,
  longShort: (file: string, count: number, example: string, long: number, net: number) =>
    `${file}: ${count} negative weight${count === 1 ? '' : 's'} (short positions, e.g. ${cell(example)}): read as a long-short book, long side ${pct(long)}, net ${pct(net)} (median per date); the sum-to-100% check is skipped.`,
  contributionsWithoutWeights: (file: string, count: number, example: string) =>
    `${file}: ${count} stock${count === 1 ? ' with contributions has' : 's with contributions have'} no weights row (e.g. ${cell(example)}); taken as not held (weight 0).`,
  noCommonDates: (contributions: string, weights: string, contributionDates: readonly string[], weightDates: readonly string[]) =>
    `${contributions} and ${weights} share no date: contributions cover ${span(contributionDates)}, weights ${span(weightDates)}, so no held position has contributions. Check that both come from the same run and use the same date convention (e.g. month-end vs last business day).`,
  emptyFeatures: (file: string, features: readonly string[]) =>
    `${file}: ${features.length} feature${features.length === 1 ? ' has' : 's have'} no values (${list(features)}): every contribution is missing or NaN, so ${features.length === 1 ? 'it adds' : 'they add'} 0 to every score. Check the model's output.`,
  nonFiniteScores: (file: string, count: number, example: string) =>
    `${file}: ${count} row${count === 1 ? ' has' : 's have'} a score or base value that is missing, NaN or infinite (e.g. ${cell(example)}); such a score is shown as missing (and left out of rankings), such a base value as 0. Fix the model's output.`,
  nonFinite: (file: string, count: number, example: string) =>
    `${file}: ${count} contribution${count === 1 ? ' is' : 's are'} NaN or infinite (e.g. ${cell(example)}); treated as missing (0) in every sum. Fix the model's output.`,
  percentWeights: (file: string, median: number) =>
    `${file}: weights read as percentages (they sum to about ${median.toFixed(1)} per date) and converted to fractions.`,
  ambiguousWeightScale: (file: string, median: number) =>
    `${file}: weights sum to ${median.toFixed(3)} per date (median), neither about 1 nor about 100; read as fractions. Check the weights.`,
  weightsSum: (file: string, which: 'portfolio' | 'benchmark', count: number, date: string, sum: number) =>
    `${file}: ${which} weights do not sum to 100% on ${count} date${count === 1 ? '' : 's'}, e.g. ${pct(sum)} on ${date} (cash or missing names?).`,
  heldWithoutContributions: (file: string, count: number, example: string, weight: number) =>
    `${file}: ${count} held position${count === 1 ? ' (long or short) has' : 's (long or short) have'} no contributions (e.g. ${cell(example)}), ${pct(weight)} of the gross weight on average; they count in weights but add nothing to attribution.`,
  benchmarkWithoutContributions: (count: number, example: string) =>
    `${count} benchmark name${count === 1 ? ' has' : 's have'} no contributions (e.g. ${cell(example)}); active attribution treats their contributions as 0.`,
  missingClassification: (what: 'sector' | 'country', count: number, example: string) =>
    `${count} stock${count === 1 ? ' has' : 's have'} no ${what} (e.g. ${cell(example)}); shown as 'Unknown'. Add them to the securities table.`,
  unmappedFeatures: (count: number, features: readonly string[]) =>
    `${count} feature${count === 1 ? ' is' : 's are'} in no factor (${list(features)}); shown under 'unassigned'. Map them in the manifest's "factors".`,
  factorMapUnknownFeatures: (count: number, features: readonly string[]) =>
    `the factor map names ${count} feature${count === 1 ? '' : 's'} (its 'feature' entries) the contributions do not have, e.g. '${cell(features[0] ?? '')}'${count > 1 ? ` and ${count - 1} more` : ''}.`,
  noWeights: () =>
    `no weights: attribution weighs every stock of a date equally. Add "weights" to the manifest for portfolio attribution.`,
  weightsUndatedContributionsDated: (file: string, date: string) =>
    `${file}: has no date column; its weights are taken as of the latest contributions date, ${date}.`,
  regionsFromCountries: () => `regions derived from countries (no region column).`,
  invalidManifestJson: (file: string, line: number, column: number, detail: string) =>
    `${file}, line ${line}, column ${column}: not valid JSON (${detail}). Fix the manifest's syntax.`,
  manifestNotObject: (file: string) => `${file}: a run manifest is a JSON object, e.g. {"contributions": "out/contrib.parquet"}.`,
  manifestField: (file: string, field: string, expected: string) => `${file}: "${cell(field)}" must be ${expected}.`,
  manifestNoContributions: (file: string) =>
    `${file}: names no "contributions" or "weights" file. Add "contributions": "<path to the model's contributions>".`,
  manifestUnknownField: (file: string, field: string) =>
    `${file}: unknown field "${cell(field)}" ignored (known: name, contributions, weights, securities, factors, returns, baseline, constraints, code, columns, signals).`,
  fileNotFound: (manifest: string, field: string, path: string) =>
    `${manifest}: "${field}" names ${path}, which does not exist. Fix the path (it is relative to the manifest).`,
  manifestMissing: (manifest: string) => `${manifest} does not exist. Check the path ("baseline" paths are relative to the manifest that names them).`,
  unknownStock: (stock: string) => `The run has no stock '${cell(stock)}'.`,
  unknownDate: (date: string, first: string, last: string) => `The run has no date ${date}; it has ${first} to ${last}.`,
  baselineUnreadable: (baseline: string, reason: string) => `the baseline ${cell(baseline, 200)} could not be read, so Compare with baseline is off: ${cell(reason, REASON_MAX)}`,
  noBaseline: () => `This run names no baseline: add "baseline": "<path to the previous run's manifest>" to the manifest to compare with it.`,
  noReturns: () => `This run has no forward returns: add "returns": "<path to a date, stock, return table>" to the manifest for the Performance tab.`,
  jsonTooDeep: (file: string, line: number, column: number, limit: number) =>
    `${file}, line ${line}, column ${column}: the JSON nests deeper than ${limit} arrays and objects; a table is an array of records ([{"stock": "A", "weight": 0.1}, ...]) or an object of columns. Re-export the table flat (pandas: df.to_json(orient="records")).`,
  signalTstatBelow: (tstat: number | null, minTstat: number) =>
    `the score's Newey-West t-statistic of its mean rank IC is ${tstat === null ? 'not available' : tstat.toFixed(2)}, below the minimum ${minTstat} ("constraints": {"signals": {"minTstat": ${minTstat}}}): the signal's IC is not distinguishable from luck at that level.`,
  stabilityBelow: (minRankCorrelation: number, breaches: readonly { date: string; against: string; value: number }[]) =>
    `feature importance's rank correlation fell below ${minRankCorrelation} on ${breaches.length} comparison${breaches.length === 1 ? '' : 's'} (${breaches.slice(0, 3).map((b) => `${b.date} against the ${b.against} ${b.value.toFixed(3)}`).join(', ')}${breaches.length > 3 ? ', …' : ''}; "constraints": {"stability": {"minRankCorrelation": ${minRankCorrelation}}}).`,
  coverageBelow: (min: number, worstDate: string, share: number, failed: number, checked: number, hint: string) =>
    `only ${pct(share)} of the gross weight has contributions on ${worstDate} (${failed} of ${checked} date${checked === 1 ? '' : 's'} below the minimum ${pct(min)}, "constraints": {"coverage": {"min": ${min}}}). ${hint}`,
  coverageHintIds: (count: number, held: number, heldId: string, contributionsId: string) =>
    `Likely cause: ${count} of the ${held} held names without contributions match a contributions id once leading zeros, spaces or Excel's ="…" are removed (e.g. '${cell(heldId)}' and '${cell(contributionsId)}'); write ids the same way in both files (as text, with the same padding).`,
  coverageHintDates: (weightsDate: string, contributionsDate: string) =>
    `Likely cause: the weights are dated ${weightsDate} and the contributions ${contributionsDate}, a day apart, as when a timestamp is shifted by a time zone; write plain dates (yyyy-mm-dd) in both files.`,
  coverageHintGeneric: () =>
    `Check that the weights and the contributions use the same stock ids (padding, Excel's ="…") and the same dates (time zones, month-end vs last business day).`,
  singleFileRole: (file: string) =>
    `${file}: is neither contributions (stock and feature columns) nor weights (stock and weight columns).`,
} as const;

/** 'first to last (n dates)' of sorted distinct dates. */
function span(dates: readonly string[]): string {
  if (dates.length === 1) return `${dates[0]} (1 date)`;
  return `${dates[0]} to ${dates[dates.length - 1]} (${dates.length} dates)`;
}

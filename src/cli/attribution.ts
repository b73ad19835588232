/** `glassbox attribution RUN --by KEYS`: grouped attribution as a table, JSON or CSV. */
import { ATTRIBUTION_WEIGHTS, attributionHeld, attributionRow, type AttributionKey, type AttributionResult, type AttributionWeight } from '../model/attribution/index';
import { cacheOption, COMMANDS, type ParsedCommand, rootOptions, runArgument, tableOptions, UsageError } from './args';
import { loadRunFromPaths } from './load';
import { cliMessages } from './messages';
import { EXIT, type Output } from './output';
import { csvField, signed, textTable } from './table';

const usage = COMMANDS.attribution.usage;

export async function runAttribution(parsed: ParsedCommand, output: Output): Promise<number> {
  const run = runArgument('attribution', parsed.positionals);
  const { values } = parsed;
  if (typeof values.by !== 'string' || !values.by.trim()) throw new UsageError(cliMessages.missingBy(), usage);
  const by = values.by.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean) as AttributionKey[];
  const weight = (typeof values.weight === 'string' ? values.weight.trim().toLowerCase() : 'portfolio') as AttributionWeight;
  if (!ATTRIBUTION_WEIGHTS.includes(weight)) throw new UsageError(`--weight ${String(values.weight)}: use portfolio, active, benchmark or equal.`, usage);
  const date = typeof values.date === 'string' ? values.date.trim() : undefined;
  if (date !== undefined && date !== 'all' && !/^\d{4}-\d{2}-\d{2}$/.test(date) && date !== 'snapshot') throw new UsageError(cliMessages.badDateOption(date), usage);
  if (values.json && values.csv) throw new UsageError(cliMessages.jsonAndCsv(), usage);

  const { panel } = await loadRunFromPaths(run, { tables: tableOptions(values), roots: rootOptions(values), cache: cacheOption(values), withReturns: false });
  const result = await attributionHeld(panel, { by, weight, date });
  for (const d of result.diagnostics) output.err(`glassbox attribution: ${d.message}`);
  if (values.json) writeChunks(attributionJsonLines(result), output);
  else if (values.csv) writeChunks(attributionCsvLines(result), output);
  else output.out(attributionText(result));
  return EXIT.pass;
}

/** Lines go out in chunks: a by-stock-and-feature result has millions of groups. */
function writeChunks(lines: Iterable<string>, output: Output, size = 20_000): void {
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === size) {
      output.out(chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) output.out(chunk.join('\n') + '\n');
}

/** A JSON array of {keys…, contribution}, one group per line. */
export function* attributionJsonLines(result: AttributionResult): Generator<string> {
  if (result.size === 0) {
    yield '[]';
    return;
  }
  yield '[';
  for (let i = 0; i < result.size; i++) yield `  ${JSON.stringify(attributionRow(result, i))}${i + 1 < result.size ? ',' : ''}`;
  yield ']';
}

/** CSV with a header: the keys, then contribution. */
export function* attributionCsvLines(result: AttributionResult): Generator<string> {
  yield [...result.by, 'contribution'].map(csvField).join(',');
  const labels = result.by.map((k) => result.labels[k] as readonly string[]);
  const codes = result.by.map((k) => result.codes[k] as Int32Array);
  for (let i = 0; i < result.size; i++) {
    let line = '';
    for (let k = 0; k < labels.length; k++) line += `${csvField(labels[k][codes[k][i]])},`;
    yield line + csvField(result.contribution[i]);
  }
}

export function attributionText(result: AttributionResult): string {
  const title = `Attribution by ${result.by.join(', ')}: ${result.weight} weight, ${result.date === 'all' ? 'every date' : result.date} (${result.size} group${result.size === 1 ? '' : 's'})`;
  const rows: string[][] = [];
  for (let i = 0; i < result.size; i++) {
    const row = attributionRow(result, i);
    rows.push([...result.by.map((k) => row[k] ?? ''), signed(row.contribution)]);
  }
  const table = textTable([...result.by.map((k) => k[0].toUpperCase() + k.slice(1)), 'Contribution'], rows, [...result.by.map(() => 'left' as const), 'right']);
  return [title, '', table].join('\n');
}

/**
 * Command-line arguments through node:util parseArgs (strict: an unknown option is an
 * error), with one usage text per command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A wrong command line: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

const TABLE_OPTIONS: Options = {
  weights: { type: 'string' },
  securities: { type: 'string' },
  returns: { type: 'string' },
  factors: { type: 'string' },
};
/** A manifest whose tables live in a database is read only from a URL given here (every command). */
const REMOTE: Options = { 'allow-remote': { type: 'string', multiple: true } };
const COMMON: Options = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' }, root: { type: 'string' }, allow: { type: 'string', multiple: true }, 'no-cache': { type: 'boolean' } };

const RUN_HELP = `RUN is a run manifest (*.glassbox.json), or a contributions table (.parquet, .csv, .arrow, .json)
with its companions given as options:
  --weights FILE      portfolio (and benchmark) weights
  --securities FILE   names, sectors, countries
  --returns FILE      forward returns
  --factors FILE      feature,factor table

A manifest may only name files inside its root, after following symbolic links: the Git
top level of the manifest's folder (else that folder). Anything else is refused unread.
  --root DIR          read inside DIR instead
  --allow DIR         also read inside DIR (repeatable), e.g. a shared securities master

A run read from local files is kept in the user's cache folder (~/.cache/glassbox on Linux,
~/Library/Caches/glassbox on macOS, %LOCALAPPDATA%\\glassbox\\cache on Windows, or
GLASSBOX_CACHE_DIR; at most GLASSBOX_CACHE_MB megabytes, default 2048), so that the next
command on the unchanged run skips reading its files. Any change to a file's size or
modification time, or to the manifest, reads the run again.
  --no-cache          read the files even when the run is cached, and keep nothing

A manifest with "source": {"engine": "clickhouse", "url": ..., "database": ...} reads its
tables from that database, only when its URL is allowed (every command):
  --allow-remote URL  connect to URL (repeatable); credentials from GLASSBOX_CLICKHOUSE_USER
                      and GLASSBOX_CLICKHOUSE_PASSWORD, never from the manifest`;

export const COMMANDS = {
  check: {
    usage: 'Usage: glassbox check RUN [--json] [--tolerance X]',
    summary: 'integrity checks, diagnostics and guardrails; exit 0 pass, 1 fail, 2 unreadable',
    options: { ...COMMON, ...REMOTE, ...TABLE_OPTIONS, json: { type: 'boolean' }, tolerance: { type: 'string' } } as Options,
    help: `Checks a run: base value + sum of contributions = score for every stock on every date,
the reading diagnostics, and every guardrail of the manifest (sector, country, region
active weight, single-name weight, turnover, tracking error); coverage: on every date at
least constraints.coverage.min (default 0.95) of the gross weight (sum of |weight|, long and
short) must be held in names with contributions. With forward returns, each signal's rank IC
and its Newey-West t-statistic (constraints.signals.minTstat gates the score's); and the rank
correlation of feature importance with the previous date and the baseline
(constraints.stability.minRankCorrelation gates it).

Options:
  --json              print {"run", "diagnostics", "integrity", "guardrails", "signals",
                      "signalsCheck", "stability", "pass"} as JSON
  --tolerance X       largest |base + sum - score| accepted (default 1e-6)
  --debug             print stack traces of unexpected errors
  -h, --help          show this help

Exit codes: 0 every check passes; 1 an integrity check, a guardrail, coverage or a gate fails; 2 the run
cannot be read (the message names the file and what is wrong) or the command line is wrong.`,
  },
  attribution: {
    usage: 'Usage: glassbox attribution RUN --by KEYS [--date YYYY-MM-DD|all] [--weight portfolio|active|benchmark|equal] [--json|--csv]',
    summary: 'sum of weight x contribution grouped by date, stock, sector, country, factor, feature…',
    options: {
      ...COMMON,
      ...REMOTE,
      ...TABLE_OPTIONS,
      by: { type: 'string' },
      date: { type: 'string' },
      weight: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    } as Options,
    help: `Attribution grouped by keys: each row is a group and its contribution, the sum over the
group's stocks and features of w x c (c a feature's contribution to a stock's score).

Options:
  --by KEYS           comma list of date, stock, sector, industry, country, region, factor, feature
  --date D            YYYY-MM-DD, or 'all' for every date (default: the latest date)
  --weight W          portfolio (default), active (portfolio - benchmark), benchmark, or
                      equal (1/N, N = stocks with contributions on the date)
  --json              print an array of objects
  --csv               print CSV with a header
  --debug             print stack traces of unexpected errors
  -h, --help          show this help

Weights are fractions (percentage inputs are converted). The run carries no industry yet:
--by industry groups every stock as 'Unknown' and says so.`,
  },
  report: {
    usage: 'Usage: glassbox report RUN --out FILE.html|FILE.md [--baseline RUN]',
    summary: 'a review summary: Markdown for a pull request, or self-contained HTML with every chart',
    options: { ...COMMON, ...REMOTE, ...TABLE_OPTIONS, out: { type: 'string', short: 'o' }, baseline: { type: 'string' } } as Options,
    help: `Writes a review summary of the run's latest date: headline numbers, guardrails, the largest
changes against the baseline (or the previous date), factor exposure and the top features.
FILE.md is Markdown fit for a pull-request comment; FILE.html is one self-contained page with
every chart as inline SVG (no scripts, no external requests).

Options:
  -o, --out FILE      where to write the report (.html, .htm or .md)
  --baseline RUN      compare with this run instead of the manifest's baseline
  --debug             print stack traces of unexpected errors
  -h, --help          show this help`,
  },
  explain: {
    usage: 'Usage: glassbox explain RUN --stock ID [--date YYYY-MM-DD] [--json|--md]',
    summary: 'why a name is held: base value, factors, score, rank, weight, binding guardrails, change',
    options: { ...COMMON, ...REMOTE, ...TABLE_OPTIONS, stock: { type: 'string' }, date: { type: 'string' }, json: { type: 'boolean' }, md: { type: 'boolean' } } as Options,
    help: `Follows one stock on one date from its signals to its weight: base value, each factor's
contribution (with its largest features), the score and its rank in the universe, the
weight, benchmark weight and active weight, the guardrails that bind on it (its weight at
the single-name cap; its sector, country or region active weight at the limit, within
0.01 percentage points), and its change since the previous date decomposed by factor.

Options:
  --stock ID          the stock (as in the run's files)
  --date D            YYYY-MM-DD (default: the latest date)
  --json              print the explanation as JSON
  --md                print Markdown for a pull-request comment
  --debug             print stack traces of unexpected errors
  -h, --help          show this help`,
  },
  diff: {
    usage: 'Usage: glassbox diff RUN [--against baseline|OTHER_RUN | --ref GITREF] [--md|--json] [--only-changes X]',
    summary: 'the run against its baseline for a review: figures, guardrails, factors, names, IC',
    options: { ...COMMON, ...REMOTE, against: { type: 'string' }, ref: { type: 'string' }, json: { type: 'boolean' }, md: { type: 'boolean' }, 'only-changes': { type: 'string' } } as Options,
    help: `Compares RUN with its baseline (the manifest's "baseline"), with another run, or with itself
as committed at a Git revision, on the latest
date both have: headline figures with their deltas, guardrail verdicts, factor exposure
before, after and delta, the names that entered and left with the factors behind them,
each signal's mean rank IC and t-statistic, and attribution stability.

Options:
  --against R         baseline (default) or another run's manifest
  --ref GITREF        the same manifest and its files at a Git revision (HEAD, HEAD~1, main, a tag
                      or commit), read with git from the repository RUN is in
  --md                Markdown for a pull-request comment; its first line is the hidden marker
                      <!-- glassbox-diff: RUN NAME --> by which CI finds and updates the comment
  --json              every change as JSON (factors as {"factor", "before", "after", "delta"})
  --only-changes X    leave out figures whose |delta| is at most X, and unchanged guardrails
  --debug             print stack traces of unexpected errors
  -h, --help          show this help

Exit codes as glassbox check for RUN: 0 pass, 1 fail, 2 unreadable.`,
  },
} as const;

export type Command = keyof typeof COMMANDS;

export const MAIN_USAGE = 'Usage: glassbox <check|attribution|report|explain|diff> RUN [options]   (glassbox <command> --help for more)';

export function mainHelp(): string {
  const lines = (Object.keys(COMMANDS) as Command[]).map((c) => `  ${c.padEnd(12)} ${COMMANDS[c].summary}`);
  return `${MAIN_USAGE}\n\nCommands:\n${lines.join('\n')}\n\n${RUN_HELP}\n`;
}

export function commandHelp(command: Command): string {
  return `${COMMANDS[command].usage}\n\n${COMMANDS[command].help}\n\n${RUN_HELP}\n`;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses one command's arguments; throws UsageError for an unknown option or a missing value. */
export function parseCommand(command: Command, args: string[]): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({ args, options: COMMANDS[command].options, strict: true, allowPositionals: true });
    return { values: values as ParsedCommand['values'], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '.') : String(error);
    throw new UsageError(`glassbox ${command}: ${message}`, COMMANDS[command].usage);
  }
}

/** The single RUN positional of a command. */
export function runArgument(command: Command, positionals: string[]): string {
  if (positionals.length === 0) throw new UsageError(`glassbox ${command}: give the run (a *.glassbox.json manifest or a contributions table).`, COMMANDS[command].usage);
  if (positionals.length > 1) throw new UsageError(`glassbox ${command}: unexpected argument${positionals.length > 2 ? 's' : ''} ${positionals.slice(1).join(' ')}.`, COMMANDS[command].usage);
  return positionals[0];
}

export function tableOptions(values: ParsedCommand['values']): { weights?: string; securities?: string; returns?: string; factors?: string } {
  const pick = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const tables = { weights: pick('weights'), securities: pick('securities'), returns: pick('returns'), factors: pick('factors') };
  return Object.fromEntries(Object.entries(tables).filter(([, v]) => v !== undefined));
}

/** Whether to use the run cache (`--no-cache` turns it off). */
export function cacheOption(values: ParsedCommand['values']): boolean {
  return values['no-cache'] !== true;
}

/** `--root` and `--allow`: where a manifest may read (src/cli/roots.ts); `--allow-remote`: which databases. */
export function rootOptions(values: ParsedCommand['values']): { root?: string; allow: string[]; allowRemote: string[] } {
  const allow = Array.isArray(values.allow) ? values.allow : [];
  const allowRemote = Array.isArray(values['allow-remote']) ? values['allow-remote'] : [];
  return typeof values.root === 'string' ? { root: values.root, allow, allowRemote } : { allow, allowRemote };
}

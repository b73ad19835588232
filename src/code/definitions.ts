/**
 * Where a feature is defined in research code: a pure, line-by-line pattern locator
 * (no vscode, no file system), used both ways: from a chart to the code
 * (`findDefinitions`) and from a line of code to the feature it defines (`scanDefinitions`).
 */
import { codeMessages } from './messages';

/** The languages whose definition forms are known, by file extension. */
export type CodeLanguage = 'python' | 'typescript' | 'sql' | 'r' | 'julia' | 'other';

/**
 * What kind of definition a line is; also the ranking, strongest first:
 * a function or decorator defines a feature, an assignment probably does, a dict key may,
 * an SQL alias names a column that may be the feature.
 */
export type DefinitionKind = 'function' | 'decorator' | 'pattern' | 'assignment' | 'dictKey' | 'sqlAlias';

const KIND_RANK: Record<DefinitionKind, number> = { function: 0, decorator: 0, pattern: 0, assignment: 1, dictKey: 2, sqlAlias: 3 };

/**
 * One place that may define the feature.
 * @example { name: 'ep_fy1', exact: false, line: 9, column: 4, length: 6, kind: 'function', rank: 1, text: 'def ep_fy1(df: pd.DataFrame) -> pd.Series:' }
 */
export interface DefinitionCandidate {
  /** The name as written in the code (the feature's name or its bare name). */
  name: string;
  /** True when the code names the feature exactly, false when it names the bare name (`ep_fy1` for `value__ep_fy1`). */
  exact: boolean;
  /** 0-based line and column of the name. */
  line: number;
  column: number;
  length: number;
  kind: DefinitionKind;
  /** Lower is better: the kind's rank, doubled, plus one when only the bare name matched. */
  rank: number;
  /** The line, trimmed (for a QuickPick). */
  text: string;
}

/** A user pattern (`glassbox.code.definitionPatterns`) that could not be used, and why. */
export interface PatternWarning {
  pattern: string;
  message: string;
  /** True when the pattern was stopped for taking too long (patternRunner.ts); it is reported once. */
  timedOut?: boolean;
}

export interface LocatorOptions {
  /** Extra regular expressions with a `{name}` placeholder, e.g. `register_feature\(\s*["']{name}["']`. */
  userPatterns?: readonly string[];
}

/** A definition form: a regex source with `{name}` where the name goes. */
interface Template {
  kind: DefinitionKind;
  source: string;
  flags?: string;
}

const QUOTED = String.raw`(["'])`;
const T = {
  pythonDef: { kind: 'function', source: String.raw`^\s*(?:async\s+)?def\s+{name}\s*\(` },
  decorator: { kind: 'decorator', source: String.raw`^\s*@(?:[A-Za-z_]\w*\.)*(?:feature|register)\s*\(\s*(?:name\s*=\s*)?${QUOTED}{name}\1` },
  pythonAssign: { kind: 'assignment', source: String.raw`^\s*{name}\s*(?::[^=\n]+)?=(?!=)` },
  dictKey: { kind: 'dictKey', source: String.raw`${QUOTED}{name}\1\s*:` },
  sqlAlias: { kind: 'sqlAlias', source: String.raw`\bAS\s+(["\x60\[]?){name}(?![\w.])`, flags: 'i' },
  rFunction: { kind: 'function', source: String.raw`^\s*{name}\s*(?:<<?-|=)\s*function\b` },
  rAssign: { kind: 'assignment', source: String.raw`^\s*{name}\s*(?:<<?-|=(?!=))` },
  juliaFunction: { kind: 'function', source: String.raw`^\s*function\s+{name}\s*\(` },
  juliaShort: { kind: 'function', source: String.raw`^\s*{name}\s*\([^)]*\)\s*=(?!=)` },
  juliaAssign: { kind: 'assignment', source: String.raw`^\s*(?:const\s+)?{name}\s*(?:::[^=\n]+)?=(?!=)` },
  tsFunction: { kind: 'function', source: String.raw`^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*{name}\s*[(<]` },
  tsAssign: { kind: 'assignment', source: String.raw`^\s*(?:export\s+)?(?:const|let|var)\s+{name}\s*(?::[^=\n]+)?=(?!=)` },
} satisfies Record<string, Template>;

/** The definition forms of each language; unknown languages get every form. */
const LANGUAGE_TEMPLATES: Record<CodeLanguage, Template[]> = {
  python: [T.pythonDef, T.decorator, T.pythonAssign, T.dictKey],
  typescript: [T.tsFunction, T.decorator, T.tsAssign, T.dictKey],
  sql: [T.sqlAlias],
  r: [T.rFunction, T.rAssign],
  julia: [T.juliaFunction, T.juliaShort, T.juliaAssign, T.dictKey],
  other: [T.pythonDef, T.decorator, T.rFunction, T.juliaFunction, T.tsFunction, T.pythonAssign, T.tsAssign, T.rAssign, T.dictKey, T.sqlAlias],
};

const EXTENSIONS: Record<string, CodeLanguage> = {
  py: 'python',
  pyi: 'python',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'typescript',
  jsx: 'typescript',
  mjs: 'typescript',
  cjs: 'typescript',
  sql: 'sql',
  r: 'r',
  jl: 'julia',
};

/** The file extensions searched when a manifest names no `code.features` globs. */
export const CODE_EXTENSIONS = ['py', 'ts', 'sql', 'R', 'r', 'jl'] as const;

/**
 * The language of a file from its name or path (case-insensitive extension).
 * @example languageOf('research/features/value.py') // 'python'
 */
export function languageOf(fileName: string): CodeLanguage {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0 || dot < fileName.lastIndexOf('/')) return 'other';
  return EXTENSIONS[fileName.slice(dot + 1).toLowerCase()] ?? 'other';
}

/**
 * The names a feature may be defined under: itself, then the bare name when it carries its
 * factor (`value__ep_fy1` and `value.ep_fy1` -> `ep_fy1`; the convention of
 * src/model/run/factors.ts).
 */
export function lookupNames(feature: string): string[] {
  const m = /^[A-Za-z][\w-]*?(?:__|\.)(.+)$/.exec(feature);
  return m && m[1] !== feature ? [feature, m[1]] : [feature];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A name group: identifiers (dotted for SQL and keys), or anything quotable inside quotes. */
const ANY_NAME = String.raw`[A-Za-z_][\w.]*`;

interface Compiled {
  kind: DefinitionKind;
  regex: RegExp;
}

/** `{name}` in a template replaced by a capture named `name` matching `name` (a regex source). */
function compile(template: Template, name: string): RegExp {
  // Guard the name's end so `bp` does not match `bp_ratio` (a quote or bracket may follow).
  return new RegExp(withName(template.source, name, String.raw`(?!\w)`), `d${template.flags ?? ''}`);
}

/**
 * `{name}` replaced by a capture named `name` matching the regex source `name`, then
 * `guard`; a repeated `{name}` refers back to the first.
 */
function withName(source: string, name: string, guard = ''): string {
  const [first, ...rest] = source.split('{name}');
  return first + rest.map((part, i) => (i === 0 ? `(?<name>${name})${guard}` : String.raw`\k<name>`) + part).join('');
}

/**
 * Compiles the user's patterns; an invalid one (bad regex, no `{name}`) becomes a warning
 * and is left out. `name` is a regex source for the name (escaped by the caller).
 */
function compileUserPatterns(patterns: readonly string[], name: string, warnings: PatternWarning[]): Compiled[] {
  const out: Compiled[] = [];
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || !pattern.includes('{name}')) {
      warnings.push({ pattern: String(pattern), message: codeMessages.patternWithoutName(String(pattern)) });
      continue;
    }
    try {
      const regex = new RegExp(withName(pattern, name), 'd');
      out.push({ kind: 'pattern', regex });
    } catch (error) {
      warnings.push({ pattern, message: codeMessages.invalidPattern(pattern, error instanceof Error ? error.message : String(error)) });
    }
  }
  return out;
}

/** Checks the user's patterns without searching: the warnings a settings change should show. */
export function checkUserPatterns(patterns: readonly string[]): PatternWarning[] {
  const warnings: PatternWarning[] = [];
  compileUserPatterns(patterns, 'x', warnings);
  return warnings;
}

function lineStarts(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** One match of `regex` on `line` as a candidate, or null. */
function matchLine(regex: RegExp, kind: DefinitionKind, line: string, lineNumber: number): Omit<DefinitionCandidate, 'exact' | 'rank'> | null {
  const m = regex.exec(line);
  const span = m?.indices?.groups?.name;
  if (!m || !span) return null;
  return { name: line.slice(span[0], span[1]), line: lineNumber, column: span[0], length: span[1] - span[0], kind, text: line.trim() };
}

const byRank = (a: DefinitionCandidate, b: DefinitionCandidate) => a.rank - b.rank || a.line - b.line || a.column - b.column;

/**
 * Where `feature` may be defined in one file's text, best first (function or decorator,
 * then assignment, then dict key, then SQL alias; the exact name before the bare name; then
 * by line). The forms searched depend on the language; `options.userPatterns` add more
 * (their `{name}` is replaced by the escaped name; invalid ones are returned as warnings).
 * At most one candidate per line.
 * @example findDefinitions('def ep_fy1(df):\n    ...', 'python', 'value__ep_fy1').candidates
 *   // [{ name: 'ep_fy1', exact: false, line: 0, column: 4, length: 6, kind: 'function', rank: 1, text: 'def ep_fy1(df):' }]
 */
export function findDefinitions(text: string, language: CodeLanguage, feature: string, options: LocatorOptions = {}): { candidates: DefinitionCandidate[]; warnings: PatternWarning[] } {
  const warnings: PatternWarning[] = [];
  if (typeof feature !== 'string' || feature.trim() === '') return { candidates: [], warnings };
  const names = lookupNames(feature);
  const compiled = names.map((name) => ({
    exact: name === feature,
    name,
    patterns: [
      ...LANGUAGE_TEMPLATES[language].map((t) => ({ kind: t.kind, regex: compile(t, escapeRegExp(name)) })),
      ...compileUserPatterns(options.userPatterns ?? [], escapeRegExp(name), name === feature ? warnings : []),
    ],
  }));
  // Cheap pre-filter: no line without one of the names can match.
  if (!names.some((name) => text.includes(name))) return { candidates: [], warnings };
  const candidates: DefinitionCandidate[] = [];
  lineStarts(text).forEach((line, lineNumber) => {
    let best: DefinitionCandidate | null = null;
    for (const { exact, name, patterns } of compiled) {
      if (!line.includes(name)) continue;
      for (const { kind, regex } of patterns) {
        const found = matchLine(regex, kind, line, lineNumber);
        if (!found) continue;
        const candidate: DefinitionCandidate = { ...found, exact, rank: KIND_RANK[kind] * 2 + (exact ? 0 : 1) };
        if (!best || candidate.rank < best.rank) best = candidate;
      }
    }
    if (best) candidates.push(best);
  });
  return { candidates: candidates.sort(byRank), warnings };
}

/**
 * Everything a file defines, whatever its name: the other direction, for hovers and
 * CodeLenses (the caller keeps those whose name is a feature of a run). Every match on a
 * line (`{"ep_fy1": f, "bp": g}` defines two), one per name position, the strongest kind;
 * in line then column order.
 * @example scanDefinitions('def ep_fy1(df):\n    return 1', 'python').definitions.map((d) => d.name) // ['ep_fy1']
 */
export function scanDefinitions(text: string, language: CodeLanguage, options: LocatorOptions = {}): { definitions: Omit<DefinitionCandidate, 'exact'>[]; warnings: PatternWarning[] } {
  const warnings: PatternWarning[] = [];
  const quotedName = String.raw`[^"'\n]+?`;
  const patterns: Compiled[] = [
    ...LANGUAGE_TEMPLATES[language].map((t) => ({ kind: t.kind, regex: compile(t, t.kind === 'dictKey' || t.kind === 'decorator' ? quotedName : ANY_NAME) })),
    ...compileUserPatterns(options.userPatterns ?? [], ANY_NAME, warnings),
  ].map(({ kind, regex }) => ({ kind, regex: new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`) }));
  const definitions: Omit<DefinitionCandidate, 'exact'>[] = [];
  lineStarts(text).forEach((line, lineNumber) => {
    const byColumn = new Map<number, Omit<DefinitionCandidate, 'exact'>>();
    for (const { kind, regex } of patterns) {
      regex.lastIndex = 0;
      for (const m of line.matchAll(regex)) {
        const span = m.indices?.groups?.name;
        if (!span) continue;
        const rank = KIND_RANK[kind] * 2;
        const previous = byColumn.get(span[0]);
        if (!previous || rank < previous.rank) byColumn.set(span[0], { name: line.slice(span[0], span[1]), line: lineNumber, column: span[0], length: span[1] - span[0], kind, rank, text: line.trim() });
      }
    }
    definitions.push(...[...byColumn.values()].sort((a, b) => a.column - b.column));
  });
  return { definitions, warnings };
}

/**
 * One file's candidates merged into a list over many files, best first across files
 * (rank, then the order the files were given, then line).
 */
export function rankAcrossFiles<F>(perFile: { file: F; candidates: DefinitionCandidate[] }[]): { file: F; candidate: DefinitionCandidate }[] {
  const all = perFile.flatMap(({ file, candidates }, order) => candidates.map((candidate) => ({ file, candidate, order })));
  all.sort((a, b) => a.candidate.rank - b.candidate.rank || a.order - b.order || a.candidate.line - b.candidate.line);
  return all.map(({ file, candidate }) => ({ file, candidate }));
}

/**
 * The candidates of several searches of one text (the built-in forms, then each user
 * pattern on its own, in that order) as one search with all of them would give: at most
 * one per line, the best rank, the earlier search on a tie.
 */
export function mergeCandidates(lists: readonly DefinitionCandidate[][]): DefinitionCandidate[] {
  const byLine = new Map<number, DefinitionCandidate>();
  for (const list of lists) {
    for (const candidate of list) {
      const best = byLine.get(candidate.line);
      if (!best || candidate.rank < best.rank) byLine.set(candidate.line, candidate);
    }
  }
  return [...byLine.values()].sort(byRank);
}

/** scanDefinitions' results of several scans merged likewise: one per name position, the best rank, in line then column order. */
export function mergeDefinitions(lists: readonly Omit<DefinitionCandidate, 'exact'>[][]): Omit<DefinitionCandidate, 'exact'>[] {
  const byPosition = new Map<string, Omit<DefinitionCandidate, 'exact'>>();
  for (const list of lists) {
    for (const definition of list) {
      const key = `${definition.line}:${definition.column}`;
      const best = byPosition.get(key);
      if (!best || definition.rank < best.rank) byPosition.set(key, definition);
    }
  }
  return [...byPosition.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

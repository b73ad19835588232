/**
 * The run manifest, `*.glassbox.json`: which files make up a model run and how to read
 * them. Parsed and checked here; paths stay relative (resolved by whoever reads bytes).
 */
import { InputError } from './errors';
import { jsonSyntaxError } from './read/jsonSyntax';
import { messages } from './messages';
import type { Constraints, Diagnostic, TableRole } from './types';

export type { Constraints } from './types';

/** How the signal statistics read the run's forward returns. */
export interface SignalSettings {
  /** Periods (dates) each forward return spans; default 1. Overlapping returns need h - 1 Newey-West lags at least. */
  horizon?: number;
  /** Newey-West lags of the IC t-statistic; default floor(4 (T/100)^(2/9)). */
  neweyWestLags?: number;
}

/**
 * Where a run's tables live when they are not files: a database on a server. With a source,
 * contributions, weights, securities, returns and a string `factors` name tables of that
 * database. Credentials never come from the manifest (see src/clickhouse/remoteSource.ts).
 */
export interface RemoteSource {
  engine: 'clickhouse';
  /** http(s)://host:port, without credentials, path or query. */
  url: string;
  /** A plain identifier: letters, digits and underscores, not starting with a digit. */
  database: string;
}

export interface Manifest {
  name?: string;
  source?: RemoteSource;
  contributions?: string;
  weights?: string;
  securities?: string;
  returns?: string;
  /** Factor -> its features, or the path of a feature,factor table. */
  factors?: Record<string, string[]> | string;
  baseline?: string;
  /** The annual risk-free rate for Sharpe and Sortino, a fraction (0.04 is 4%). */
  riskFreeRate?: number;
  constraints?: Constraints;
  code?: { features?: string[] };
  /** Per table, canonical column -> the file's column name. */
  columns?: Partial<Record<TableRole, Record<string, string>>>;
  signals?: SignalSettings;
}

const TABLE_FIELDS = ['contributions', 'weights', 'securities', 'returns'] as const;
const KNOWN_FIELDS = new Set<string>(['$schema', 'name', 'source', ...TABLE_FIELDS, 'factors', 'baseline', 'riskFreeRate', 'constraints', 'code', 'columns', 'signals']);
const ROLES = new Set<string>(['contributions', 'weights', 'securities', 'factors', 'returns']);

export interface ParsedManifest {
  manifest: Manifest;
  diagnostics: Diagnostic[];
}

/**
 * Parses and validates a manifest's text. Throws an InputError with the line and column of
 * a JSON syntax error, or naming the field whose type is wrong; unknown fields are warnings.
 */
export function parseManifest(text: string, file: string): ParsedManifest {
  let raw: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    raw = JSON.parse(json);
  } catch (error) {
    const { line, column, detail } = locateJsonError(json, error);
    throw new InputError(messages.invalidManifestJson(file, line, column, detail), file, line);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(messages.manifestNotObject(file), file);
  const input = raw as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const field = (name: string, expected: string): never => {
    throw new InputError(messages.manifestField(file, name, expected), file);
  };
  const manifest: Manifest = {};

  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key)) diagnostics.push({ severity: 'warning', code: 'manifest-unknown-field', message: messages.manifestUnknownField(file, key), file });
  }
  if (input.name !== undefined) {
    if (typeof input.name !== 'string') field('name', 'a string');
    manifest.name = input.name as string;
  }
  if (input.source !== undefined) manifest.source = parseSource(input.source, field);
  for (const key of [...TABLE_FIELDS, 'baseline'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') field(key, 'a path relative to the manifest, e.g. "out/contrib.parquet"');
    manifest[key] = (value as string).trim();
  }
  if (input.factors !== undefined) manifest.factors = parseFactors(input.factors, field);
  if (input.riskFreeRate !== undefined) manifest.riskFreeRate = parseRiskFreeRate(input.riskFreeRate, field);
  if (input.constraints !== undefined) manifest.constraints = parseConstraints(input.constraints, field);
  if (input.code !== undefined) {
    const code = input.code as Record<string, unknown>;
    if (code === null || typeof code !== 'object' || Array.isArray(code)) field('code', 'an object such as {"features": ["research/features/**/*.py"]}');
    if (code.features !== undefined && !isStringArray(code.features)) field('code.features', 'a list of glob patterns');
    manifest.code = code.features === undefined ? {} : { features: code.features as string[] };
  }
  if (input.columns !== undefined) manifest.columns = parseColumns(input.columns, field);
  if (input.signals !== undefined) manifest.signals = parseSignals(input.signals, field);
  if (manifest.contributions === undefined && manifest.weights === undefined) throw new InputError(messages.manifestNoContributions(file), file);
  return { manifest, diagnostics };
}

const SOURCE_ENGINES = ['clickhouse'];

/** The remote source: engine known, url http(s) with nothing but host and port, database a plain name. */
function parseSource(value: unknown, field: (name: string, expected: string) => never): RemoteSource {
  const example = '{"engine": "clickhouse", "url": "http://host:8123", "database": "db"}';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return field('source', `an object such as ${example}`);
  const source = value as Record<string, unknown>;
  for (const secret of ['user', 'username', 'password']) {
    if (source[secret] !== undefined) field(`source.${secret}`, 'left out: credentials never come from the manifest (use "Glass Box: Set ClickHouse Credentials", or GLASSBOX_CLICKHOUSE_USER and GLASSBOX_CLICKHOUSE_PASSWORD)');
  }
  for (const key of Object.keys(source)) if (!['engine', 'url', 'database'].includes(key)) field(`source.${key}`, 'absent (known: engine, url, database)');
  if (typeof source.engine !== 'string' || !SOURCE_ENGINES.includes(source.engine)) field('source.engine', `one of ${SOURCE_ENGINES.join(', ')}`);
  const urlExpected = 'an http:// or https:// address with host and port only, e.g. "http://warehouse:8123"';
  if (typeof source.url !== 'string') return field('source.url', urlExpected);
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    return field('source.url', urlExpected);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') field('source.url', urlExpected);
  if (url.username || url.password) field('source.url', `${urlExpected}, without user or password (credentials never come from the manifest)`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) field('source.url', urlExpected);
  if (typeof source.database !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(source.database)) field('source.database', 'a database name of letters, digits and underscores, e.g. "research"');
  return { engine: 'clickhouse', url: url.origin, database: source.database as string };
}

/** An annual rate as a fraction; above 1 (100%) it was surely written in percent. */
function parseRiskFreeRate(value: unknown, field: (name: string, expected: string) => never): number {
  const expected = 'an annual rate as a fraction, e.g. 0.04 for 4%';
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= -1) return field('riskFreeRate', expected);
  if (value > 1) return field('riskFreeRate', `${expected} (${value} reads as ${value * 100}%: write ${value / 100} for ${value}%)`);
  return value;
}

function parseFactors(value: unknown, field: (name: string, expected: string) => never): Manifest['factors'] {
  const expected = 'an object of factor to feature list, e.g. {"value": ["ep_fy1", "bp"]}, or the path of a feature,factor table';
  if (typeof value === 'string') return value.trim() || field('factors', expected);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return field('factors', expected);
  const factors: Record<string, string[]> = {};
  for (const [factor, features] of Object.entries(value)) {
    if (!isStringArray(features)) field(`factors.${factor}`, 'a list of feature names');
    // defineProperty: a factor named "__proto__" is a factor, not the object's prototype.
    Object.defineProperty(factors, factor, { value: features, enumerable: true, writable: true, configurable: true });
  }
  return factors;
}

function parseConstraints(value: unknown, field: (name: string, expected: string) => never): Constraints {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return field('constraints', 'an object such as {"sector": {"maxActive": 0.05}}');
  const constraints = value as Record<string, Record<string, unknown>>;
  const shape: Record<string, string[]> = {
    sector: ['maxActive'],
    country: ['maxActive'],
    region: ['maxActive'],
    stock: ['maxWeight'],
    turnover: ['max'],
    trackingError: ['max'],
    coverage: ['min'],
    signals: ['minTstat'],
    stability: ['minRankCorrelation'],
  };
  for (const [key, inner] of Object.entries(constraints)) {
    // Own keys only: "toString" or "__proto__" is not a guardrail.
    if (!Object.hasOwn(shape, key)) field(`constraints.${key}`, `one of ${Object.keys(shape).join(', ')}`);
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) field(`constraints.${key}`, `an object such as {"${shape[key][0]}": 0.05}`);
    for (const [limit, v] of Object.entries(inner)) {
      if (!shape[key].includes(limit)) field(`constraints.${key}.${limit}`, `one of ${shape[key].join(', ')}`);
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) field(`constraints.${key}.${limit}`, 'a non-negative number (a fraction: 0.05 is 5%)');
      if (key === 'coverage' && (v as number) > 1) field(`constraints.${key}.${limit}`, 'a fraction from 0 to 1 (0.95: 95% of the gross weight has contributions)');
    }
  }
  return constraints as Constraints;
}

function parseSignals(value: unknown, field: (name: string, expected: string) => never): SignalSettings {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return field('signals', 'an object such as {"horizon": 1, "neweyWestLags": 3}');
  const settings: SignalSettings = {};
  for (const [key, v] of Object.entries(value)) {
    if (key !== 'horizon' && key !== 'neweyWestLags') field(`signals.${key}`, 'one of horizon, neweyWestLags');
    const least = key === 'horizon' ? 1 : 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < least) field(`signals.${key}`, key === 'horizon' ? 'a whole number of periods, at least 1 (e.g. 3 for quarterly returns on monthly dates)' : 'a whole number of lags, at least 0');
    settings[key as keyof SignalSettings] = v as number;
  }
  return settings;
}

function parseColumns(value: unknown, field: (name: string, expected: string) => never): Manifest['columns'] {
  const expected = 'an object of table to column mapping, e.g. {"weights": {"weight": "port_pct"}}';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return field('columns', expected);
  const columns: Manifest['columns'] = {};
  for (const [role, mapping] of Object.entries(value)) {
    if (!ROLES.has(role)) field(`columns.${role}`, `one of ${[...ROLES].join(', ')}`);
    if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) field(`columns.${role}`, expected);
    for (const [canonical, actual] of Object.entries(mapping as object)) {
      if (typeof actual !== 'string') field(`columns.${role}.${canonical}`, 'a column name');
    }
    columns[role as TableRole] = mapping as Record<string, string>;
  }
  return columns;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Line and column (1-based) of a JSON syntax error, and what was wrong, from our own scan. */
function locateJsonError(text: string, error: unknown): { line: number; column: number; detail: string } {
  const found = jsonSyntaxError(text);
  if (found) return found;
  // JSON.parse refused what the scanner accepts (should not happen). Its message quotes the
  // text ("root:x:0:0"... is not valid JSON), so it is not repeated: no file content in messages.
  void error;
  const lines = text.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1, detail: 'the JSON parser refused it' };
}

/** The table files a manifest names, with their roles, relative to the manifest. */
export function manifestTables(manifest: Manifest): { role: TableRole; field: string; path: string }[] {
  const tables: { role: TableRole; field: string; path: string }[] = [];
  for (const role of ['contributions', 'weights', 'securities', 'returns'] as const) {
    const path = manifest[role];
    if (path !== undefined) tables.push({ role, field: role, path });
  }
  if (typeof manifest.factors === 'string') tables.push({ role: 'factors', field: 'factors', path: manifest.factors });
  return tables;
}

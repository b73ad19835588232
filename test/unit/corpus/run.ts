/**
 * The whole load path for the bad-input corpus: real bytes through the engine's DuckDB-backed
 * table source and loadRun, as the extension's loader worker runs them. A case either loads (and its diagnostics are
 * what the user is told) or fails with the one InputError the user sees.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelEngine } from '../../../src/model/engine/engine';
import { InputError } from '../../../src/model/errors';
import { parseManifest } from '../../../src/model/manifest';
import { loadRun, type TableReader, type TableSource } from '../../../src/model/run/loadRun';
import { duckdbSource } from '../duckdb/testSource';
import type { Diagnostic, TableRole } from '../../../src/model/types';

/** A committed corpus file's text (the well-formed run each case breaks). */
export function corpusText(name: string): string {
  return readFileSync(join(process.cwd(), 'test/fixtures/corpus', name), 'utf8');
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** One file of a run: its role, its name (as the manifest names it) and its bytes. */
export interface CorpusFile {
  role: TableRole;
  name: string;
  bytes: Uint8Array | string;
}

/** The base run's files with some of them replaced (by role). */
export function baseRun(replace: Partial<Record<TableRole, Omit<CorpusFile, 'role'> | null>> = {}): CorpusFile[] {
  const files: CorpusFile[] = [
    { role: 'contributions', name: 'contributions.csv', bytes: corpusText('contributions.csv') },
    { role: 'weights', name: 'weights.csv', bytes: corpusText('weights.csv') },
  ];
  const out: CorpusFile[] = [];
  for (const file of files) {
    const replacement = replace[file.role];
    if (replacement === null) continue;
    out.push(replacement ? { role: file.role, ...replacement } : file);
  }
  for (const [role, replacement] of Object.entries(replace)) {
    if (replacement && !files.some((f) => f.role === role)) out.push({ role: role as TableRole, ...replacement });
  }
  return out;
}

/** Loads a run from its files through a manifest that names them, with the real readers. */
export async function load(files: CorpusFile[], reader?: TableReader | TableSource): Promise<{ engine: PanelEngine; diagnostics: Diagnostic[] }> {
  const manifestText = JSON.stringify({ name: 'corpus', ...Object.fromEntries(files.map((f) => [f.role, f.name])) });
  const { manifest, diagnostics } = parseManifest(manifestText, 'run.glassbox.json');
  const engine = await loadRun(
    {
      source: 'run.glassbox.json',
      manifest,
      manifestDiagnostics: diagnostics,
      files: files.map((f) => ({ role: f.role, name: f.name, bytes: typeof f.bytes === 'string' ? utf8(f.bytes) : f.bytes })),
    },
    reader ?? (await duckdbSource()),
  );
  return { engine, diagnostics: engine.summary().diagnostics };
}

/** What the user is told when a run cannot be read. */
export interface Refusal {
  message: string;
  file?: string;
  row?: number;
  column?: string;
}

/** Loads a run that must fail, and returns the one InputError (anything else fails the test). */
export async function refusal(files: CorpusFile[], read?: TableReader | TableSource): Promise<Refusal> {
  try {
    await load(files, read);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String((error as Error)?.stack ?? error)}`);
    const out: Refusal = { message: error.message, file: error.file };
    if (error.row !== undefined) out.row = error.row;
    if (error.column !== undefined) out.column = error.column;
    return out;
  }
  assert.fail('the run loaded, but it should have been refused');
}

/** The run's diagnostics with the given code (the test fails when there is none). */
export function diagnostic(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.find((d) => d.code === code);
  assert.ok(found, `no '${code}' diagnostic in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  return found;
}

/** Diagnostics that report a problem (warnings and errors), as `code: message`. */
export function problems(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`);
}

/** Every number a user sees for a date is finite: no NaN or Infinity is shown as if right. */
export function assertFiniteViews(engine: PanelEngine, date: string): void {
  const filters = { sectors: [], countries: [], regions: [], factors: [] };
  const overview = engine.overview(date, filters);
  for (const key of ['holdings', 'universe', 'portfolioWeight', 'top10Weight', 'weightCoverage'] as const) {
    assert.ok(Number.isFinite(overview[key]), `overview.${key} = ${overview[key]}`);
  }
  for (const row of engine.stocks(date, filters).rows) {
    assert.ok(Number.isFinite(row.weight), `${row.stock} weight ${row.weight}`);
    if (row.score !== null) assert.ok(Number.isFinite(row.score), `${row.stock} score ${row.score}`);
    if (row.topDriverContribution !== null) assert.ok(Number.isFinite(row.topDriverContribution), `${row.stock} top driver`);
  }
  for (const f of engine.factors(date, filters).byFactor) assert.ok(Number.isFinite(f.portfolio), `${f.factor} portfolio ${f.portfolio}`);
}

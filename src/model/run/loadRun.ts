/**
 * From bytes to an engine: read each table, check it against the data contract, build the
 * panel and the cube. Runs wherever the model layer runs (the loader worker, the CLI, a
 * browser): it receives file bytes, never paths.
 */
import type { ColumnTable } from 'arquero';
import { PanelEngine, type EngineOptions } from '../engine/engine';
import { InputError } from '../errors';
import type { Manifest } from '../manifest';
import { messages } from '../messages';
import type { ReadResult } from '../read/index';
import { resolveTableColumns } from '../schema/columns';
import type { Diagnostic, TableRole } from '../types';
import { readContributions, type WideContributions } from './contributions';
import { readFactorTable } from './factors';
import { buildPanel } from './panel';
import { readSecurities, type Securities } from './securities';
import { readWeights, type Weights } from './weights';

/** One file of a run. `auto` (a table opened on its own) is decided from its columns. */
export interface RunFile {
  role: TableRole | 'auto';
  name: string;
  bytes: Uint8Array;
}

export interface LoadRequest {
  /** The manifest or table the user opened (for display). */
  source: string;
  manifest: Manifest | null;
  /** Diagnostics from parsing the manifest. */
  manifestDiagnostics: Diagnostic[];
  files: RunFile[];
  options?: EngineOptions;
}

export type TableReader = (bytes: Uint8Array, fileName: string) => Promise<ReadResult>;

/** Progress messages for the notification ("Reading weights.csv…"). */
export type ProgressReporter = (message: string) => void;

export async function loadRun(request: LoadRequest, read: TableReader, progress: ProgressReporter = () => {}): Promise<PanelEngine> {
  const diagnostics: Diagnostic[] = [...request.manifestDiagnostics];
  const columns = request.manifest?.columns ?? {};
  let contributions: WideContributions | null = null;
  let weights: Weights | null = null;
  let securities: Securities | null = null;
  let factorMap = typeof request.manifest?.factors === 'object' ? request.manifest.factors : undefined;
  const files: { role: TableRole; name: string }[] = [];

  for (const file of request.files) {
    progress(`Reading ${file.name}…`);
    const { table, notes } = await read(file.bytes, file.name);
    diagnostics.push(...notes);
    const role = file.role === 'auto' ? detectRole(table, file.name) : file.role;
    files.push({ role, name: file.name });
    progress(`Checking ${file.name}…`);
    switch (role) {
      case 'contributions':
        contributions = readContributions(table, file.name, columns.contributions, diagnostics);
        break;
      case 'weights':
        weights = readWeights(table, file.name, columns.weights, diagnostics);
        break;
      case 'securities':
        securities = readSecurities(table, file.name, columns.securities);
        break;
      case 'factors':
        factorMap = readFactorTable(table, file.name, columns.factors);
        break;
      case 'returns':
        // Returns feed the Performance tab; they are read when that tab asks for them.
        break;
    }
  }
  if (!contributions && !weights) throw new InputError(messages.manifestNoContributions(request.source), request.source);
  progress('Building the attribution cube…');
  const panel = buildPanel({ contributions, weights, securities, factorMap }, diagnostics);
  return new PanelEngine(panel, { name: request.manifest?.name ?? request.source, source: request.source, files, diagnostics }, request.options);
}

/** A table opened on its own: long or wide contributions, or weights. */
export function detectRole(table: ColumnTable, file: string): TableRole {
  const probe = (role: TableRole) => {
    try {
      return resolveTableColumns(table, role, file);
    } catch {
      return null;
    }
  };
  const asContributions = probe('contributions');
  if (asContributions?.feature !== undefined && asContributions.contribution !== undefined) return 'contributions';
  if (probe('weights')) return 'weights';
  if (asContributions) return 'contributions';
  throw new InputError(messages.singleFileRole(file), file);
}

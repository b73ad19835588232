/** The extension's settings (`glassbox.*` in package.json), read in one place. */
import * as vscode from 'vscode';
import { TABS, type Tab } from '../protocol';
import { DEFAULT_CACHE_MB } from '../runCache/cacheFolders';

export interface Settings {
  defaultTab: Tab;
  integrityTolerance: number;
  /** The annual risk-free rate (a fraction) for Sharpe and Sortino when the manifest names none. */
  riskFreeRate: number;
  reloadOnChange: boolean;
  /** Ask before loading more than this many bytes (0: never). */
  confirmAboveBytes: number;
  /** Refuse runs estimated to need more memory than this. */
  memoryBudgetBytes: number;
  /** Largest size of the run cache in the extension's storage (0: off). */
  cacheSizeMB: number;
  /** Threads the loader's database may use (0: one per core). */
  threads: number;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration('glassbox', scope);
  const tab = config.get<string>('defaultTab', 'overview');
  const tolerance = config.get<number>('integrityTolerance', 1e-6);
  return {
    defaultTab: (TABS as readonly string[]).includes(tab) ? (tab as Tab) : 'overview',
    integrityTolerance: Number.isFinite(tolerance) && tolerance >= 0 ? tolerance : 1e-6,
    riskFreeRate: riskFreeRateOf(config.get<number>('riskFreeRate', 0)),
    reloadOnChange: config.get<boolean>('reloadOnChange', true),
    confirmAboveBytes: Math.max(0, config.get<number>('confirmAboveMB', 300)) * 1024 * 1024,
    memoryBudgetBytes: Math.max(256, config.get<number>('memoryBudgetMB', 3072)) * 1024 * 1024,
    cacheSizeMB: cacheSizeOf(config.get<number>('cacheSizeMB', DEFAULT_CACHE_MB)),
    threads: threadsOf(config.get<number>('threads', 0)),
  };
}

function threadsOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 256 ? value : 0;
}

function cacheSizeOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The setting, an annual fraction between -0.5 and 1 (package.json says so); anything else counts as 0. */
function riskFreeRateOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= -0.5 && value <= 1 ? value : 0;
}

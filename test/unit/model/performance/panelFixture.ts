/**
 * Panels built straight from Arquero tables the way loadRun builds them (read each table,
 * then buildPanel), for the guardrail, compare and performance tests, which work on a
 * Panel rather than through the engine.
 */
import type { ColumnTable } from 'arquero';
import { readContributions } from '../../../../src/model/run/contributions';
import { buildPanel, type Panel } from '../../../../src/model/run/panel';
import { readSecurities } from '../../../../src/model/run/securities';
import { readWeights } from '../../../../src/model/run/weights';
import type { Diagnostic } from '../../../../src/model/types';

export interface PanelTables {
  contributions?: ColumnTable;
  weights?: ColumnTable;
  securities?: ColumnTable;
  factors?: Record<string, string[]>;
}

export function panelFrom(tables: PanelTables, diagnostics: Diagnostic[] = []): Panel {
  return buildPanel(
    {
      contributions: tables.contributions ? readContributions(tables.contributions, 'c.csv', undefined, diagnostics) : null,
      weights: tables.weights ? readWeights(tables.weights, 'w.csv', undefined, diagnostics) : null,
      securities: tables.securities ? readSecurities(tables.securities, 's.csv') : null,
      factorMap: tables.factors,
    },
    diagnostics,
  );
}

/** Asserts |actual - expected| <= tolerance, naming what was compared. */
export function close(actual: number | null | undefined, expected: number, what = 'value', tolerance = 1e-12): void {
  if (actual === null || actual === undefined || !(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: ${actual} != ${expected} (tolerance ${tolerance})`);
  }
}

/**
 * "Why did this name enter?": the factors that moved a stock's score, largest first, with
 * its rank change, read off a comparison.
 */
import { InputError } from '../errors';
import { compareMessages } from './messages';
import type { Comparison } from './snapshotChange';
import type { ChangeExplanation, StockChange } from './types';

export type { ChangeExplanation, FactorDriver } from './types';

/**
 * Explains one stock's change in a comparison.
 * @example explainChange(comparison, 'D')
 *   // { status: 'entered', rankChange: -1, basis: 'change', drivers: [{ factor: 'value', value: -0.01 }, { factor: 'momentum', value: 0 }], … }
 */
export function explainChange(comparison: Comparison, stock: string): ChangeExplanation {
  const change = comparison.stocks.find((s) => s.stock === stock);
  if (!change) throw new InputError(compareMessages.unknownStockInComparison(stock));
  return explain(comparison.factors, change);
}

/** Explanations of every name that entered, then every name that left. */
export function explainEntriesAndExits(comparison: Comparison): { entered: ChangeExplanation[]; left: ChangeExplanation[] } {
  const byStock = new Map(comparison.stocks.map((s) => [s.stock, s]));
  const one = (stock: string) => explain(comparison.factors, byStock.get(stock) as StockChange);
  return { entered: comparison.entered.map(one), left: comparison.left.map(one) };
}

function explain(factors: string[], change: StockChange): ChangeExplanation {
  let basis: ChangeExplanation['basis'] = 'none';
  let values: number[] | null = null;
  if (change.factorChanges) {
    basis = 'change';
    values = change.factorChanges;
  } else if (change.factorsAfter) {
    basis = 'after-only';
    values = change.factorsAfter;
  } else if (change.factorsBefore) {
    basis = 'before-only';
    values = change.factorsBefore;
  }
  const drivers = values ? factors.map((factor, k) => ({ factor, value: (values as number[])[k] })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value)) : [];
  return {
    stock: change.stock,
    name: change.name,
    status: change.status,
    weightBefore: change.weightBefore,
    weightAfter: change.weightAfter,
    rankBefore: change.rankBefore,
    rankAfter: change.rankAfter,
    rankChange: change.rankChange,
    scoreChange: change.scoreChange,
    baseChange: change.baseChange,
    residualChange: change.residualChange,
    basis,
    drivers,
  };
}

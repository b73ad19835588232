/** The identity every comparison must hold, for the hand-computed and the sample-run tests. */
import type { Comparison } from '../../../../src/model/compare/snapshotChange';
import { close } from '../performance/panelFixture';

/** Checks scoreChange = baseChange + sum(factorChanges) + residualChange for every stock scored on both sides. */
export function assertScoreIdentity(comparison: Comparison, tolerance = 1e-12): number {
  let checked = 0;
  for (const s of comparison.stocks) {
    if (s.scoreChange === null || !s.factorChanges) continue;
    const explained = (s.baseChange as number) + s.factorChanges.reduce((a, b) => a + b, 0) + (s.residualChange as number);
    close(explained, s.scoreChange, `${s.stock}: base + factors + residual`, tolerance);
    s.factorChanges.forEach((change, k) => close(change, (s.factorsAfter as number[])[k] - (s.factorsBefore as number[])[k], `${s.stock} ${comparison.factors[k]}`, tolerance));
    checked++;
  }
  return checked;
}

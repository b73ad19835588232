/** Input checks shared by the performance functions. */
import type { Panel } from '../run/panel';
import { performanceMessages } from './messages';

/** Throws a RangeError unless `returns` has one value per panel row (see alignReturns). */
export function assertAligned(panel: Panel, returns: ArrayLike<number>): void {
  if (returns.length !== panel.rows) throw new RangeError(performanceMessages.returnsLength(panel.rows, returns.length));
}

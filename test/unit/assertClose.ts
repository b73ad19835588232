/** Comparing two answers of the engine that should agree to rounding: one computed in another order, or by another engine. */
import { strict as assert } from 'node:assert';

/** Every number of two answers equal within `tolerance` (relative above 1), every other value equal. */
export function assertClose(actual: unknown, expected: unknown, path = '$', tolerance = 1e-9): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${path}: ${actual} is not NaN`);
    assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${path}: ${actual} differs from ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: not an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, `${path}[${i}]`, tolerance));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: not an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected)) assertClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, tolerance);
    return;
  }
  assert.deepEqual(actual, expected, path);
}

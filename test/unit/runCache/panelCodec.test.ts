/**
 * The run cache's file format: every typed array and every non-finite number comes back as
 * written, arrays are views onto the file's bytes (no copy) when aligned, and a damaged file
 * is refused rather than decoded into wrong numbers.
 */
import { strict as assert } from 'node:assert';
import { decodePanelFile, encodePanelFile, PanelFileError } from '../../../src/runCache/panelCodec';

function join(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

describe('run cache file format', () => {
  const value = {
    rows: 3,
    name: 'a "quoted" name \u0000 with a NUL',
    weightScale: 'fraction',
    nothing: null,
    skipped: undefined,
    weight: Float64Array.from([0.25, -0, NaN, Infinity, -Infinity, 1e-300]),
    counts: Int32Array.from([-1, 0, 2147483647]),
    flags: Uint8Array.from([1, 0, 1]),
    columns: [Float64Array.from([1, 2, 3]), Float64Array.from([4.5])],
    nullable: [null, Float32Array.from([0.5])],
    nested: { deeper: { ok: true, ratio: NaN, big: -Infinity } },
    ['__proto__']: { polluted: true },
  };

  it('gives back every array, number and string as written', () => {
    const bytes = join(encodePanelFile(value));
    const back = decodePanelFile(bytes) as typeof value;
    assert.equal(back.rows, 3);
    assert.equal(back.name, value.name);
    assert.equal(back.nothing, null);
    assert.equal('skipped' in back, false);
    assert.ok(back.weight instanceof Float64Array);
    assert.deepEqual([...back.weight], [...value.weight]);
    assert.ok(Object.is(back.weight[1], -0));
    assert.deepEqual([...back.counts], [-1, 0, 2147483647]);
    assert.ok(back.flags instanceof Uint8Array);
    assert.deepEqual(back.columns.map((c) => [...c]), [[1, 2, 3], [4.5]]);
    assert.equal(back.nullable[0], null);
    assert.ok(back.nullable[1] instanceof Float32Array);
    assert.ok(Number.isNaN(back.nested.deeper.ratio));
    assert.equal(back.nested.deeper.big, -Infinity);
    assert.equal(back.nested.deeper.ok, true);
  });

  it('keeps a key named __proto__ a plain property', () => {
    const back = decodePanelFile(join(encodePanelFile(value))) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('makes views onto the file bytes when aligned, and copies when not', () => {
    const bytes = join(encodePanelFile(value));
    const aligned = decodePanelFile(bytes) as typeof value;
    assert.equal(aligned.weight.buffer, bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const copied = decodePanelFile(shifted.subarray(1)) as typeof value;
    assert.notEqual(copied.weight.buffer, shifted.buffer);
    assert.deepEqual([...copied.counts], [-1, 0, 2147483647]);
  });

  it('refuses a file of another format, a truncated one and a malformed header', () => {
    const bytes = join(encodePanelFile(value));
    assert.throws(() => decodePanelFile(new TextEncoder().encode('PAR1 not a panel')), PanelFileError);
    assert.throws(() => decodePanelFile(bytes.subarray(0, bytes.length - 16)), PanelFileError);
    const broken = bytes.slice();
    broken[16] = 0x5b; // the header's opening brace becomes "[": not JSON any more
    assert.throws(() => decodePanelFile(broken), PanelFileError);
    assert.throws(() => decodePanelFile(new Uint8Array(4)), PanelFileError);
  });
});

import { strict as assert } from 'node:assert';
import { keyRange } from '../../../src/code/manifestRanges';

const MANIFEST = `{
  "name": "hand",
  "contributions": "out/contrib.parquet",
  "factors": { "value": ["ep_fy1", "bp"], "quality": ["roe"] },
  "constraints": {
    "sector": { "maxActive": 0.05 },
    "stock": {
      "maxWeight": 0.02
    }
  },
  "code": { "features": ["research/features/**/*.py"] }
}
`;

/** [line, start character, end character] of a one-line range. */
const at = (path: (string | number)[], text = MANIFEST) => {
  const { range, depth } = keyRange(text, path);
  assert.equal(range.start.line, range.end.line, 'a key sits on one line');
  return [range.start.line, range.start.character, range.end.character, depth];
};

describe('keyRange', () => {
  it('finds top-level keys, quotes included', () => {
    assert.deepEqual(at(['contributions']), [2, 2, 17, 1]);
    assert.deepEqual(at(['name']), [1, 2, 8, 1]);
  });

  it('finds nested keys by path', () => {
    assert.deepEqual(at(['constraints', 'sector']), [5, 4, 12, 2]);
    assert.deepEqual(at(['constraints', 'stock', 'maxWeight']), [7, 6, 17, 3]);
    assert.deepEqual(at(['code', 'features']), [10, 12, 22, 2]);
  });

  it('finds array entries by index', () => {
    assert.deepEqual(at(['factors', 'value', 1]), [3, 35, 39, 3]);
    assert.deepEqual(at(['factors', 'quality', 0]), [3, 54, 59, 3]);
  });

  it('falls back to the deepest key that exists', () => {
    assert.deepEqual(at(['constraints', 'country']), [4, 2, 15, 1]);
    assert.deepEqual(at(['factors', 'value', 9]), [3, 15, 22, 2]);
    assert.deepEqual(at(['constraints', 'sector', 3]), [5, 4, 12, 2], 'an index into an object');
  });

  it('gives the first character for a key not found at all', () => {
    assert.deepEqual(at(['returns']), [0, 0, 1, 0]);
    assert.deepEqual(at(['x'], '\n\n  {}'), [2, 2, 3, 0]);
    assert.deepEqual(at(['x'], ''), [0, 0, 0, 0]);
  });

  it('does not match a key of the wrong level or inside a string', () => {
    const text = '{"a": {"sector": 1}, "note": "\\"sector\\": no", "sector": 2}';
    assert.deepEqual(at(['sector'], text), [0, 47, 55, 1]);
  });

  it('reads escaped keys, CRLF line ends and a byte order mark', () => {
    assert.deepEqual(at(['a"b'], '{"x": 1, "a\\"b": 2}'), [0, 9, 15, 1]);
    assert.deepEqual(at(['constraints', 'sector'], '\uFEFF{\r\n  "constraints": {\r\n    "sector": {}\r\n  }\r\n}'), [2, 4, 12, 2]);
  });

  it('reads malformed JSON as far as it goes', () => {
    assert.deepEqual(at(['constraints', 'sector'], '{\n  "constraints": {\n    "sector": {"maxActive": 0.05,,\n'), [2, 4, 12, 2]);
    assert.deepEqual(at(['weights'], '{\n  "contributions": oops,\n  "weights": "w.csv"\n}'), [0, 0, 1, 0]);
  });
});

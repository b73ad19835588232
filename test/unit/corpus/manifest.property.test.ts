/**
 * The manifest parser against anything: arbitrary JSON values and byte strings never throw
 * anything but an InputError, valid manifests read back as written, and every syntax error
 * gets a line and column inside the text.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { InputError } from '../../../src/model/errors';
import { type Manifest, parseManifest } from '../../../src/model/manifest';
import { jsonSyntaxError } from '../../../src/model/read/jsonSyntax';

const FILE = 'run.glassbox.json';

/** Parses, and fails the property on anything thrown that is not an InputError naming the manifest. */
function parseOrRefuse(text: string): ReturnType<typeof parseManifest> | InputError {
  try {
    return parseManifest(text, FILE);
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`threw ${String((error as Error)?.stack ?? error)} for ${JSON.stringify(text).slice(0, 200)}`);
    assert.equal(error.file, FILE);
    assert.ok(error.message.startsWith(FILE), error.message);
    return error;
  }
}

/** JSON object text from entries, so keys such as "__proto__" stay plain keys. */
function objectText(entries: [string, unknown][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

const awkwardKey = fc.oneof(fc.constantFrom('__proto__', 'toString', 'constructor', 'hasOwnProperty', '', 'sector', 'maxActive', 'weights'), fc.string({ maxLength: 8 }));
/** JSON values whose objects may use awkward keys at any depth. */
const { value: awkwardJson } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string({ maxLength: 10 })),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(awkwardKey, tie('value')), { maxLength: 4 }).map((entries) => JSON.parse(objectText(entries)) as unknown),
  ),
}));
const FIELDS = ['$schema', 'name', 'contributions', 'weights', 'securities', 'returns', 'factors', 'baseline', 'constraints', 'code', 'columns', 'other'];

describe('corpus: manifest parser (property)', function () {
  this.timeout(10_000);

  it('refuses guardrails named after Object.prototype members (they used to throw a TypeError)', () => {
    for (const key of ['toString', '__proto__', 'constructor']) {
      const result = parseOrRefuse(`{"contributions": "c.csv", "constraints": {"${key}": {"max": 1}}}`);
      assert.ok(result instanceof InputError);
      assert.equal(result.message, `${FILE}: "constraints.${key}" must be one of sector, country, region, stock, turnover, trackingError, coverage, signals, stability.`);
    }
  });

  it('keeps a factor named "__proto__" (it used to vanish into the prototype)', () => {
    const { manifest } = parseManifest('{"contributions": "c.csv", "factors": {"__proto__": ["ep"], "value": ["bp"]}}', FILE);
    assert.deepEqual(Object.entries(manifest.factors as object), [['__proto__', ['ep']], ['value', ['bp']]]);
  });

  it('throws nothing but InputError for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void parseOrRefuse(JSON.stringify(value) ?? 'null')), { numRuns: 500 });
  });

  it('throws nothing but InputError for objects with manifest fields holding anything (awkward keys too)', () => {
    const manifestLike = fc.array(fc.tuple(fc.constantFrom(...FIELDS), awkwardJson), { maxLength: 8 }).map(objectText);
    fc.assert(fc.property(manifestLike, (text) => void parseOrRefuse(text)), { numRuns: 1000 });
  });

  it('throws nothing but InputError for random bytes, and places every syntax error inside the text', () => {
    const decoder = new TextDecoder();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = decoder.decode(bytes);
        const result = parseOrRefuse(text);
        if (result instanceof InputError && result.row !== undefined) assert.ok(result.row >= 1 && result.row <= text.split('\n').length + 1);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a syntax error exactly when JSON.parse refuses the text, with a line and column inside it', () => {
    const jsonish = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'a', 'u', '1', '0', '-', '.', 'e', ' ', '\n', 'true', 'null', '"x"', '{"a":'), maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.jsonValue().map((v) => JSON.stringify(v, null, 1) ?? 'null')), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const error = jsonSyntaxError(text);
        assert.equal(error === null, valid, `${JSON.stringify(text)}: ${JSON.stringify(error)}`);
        if (error) {
          const lines = text.split('\n');
          assert.ok(error.line >= 1 && error.line <= lines.length, JSON.stringify(error));
          assert.ok(error.column >= 1 && error.column <= lines[error.line - 1].length + 1, JSON.stringify(error));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every valid manifest back as written', () => {
    const path = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== '');
    const limit = fc.double({ min: 0, max: 1, noNaN: true });
    const roles = ['contributions', 'weights', 'securities', 'factors', 'returns'] as const;
    const manifest: fc.Arbitrary<Manifest> = fc.record(
      {
        name: fc.string({ maxLength: 12 }),
        contributions: path,
        weights: path,
        securities: path,
        returns: path,
        baseline: path,
        factors: fc.oneof(path, fc.dictionary(fc.string({ maxLength: 6 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), { maxKeys: 3, noNullPrototype: true })),
        constraints: fc.record(
          {
            sector: fc.record({ maxActive: limit }, { requiredKeys: [] }),
            country: fc.record({ maxActive: limit }, { requiredKeys: [] }),
            region: fc.record({ maxActive: limit }, { requiredKeys: [] }),
            stock: fc.record({ maxWeight: limit }, { requiredKeys: [] }),
            turnover: fc.record({ max: limit }, { requiredKeys: [] }),
            trackingError: fc.record({ max: limit }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
        code: fc.record({ features: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }) }, { requiredKeys: [] }),
        columns: fc.dictionary(fc.constantFrom(...roles), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3, noNullPrototype: true }), { maxKeys: 3, noNullPrototype: true }),
      },
      { requiredKeys: ['contributions'] },
    );
    fc.assert(
      fc.property(manifest, fc.boolean(), (m, pretty) => {
        const parsed = parseManifest(JSON.stringify(m, null, pretty ? 2 : undefined), FILE);
        // Compared as JSON objects (fast-check may build null-prototype records).
        assert.deepEqual(parsed.manifest, JSON.parse(JSON.stringify(m)));
        assert.deepEqual(parsed.diagnostics, []);
      }),
      { numRuns: 500 },
    );
  });
});

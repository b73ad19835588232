/**
 * A loaded run as one file: a JSON header describing the value, then the bytes of every
 * typed array it holds, each aligned to 8 bytes so that decoding makes views onto the file's
 * buffer instead of copies (a 4,500 x 120 x 60 run's panel is about 330 MB; copying it
 * would double the memory of a warm open).
 *
 * The header is the value with every typed array replaced by `{"\u0000array": kind, "offset",
 * "length"}` and every non-finite number by `{"\u0000number": "NaN" | "Infinity" | "-Infinity"}`
 * (JSON has neither). Layout: the 8-byte magic, the header's byte length (uint32, little
 * endian), 4 bytes of zero, the header, zero padding to 8 bytes, the arrays.
 */
const MAGIC = 'GBPANEL2';
const ARRAY = '\u0000array';
const NUMBER = '\u0000number';

const KINDS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type Kind = keyof typeof KINDS;
type Typed = InstanceType<(typeof KINDS)[Kind]>;

function kindOf(value: unknown): Kind | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name as Kind;
  if (!(name in KINDS)) throw new Error(`panel codec: unsupported array type ${name}`);
  return name;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Encodes `value` as the chunks of one file (the arrays' own bytes, not copies). */
export function encodePanelFile(value: unknown): Uint8Array[] {
  const arrays: Typed[] = [];
  let offset = 0;
  const replace = (v: unknown): unknown => {
    const kind = kindOf(v);
    if (kind) {
      const array = v as Typed;
      arrays.push(array);
      const entry = { [ARRAY]: kind, offset, length: array.length };
      offset = align8(offset + array.byteLength);
      return entry;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return { [NUMBER]: String(v) };
    if (Array.isArray(v)) return v.map(replace);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) if (item !== undefined) Object.defineProperty(out, key, { value: replace(item), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  const header = new TextEncoder().encode(JSON.stringify(replace(value)));
  const prefix = new Uint8Array(align8(16 + header.length));
  prefix.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(prefix.buffer).setUint32(8, header.length, true);
  prefix.set(header, 16);
  const chunks: Uint8Array[] = [prefix];
  let written = 0;
  for (const array of arrays) {
    chunks.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    written += array.byteLength;
    const padding = align8(written) - written;
    if (padding) chunks.push(new Uint8Array(padding));
    written += padding;
  }
  return chunks;
}

/** A file that is not a complete panel file written by this version. */
export class PanelFileError extends Error {}

/**
 * Decodes a file written by `encodePanelFile`. The arrays are views onto `bytes` when its
 * buffer is 8-byte aligned (a freshly read file is), copies otherwise. Any inconsistency
 * (wrong magic, an array past the end, a malformed header) is a PanelFileError: the caller
 * reads the run again instead.
 */
export function decodePanelFile(bytes: Uint8Array): unknown {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new PanelFileError('not a panel file of this version');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 16).getUint32(8, true);
  const dataStart = align8(16 + headerLength);
  if (dataStart > bytes.length) throw new PanelFileError('truncated header');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength)));
  } catch {
    throw new PanelFileError('malformed header');
  }
  const data = bytes.subarray(dataStart);
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (!v || typeof v !== 'object') return v;
    const record = v as Record<string, unknown>;
    if (ARRAY in record) return view(data, record[ARRAY], record.offset, record.length);
    if (NUMBER in record) return Number(record[NUMBER]);
    const out: Record<string, unknown> = {};
    // defineProperty: a key named __proto__ stays a plain property.
    for (const [key, item] of Object.entries(record)) Object.defineProperty(out, key, { value: revive(item), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return revive(header);
}

function view(data: Uint8Array, kind: unknown, offset: unknown, length: unknown): Typed {
  if (typeof kind !== 'string' || !(kind in KINDS)) throw new PanelFileError(`unknown array type ${String(kind)}`);
  const Type = KINDS[kind as Kind];
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || (offset as number) < 0 || (length as number) < 0) throw new PanelFileError('malformed array entry');
  const byteLength = (length as number) * Type.BYTES_PER_ELEMENT;
  if ((offset as number) + byteLength > data.length) throw new PanelFileError('an array runs past the end of the file');
  const start = data.byteOffset + (offset as number);
  if (start % Type.BYTES_PER_ELEMENT === 0) return new Type(data.buffer as ArrayBuffer, start, length as number);
  return new Type(data.slice(offset as number, (offset as number) + byteLength).buffer as ArrayBuffer);
}

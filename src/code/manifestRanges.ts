/**
 * Where a key sits in a manifest's text, so that a problem of the run can be shown on the
 * manifest line it concerns ("sector" under "constraints" for a sector breach). A small
 * JSON scanner that reads positions, not values; pure (no vscode).
 */

/** 0-based line and character, as in a vscode.Position. */
export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

/** A path into the manifest: object keys, and array indices for list entries. */
export type KeyPath = readonly (string | number)[];

export interface KeyLocation {
  /** The key's range, quotes included (an array entry: the entry's value). */
  range: TextRange;
  /** How many elements of the path were found: the range is that of `path.slice(0, depth)`; 0 = not even the first. */
  depth: number;
}

class Stop extends Error {}

/**
 * The range of the key at `path` in a JSON document, or of its deepest ancestor that exists
 * (`depth` says how deep); a path not found at all (or a document that is not an object)
 * gives the document's first character, depth 0. Malformed JSON is read as far as it goes.
 * @example keyRange('{\n  "constraints": {\n    "sector": {"maxActive": 0.05}\n  }\n}', ['constraints', 'sector'])
 *   // { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 12 } }, depth: 2 }
 */
export function keyRange(text: string, path: KeyPath): KeyLocation {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const position = (offset: number): TextPosition => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  };
  const firstChar = Math.max(0, text.search(/\S/));
  let best = { start: firstChar, end: Math.min(text.length, firstChar + 1), depth: 0 };
  let i = 0;

  const peek = () => text[i];
  const fail = (): never => {
    throw new Stop();
  };
  const skipSpace = () => {
    while (i < text.length && /[\s\uFEFF]/.test(text[i])) i++;
  };
  const skipString = () => {
    if (peek() !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  const readString = (): string => {
    const start = i;
    skipString();
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const skipValue = (): void => {
    skipSpace();
    const c = peek();
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (peek() === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          skipSpace();
          skipString();
          skipSpace();
          if (peek() !== ':') fail();
          i++;
        }
        skipValue();
        skipSpace();
        if (peek() === ',') i++;
        else if (peek() === close) {
          i++;
          return;
        } else fail();
      }
    }
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!literal) fail();
    i += (literal as RegExpExecArray)[0].length;
  };
  /** At a value, looking for path[k] inside it. */
  const descend = (k: number): void => {
    if (k >= path.length) return;
    skipSpace();
    const wanted = path[k];
    if (peek() === '{' && typeof wanted === 'string') {
      i++;
      for (;;) {
        skipSpace();
        if (peek() === '}') return;
        const keyStart = i;
        const key = readString();
        const keyEnd = i;
        skipSpace();
        if (peek() !== ':') fail();
        i++;
        if (key === wanted) {
          best = { start: keyStart, end: keyEnd, depth: k + 1 };
          return descend(k + 1);
        }
        skipValue();
        skipSpace();
        if (peek() !== ',') return;
        i++;
      }
    }
    if (peek() === '[' && typeof wanted === 'number') {
      i++;
      for (let index = 0; ; index++) {
        skipSpace();
        if (peek() === ']') return;
        const valueStart = i;
        if (index === wanted) {
          // The entry's first character, widened to the whole entry when it can be read.
          best = { start: valueStart, end: valueStart + 1, depth: k + 1 };
          skipValue();
          best.end = i;
          i = valueStart;
          return descend(k + 1);
        }
        skipValue();
        skipSpace();
        if (peek() !== ',') return;
        i++;
      }
    }
  };

  try {
    descend(0);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return { range: { start: position(best.start), end: position(best.end) }, depth: best.depth };
}

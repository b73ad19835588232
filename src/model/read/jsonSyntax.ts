/**
 * Where JSON text first breaks the grammar, and why, in words for a person fixing it by hand.
 * JSON.parse says whether text is JSON; its message does not always say where (V8 reports
 * "Unexpected token 'o', ..."c": out/c.csv"... is not valid JSON" without a position), so
 * a manifest's line and column come from this scanner instead. It keeps its own stack (no
 * recursion), so deeply nested input cannot overflow the call stack.
 */

/** A JSON syntax error: 0-based offset into the text, 1-based line and column, and what was wrong. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  detail: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** How a character is shown in a message: 'x', or a name for the invisible ones. */
function shown(c: string): string {
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === '\t') return 'a tab';
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${c}'`;
}

/**
 * The first syntax error of `text`, or null when it is valid JSON.
 * @example jsonSyntaxError('{\n  "a": 1,\n}') // { line: 3, column: 1, detail: "expected a double-quoted property name, found '}'; a trailing comma?", ... }
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  let i = 0;
  const stack: ('{' | '[')[] = [];
  const at = (offset: number, detail: string): JsonSyntaxError => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < offset; k++) {
      if (text.charCodeAt(k) === 0x0a) {
        line++;
        lineStart = k + 1;
      }
    }
    return { offset, line, column: offset - lineStart + 1, detail };
  };
  const found = () => (i >= n ? 'the end of the text' : shown(text[i]));
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const string = (): JsonSyntaxError | null => {
    const start = i;
    i++;
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return null;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return at(i, 'a \\u escape needs four hex digits');
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else return at(i, `invalid escape \\${e ?? ''} in a string (write \\\\ for a backslash, e.g. in a Windows path)`);
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return at(i, `${shown(c)} inside a string (strings cannot span lines)`);
      i++;
    }
    return at(start, 'a string that is never closed (a missing ")');
  };
  const key = (): JsonSyntaxError | null => {
    skipSpace();
    if (text[i] !== '"') return at(i, `expected a double-quoted property name, found ${found()}${text[i] === '}' ? '; a trailing comma?' : ''}`);
    const error = string();
    if (error) return error;
    skipSpace();
    if (text[i] !== ':') return at(i, `expected ':' after the property name, found ${found()}`);
    i++;
    return null;
  };

  for (;;) {
    // A value.
    skipSpace();
    if (i >= n) return at(i, stack.length ? `the text ends where a value was expected` : 'no JSON value (the text is empty)');
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      skipSpace();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c);
        if (c === '{') {
          const error = key();
          if (error) return error;
        } else if (text[i] === ',') return at(i, `expected a value, found ','`);
        continue;
      }
    } else if (c === '"') {
      const error = string();
      if (error) return error;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return at(i, `invalid number`);
      i += m[0].length;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (!literal) return at(i, `expected a value, found ${found()}${c === "'" ? ' (JSON strings use double quotes)' : ''}`);
      i += literal.length;
    }
    // After a value: close what ends here, then expect the next element.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? at(i, `unexpected ${found()} after the end of the JSON value`) : null;
      const close = top === '{' ? '}' : ']';
      if (text[i] === ',') {
        i++;
        if (top === '{') {
          const error = key();
          if (error) return error;
        } else {
          skipSpace();
          if (text[i] === ']') return at(i, `expected a value, found ']'; a trailing comma?`);
        }
        break;
      }
      if (text[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      if (i >= n) return at(i, `the text ends before the ${top === '{' ? 'object' : 'array'} is closed; expected ',' or '${close}'`);
      return at(i, `expected ',' or '${close}', found ${found()}`);
    }
  }
}

/**
 * Where JSON text first nests deeper than `limit` arrays and objects (ignoring brackets
 * inside strings), or null. A linear scan with no recursion: text nested 200,000 levels
 * deep is answered here instead of overflowing the call stack of whatever walks the value.
 * @example nestingBeyond('[[[1]]]', 2) // { offset: 2, line: 1, column: 3 }
 */
export function nestingBeyond(text: string, limit: number): { offset: number; line: number; column: number } | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return { offset: i, line, column: i - lineStart + 1 };
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return null;
}

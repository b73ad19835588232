/**
 * The one place where a value becomes ClickHouse SQL text. ClickHouse 18.16 (Debian's) has no
 * server-side query parameters (`{name:Type}` came in 19.x), so every value the named queries
 * bind ($1, $2, ...) is written here as a literal: strings quoted and escaped, numbers only
 * when finite, dates only when they are real calendar dates. Identifiers are quoted with
 * backticks. Nothing else in src/clickhouse/ may splice text into SQL.
 *
 * On a server of 19.x or later, `bind` could send the values as query parameters instead
 * (`param_p1=...` with `{p1:String}`); the literal encoder would remain for array literals.
 */
import type { SqlValue } from '../sql/connection';

/**
 * A string literal: 'text' with backslash, quote and every control character (and DEL)
 * escaped. ClickHouse reads `\xHH` as one byte, so a UTF-8 string's other characters are
 * written as they are (the query is sent as UTF-8). A lone surrogate (not encodable as
 * UTF-8) is refused rather than silently replaced.
 */
export function stringLiteral(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (ch <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += value[i] + value[i + 1];
        i++;
        continue;
      }
      throw new Error(`a string with an unpaired surrogate (U+${ch.toString(16).toUpperCase()}) cannot be sent to ClickHouse`);
    }
    if (ch === 0x5c) out += '\\\\';
    else if (ch === 0x27) out += "\\'";
    else if (ch < 0x20 || ch === 0x7f) out += `\\x${ch.toString(16).padStart(2, '0')}`;
    else out += value[i];
  }
  return `${out}'`;
}

/** The smallest normal double, 2^-1022. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** A finite number as a Float64 literal that reads back as the same double. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} cannot be bound as a ClickHouse number (finite numbers only)`);
  // String(x) is the shortest text that round-trips; toFloat64(...) keeps integers from being
  // typed UInt8 or Int64, and its parentheses keep `a - -1` from becoming the comment `--1`.
  if (value !== 0 && Math.abs(value) < MIN_NORMAL) {
    // 18.16's parser refuses subnormal literals (5e-324): written as n x 2^-1022 / 2^52
    // instead, both steps exact (n < 2^52 is the subnormal's integer mantissa).
    const n = value * 2 ** 1022 * 2 ** 52;
    return `toFloat64(${n} * 2.2250738585072014e-308 / 4503599627370496)`;
  }
  return `toFloat64(${Object.is(value, -0) ? '-0.0' : String(value)})`;
}

/** An ISO date (YYYY-MM-DD) as a Date literal, refused unless it is a real calendar date. */
export function dateLiteral(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new Error(`'${value.slice(0, 40)}' is not a date (YYYY-MM-DD)`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new Error(`'${value}' is not a calendar date`);
  // ClickHouse's Date counts days from 1970-01-01 in 16 bits; outside, it wraps silently, and
  // day 0 itself reads back as 0000-00-00 on 18.16.
  if (value <= '1970-01-01' || year > 2105) throw new Error(`'${value}' is outside the dates ClickHouse can hold (1970-01-02 to 2105-12-31)`);
  return `toDate(${stringLiteral(value)})`;
}

/** A date bound as a Date (validated), not as text. */
export interface DateValue {
  date: string;
}

/** What the ClickHouse queries bind: the engine's values, a list of strings, a date. */
export type ClickHouseValue = SqlValue | readonly string[] | DateValue;

/** Any bound value: a string, a finite number, a boolean (1 or 0), NULL, a string list, a date. */
export function literal(value: ClickHouseValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return stringArrayLiteral(value as readonly string[]);
  if (typeof value === 'object') {
    const date = (value as Partial<DateValue>).date;
    if (typeof date !== 'string') throw new Error('an object bound to a ClickHouse query must be a date ({ date: "YYYY-MM-DD" })');
    return dateLiteral(date);
  }
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  throw new Error(`a ${typeof value} cannot be bound to a ClickHouse query`);
}

/** An array literal of strings: ['a', 'b']. */
export function stringArrayLiteral(values: readonly string[]): string {
  if (values.some((v) => typeof v !== 'string')) throw new Error('only lists of strings can be bound to a ClickHouse query');
  return `[${values.map(stringLiteral).join(', ')}]`;
}

/**
 * A quoted identifier (a database, table or column name from the manifest or a table's
 * columns): `name`, with backslash and backtick escaped. Control characters and the NUL byte
 * are refused: no ClickHouse name holds them.
 */
export function identifier(name: string): string {
  if (name === '') throw new Error('an empty name cannot be a ClickHouse identifier');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new Error(`the name '${JSON.stringify(name).slice(1, -1)}' holds a control character`);
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/**
 * Replaces each `$n` placeholder (1-based, as the DuckDB queries write them) with the literal
 * of params[n - 1]. One scan that skips quoted text ('...', `...`, "..."), so a `$1` inside
 * a bound string or a column name is never touched; every parameter must be used, and no
 * placeholder may be left without a value.
 */
export function bind(sql: string, params: readonly ClickHouseValue[] = []): string {
  const used = new Array<boolean>(params.length).fill(false);
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '`' || ch === '"') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) j += sql[j] === '\\' ? 2 : 1;
      if (j >= sql.length) throw new Error('unterminated quoted text in a query');
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j])) j++;
      const n = Number(sql.slice(i + 1, j));
      if (n < 1 || n > params.length) throw new Error(`the query uses $${n} but has ${params.length} parameter${params.length === 1 ? '' : 's'}`);
      used[n - 1] = true;
      out += literal(params[n - 1]);
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  const unused = used.indexOf(false);
  if (unused >= 0) throw new Error(`parameter $${unused + 1} is not used by the query`);
  return out;
}

/**
 * Column names as the table library stores them. Arquero keeps columns in plain objects, so
 * a column named `__proto__` would set the object's prototype instead of holding a column
 * (a load crashed on one). Such a name is stored under an escape that no file can spell
 * (a NUL byte), and every name the user sees goes back through `fileColumnName`.
 */
const ESCAPED = new Map([['__proto__', '\u0000__proto__']]);
const UNESCAPED = new Map([...ESCAPED].map(([name, stored]) => [stored, name]));

/** The name a file's column is stored under. */
export function storedColumnName(name: string): string {
  return ESCAPED.get(name) ?? name;
}

/** The file's own name of a stored column. */
export function fileColumnName(stored: string): string {
  return UNESCAPED.get(stored) ?? stored;
}

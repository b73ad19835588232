/** Plain-text tables for the terminal and CSV for files: the command line's two text formats. */

export type Align = 'left' | 'right';

/**
 * A fixed-width text table with a header and a rule under it; numbers are given already
 * formatted. Columns whose `align` is 'right' are padded on the left.
 * @example textTable(['Sector', 'Contribution'], [['Energy', '+0.0012']], ['left', 'right'])
 */
export function textTable(header: string[], rows: string[][], align: Align[] = []): string {
  const clean = (cell: string) => cell.replace(/[\r\n\t]+/g, ' ');
  const all = [header, ...rows].map((row) => row.map(clean));
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (align[i] === 'right' ? (cell ?? '').padStart(widths[i]) : (cell ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text with a header line, lines ending in \n. */
export function csvTable(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

export { percent, signed } from '../report/format';

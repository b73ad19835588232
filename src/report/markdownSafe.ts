/**
 * Markdown that is safe to post as a pull-request comment. Names from data (stocks, sectors,
 * features, factors, the run's name, diagnostics quoting them) must not ping people, link
 * anywhere, render as math or markup, reorder text with bidirectional controls, or blow the
 * comment past GitHub's limit.
 */
import { escapeMarkdown } from './escape';

/** The longest name from data a summary shows (then '…'). */
export const NAME_MAX = 80;
/** The longest message from data (a diagnostic) a summary shows. */
export const MESSAGE_MAX = 600;
/** GitHub's limit on a comment's body, in characters. */
export const COMMENT_MAX = 65_536;

const ZWSP = '\u200B';
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;

/**
 * Text from data as inline Markdown (a table cell, a title): control and bidirectional
 * characters removed, line breaks as spaces, capped at `max` characters, Markdown and HTML
 * escaped (escape.ts), `$` escaped (no math), and mentions (`@octocat`), issue references
 * (`#12`) and bare links (`https://…`, `www.…`) broken by a zero-width space so GitHub
 * neither notifies nor links.
 * @example safeMarkdown('@octocat see https://evil.example $$x$$') // '@\u200Boctocat see https:\u200B//evil.example \\$\\$x\\$\\$'
 */
export function safeMarkdown(text: unknown, max = NAME_MAX): string {
  let plain = String(text).replace(/[\r\n\t]+/g, ' ').replace(INVISIBLE, '');
  if (plain.length > max) plain = `${plain.slice(0, max)}…`;
  return escapeMarkdown(plain)
    .replace(/\$/g, '\\$')
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, `$1:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
}

/** A Markdown table: header cells are plain text, row cells already Markdown. */
export interface MarkdownTable {
  header: string[];
  rows: string[][];
  align?: ('l' | 'r')[];
  /** What a left-out row is called: "10 factors left out". */
  noun: string;
}

/** A list of lines (each already Markdown), e.g. diagnostics. */
export interface MarkdownList {
  items: string[];
  noun: string;
}

/** A summary as blocks: plain Markdown text, tables and lists that may be cut to fit. */
export type MarkdownBlock = string | { table: MarkdownTable } | { list: MarkdownList };

function renderTable(t: MarkdownTable, leftOut: number): string {
  const rule = t.header.map((_, i) => (t.align?.[i] === 'r' ? '---:' : '---'));
  const lines = [t.header.map((h) => escapeMarkdown(h)), rule, ...t.rows].map((row) => `| ${row.join(' | ')} |`);
  if (leftOut) lines.push('', leftOutLine(leftOut, t.noun));
  return lines.join('\n');
}

function renderList(l: MarkdownList, leftOut: number): string {
  return [...l.items, ...(leftOut ? [`- ${leftOutLine(leftOut, l.noun)}`] : [])].join('\n');
}

function leftOutLine(count: number, noun: string): string {
  return `*${count.toLocaleString('en-US')} ${noun} left out to keep this comment under GitHub's ${COMMENT_MAX.toLocaleString('en-US')}-character limit.*`;
}

/**
 * The blocks joined by newlines, at most `limit` characters: while too long, the longest
 * table or list loses rows from its end (largest tables first), with a line saying how many
 * were left out.
 */
export function fitMarkdown(blocks: readonly MarkdownBlock[], limit = COMMENT_MAX): string {
  const kept = blocks.map((b) => (typeof b === 'string' ? 0 : 'table' in b ? b.table.rows.length : b.list.items.length));
  const render = (b: MarkdownBlock, i: number) => {
    if (typeof b === 'string') return b;
    if ('table' in b) return renderTable({ ...b.table, rows: b.table.rows.slice(0, kept[i]) }, b.table.rows.length - kept[i]);
    return renderList({ ...b.list, items: b.list.items.slice(0, kept[i]) }, b.list.items.length - kept[i]);
  };
  let parts = blocks.map(render);
  const total = () => parts.reduce((n, p) => n + p.length + 1, -1);
  while (total() > limit) {
    // The longest block that still has rows to give.
    let longest = -1;
    parts.forEach((p, i) => {
      if (typeof blocks[i] !== 'string' && kept[i] > 0 && (longest < 0 || p.length > parts[longest].length)) longest = i;
    });
    if (longest < 0) break;
    const excess = total() - limit;
    const perRow = parts[longest].length / Math.max(1, kept[longest]);
    kept[longest] = Math.max(0, kept[longest] - Math.max(1, Math.ceil(excess / perRow)));
    parts[longest] = render(blocks[longest], longest);
    parts = [...parts];
  }
  const text = parts.join('\n');
  // Only text blocks left and still too long (cannot happen with capped names): cut the text.
  return text.length <= limit ? text : `${text.slice(0, limit - 120)}\n\n*Summary cut at GitHub's comment limit.*`;
}

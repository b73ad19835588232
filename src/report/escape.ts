/** Text from data (stock, sector, feature names) made safe for HTML and Markdown. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML text or attribute value: `<img src=x>` becomes `&lt;img src=x&gt;`.
 * @example escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Text as a Markdown table cell or inline text: HTML-significant characters become
 * entities (GitHub renders raw HTML in comments), Markdown punctuation is backslash-escaped,
 * `|` cannot end the cell and line breaks become spaces.
 * @example escapeMarkdown('A|B <i>') // 'A\\|B &lt;i&gt;'
 */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c])
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`);
}

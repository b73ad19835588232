/**
 * Small DOM helpers. Text from data files (stock, sector, feature names) only ever reaches
 * the page through `textContent` or element properties, never through HTML parsing: these
 * helpers have no way to set `innerHTML`.
 */

export interface ElementOptions {
  className?: string;
  /** Set as `textContent`. */
  text?: string;
  /** Set with `setAttribute` (values are never parsed as HTML). */
  attrs?: Record<string, string>;
  title?: string;
}

/** Create an element with classes, text and attributes, and append children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: (Node | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.title !== undefined) element.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** A codicon (`<span class="codicon codicon-NAME">`), hidden from screen readers. */
export function icon(name: string, className = ''): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name} ${className}`.trim(), attrs: { 'aria-hidden': 'true' } });
}

/** Remove every child of `parent`. */
export function clear(parent: Element): void {
  parent.replaceChildren();
}

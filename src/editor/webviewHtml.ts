/**
 * The webview's HTML page, built in one pure function so the extension host and the
 * browser-tier tests serve exactly the same page (and the same Content-Security-Policy).
 * No `vscode` import: the host passes URIs already converted with `asWebviewUri`.
 */

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin the page may load styles, fonts and images from. */
  cspSource: string;
  /** A fresh random nonce per page (see `makeNonce`); only the bundle carrying it may run. */
  nonce: string;
  /** The webview bundle (dist/webview/main.js), loaded by URL; ignored when `inline` is given. */
  scriptUri?: string;
  /**
   * Stylesheets, in order (media/webview.css, dist/webview/codicon.css), loaded by URL;
   * ignored when `inline` is given. The codicon sheet gets the id `vscode-codicon-stylesheet`,
   * which `<vscode-icon>` looks for.
   */
  styleUris?: string[];
  /**
   * The bundle and stylesheets carried in the page itself (see `InlineAssets`), so that the
   * page fetches nothing while it starts. What VS Code's extension host uses.
   */
  inline?: InlineAssets;
  /** The page title: the run's name (escaped here; it comes from a file). */
  title: string;
}

/**
 * The webview's files carried in its HTML. In a browser (code-server, vscode.dev) every
 * webview resource is fetched through VS Code's webview service worker, which each new
 * webview replaces with a version of its own; the new version takes over only when the old
 * one has answered every fetch in flight, and a fetch whose webview closed meanwhile is
 * answered only by the worker's 30 s timeout. A page that fetches nothing while it starts
 * neither waits for that nor leaves such a fetch behind for the next webview to wait on.
 */
export interface InlineAssets {
  /** The bundle's source (dist/webview/main.js). */
  script: string;
  /** Stylesheets as `data:text/css` URIs, in order (media/webview.css). */
  styles: string[];
  /** codicon.css as a `data:text/css` URI, its font inside it as a `data:` URI. */
  codicons: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for an HTML text node or a double-quoted attribute value. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * The Content-Security-Policy of the webview: nothing by default, the bundle by nonce,
 * styles and fonts only from the extension's own files, images from them or `data:`.
 * No `unsafe-eval` (charts use vega-interpreter) and no `unsafe-inline`. With `inline`, the
 * stylesheets and the codicon font come as `data:` URIs (see `InlineAssets`).
 */
export function webviewCsp(cspSource: string, nonce: string, inline = false): string {
  const data = inline ? ' data:' : '';
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}${data}`,
    `font-src ${cspSource}${data}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** A stylesheet as a `data:text/css` URI. */
export function cssDataUri(css: string): string {
  return `data:text/css;base64,${base64(new TextEncoder().encode(css))}`;
}

/** A font file as a `data:` URI of its MIME type (e.g. `font/ttf`). */
export function fontDataUri(bytes: Uint8Array, mime: string): string {
  return `data:${mime};base64,${base64(bytes)}`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A script's source made safe inside `<script>…</script>`: `</script` and `<!--` (which
 * would end the element or change how the parser reads it) only occur in string, regex or
 * template literals of a bundle, where `\x3C` means the same `<`.
 */
export function inlineScriptText(code: string): string {
  return code.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

/**
 * The complete HTML of the Glass Box webview.
 * @example
 * webviewHtml({ cspSource: webview.cspSource, nonce: makeNonce(),
 *   scriptUri: webview.asWebviewUri(main).toString(), styleUris: [css, codicons], title: run.name })
 */
export function webviewHtml(options: WebviewHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUris = [], inline, title } = options;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error('webviewHtml: the nonce must be base64 or hex text.');
  if (!inline && !scriptUri) throw new Error('webviewHtml: give the bundle as scriptUri or inline.');
  const link = (href: string, codicons: boolean) =>
    `  <link rel="stylesheet" href="${escapeHtml(href)}"${codicons ? ' id="vscode-codicon-stylesheet"' : ''}>`;
  const links = inline
    ? [link(inline.codicons, true), ...inline.styles.map((href) => link(href, false))].join('\n')
    : styleUris.map((href) => link(href, /(^|\/)codicon\.css([?#].*)?$/.test(href))).join('\n');
  const script = inline
    ? `<script nonce="${nonce}">${inlineScriptText(inline.script)}</script>`
    : `<script nonce="${nonce}" src="${escapeHtml(scriptUri!)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(webviewCsp(cspSource, nonce, !!inline))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <div id="app" class="app"></div>
  ${script}
</body>
</html>
`;
}

/** A random nonce (32 hex digits) from the platform's CSPRNG; works in Node 20 and browsers. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

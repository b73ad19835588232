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
  /** The webview bundle (dist/webview/main.js). */
  scriptUri: string;
  /**
   * Stylesheets, in order (media/webview.css, dist/webview/codicon.css). The codicon sheet
   * gets the id `vscode-codicon-stylesheet`, which `<vscode-icon>` looks for.
   */
  styleUris: string[];
  /** The page title: the run's name (escaped here; it comes from a file). */
  title: string;
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
 * No `unsafe-eval` (charts use vega-interpreter) and no `unsafe-inline`.
 */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/**
 * The complete HTML of the Glass Box webview.
 * @example
 * webviewHtml({ cspSource: webview.cspSource, nonce: makeNonce(),
 *   scriptUri: webview.asWebviewUri(main).toString(), styleUris: [css, codicons], title: run.name })
 */
export function webviewHtml(options: WebviewHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUris, title } = options;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error('webviewHtml: the nonce must be base64 or hex text.');
  const links = styleUris
    .map((href) => {
      const id = /(^|\/)codicon\.css([?#].*)?$/.test(href) ? ' id="vscode-codicon-stylesheet"' : '';
      return `  <link rel="stylesheet" href="${escapeHtml(href)}"${id}>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(webviewCsp(cspSource, nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <div id="app" class="app"></div>
  <script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
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

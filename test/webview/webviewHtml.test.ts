import assert from 'node:assert/strict';
import { makeNonce, webviewCsp, webviewHtml } from '../../src/editor/webviewHtml';

describe('webviewHtml', () => {
  const options = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
    styleUris: [
      'https://file+.vscode-resource.vscode-cdn.net/ext/media/webview.css',
      'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/codicon.css',
    ],
    title: 'run <script>alert(1)</script> & "v7"',
  };

  it('sets a strict Content-Security-Policy: nonce scripts, no eval, no inline styles, nothing remote', () => {
    const csp = webviewCsp(options.cspSource, options.nonce);
    assert.equal(
      csp,
      "default-src 'none'; script-src 'nonce-abc123'; style-src https://file+.vscode-resource.vscode-cdn.net; " +
        'font-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:',
    );
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|https?:\/\/(?!file\+)/);
    assert.ok(webviewHtml(options).includes(`content="${csp.replaceAll("'", '&#39;')}"`));
  });

  it('loads the bundle by nonce and the stylesheets by link, the codicons with the id vscode-icon needs', () => {
    const html = webviewHtml(options);
    assert.match(html, /<script nonce="abc123" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/main\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/media\/webview\.css">/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/codicon\.css" id="vscode-codicon-stylesheet">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.doesNotMatch(html, /<style|style="/);
  });

  it('escapes the title (it comes from a file)', () => {
    const html = webviewHtml(options);
    assert.ok(html.includes('<title>run &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;v7&quot;</title>'));
  });

  it('refuses a nonce that could break out of the attribute', () => {
    assert.throws(() => webviewHtml({ ...options, nonce: '" onload="x' }), /nonce/);
  });

  it('makes a fresh 128-bit hex nonce each time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notEqual(a, b);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { inlineAssets } from '../../../src/editor/webviewAssets';
import { inlineScriptText, webviewCsp, webviewHtml } from '../../../src/editor/webviewHtml';

/** The text of a `data:…;base64,` URI, decoded independently of the code under test. */
function decodeDataUri(uri: string, mime: string): Buffer {
  const prefix = `data:${mime};base64,`;
  assert.ok(uri.startsWith(prefix), `expected a ${prefix} URI, got ${uri.slice(0, 40)}`);
  return Buffer.from(uri.slice(prefix.length), 'base64');
}

describe('webview page with its files inline (what the extension host serves)', () => {
  const root = process.cwd();
  const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

  it('carries the built bundle, webview.css and codicon.css with its font, byte for byte', () => {
    const assets = inlineAssets(root);
    assert.equal(assets.script, readFileSync(join(root, 'dist/webview/main.js'), 'utf8'));
    assert.equal(assets.styles.length, 1);
    assert.equal(decodeDataUri(assets.styles[0], 'text/css').toString('utf8'), readFileSync(join(root, 'media/webview.css'), 'utf8'));
    const codicons = decodeDataUri(assets.codicons, 'text/css').toString('utf8');
    const fonts = [...codicons.matchAll(/url\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.equal(fonts.length, 1, 'one @font-face source');
    assert.ok(decodeDataUri(fonts[0], 'font/ttf').equals(readFileSync(join(root, 'dist/webview/codicon.ttf'))), 'the font is codicon.ttf');
    const original = readFileSync(join(root, 'dist/webview/codicon.css'), 'utf8');
    assert.equal(codicons.replace(fonts[0], 'FONT'), original.replace(/\.\/codicon\.ttf\?[0-9a-f]+/, 'FONT'), 'nothing else in codicon.css changed');
  });

  it('fetches nothing: one nonce script with the bundle inside, stylesheets as data: URIs, CSP allowing only those', () => {
    const assets = inlineAssets(root);
    const html = webviewHtml({ cspSource, nonce: 'abc123', inline: assets, title: 'run' });
    const csp = webviewCsp(cspSource, 'abc123', true);
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-abc123'; style-src ${cspSource} data:; font-src ${cspSource} data:; img-src ${cspSource} data:`,
    );
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
    assert.ok(html.includes(`content="${csp.replaceAll("'", '&#39;')}"`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.equal((html.match(/<\/script>/g) ?? []).length, 1);
    assert.doesNotMatch(html, /<(script|link)[^>]*\s(src|href)="(?!data:)/, 'nothing loaded by URL');
    const script = html.slice(html.indexOf('<script nonce="abc123">') + '<script nonce="abc123">'.length, html.lastIndexOf('</script>'));
    assert.equal(script.length, inlineScriptText(assets.script).length);
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"( id="vscode-codicon-stylesheet")?>/g)];
    assert.deepEqual(
      links.map((m) => [m[1].startsWith('data:text/css;base64,'), !!m[2]]),
      [
        [true, true],
        [true, false],
      ],
      'codicon.css (with the id <vscode-icon> looks for), then webview.css',
    );
    assert.equal(links[0][1], assets.codicons);
    assert.doesNotMatch(html, /<style|style="/);
  });

  it('keeps a bundle that contains </script> or <!-- inside the element, meaning the same', () => {
    const code = 'globalThis.out = ["a</script><b>", "<!-- c -->", /<\\/SCRIPT>/.source, `</script ${1 + 1}>`].join("|");';
    const escaped = inlineScriptText(code);
    assert.doesNotMatch(escaped, /<\/script|<!--/i);
    const run = (source: string) => runInNewContext(`${source}; globalThis.out`, {});
    assert.equal(run(escaped), run(code));
    assert.equal(run(code), 'a</script><b>|<!-- c -->|<\\/SCRIPT>|</script 2>');
    const html = webviewHtml({ cspSource, nonce: 'n1', inline: { script: code, styles: [], codicons: 'data:text/css;base64,' }, title: 't' });
    assert.equal((html.match(/<\/script/gi) ?? []).length, 1);
  });

  it('still builds the page by URL (the browser tier), and refuses one without a bundle', () => {
    const html = webviewHtml({ cspSource, nonce: 'n1', scriptUri: `${cspSource}/main.js`, styleUris: [`${cspSource}/codicon.css`], title: 't' });
    assert.match(html, /<script nonce="n1" src="[^"]+\/main\.js"><\/script>/);
    assert.doesNotMatch(html, /href="data:/);
    assert.throws(() => webviewHtml({ cspSource, nonce: 'n1', title: 't' }), /scriptUri or inline/);
  });
});

/**
 * The webview's files read once from the extension's folder and carried in its HTML
 * (`InlineAssets` in webviewHtml.ts says why). Read again when the bundle changes on disk
 * (`npm run watch`), else from memory.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cssDataUri, fontDataUri, type InlineAssets } from './webviewHtml';

let cached: { key: string; assets: InlineAssets } | undefined;

/**
 * dist/webview/main.js, media/webview.css and dist/webview/codicon.css (its font as a
 * `data:` URI) below `extensionPath`.
 */
export function inlineAssets(extensionPath: string): InlineAssets {
  const dist = join(extensionPath, 'dist', 'webview');
  const files = [join(dist, 'main.js'), join(dist, 'codicon.css'), join(extensionPath, 'media', 'webview.css')];
  const key = files.map((file) => `${file}@${statSync(file).mtimeMs}`).join('|');
  if (cached?.key === key) return cached.assets;
  const [script, codiconCss, css] = files.map((file) => readFileSync(file, 'utf8'));
  const codicons = codiconCss.replace(/url\(\s*["']?\.\/([\w.-]+\.ttf)(?:\?[^"')]*)?["']?\s*\)/g, (_match, font: string) => {
    return `url("${fontDataUri(readFileSync(join(dist, font)), 'font/ttf')}")`;
  });
  if (/url\(\s*["']?\.\//.test(codicons)) throw new Error('dist/webview/codicon.css names a file other than its .ttf font; inline it too.');
  const assets: InlineAssets = { script, styles: [cssDataUri(css)], codicons: cssDataUri(codicons) };
  cached = { key, assets };
  return assets;
}

// Bundles the benchmark's TypeScript entries (which import src/**) the way esbuild.config.mjs
// bundles tests for Node: ESM, @duckdb/node-api and playwright-core left external. Output
// goes to .cache/bench/dist/ (three levels below the root, like dist/test/webview/, so that
// test/webview/harness.ts finds the root), out of the way of builds that clean dist/.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { ROOT } from './generate.mjs';

/** Where the bundles (and run.mjs's snapshot of dist/worker.js and dist/cli.mjs) go. */
export const OUT = join(ROOT, '.cache/bench/dist');

export async function bundleProbes() {
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { 'scale-probe': 'test/bench/scale/probe.ts', 'scale-webview': 'test/bench/scale/webview.ts', 'scale-cli': 'test/bench/scale/cli.ts' },
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    target: 'es2022',
    sourcemap: 'linked',
    logLevel: 'warning',
    alias: { 'vega-canvas': join(ROOT, 'node_modules/vega-canvas/build/vega-canvas.browser.js') },
    external: ['@duckdb/node-api', 'playwright-core', 'mocha'],
    banner: { js: "import { createRequire as __glassboxRequire } from 'node:module'; const require = __glassboxRequire(import.meta.url);" },
  });
  // The beeswarm page's script: a browser IIFE like the webview bundle (dist/webview/main.js).
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { 'scale-beeswarm-page': 'test/bench/scale/beeswarmPage.ts' },
    outdir: OUT,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return { probe: join(OUT, 'scale-probe.mjs'), webview: join(OUT, 'scale-webview.mjs'), cli: join(OUT, 'scale-cli.mjs') };
}

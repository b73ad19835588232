// One build for every target: the extension host, its loader worker, the webview, the CLI
// and the test tiers. `node esbuild.config.mjs` builds once; `--watch` rebuilds on change;
// `--production` builds only what ships (no test bundles), minified and without source maps;
// `--outdir DIR` writes somewhere other than dist/ (scripts/package.mjs stages a VSIX that
// way without touching the development build). Type checking is `tsc --noEmit`
// (npm run typecheck), which `npm test` runs before this.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { values: options } = parseArgs({
  options: {
    production: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    outdir: { type: 'string', default: 'dist' },
  },
});
const { production, watch } = options;
const outdir = resolve(root, options.outdir);
// The output folder is emptied first: refuse anything but a folder named dist.
if (basename(outdir) !== 'dist') throw new Error(`--outdir ${options.outdir}: the output folder must be named dist (it is emptied before each build)`);

/** Every file below `dir` whose name ends with one of `suffixes` (tests are found, never listed). */
function findFiles(dir, suffixes) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const found = [];
  for (const name of readdirSync(abs)) {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) found.push(...findFiles(relative(root, path), suffixes));
    else if (suffixes.some((s) => name.endsWith(s))) found.push(relative(root, path));
  }
  return found.sort();
}

// vega-canvas's Node build does a top-level `await import('canvas')`, which cannot be
// bundled as CommonJS; its browser build works in Node for the SVG and 'none' renderers.
const vegaCanvasBrowser = join(dirname(require.resolve('vega-canvas')), 'vega-canvas.browser.js');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
  alias: { 'vega-canvas': vegaCanvasBrowser },
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

/** Node targets that run inside VS Code's extension host (CommonJS, `vscode` provided). */
// DuckDB is a native module: loaded from node_modules at run time, never bundled.
const hostTarget = { ...common, platform: 'node', format: 'cjs', external: ['vscode', 'mocha', '@duckdb/node-api'] };
/** Node targets that run as plain ES modules (unit and browser-tier tests, CLI). */
const nodeEsmTarget = {
  ...common,
  platform: 'node',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  external: ['playwright-core', 'mocha', 'fast-check', '@duckdb/node-api', 'typescript', 'esbuild'],
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins.
  banner: { js: "import { createRequire as __glassboxRequire } from 'node:module'; const require = __glassboxRequire(import.meta.url);" },
};

const targets = [
  { ...hostTarget, entryPoints: { extension: 'src/extension.ts', worker: 'src/worker/main.ts', patternWorker: 'src/code/patternWorker.ts' }, outdir },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    entryPoints: { 'webview/main': 'webview/main.ts' },
    outdir,
    loader: { '.ttf': 'file' },
  },
];
if (existsSync(join(root, 'src/cli.ts'))) {
  targets.push({ ...nodeEsmTarget, entryPoints: { cli: 'src/cli.ts' }, outdir, external: ['@duckdb/node-api'] });
}
if (!production) {
  const testOut = join(outdir, 'test');
  const unitTests = findFiles('test/unit', ['.test.ts']);
  if (unitTests.length) targets.push({ ...nodeEsmTarget, entryPoints: unitTests, outbase: 'test', outdir: testOut });
  const webviewTests = findFiles('test/webview', ['.test.ts']);
  if (webviewTests.length) targets.push({ ...nodeEsmTarget, entryPoints: webviewTests, outbase: 'test', outdir: testOut });
  const packageTests = findFiles('test/package', ['.test.ts']);
  if (packageTests.length) targets.push({ ...nodeEsmTarget, entryPoints: packageTests, outbase: 'test', outdir: testOut });
  const benchmarks = findFiles('test/bench', ['.bench.ts']);
  if (benchmarks.length) targets.push({ ...nodeEsmTarget, entryPoints: benchmarks, outbase: 'test', outdir: testOut });
  const integrationTests = findFiles('test/integration', ['.ts']);
  // scripts/lib/clickhouse.mjs (the test cluster) asks import.meta.url whether it runs as
  // itself; in these CommonJS bundles it is empty, so the answer is no, as it should be.
  if (integrationTests.length) targets.push({ ...hostTarget, entryPoints: integrationTests, outbase: 'test', outdir: testOut, logOverride: { 'empty-import-meta': 'silent' } });
}

/** Static assets the host and webview load at run time. */
function copyAssets() {
  mkdirSync(join(outdir, 'webview'), { recursive: true });
  const codicons = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  cpSync(join(codicons, 'codicon.css'), join(outdir, 'webview/codicon.css'));
  cpSync(join(codicons, 'codicon.ttf'), join(outdir, 'webview/codicon.ttf'));
}

// A test file deleted or moved in the sources must not live on as a stale bundle.
rmSync(outdir, { recursive: true, force: true });
copyAssets();
if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${targets.length} targets`);
} else {
  const started = Date.now();
  await Promise.all(targets.map((t) => esbuild.build(t)));
  console.log(`built ${targets.length} targets in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}

/**
 * The VSIX as users get it: what `npm run package` wrote, read back as a zip. It must hold
 * the production bundles the manifest points at, DuckDB's packages with exactly the binding
 * of the platform it is marked with, and nothing for development; and, when it is this
 * machine's platform, DuckDB must load from the unpacked extension folder.
 *
 * The VSIX checked is GLASSBOX_VSIX, else this machine's in .cache/vsix/ (built by
 * `npm run package`; `npm run test:package` and the VS Code tier build it first). With
 * GLASSBOX_VSIX_INSTALL_HERE set (by the VS Code tier), another platform's VSIX fails.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import * as yauzl from 'yauzl';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const MB = 1024 * 1024;

interface PackageManifest {
  name: string;
  version: string;
  main?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  contributes?: { jsonValidation?: { url: string }[] };
}

/** This machine's VS Code target, e.g. linux-x64 (alpine-x64 on musl Linux). */
function hostTarget(): string {
  const header = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header;
  const musl = process.platform === 'linux' && !header.glibcVersionRuntime;
  return `${musl ? 'alpine' : process.platform}-${process.arch}`;
}

function vsixUnderTest(): string {
  if (process.env.GLASSBOX_VSIX) return process.env.GLASSBOX_VSIX;
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageManifest;
  return join(repoRoot, '.cache', 'vsix', `${name}-${hostTarget()}-${version}.vsix`);
}

interface Zip {
  /** Entry name → uncompressed size. */
  sizes: Map<string, number>;
  text(name: string): Promise<string>;
  /** Write every entry below `dir`. */
  extractTo(dir: string): Promise<void>;
  close(): void;
}

async function openZip(file: string): Promise<Zip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  const stream = (name: string) => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`${file} has no entry ${name}`);
    return new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
  };
  return {
    sizes: new Map([...entries].map(([name, entry]) => [name, entry.uncompressedSize])),
    async text(name) {
      const chunks: Buffer[] = [];
      for await (const chunk of await stream(name)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    async extractTo(dir) {
      for (const name of entries.keys()) {
        if (name.endsWith('/')) continue;
        const target = join(dir, name);
        mkdirSync(dirname(target), { recursive: true });
        await pipeline(await stream(name), createWriteStream(target));
      }
    },
    close: () => zip.close(),
  };
}

/** The package folder an entry belongs to: node_modules/NAME or node_modules/@SCOPE/NAME. */
function packageOf(entry: string): string | undefined {
  const match = /^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(entry);
  return match?.[1];
}

/** The os/cpu/libc a VS Code target means, as npm packages declare them. */
function platformOf(target: string): { os: string; cpu: string; libc?: string } {
  const [platform, cpu] = target.split('-');
  if (platform === 'alpine') return { os: 'linux', cpu, libc: 'musl' };
  if (platform === 'linux') return { os: 'linux', cpu, libc: 'glibc' };
  return { os: platform, cpu };
}

describe('the VSIX', function () {
  const file = vsixUnderTest();
  let zip: Zip;
  let manifest: PackageManifest;
  let target: string;
  /** Shipped packages under node_modules, by name. */
  const shipped = new Map<string, PackageManifest>();

  before(async function () {
    if (!existsSync(file)) throw new Error(`${file} does not exist: build it with npm run package (or set GLASSBOX_VSIX)`);
    zip = await openZip(file);
    manifest = JSON.parse(await zip.text('extension/package.json')) as PackageManifest;
    const vsixManifest = await zip.text('extension.vsixmanifest');
    const platform = /TargetPlatform="([^"]+)"/.exec(vsixManifest);
    assert.ok(platform, 'extension.vsixmanifest names a TargetPlatform (vsce package --target)');
    target = platform[1];
    for (const name of new Set([...zip.sizes.keys()].map(packageOf).filter((p): p is string => !!p))) {
      shipped.set(name, JSON.parse(await zip.text(`extension/node_modules/${name}/package.json`)) as PackageManifest);
    }
  });
  after(() => zip?.close());

  it('is named after its target and the extension version', () => {
    assert.ok(file.endsWith(`${manifest.name}-${target}-${manifest.version}.vsix`), `${file} is ${manifest.name}-${target}-${manifest.version}.vsix`);
  });

  it('holds the bundles the manifest loads, the webview assets, media/ and the README', () => {
    const required = [
      `extension/${manifest.main!.replace(/^\.\//, '')}`,
      'extension/dist/worker.js',
      'extension/dist/webview/main.js',
      'extension/dist/webview/codicon.css',
      'extension/dist/webview/codicon.ttf',
      'extension/media/webview.css',
      'extension/readme.md',
      ...(manifest.contributes?.jsonValidation ?? []).map((v) => `extension/${v.url.replace(/^\.\//, '')}`),
    ];
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(required.filter((name) => !zip.sizes.get(name)), [], 'missing or empty');
  });

  it('holds production bundles: no source maps or map references, no test bundles, no CLI', async () => {
    const names = [...zip.sizes.keys()];
    assert.deepEqual(names.filter((n) => n.endsWith('.map')), []);
    assert.deepEqual(names.filter((n) => n.startsWith('extension/dist/test/')), []);
    assert.equal(zip.sizes.has('extension/dist/cli.mjs'), false, 'the CLI is not part of the extension');
    for (const bundle of ['extension/dist/extension.js', 'extension/dist/worker.js', 'extension/dist/webview/main.js']) {
      const text = await zip.text(bundle);
      assert.ok(!text.includes('sourceMappingURL='), `${bundle} refers to a source map`);
      // Minified: a development build keeps esbuild's `// src/...` module comments.
      assert.ok(!/^\/\/ (src|webview)\//m.test(text), `${bundle} is not minified`);
    }
  });

  it('holds nothing from development: no sources, tests, samples, scripts or configuration', () => {
    const forbidden = /^extension\/(src|test|samples|scripts|webview|\.cache|\.ci|test-results|docs)\/|^extension\/[^/]*\.(ts|mjs|vsix)$|^extension\/(tsconfig\.json|package-lock\.json|\.gitignore|\.vscodeignore|eslint\.config\.mjs|esbuild\.config\.mjs)$|\.d\.ts$/;
    assert.deepEqual([...zip.sizes.keys()].filter((n) => forbidden.test(n)), []);
    assert.deepEqual(
      [...zip.sizes.keys()].filter((n) => n !== 'extension.vsixmanifest' && n !== '[Content_Types].xml' && !n.startsWith('extension/')),
      [],
      'entries outside extension/',
    );
  });

  it('ships exactly the run-time dependencies of @duckdb/node-api, with one binding: its target platform', () => {
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), ['@duckdb/node-api'], 'the shipped package.json depends on DuckDB alone');
    const bindings = [...shipped.keys()].filter((name) => name.startsWith('@duckdb/node-bindings-'));
    assert.equal(bindings.length, 1, `one binding package, not ${bindings.join(', ') || 'none'}`);
    const binding = shipped.get(bindings[0])!;
    const { os, cpu, libc } = platformOf(target);
    assert.deepEqual(binding.os, [os], `${binding.name} is for ${binding.os}, the VSIX for ${target}`);
    assert.deepEqual(binding.cpu, [cpu], `${binding.name} is for ${binding.cpu}, the VSIX for ${target}`);
    if (libc) assert.deepEqual(binding.libc ?? ['glibc'], [libc], `${binding.name} is for ${binding.libc}, the VSIX for ${target}`);
    assert.ok(zip.sizes.get(`extension/node_modules/${binding.name}/duckdb.node`), `${binding.name}/duckdb.node is shipped`);

    // The closure: every dependency of a shipped package is shipped (exact pins at their version),
    // and nothing else is.
    const needed = new Set<string>();
    const visit = (name: string, range: string, from: string) => {
      const pkg = shipped.get(name);
      assert.ok(pkg, `${from} needs ${name}@${range}, which is not shipped`);
      if (/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range)) assert.equal(pkg.version, range, `${from} pins ${name}@${range}`);
      if (needed.has(name)) return;
      needed.add(name);
      for (const [dependency, r] of Object.entries(pkg.dependencies ?? {})) visit(dependency, r, name);
      const optional = pkg.optionalDependencies ?? {};
      if (binding.name in optional) visit(binding.name, optional[binding.name], name);
    };
    visit('@duckdb/node-api', manifest.dependencies!['@duckdb/node-api'], 'package.json');
    assert.deepEqual([...shipped.keys()].filter((name) => !needed.has(name)), [], 'shipped but not needed');
  });

  it('has a sane size: the binding is most of it', () => {
    const bytes = statSync(file).size;
    let binding = 0;
    let rest = 0;
    for (const [name, size] of zip.sizes) {
      if (/^extension\/node_modules\/@duckdb\/node-bindings-/.test(name)) binding += size;
      else rest += size;
    }
    assert.ok(binding > 10 * MB, `the DuckDB binding is ${(binding / MB).toFixed(1)} MB unpacked, expected more than 10 MB`);
    // Bundles, media and DuckDB's JavaScript are under 10 MB today: 20 MB catches a
    // stray folder (samples, node_modules) without flagging normal growth.
    assert.ok(rest < 20 * MB, `everything but the binding is ${(rest / MB).toFixed(1)} MB unpacked, expected under 20 MB`);
    assert.ok(bytes < binding + rest && bytes < 60 * MB, `the VSIX is ${(bytes / MB).toFixed(1)} MB, expected under 60 MB`);
  });

  it('loads DuckDB from the unpacked extension folder, with nothing else on the module path', async function () {
    if (target !== hostTarget()) {
      // scripts/test-vscode.mjs is about to install it here: it must be this machine's.
      if (process.env.GLASSBOX_VSIX_INSTALL_HERE) assert.fail(`the VSIX is for ${target}, this machine is ${hostTarget()}`);
      this.skip(); // a binding for another platform cannot load here
    }
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-vsix-'));
    try {
      await zip.extractTo(dir);
      const extensionDir = join(dir, 'extension');
      // A child process resolving from the extension folder, so the repository's node_modules
      // cannot stand in for a missing file (NODE_PATH cleared).
      const script = [
        "const { createRequire } = require('node:module');",
        "const { DuckDBInstance } = createRequire(process.cwd() + '/package.json')('@duckdb/node-api');",
        '(async () => {',
        "  const instance = await DuckDBInstance.create(':memory:');",
        '  const connection = await instance.connect();',
        "  const reader = await connection.runAndReadAll('SELECT 6 * 7 AS answer, version() AS v');",
        '  console.log(JSON.stringify(reader.getRowObjectsJson()[0]));',
        '  connection.closeSync();',
        '  instance.closeSync();',
        '})().catch((e) => { console.error(e); process.exit(1); });',
      ].join('\n');
      const result = spawnSync(process.execPath, ['-e', script], { cwd: extensionDir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
      assert.equal(result.status, 0, `DuckDB failed to load from the VSIX: ${result.stderr}`);
      const row = JSON.parse(result.stdout.trim()) as { answer: number; v: string };
      assert.equal(row.answer, 42);
      assert.match(row.v, /^v\d+\.\d+\.\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

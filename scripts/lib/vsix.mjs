// Building the VSIX of one platform, as users install it (`npm run package`, and the VS Code
// test tier before it installs the extension).
//
// DuckDB (@duckdb/node-api) is a native module: a VSIX can hold the binding of one platform
// only, and is marked with that platform (`vsce package --target`). The package is built in
// a staging folder, .cache/package/TARGET/, so that the development build in dist/ and the
// repository's node_modules stay as they are:
// 1. production bundles (minified, no source maps, no test bundles) into its dist/;
// 2. README.md, LICENSE (when there is one), media/, .vscodeignore, and a package.json
//    without the development fields, depending on @duckdb/node-api alone;
// 3. its node_modules: @duckdb/node-api and what it needs at run time, flattened, with
//    TARGET's @duckdb/node-bindings-* only: taken from node_modules when npm installed it
//    (the current platform's), otherwise fetched with `npm pack` at the exact version that
//    @duckdb/node-bindings pins, and kept in .cache/duckdb-bindings/;
// 4. `vsce package --target TARGET` there, which applies .vscodeignore.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './code-server.mjs';

/**
 * The VS Code targets Glass Box can be packaged for, and the suffix of the DuckDB binding
 * package each needs (@duckdb/node-bindings-SUFFIX). VS Code calls musl Linux "alpine".
 * linux-armhf and web have no DuckDB binding.
 */
export const BINDING_FOR_TARGET = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-x64-musl',
  'alpine-arm64': 'linux-arm64-musl',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};

/** Where VSIXs are written (git-ignored). */
export const vsixDir = join(repoRoot, '.cache', 'vsix');
const stagingRoot = join(repoRoot, '.cache', 'package');
const bindingCache = join(repoRoot, '.cache', 'duckdb-bindings');
/** The one runtime dependency that is not bundled (see esbuild.config.mjs). */
const NATIVE_DEPENDENCY = '@duckdb/node-api';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** This machine's VS Code target, e.g. linux-x64 (alpine-x64 on musl Linux). */
export function hostTarget() {
  const musl = process.platform === 'linux' && !process.report.getReport().header.glibcVersionRuntime;
  return `${musl ? 'alpine' : process.platform}-${process.arch}`;
}

/** The target to package for: `requested`, else GLASSBOX_VSCE_TARGET, else this machine's. */
export function resolveTarget(requested) {
  const target = requested || process.env.GLASSBOX_VSCE_TARGET || hostTarget();
  if (!(target in BINDING_FOR_TARGET)) {
    throw new Error(
      `cannot package for target "${target}": DuckDB has no binding for it. ` +
        `Targets: ${Object.keys(BINDING_FOR_TARGET).join(', ')} (--target or GLASSBOX_VSCE_TARGET).`,
    );
  }
  return target;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The repository's package.json. */
export function repoManifest() {
  return readJson(join(repoRoot, 'package.json'));
}

/** .cache/vsix/glassbox-TARGET-VERSION.vsix */
export function vsixPath(target) {
  const { name, version } = repoManifest();
  return join(vsixDir, `${name}-${target}-${version}.vsix`);
}

/** The folder of package `name` as Node would resolve it from `fromDir`, or undefined. */
function findPackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot || dirname(dir) === dir) return undefined;
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  return result;
}

/**
 * TARGET's binding package at `version`, as a folder: node_modules' copy when npm installed
 * that version there, else the registry's tarball (`npm pack`, cached) unpacked into the cache.
 */
function bindingDir(name, version, log) {
  const installed = join(repoRoot, 'node_modules', name);
  if (existsSync(join(installed, 'package.json')) && readJson(join(installed, 'package.json')).version === version) return installed;
  const unpacked = join(bindingCache, `${name.replace('/', '+')}-${version}`);
  if (existsSync(join(unpacked, 'package.json'))) return unpacked;
  mkdirSync(bindingCache, { recursive: true });
  log(`fetching ${name}@${version} from the npm registry (npm pack, once)`);
  const packed = spawnSync(npm, ['pack', `${name}@${version}`, '--pack-destination', bindingCache, '--json', '--loglevel=error'], {
    cwd: bindingCache,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (packed.status !== 0) {
    throw new Error(
      `npm pack ${name}@${version} failed (exit ${packed.status}): the registry must serve that version ` +
        `(check with: npm view ${name} versions)`,
    );
  }
  const tarball = join(bindingCache, JSON.parse(packed.stdout)[0].filename);
  const staging = `${unpacked}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // npm tarballs hold one folder, package/.
  run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
  const manifest = readJson(join(staging, 'package.json'));
  if (manifest.name !== name || manifest.version !== version) {
    throw new Error(`${tarball} holds ${manifest.name}@${manifest.version}, not ${name}@${version}`);
  }
  cpSync(staging, unpacked, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  rmSync(tarball, { force: true });
  return unpacked;
}

/**
 * The packages the VSIX ships under node_modules, by name: @duckdb/node-api and its
 * dependencies, transitively, with TARGET's binding as the only optional dependency taken.
 * Throws when a dependency is missing or two versions of one package would be needed.
 */
export function runtimePackages(target, log = () => {}) {
  const bindingName = `@duckdb/node-bindings-${BINDING_FOR_TARGET[target]}`;
  const packages = new Map();
  const visit = (name, fromDir, dir = findPackageDir(name, fromDir)) => {
    if (!dir) throw new Error(`${name} is not installed (needed from ${relative(repoRoot, fromDir) || 'the repository'}): run npm install`);
    const manifest = readJson(join(dir, 'package.json'));
    const seen = packages.get(name);
    if (seen) {
      if (seen.version !== manifest.version) throw new Error(`the VSIX would need ${name} at both ${seen.version} and ${manifest.version}`);
      return;
    }
    packages.set(name, { dir, version: manifest.version });
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
    const optional = manifest.optionalDependencies ?? {};
    if (bindingName in optional) visit(bindingName, dir, bindingDir(bindingName, optional[bindingName], log));
  };
  visit(NATIVE_DEPENDENCY, repoRoot);
  if (!packages.has(bindingName)) throw new Error(`no package of ${NATIVE_DEPENDENCY} names ${bindingName} as an optional dependency`);
  return packages;
}

/** The repository's package.json as the VSIX carries it: what VS Code reads, nothing for development. */
function stagedManifest(manifest, packages) {
  const staged = { ...manifest };
  for (const field of ['scripts', 'devDependencies', 'overrides', 'bin', 'private']) delete staged[field];
  staged.dependencies = { [NATIVE_DEPENDENCY]: packages.get(NATIVE_DEPENDENCY).version };
  return staged;
}

/**
 * Build the VSIX for `target` and return its path (.cache/vsix/glassbox-TARGET-VERSION.vsix
 * unless `out` is given).
 *
 * @param {{ target?: string, out?: string, log?: (line: string) => void }} [options]
 */
export function buildVsix({ target: requested, out, log = (line) => console.log(`[package] ${line}`) } = {}) {
  const started = Date.now();
  const target = resolveTarget(requested);
  const manifest = repoManifest();
  const packages = runtimePackages(target, log);
  const stage = join(stagingRoot, target);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  log(`production build into ${relative(repoRoot, stage)}/dist`);
  run(process.execPath, [join(repoRoot, 'esbuild.config.mjs'), '--production', '--outdir', join(stage, 'dist')], { cwd: repoRoot });

  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(stagedManifest(manifest, packages), null, 2)}\n`);
  const license = readdirSync(repoRoot).find((name) => /^licen[cs]e(\.md|\.txt)?$/i.test(name));
  for (const file of ['README.md', '.vscodeignore', license].filter(Boolean)) cpSync(join(repoRoot, file), join(stage, file));
  cpSync(join(repoRoot, 'media'), join(stage, 'media'), { recursive: true });
  for (const [name, { dir, version }] of packages) {
    // Flattened: every shipped package sits at node_modules/NAME, where Node finds it.
    cpSync(dir, join(stage, 'node_modules', name), {
      recursive: true,
      filter: (source) => !relative(dir, source).split(/[\\/]/).includes('node_modules'),
    });
    log(`  node_modules/${name}@${version}`);
  }

  const vsix = out ?? vsixPath(target);
  mkdirSync(dirname(vsix), { recursive: true });
  rmSync(vsix, { force: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [
    vsce, 'package',
    '--target', target,
    '--out', vsix,
    // vsce lists node_modules with `npm list --production`: the staged package.json names
    // only @duckdb/node-api, so it finds exactly the packages copied above.
    '--dependencies',
    // README images are in media/, which ships: the installed extension shows them as they are.
    '--no-rewrite-relative-links',
    '--allow-missing-repository',
    ...(license ? [] : ['--skip-license']),
  ];
  log(`vsce package --target ${target}`);
  // vsce colours its output even when it is not a terminal's (CI logs).
  run(process.execPath, args, { cwd: stage, env: process.stdout.isTTY ? process.env : { ...process.env, NO_COLOR: '1' } });
  if (!existsSync(vsix)) throw new Error(`vsce reported success but wrote no ${vsix}`);
  // The staging folder holds a copy of the binding (up to 70 MB): gone once the VSIX is written.
  rmSync(stage, { recursive: true, force: true });
  const mb = (statSync(vsix).size / 1024 / 1024).toFixed(1);
  log(`${relative(repoRoot, vsix)} (${mb} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return vsix;
}

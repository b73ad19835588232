// Where a load's time goes: runs the probe in-process (loadRun on the main thread, stage
// timers) under --cpu-prof, then sums the profile's self time by source module (esbuild's
// `// path` comments in the bundle) and by function.
//
//   node scripts/bench/profile.mjs [SIZE] [FORMAT]        default L wide; needs a build
//
// Writes the .cpuprofile under .cache/bench/profiles/ (open it in Chrome DevTools or VS Code).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleProbes } from './bundle.mjs';
import { CACHE, ROOT, generate, manifestPath } from './generate.mjs';

const [size = 'L', format = 'wide'] = process.argv.slice(2);
await generate(size);
const { probe } = await bundleProbes();
const dir = join(CACHE, 'profiles');
mkdirSync(dir, { recursive: true });
const name = `${size}-${format}-${Date.now()}.cpuprofile`;
const child = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name, '--cpu-prof-interval', '500', probe, 'inproc', manifestPath(size, format)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
if (child.status !== 0) throw new Error(child.stderr);
const result = JSON.parse(child.stdout.trim().split('\n').pop());
console.log(`${size} ${format}, loadRun on the main thread: open ${(result.openMs / 1000).toFixed(2)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB`);
for (const stage of result.stages) console.log(`  ${stage.label.padEnd(48)} ${(stage.ms / 1000).toFixed(2)} s`);

// Module of each line of the bundle, from esbuild's `// path/to/module.ts` markers.
const bundleLines = readFileSync(probe, 'utf8').split('\n');
const moduleAt = [];
let current = '(bundle)';
for (const line of bundleLines) {
  const m = /^\/\/ ((?:node_modules|src|test|webview)\/\S+)$/.exec(line);
  if (m) current = m[1].replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, '$1 (package)');
  moduleAt.push(current);
}

const profile = JSON.parse(readFileSync(join(dir, name), 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
}
const byModule = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, ms] of self) {
  const { callFrame } = nodes.get(id);
  total += ms;
  let module;
  if (callFrame.url.endsWith('scale-probe.mjs')) module = moduleAt[callFrame.lineNumber] ?? '(bundle)';
  else if (callFrame.url.startsWith('wasm://') || /wasm-function/.test(callFrame.functionName)) module = 'parquet-wasm (WebAssembly)';
  else if (!callFrame.url) module = callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : callFrame.functionName || '(native)';
  else module = callFrame.url.replace(/^node:/, 'node:');
  byModule.set(module, (byModule.get(module) ?? 0) + ms);
  const fn = `${callFrame.functionName || '(anonymous)'}  [${module}]`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`\nSelf time by module (${(total / 1000).toFixed(2)} s sampled, whole process):`);
for (const [module, ms] of top(byModule, 20)) console.log(`  ${(ms / 1000).toFixed(2).padStart(6)} s  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${module}`);
console.log('\nSelf time by function:');
for (const [fn, ms] of top(byFunction, 25)) console.log(`  ${(ms / 1000).toFixed(2).padStart(6)} s  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${fn}`);
console.log(`\nprofile: ${join(dir, name)}`);

/**
 * Entry of the real-VS-Code test tier: VS Code loads this module in the extension host (from
 * the payload's `extensionTestsPath`) and calls `run()`, exactly as `@vscode/test-electron`
 * does, so the same suite runs under code-server here and under desktop VS Code elsewhere.
 * Every `*.test.js` beside this file (after the build) is found by walking the folder.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { suiteLog } from './harness';

type MochaClass = typeof import('mocha');

/**
 * Mocha's CommonJS build. Mocha 12's main entry is an ES module, which `require` loads only
 * on Node 20.19+ (and hands back as a namespace); desktop VS Code's Electron may be older,
 * so load the CommonJS file it re-exports, falling back to the package for other versions.
 */
function loadMocha(): MochaClass {
  const requireHere = createRequire(__filename);
  try {
    return requireHere('mocha/lib/mocha.cjs') as MochaClass;
  } catch {
    const loaded = requireHere('mocha') as MochaClass & { default?: MochaClass };
    return loaded.default ?? loaded;
  }
}
const Mocha = loadMocha();

/** Every file below `dir` whose name ends with `.test.js`, sorted. */
function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(file));
    else if (entry.name.endsWith('.test.js')) found.push(file);
  }
  return found.sort();
}

/**
 * Under scripts/test-vscode.mjs (code-server), the extension host's console calls reach the
 * harness through the workbench's log service (`codeAutomationLog`), which neither applies
 * format strings (`%s`, `%d`, as mocha's reporters use) nor says which lines are the suite's;
 * `process.stdout.write` is not forwarded at all, and the host's `console` methods cannot be
 * replaced (they are getters). So, under that harness only, the reporter's lines and stdout
 * writes go through `suiteLog`, formatted and prefixed. Returns a function that restores both.
 */
function forwardOutput(): () => void {
  if (!process.env.GLASSBOX_HARNESS) return () => {};
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const originalConsoleLog = base.consoleLog;
  base.consoleLog = suiteLog;
  const originalWrite = process.stdout.write;
  let pending = '';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) suiteLog(line);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    if (pending) suiteLog(pending);
    process.stdout.write = originalWrite;
    base.consoleLog = originalConsoleLog;
  };
}

/** Run the suite; rejects when any test fails (VS Code then exits with code 1). */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // `color: false` leaves the pass/fail symbols coloured (they come pre-coloured by chalk,
  // which colours whenever CI=true): use plain ones.
  const symbols = (Mocha.reporters.Base as unknown as { symbols: Record<string, string> }).symbols;
  symbols.ok = '✔';
  symbols.err = '✖';
  for (const file of findTests(__dirname)) mocha.addFile(file);
  const restore = forwardOutput();
  try {
    const failures = await new Promise<number>((resolve, reject) => {
      try {
        mocha.run(resolve);
      } catch (error) {
        reject(error);
      }
    });
    if (failures > 0) throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`);
  } finally {
    restore();
  }
}

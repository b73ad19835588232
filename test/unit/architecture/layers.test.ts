/**
 * The layers of docs/ARCHITECTURE.md, checked on the sources: no import cycle anywhere in
 * src/ (type-only imports and re-exports included), the model layer free of vscode, Node
 * and every layer above it, and no layer importing one above it.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each file's imports (static, type-only, re-exports), as module specifiers. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** A relative specifier resolved to a source file, or null (a package, JSON). */
function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f).map((s) => resolveLocal(f, s)).filter((p): p is string => p !== null)]));
const name = (path: string) => relative(SRC, path);

/** Every cycle, each once, as a list of files (Tarjan's strongly connected components). */
function cycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(name(w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of files) if (!indices.has(v)) visit(v);
  return found;
}

describe('architecture: layers and imports', () => {
  it('has no import cycle in src/, type-only imports included', () => {
    assert.deepEqual(cycles(), []);
  });

  it('keeps the model layer pure: no vscode, no node:*, nothing from the layers above it', () => {
    const above = /^(editor|code|git|export|cli|worker|duckdb|sql|runCache|report|views|workspace|clickhouse)\//;
    const offenders: string[] = [];
    for (const file of files.filter((f) => name(f).startsWith('model/'))) {
      for (const specifier of importsOf(file)) {
        const target = resolveLocal(file, specifier);
        if (specifier === 'vscode' || specifier.startsWith('node:') || (target && above.test(name(target)))) offenders.push(`${name(file)} -> ${specifier}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('never imports vscode outside the extension host layers', () => {
    const host = /^(extension\.ts|api\.ts|editor\/|code\/|git\/|export\/|workspace\/)/;
    const offenders = files.filter((f) => !host.test(name(f)) && importsOf(f).includes('vscode')).map(name);
    assert.deepEqual(offenders, []);
  });
});

// The layer rule of lib/ (lib/README.md), executable: the allowed imports
// between layers are written once, here, and each folder README's
// "May import" line must say the same.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const LIB = join(__dirname, '..', 'lib');

/** Which layers each layer may import (its own files always). */
const ALLOWED: Record<string, readonly string[]> = {
  shared: ['shared'],
  routing: ['shared'],
  loading: ['shared'],
  preview: ['shared'],
  pages: ['shared', 'preview'],
  web: ['shared', 'preview'],
  mount: ['shared', 'routing', 'loading', 'preview', 'pages', 'web'],
  index: ['shared', 'routing', 'loading', 'preview', 'pages', 'web', 'mount'],
  testing: ['shared', 'routing', 'loading', 'preview', 'pages', 'web', 'mount'],
  cli: ['index', 'shared'],
};

const SHARED_LEAVES = new Set(['types.ts', 'errors.ts', 'options.ts', 'config.ts']);

/** `lib/pages/send.ts` → `pages`; `lib/errors.ts` → `shared`; `lib/index.ts` → `index`. */
export function layerOf(file: string): string {
  const rel = relative(LIB, file).split(sep);
  if (rel.length > 1) return rel[0];
  if (SHARED_LEAVES.has(rel[0])) return 'shared';
  return rel[0].replace(/\.ts$/, '');
}

type Graph = Map<string, string[]>;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Relative imports of every file, `import type` and re-exports included, resolved to files. */
function importGraph(files: string[]): Graph {
  const graph: Graph = new Map();
  const specifier = /(?:^|\s)(?:import|export)\s[^'";]*?from\s*'(\.[^']+)'|(?:import|require)\(\s*'(\.[^']+)'\s*\)/g;
  for (const file of files) {
    // Comments may quote code (`require('./compiled')` in an example): not imports.
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const targets: string[] = [];
    for (const m of text.matchAll(specifier)) {
      const target = resolve(dirname(file), m[1] ?? m[2]);
      targets.push(files.includes(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts'));
    }
    graph.set(file, targets);
  }
  return graph;
}

export function layerViolations(graph: Graph): string[] {
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    for (const target of targets) {
      const to = layerOf(target);
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) {
        problems.push(`${relative(LIB, file)} (${from}) imports ${relative(LIB, target)} (${to}); ${from} may import: ${(ALLOWED[from] ?? []).join(', ') || 'nothing'}`);
      }
    }
  }
  return problems;
}

export function cycles(graph: Graph): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') found.push([...stack.slice(stack.indexOf(target)), target].map((f) => relative(LIB, f)));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

const files = sourceFiles(LIB);
const graph = importGraph(files);

test('every import in lib/ follows the layer rule', () => {
  expect(layerViolations(graph)).toEqual([]);
});

test('lib/ has no import cycles', () => {
  expect(cycles(graph)).toEqual([]);
});

test('nothing imports cli/', () => {
  const intoCli = [...graph].flatMap(([file, targets]) =>
    targets.filter((t) => layerOf(t) === 'cli' && layerOf(file) !== 'cli').map((t) => `${relative(LIB, file)} -> ${relative(LIB, t)}`),
  );
  expect(intoCli).toEqual([]);
});

test('each folder README states the same "May import" rule as this test', () => {
  const folders = readdirSync(LIB).filter((name) => statSync(join(LIB, name)).isDirectory());
  expect(folders.length).toBeGreaterThanOrEqual(6);
  for (const folder of folders) {
    const readme = readFileSync(join(LIB, folder, 'README.md'), 'utf8');
    const line = /^May import: (.*)$/m.exec(readme);
    expect({ folder, mayImport: line?.[1].split(',').map((s) => s.trim()) }).toEqual({ folder, mayImport: ALLOWED[folder] });
  }
});

test('the checker catches a forbidden import and a cycle (so the tests above can fail)', () => {
  const file = (rel: string): string => join(LIB, rel);
  const bad: Graph = new Map([
    [file('routing/decide.ts'), [file('pages/send.ts')]],
    [file('pages/send.ts'), [file('pages/etag.ts')]],
    [file('pages/etag.ts'), [file('pages/send.ts')]],
    [file('mount/answer.ts'), [file('cli/main.ts')]],
  ]);
  expect(layerViolations(bad)).toEqual([
    'routing/decide.ts (routing) imports pages/send.ts (pages); routing may import: shared',
    'mount/answer.ts (mount) imports cli/main.ts (cli); mount may import: shared, routing, loading, preview, pages, web',
  ]);
  expect(cycles(bad)).toEqual([['pages/send.ts', 'pages/etag.ts', 'pages/send.ts']]);
});

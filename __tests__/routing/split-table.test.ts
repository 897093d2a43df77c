// The split route table (lib/routing/precedence.ts `RouteSet`: static routes in a map,
// dynamic ones in the trie, the full sort on first use) against the implementation it
// replaced (reference/, commit 9e8b797), on generated trees: the same order, the same
// error for a tree Next refuses (message and files), the same match for every URL.
import { checkRoutes, type RouteEntry } from '../../lib/routing/precedence';
import { compileRouteSet } from '../../lib/routing/matcher';
import { RouteTreeError } from '../../lib/errors';
import { buildRoutes as referenceRoutes } from './reference/precedence-9e8b797';
import { compileMatcher as referenceMatcher } from './reference/matcher-9e8b797';

/** A small seeded generator (mulberry32): the same trees on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATIC_PARTS = ['a', 'b', 'Z', 'users', 'a[b]', 'é'];
const DYNAMIC_PARTS = ['[id]', '[slug]', '[...rest]', '[[...opt]]', '[...all]', '[id-x]'];

/** `count` routes, mostly static, some dynamic, some repeated (a duplicate), some refused by Next. */
function tree(next: () => number, count: number, dynamicShare: number): Array<{ route: string; file: string }> {
  const files: Array<{ route: string; file: string }> = [];
  for (let i = 0; i < count; i++) {
    const depth = Math.floor(next() * 4);
    const parts: string[] = [];
    for (let d = 0; d < depth; d++) {
      const pool = next() < dynamicShare ? DYNAMIC_PARTS : STATIC_PARTS;
      parts.push(pool[Math.floor(next() * pool.length)]);
    }
    files.push({ route: parts.length ? `/${parts.join('/')}` : '/', file: `/app/pages/api/f${i}.js` });
  }
  return files;
}

type Outcome = { error: string; files: readonly string[] } | { entries: unknown[] };

const shape = (e: RouteEntry): unknown => [e.route, e.page, e.file, e.kind, e.paramNames, e.segments];

function outcome(build: () => readonly RouteEntry[]): Outcome {
  try {
    return { entries: build().map(shape) };
  } catch (err) {
    if (!(err instanceof RouteTreeError)) throw err;
    return { error: err.message, files: err.files };
  }
}

const URL_PARTS = ['a', 'b', 'Z', 'users', 'a[b]', 'é', 'x', '1'];

test('generated trees: the same order or the same error as before the split, and the same matches', () => {
  const next = random(20261205);
  let built = 0;
  let refused = 0;
  for (let n = 0; n < 600; n++) {
    const files = tree(next, 1 + Math.floor(next() * 14), n % 3 === 0 ? 0.1 : 0.35);
    const prefix = n % 2 ? '/api' : '';
    const before = outcome(() => referenceRoutes(files, prefix));
    const after = outcome(() => checkRoutes(files, prefix).sorted());
    expect({ files, outcome: after }).toEqual({ files, outcome: before });
    if (!('entries' in before)) {
      refused++;
      continue;
    }
    built++;
    const old = referenceMatcher(referenceRoutes(files, prefix));
    const split = compileRouteSet(checkRoutes(files, prefix));
    for (let u = 0; u < 20; u++) {
      const depth = Math.floor(next() * 4);
      const path = `/${Array.from({ length: depth }, () => URL_PARTS[Math.floor(next() * URL_PARTS.length)]).join('/')}`;
      const a = old.match(path);
      const b = split.match(path);
      expect({ path, match: b && [b.entry.file, b.rawParams] }).toEqual({ path, match: a && [a.entry.file, a.rawParams] });
    }
  }
  // Both kinds of tree were tried in numbers.
  expect(built).toBeGreaterThan(100);
  expect(refused).toBeGreaterThan(100);
});

test('a static route beside an optional catch-all deep in the tree is refused, naming both files', () => {
  const files = [
    { route: '/a/[id]', file: '/p/a/[id].js' },
    { route: '/b/c', file: '/p/b/c.js' },
    { route: '/b/c/[[...rest]]', file: '/p/b/c/[[...rest]].js' },
  ];
  expect(() => checkRoutes(files)).toThrow('You cannot define a route with the same specificity as a optional catch-all route ("/api/b/c" and "/api/b/c[[...rest]]").');
});

test('the sorted table is worked out once, on first use, and a static match is shared by its requests', () => {
  const set = checkRoutes([
    { route: '/b', file: '/p/b.js' },
    { route: '/[id]', file: '/p/[id].js' },
    { route: '/a', file: '/p/a.js' },
  ]);
  expect([...set].map((e) => e.route)).toEqual(['/b', '/a', '/[id]']);
  expect(set.sorted().map((e) => e.route)).toEqual(['/a', '/b', '/[id]']);
  expect(set.sorted()).toBe(set.sorted());
  const matcher = compileRouteSet(set);
  expect(matcher.match('/a')).toBe(matcher.match('/a'));
  expect(Object.isFrozen(matcher.match('/a'))).toBe(true);
  expect(matcher.match('/c')?.rawParams).toEqual({ id: 'c' });
});

// Unit tests of pure parts: Next's route order, Next's build-time errors and the
// compiled matcher (docs/next-behaviour.md §4). The same rules over real hosts: url-routing.test.ts.
import { buildRoutes } from '../../lib/routing/precedence';
import { compileMatcher } from '../../lib/routing/matcher';

const files = (...routes: string[]) => routes.map((route) => ({ route, file: `/app/pages/api${route === '/' ? '/index' : route}.js` }));

describe('route order (docs/next-behaviour.md §4 "Sorting")', () => {
  test('the order Next 16.4.6 produced for the spec input', () => {
    const sorted = buildRoutes(files('/[...slug]', '/[id]', '/users', '/', '/x/[[...opt]]', '/b', '/a', '/[id]/z', '/Z'));
    expect(sorted.map((r) => r.page)).toEqual([
      '/api', '/api/Z', '/api/a', '/api/b', '/api/users', '/api/x/[[...opt]]', '/api/[id]', '/api/[id]/z', '/api/[...slug]',
    ]);
  });

  test('[a] and [...a] at one level are allowed: [a] first', () => {
    expect(buildRoutes(files('/[...a]', '/[a]')).map((r) => r.route)).toEqual(['/[a]', '/[...a]']);
  });

  test('kinds and param names', () => {
    const [catchAll, opt, stat, dyn] = buildRoutes(files('/s', '/u/[id]/[tab]', '/c/[...rest]', '/o/[[...rest]]'));
    expect([stat.kind, stat.paramNames]).toEqual(['static', []]);
    expect([catchAll.kind, catchAll.paramNames]).toEqual(['catch-all', ['rest']]);
    expect([opt.kind, opt.paramNames]).toEqual(['optional-catch-all', ['rest']]);
    expect([dyn.kind, dyn.paramNames]).toEqual(['dynamic', ['id', 'tab']]);
  });
});

describe("Next's build errors, thrown with the files involved (docs/next-behaviour.md §4)", () => {
  const cases: Array<[string, string[], string]> = [
    ['different slug names', ['/[a]', '/[b]'], "You cannot use different slug names for the same dynamic path ('a' !== 'b')."],
    ['different slug names in folders', ['/[a]/x', '/[b]/y'], "You cannot use different slug names for the same dynamic path ('a' !== 'b')."],
    ['repeated slug', ['/[id]/[id]'], 'You cannot have the same slug name "id" repeat within a single dynamic path'],
    ['slugs differing by symbols', ['/[a-b]/[ab]'], 'You cannot have the slug names "a-b" and "ab" differ only by non-word symbols within a single dynamic path'],
    ['required then optional catch-all', ['/[...a]', '/[[...b]]'], 'You cannot use both an required and optional catch-all route at the same level ("[...a]" and "[[...b]]" ).'],
    ['optional then required catch-all', ['/[[...b]]', '/[...a]'], 'You cannot use both an optional and required catch-all route at the same level ("[[...b]]" and "[...a]").'],
    ['index beside optional catch-all', ['/', '/[[...b]]'], 'You cannot define a route with the same specificity as a optional catch-all route ("/api" and "/api[[...b]]").'],
    ['catch-all not last', ['/[...a]/x'], 'Catch-all must be the last part of the URL.'],
    ['optional param', ['/[[id]]'], 'Optional route parameters are not yet supported ("[[id]]").'],
    ['extra brackets', ['/[[a]'], "Segment names may not start or end with extra brackets ('[a')."],
    ['erroneous period', ['/[.a]'], "Segment names may not start with erroneous periods ('.a')."],
    ['four dots', ['/[....a]'], "Segment names may not start with erroneous periods ('.a')."],
    ['three-dot character', ['/[…a]'], "Detected a three-dot character ('…') at ('…a'). Did you mean ('...')?"],
  ];
  test.each(cases)('%s', (_name, routes, message) => {
    let error: unknown;
    try {
      buildRoutes(files(...routes));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    const text = (error as Error).message;
    expect(text.split('\n')[0]).toBe(message);
    // Every message names at least one of the files at fault.
    expect(files(...routes).some(({ file }) => text.includes(file))).toBe(true);
  });

  test('a conflict names both files', () => {
    expect(() => buildRoutes(files('/[a]', '/[b]'))).toThrow(/\/app\/pages\/api\/\[b\]\.js, \/app\/pages\/api\/\[a\]\.js/);
  });

  test('two files for one route', () => {
    expect(() => buildRoutes([
      { route: '/users', file: '/app/pages/api/users.js' },
      { route: '/users', file: '/app/pages/api/users/index.ts' },
    ])).toThrow('Duplicate page detected. /app/pages/api/users.js and /app/pages/api/users/index.ts both resolve to /api/users.');
  });

  test('a duplicate is the error reported even when another error comes first in the tree', () => {
    expect(() => buildRoutes([
      ...files('/[a]', '/[b]'),
      { route: '/x', file: '/app/pages/api/x.js' },
      { route: '/x', file: '/app/pages/api/x/index.js' },
      { route: '/y', file: '/app/pages/api/y.js' },
      { route: '/y', file: '/app/pages/api/y.ts' },
    ])).toThrow('Duplicate page detected. /app/pages/api/x.js and /app/pages/api/x/index.js both resolve to /api/x.');
  });
});

describe('the matcher agrees with sorted-order first match (docs/next-behaviour.md §4 "Regexes")', () => {
  const entries = buildRoutes(files('/users', '/users/me', '/users/[id]', '/users/[id]/posts', '/catch/[...slug]', '/catch/fixed',
    '/opt/[[...slug]]', '/opt/x', '/mixed/[a]', '/mixed/[a]/[b]', '/[p]/deep', '/both/[p]', '/both/[...rest]'));
  const matcher = compileMatcher(entries);
  const cases: Array<[string, string | undefined, Record<string, string | string[]>]> = [
    ['/users', '/users', {}],
    ['/users/me', '/users/me', {}],
    ['/users/index', '/users/[id]', { id: 'index' }],
    ['/users/42/posts', '/users/[id]/posts', { id: '42' }],
    ['/users/42/other', undefined, {}],
    ['/catch', undefined, {}],
    ['/catch/fixed', '/catch/fixed', {}],
    ['/catch/fixed/more', '/catch/[...slug]', { slug: ['fixed', 'more'] }],
    ['/opt', '/opt/[[...slug]]', {}],
    ['/opt/x', '/opt/x', {}],
    ['/opt/y/z', '/opt/[[...slug]]', { slug: ['y', 'z'] }],
    ['/mixed/1/2', '/mixed/[a]/[b]', { a: '1', b: '2' }],
    // Sorted order puts the whole /users subtree before /[p]/..., so Next's first regex hit is /users/[id].
    ['/users/deep', '/users/[id]', { id: 'deep' }],
    ['/other/deep', '/[p]/deep', { p: 'other' }],
    ['/both/one', '/both/[p]', { p: 'one' }],
    ['/both/one/two', '/both/[...rest]', { rest: ['one', 'two'] }],
    ['/Users', undefined, {}],
  ];
  test.each(cases)('%s', (path, route, params) => {
    const hit = matcher.match(path);
    expect(hit?.entry.route).toBe(route);
    if (hit) expect(hit.rawParams).toEqual(params);
  });
});

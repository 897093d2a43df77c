// Which files of an App Router folder are routes, and the trees Next refuses
// to build (docs/next-behaviour.md §20), through appRoutes() and the routing
// layer: folders are written to a temporary directory per test.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { appRoutes, RouteTreeError } from '../../lib';
import { checkProjectConflicts } from '../../lib/routing/project-conflicts';
import { buildAppTable, buildTable } from '../../lib/routing/route-table';
import { memoryLogger } from '../support';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'app-tree-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(files: string[]): string {
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), 'export function GET() { return new Response("x"); }\n');
  }
  return root;
}

const EXTENSIONS = { pageExtensions: ['tsx', 'ts', 'jsx', 'js'] };

function thrown(fn: () => unknown): RouteTreeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RouteTreeError) return err;
    throw err;
  }
  throw new Error('nothing thrown');
}

test('only route.<ext> files are routes; groups, slots, private folders and %5F as in Next', () => {
  tree([
    'app/api/a/route.ts',
    'app/api/a/route.test.ts',
    'app/api/a/route.d.ts',
    'app/api/a/helpers.ts',
    'app/api/(group)/b/route.js',
    'app/api/@slot/c/route.tsx',
    'app/api/_private/d/route.ts',
    'app/api/%5Fe/route.ts',
    'app/api/route.ts',
    'app/api/node_modules/x/route.ts',
  ]);
  const table = buildAppTable(join(root, 'app'), EXTENSIONS);
  expect(table.entries.map((e) => [e.route, e.page])).toEqual([
    ['/api', '/api'],
    ['/api/_e', '/api/_e'],
    ['/api/a', '/api/a'],
    ['/api/b', '/api/b'],
    ['/api/c', '/api/c'],
  ]);
  const mounted = buildAppTable(join(root, 'app', 'api'), EXTENSIONS);
  expect(mounted.entries.map((e) => [e.route, e.page])).toEqual([
    ['/', '/api'],
    ['/_e', '/api/_e'],
    ['/a', '/api/a'],
    ['/b', '/api/b'],
    ['/c', '/api/c'],
  ]);
});

test('route.ts beside route.js: route.js is served, as in Next, and the other reported', () => {
  tree(['app/x/route.ts', 'app/x/route.js']);
  const table = buildAppTable(join(root, 'app'), { pageExtensions: ['tsx', 'jsx', 'ts', 'js'] });
  expect(table.entries.map((e) => e.file)).toEqual([join(root, 'app/x/route.js')]);
  expect(table.shadowed).toEqual([[join(root, 'app/x/route.ts'), join(root, 'app/x/route.js')]]);
  const logger = memoryLogger();
  appRoutes(join(root, 'app'), { logger });
  expect(logger.lines).toEqual([`warn: next-api-express: ${join(root, 'app/x/route.ts')} is not served: ${join(root, 'app/x/route.js')} in the same folder is (as in Next, which serves one of them without a word).`]);
});

test('pageExtensions decide the extension after the first dot', () => {
  tree(['app/x/route.api.ts', 'app/y/route.ts']);
  const table = buildAppTable(join(root, 'app'), { pageExtensions: ['api.ts'] });
  expect(table.entries.map((e) => e.route)).toEqual(['/x']);
});

test('one URL from two groups: Next\'s error, naming both files', () => {
  tree(['app/(a)/api/x/route.ts', 'app/(b)/api/x/route.ts']);
  const err = thrown(() => appRoutes(join(root, 'app'), { logger: memoryLogger() }));
  expect(err.code).toBe('ERR_ROUTE_CONFLICT');
  expect(err.message.split('\n')[0]).toBe('Conflicting routes at /api/x: route at /(b)/api/x/route and route at /(a)/api/x/route');
  expect(err.files).toEqual([join(root, 'app/(b)/api/x/route.ts'), join(root, 'app/(a)/api/x/route.ts')]);
});

test('a route beside a page, in one folder or through groups', () => {
  tree(['app/api/x/route.ts', 'app/api/x/page.tsx']);
  expect(thrown(() => buildAppTable(join(root, 'app'), EXTENSIONS)).message.split('\n')[0]).toBe(
    'Conflicting route and page at /api/x: route at /api/x/route and page at /api/x/page',
  );
  rmSync(join(root, 'app/api/x/page.tsx'));
  tree(['app/(site)/api/x/page.tsx']);
  expect(thrown(() => buildAppTable(join(root, 'app'), EXTENSIONS)).message.split('\n')[0]).toBe(
    'Conflicting route and page at /api/x: route at /api/x/route and page at /(site)/api/x/page',
  );
});

test('Next 16\'s dynamic-segment errors for app routes (observed.md §15)', () => {
  const error = (files: string[]): string => {
    rmSync(root, { recursive: true, force: true });
    tree(files);
    return thrown(() => buildAppTable(join(root, 'app'), EXTENSIONS)).message;
  };
  expect(error(['app/api/s/[id]/route.ts', 'app/api/s/[slug]/route.ts']).split('\n').slice(0, 5)).toEqual([
    'Ambiguous app routes detected:',
    'Ambiguous route pattern "/api/s/[*]" matches multiple routes:',
    '  - /api/s/[id]',
    '  - /api/s/[slug]',
    'These routes cannot be distinguished from each other when matching URLs. Please ensure that dynamic segments have unique patterns or use different static segments.',
  ]);
  expect(error(['app/api/[id]/x/[id]/route.ts'])).toMatch(/^You cannot have the same slug name "id" repeat within a single dynamic path in route "\/api\/\[id\]\/x\/\[id\]"\./);
  expect(error(['app/api/k/[...slug]/x/route.ts'])).toMatch(/^Catch-all must be the last part of the URL in route "\/api\/k\/\[\.\.\.slug\]\/x"\./);
  expect(error(['app/api/o/[[...slug]]/x/route.ts'])).toMatch(/^Optional catch-all must be the last part of the URL in route "\/api\/o\/\[\[\.\.\.slug\]\]\/x"\./);
  expect(error(['app/api/c/[...a]/route.ts', 'app/api/c/[[...a]]/route.ts'])).toMatch(/^You cannot use both an required and optional catch-all route at the same level/);
  expect(error(['app/api/[a]/x/route.ts', 'app/api/[b]/y/route.ts'])).toMatch(/^You cannot use different slug names for the same dynamic path/);
});

test('§4\'s specificity error applies; [id] beside [...rest] builds', () => {
  tree(['app/api/p/[id]/route.ts', 'app/api/p/[...rest]/route.ts']);
  expect(buildAppTable(join(root, 'app'), EXTENSIONS).entries.map((e) => e.route)).toEqual(['/api/p/[id]', '/api/p/[...rest]']);
  rmSync(root, { recursive: true });
  tree(['app/api/route.ts', 'app/api/[[...b]]/route.ts']);
  expect(thrown(() => buildAppTable(join(root, 'app'), EXTENSIONS)).message).toMatch(
    /^You cannot define a route with the same specificity as a optional catch-all route \("\/api" and "\/api\[\[\.\.\.b\]\]"\)\./,
  );
});

test('page and layout files are ignored, with one warning', () => {
  tree(['app/layout.tsx', 'app/page.tsx', 'app/api/x/route.ts', 'app/about/page.tsx']);
  const logger = memoryLogger();
  const mw = appRoutes(join(root, 'app'), { logger });
  expect(mw.routes.map((r) => r.page)).toEqual(['/api/x']);
  expect(logger.lines).toHaveLength(1);
  expect(logger.lines[0]).toContain('3 page/layout files');
});

describe('a whole project: pages/api and app together (next build\'s checks)', () => {
  test('the same URL in both trees is Next\'s "Conflicting app and page file" error', () => {
    tree(['pages/api/x.ts', 'app/api/x/route.ts', 'app/api/y/route.ts']);
    const pages = buildTable(join(root, 'pages', 'api'), EXTENSIONS).entries;
    const app = buildAppTable(join(root, 'app'), EXTENSIONS).entries;
    const err = thrown(() => checkProjectConflicts(pages, app, root));
    expect(err.message.split('\n').slice(0, 4)).toEqual([
      'App Router and Pages Router both match path: /api/x',
      'Next.js does not support having both App Router and Pages Router routes matching the same path. Please remove one of the conflicting routes.',
      'Conflicting app and page file was found, please remove the conflicting files to continue:',
      '  "pages/api/x.ts" - "app/api/x/route.ts"',
    ]);
    tree(['pages/api/y.ts']);
    const both = thrown(() => checkProjectConflicts(buildTable(join(root, 'pages', 'api'), EXTENSIONS).entries, app, root));
    expect(both.message.split('\n')[2]).toBe('Conflicting app and page files were found, please remove the conflicting files to continue:');
  });

  test('the trees are sorted together: different slug names across them fail', () => {
    tree(['pages/api/[a].ts', 'app/api/[b]/route.ts']);
    const pages = buildTable(join(root, 'pages', 'api'), EXTENSIONS).entries;
    const app = buildAppTable(join(root, 'app'), EXTENSIONS).entries;
    expect(thrown(() => checkProjectConflicts(pages, app, root)).message).toMatch(/^You cannot use different slug names/);
  });

  test('distinct URLs pass', () => {
    tree(['pages/api/x.ts', 'app/api/y/route.ts']);
    expect(() => checkProjectConflicts(buildTable(join(root, 'pages', 'api'), EXTENSIONS).entries, buildAppTable(join(root, 'app'), EXTENSIONS).entries, root)).not.toThrow();
  });
});

test('a symlink that leads back to a folder above it is an error naming the link', () => {
  tree(['app/api/x/route.ts']);
  symlinkSync(join(root, 'app', 'api'), join(root, 'app', 'api', 'x', 'loop'));
  const err = thrown(() => buildAppTable(join(root, 'app'), EXTENSIONS));
  expect(err.code).toBe('ERR_ROUTES_FOLDER');
  expect(err.message).toBe(`next-api-express: routes folder ${join(root, 'app')} has a symlink cycle: ${join(root, 'app/api/x/loop')} leads back to ${join(root, 'app/api')}`);
});

// projectRoutes(): a whole Next project (pages/api and app together) on one
// mount, at the URLs `next start` gives it, matched in Next's one order
// across both trees, with next build's cross-tree checks
// (docs/next-behaviour.md §20 "Build errors for app routes", §23); and
// detectRoutesFolder(), which the CLI and createTestApp() decide by.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { detectRoutesFolder, projectRoutes, RouteTreeError, type ProjectRoutesOptions } from '../../lib';
import { closeServer, eventually, express4, express5, fixture, memoryLogger, removeDir, tempDir, writeAsEditorsDo, type ExpressFactory } from '../support';

const PROJECT = fixture('mixed-project');
const RSC_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';

function expressHost(express: ExpressFactory, mountPath: string) {
  return (options: ProjectRoutesOptions = {}): Server => {
    const app = express();
    app.disable('x-powered-by');
    app.use(mountPath, projectRoutes(PROJECT, { logger: memoryLogger(), ...options }));
    app.use((req, res) => {
      res.status(404).type('text').send(`host 404 for ${req.originalUrl}`);
    });
    return createServer(app);
  };
}

const HOSTS: Array<[string, (options?: ProjectRoutesOptions) => Server, string]> = [
  ['Express 5 at the root', expressHost(express5, '/'), ''],
  ['Express 4 under /v1', expressHost(express4, '/v1'), '/v1'],
  ['node:http with basePath /v1', (options = {}) => createServer(projectRoutes(PROJECT, { basePath: '/v1', logger: memoryLogger(), ...options })), '/v1'],
];

describe.each(HOSTS)('%s', (_name, host, prefix) => {
  let server: Server;
  beforeEach(() => {
    server = host();
  });
  afterEach(() => closeServer(server));

  test('both trees answer at their Next URLs, each as its own router does', async () => {
    const pages = await request(server).get(`${prefix}/api/items/7`);
    expect([pages.status, pages.body, pages.headers['vary']]).toEqual([200, { router: 'pages', id: '7' }, undefined]);
    expect(pages.headers['content-length']).toBe(String(JSON.stringify({ router: 'pages', id: '7' }).length));
    const app = await request(server).get(`${prefix}/api/orders/o-1`);
    expect([app.status, app.body, app.headers['vary'], app.headers['transfer-encoding']]).toEqual([200, { router: 'app', orderId: 'o-1' }, RSC_VARY, 'chunked']);
    const feed = await request(server).get(`${prefix}/feed.xml`);
    expect([feed.status, feed.headers['content-type'], feed.text]).toEqual([200, 'application/rss+xml; charset=utf-8', expect.stringContaining('<rss version="2.0">')]);
    const edge = await request(server).get(`${prefix}/api/geo`).set('X-Country', 'NL');
    // An edge API route: no RSC Vary (§34; Accept-Encoding is compression's, which is the host's).
    expect([edge.status, edge.body, edge.headers['vary']]).toEqual([200, { router: 'pages', runtime: 'edge', country: 'NL' }, undefined]);
  });

  test('a static App Router URL beats the Pages Router\'s dynamic sibling, as in Next', async () => {
    expect((await request(server).get(`${prefix}/api/items/featured`)).body).toEqual({ router: 'app', featured: ['a', 'b'] });
    expect((await request(server).get(`${prefix}/api/items/other`)).body).toEqual({ router: 'pages', id: 'other' });
  });

  test('App Router methods, slashes and unmatched URLs', async () => {
    const options = await request(server).options(`${prefix}/api/status`);
    expect([options.status, options.headers['allow']]).toEqual([204, 'GET, HEAD, OPTIONS']);
    const slash = await request(server).get(`${prefix}/api/items/7/?a=1`);
    expect([slash.status, slash.headers['location']]).toEqual([308, `${prefix}/api/items/7?a=1`]);
    const unmatched = await request(server).get(`${prefix}/api/nope`);
    expect(unmatched.status).toBe(404);
    // Route handlers only: the app's page.tsx serves nothing here.
    expect((await request(server).get(`${prefix}/`)).status).toBe(404);
  });

  test('with pages/ in the project, an App Router segment that does not decode is the Pages Router\'s 400 (§23)', async () => {
    const res = await request(server).get(`${prefix}/api/orders/%E0%A4%A`);
    expect([res.status, res.text]).toEqual([400, 'Bad Request']);
  });
});

describe('the project as a whole', () => {
  test('routes: both trees in one table, in the order requests are matched, each row saying its router', () => {
    const mw = projectRoutes(PROJECT, { logger: memoryLogger() });
    expect(mw.routes.map((r) => [r.route, r.router, r.kind])).toEqual([
      ['/api/geo', 'pages', 'static'],
      ['/api/items/featured', 'app', 'static'],
      ['/api/items/[id]', 'pages', 'dynamic'],
      ['/api/legacy', 'pages', 'static'],
      ['/api/orders/[orderId]', 'app', 'dynamic'],
      ['/api/status', 'app', 'static'],
      ['/feed.xml', 'app', 'static'],
    ]);
    expect(mw.folders).toEqual({ pagesApi: join(PROJECT, 'pages', 'api'), app: join(PROJECT, 'app') });
    expect(mw.explain('/api/items/featured')).toMatchObject({ outcome: 'match', route: { router: 'app', file: join(PROJECT, 'app/api/items/featured/route.ts') } });
    expect(mw.explain('/api/orders/%ZZ')).toMatchObject({ outcome: 'bad-request', status: 400, route: { router: 'app' } });
  });

  test('ready() loads both trees; configs then show in routes', async () => {
    const mw = projectRoutes(PROJECT, { logger: memoryLogger() });
    await mw.ready();
    const byRoute = new Map(mw.routes.map((r) => [r.route, r]));
    expect(byRoute.get('/api/geo')?.config).toMatchObject({ runtime: 'edge' });
    expect(byRoute.get('/api/status')?.config).toMatchObject({ dynamic: 'force-dynamic' });
  });

  test('options: those of apiRoutes() plus cache; a typo throws', () => {
    expect(() => projectRoutes(PROJECT, { bogus: 1 } as never)).toThrow('option "bogus" is not an option');
    expect(() => projectRoutes(PROJECT, { cache: {} as never })).toThrow('option "cache" must be a store');
    expect(() => projectRoutes(PROJECT, { revalidate: async () => {}, logger: memoryLogger() })).not.toThrow();
    expect(() => projectRoutes('')).toThrow(TypeError);
  });
});

describe('next build\'s checks across the trees', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('project');
  });
  afterEach(() => removeDir(dir));
  const write = (files: Record<string, string>): void => {
    for (const [path, text] of Object.entries(files)) writeAsEditorsDo(dir, path, text);
  };
  const PAGE = 'export default (req, res) => res.end();\n';
  const ROUTE = 'export const GET = () => new Response("x");\n';

  function thrown(fn: () => unknown): RouteTreeError {
    try {
      fn();
    } catch (err) {
      return err as RouteTreeError;
    }
    throw new Error('did not throw');
  }

  test('one URL in both trees: Next\'s error, naming both files', () => {
    write({ 'pages/api/users/index.js': PAGE, 'app/api/users/route.ts': ROUTE, 'app/api/other/route.ts': ROUTE });
    const err = thrown(() => projectRoutes(dir, { logger: memoryLogger() }));
    expect(err).toBeInstanceOf(RouteTreeError);
    expect(err.code).toBe('ERR_ROUTE_CONFLICT');
    expect(err.message.split('\n').slice(0, 4)).toEqual([
      'App Router and Pages Router both match path: /api/users',
      'Next.js does not support having both App Router and Pages Router routes matching the same path. Please remove one of the conflicting routes.',
      'Conflicting app and page file was found, please remove the conflicting files to continue:',
      '  "pages/api/users/index.js" - "app/api/users/route.ts"',
    ]);
    expect(err.files).toEqual([join(dir, 'pages/api/users/index.js'), join(dir, 'app/api/users/route.ts')]);
  });

  test('dynamic segments are sorted across both trees: different slug names fail', () => {
    write({ 'pages/api/posts/[id].js': PAGE, 'app/api/posts/[slug]/comments/route.ts': ROUTE });
    expect(thrown(() => projectRoutes(dir, { logger: memoryLogger() })).message).toMatch(/^You cannot use different slug names for the same dynamic path \('id' !== 'slug'\)\./);
  });

  test('no pages/ or app/: an error saying what a project folder holds', () => {
    write({ 'lib/x.ts': 'export {};\n' });
    const err = thrown(() => projectRoutes(dir));
    expect([err.code, err.message]).toEqual(['ERR_ROUTES_FOLDER', expect.stringContaining("Couldn't find any `pages` or `app` directory")]);
  });

  test('src/pages and src/app, as Next finds them; pages/ and app/ at the root win over src/', async () => {
    write({ 'src/pages/api/a.js': 'export default (req, res) => res.send("src pages");\n', 'src/app/api/b/route.ts': 'export const GET = () => new Response("src app");\n' });
    const mw = projectRoutes(dir, { logger: memoryLogger() });
    expect(mw.routes.map((r) => r.file)).toEqual([join(dir, 'src/pages/api/a.js'), join(dir, 'src/app/api/b/route.ts')]);
    expect((await request(createServer(mw)).get('/api/b')).text).toBe('src app');
    write({ 'app/api/c/route.ts': ROUTE });
    expect(projectRoutes(dir, { logger: memoryLogger() }).folders).toEqual({ pagesApi: join(dir, 'src/pages/api'), app: join(dir, 'app') });
  });

  test('an App Router-only project: an undecodable segment is the App Router\'s own 500', async () => {
    write({ 'app/api/u/[id]/route.ts': 'export const GET = () => new Response("u");\n' });
    const res = await request(createServer(projectRoutes(dir, { logger: memoryLogger() }))).get('/api/u/%ZZ');
    expect([res.status, res.text]).toEqual([500, 'Internal Server Error']);
  });

  test('ready() rejects once, listing the files of both trees that do not load', async () => {
    write({ 'pages/api/bad.js': 'export default (;\n', 'app/api/broken/route.ts': 'export const GET = 42;\n' });
    const mw = projectRoutes(dir, { logger: memoryLogger() });
    const err = (await mw.ready().catch((e: unknown) => e)) as AggregateError;
    expect(err).toBeInstanceOf(AggregateError);
    expect(err.errors.map((e: { file: string }) => e.file).sort()).toEqual([join(dir, 'app/api/broken/route.ts'), join(dir, 'pages/api/bad.js')]);
    expect(err.message).toMatch(/^next-api-express: 2 route files failed to load:/);
  });

  test('watch mode: a new route in either tree is served; a conflict is logged and the previous table keeps serving', async () => {
    write({ 'pages/api/a.js': 'export default (req, res) => res.send("a");\n', 'app/api/b/route.ts': 'export const GET = () => new Response("b");\n' });
    const logger = memoryLogger();
    const mw = projectRoutes(dir, { logger, watch: true });
    const server = createServer(mw);
    try {
      write({ 'app/api/c/route.ts': 'export const GET = () => new Response("c");\n' });
      await eventually(async () => expect((await request(server).get('/api/c')).text).toBe('c'));
      write({ 'pages/api/b.js': 'export default (req, res) => res.send("pages b");\n' });
      await eventually(async () => {
        await request(server).get('/api/b');
        expect(logger.text()).toContain('App Router and Pages Router both match path: /api/b');
      });
      expect(logger.text()).toContain('(the previous route table keeps serving until this is fixed)');
      expect((await request(server).get('/api/b')).text).toBe('b');
      removeDir(join(dir, 'pages/api/b.js'));
      await eventually(async () => {
        await request(server).get('/api/b');
        expect(logger.text()).toContain("the project's routes are valid again");
      });
      expect(mw.routes.map((r) => r.route)).toEqual(['/api/a', '/api/b', '/api/c']);
    } finally {
      await mw.close();
      await closeServer(server);
    }
  });
});

describe('detectRoutesFolder(): what the CLI and createTestApp() take a folder for', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('detect');
    for (const path of ['proj/pages/api/app/x.js', 'proj/app/api/h/route.ts', 'srcproj/src/app/api/h/route.ts', 'api/hello.js', 'app/routes/hello.js', 'pages/site/pages/api/x.js']) {
      writeAsEditorsDo(dir, path, 'export {};\n');
    }
  });
  afterAll(() => removeDir(dir));

  test.each([
    ['proj', 'project', ''],
    ['srcproj', 'project', ''],
    ['proj/pages/api', 'pages-api', '/api'],
    ['proj/app', 'app', ''],
    ['proj/app/api', 'app', '/api'],
    ['srcproj/src/app/api', 'app', '/api'],
    // A folder of pages/api files under a folder that happens to be named app (a Docker WORKDIR): no route.ts, so pages/api.
    ['app/routes', 'pages-api', '/api'],
    ['api', 'pages-api', '/api'],
    ['pages/site', 'project', ''],
  ])('%s is a %s folder served at "%s"', (path, kind, url) => {
    expect(detectRoutesFolder(join(dir, path))).toMatchObject({ kind, url, root: join(dir, path) });
  });
});

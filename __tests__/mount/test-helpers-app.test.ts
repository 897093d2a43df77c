// `next-api-express/testing` for the App Router, from source: createTestApp
// over an App Router folder and a whole project, and testRoute on route
// modules — each answering exactly as appRoutes()/projectRoutes() do. The
// built package under jest and vitest is covered by ../runners.test.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { appRoutes, NextResponse, projectRoutes, RouteLoadError, type NextRequest } from '../../lib';
import { createTestApp, testRoute } from '../../lib/testing';
import { cookies } from '../../lib/web/next/headers';
import { redirect } from '../../lib/web/next/navigation';
import { appDir, fixture, logged, reasonPhrase, removeDir, tempDir, writeAsEditorsDo } from '../support';

type App = Parameters<typeof request>[0];

/** What a response looks like on the wire, minus what changes per request. */
async function wire(app: App, method: 'get' | 'head' | 'options' | 'delete' | 'post' | 'put', path: string, headers: Record<string, string> = {}): Promise<unknown> {
  let req = request(app)[method](path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  const res = await req;
  const { date, connection, 'keep-alive': keepAlive, ...rest } = res.headers;
  return { status: res.status, reason: reasonPhrase(res), headers: rest, body: res.text };
}

describe('createTestApp with an App Router folder or a project', () => {
  test('an App Router folder is served at its URL in the app, as appRoutes() serves it', async () => {
    const app = createTestApp(appDir, { logger: false, dev: false });
    const mounted = appRoutes(appDir, { basePath: '/api', logger: { error() {}, warn() {} }, dev: false });
    const production = createServer((req: IncomingMessage, res: ServerResponse) => mounted(req, res));
    for (const path of ['/api/hello', '/api/users/a%20b', '/api/hello/', '/api/nope', '/api/users/%ZZ', '/api/errors/throws', '/api/errors/undefined']) {
      expect(await wire(app, 'get', path)).toEqual(await wire(production, 'get', path));
    }
    expect(await wire(app, 'options', '/api/methods')).toEqual(await wire(production, 'options', '/api/methods'));
    expect(app.routes.find((r) => r.route === '/users/[id]')).toMatchObject({ router: 'app', page: '/api/users/[id]', kind: 'dynamic' });
  });

  test('the whole app folder, at the root: the same URLs', async () => {
    const app = createTestApp(join(appDir, '..'), { logger: false });
    await request(app).get('/api/users/7').expect(200, { id: '7' });
    expect(logged(app, 'warn')).toEqual([expect.stringContaining('2 page/layout files')]);
  });

  test('a project: both trees, as projectRoutes() serves them; routes say which router', async () => {
    const project = fixture('mixed-project');
    const app = createTestApp(project, { logger: false });
    const production = createServer(projectRoutes(project, { logger: { error() {}, warn() {} } }));
    for (const path of ['/api/items/featured', '/api/items/1', '/api/orders/o', '/feed.xml', '/api/orders/%ZZ']) {
      expect(await wire(app, 'get', path)).toEqual(await wire(production, 'get', path));
    }
    expect(app.routes.map((r) => `${r.router} ${r.route}`)).toContain('app /api/items/featured');
    expect(app.routes.map((r) => `${r.router} ${r.route}`)).toContain('pages /api/items/[id]');
  });

  test('a handler error: Next\'s empty 500, the error kept in app.errors and its log line in app.logs', async () => {
    const app = createTestApp(appDir, { logger: false, dev: false });
    await request(app).get('/api/errors/throws').expect(500, '');
    expect(app.errors).toEqual([new Error('handler exploded')]);
    expect(logged(app, 'error')[0]).toMatch(/^⨯ Error: handler exploded/);
  });
});

describe('testRoute: one route module, answered as appRoutes() answers its file', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    // A route file both appRoutes() (through its loader) and this test (through require) can load.
    dir = tempDir('test-route');
    writeAsEditorsDo(
      dir,
      'app/api/echo/[id]/route.js',
      [
        'exports.GET = async (request, { params }) => Response.json({ id: (await params).id, search: new URL(request.url).search }, { headers: { "X-Method": request.method } });',
        'exports.DELETE = () => new Response(null, { status: 204, statusText: "Gone Now" });',
        'exports.PUT = () => { throw new Error("put failed"); };',
        '',
      ].join('\n'),
    );
    file = join(dir, 'app/api/echo/[id]/route.js');
  });
  afterAll(() => removeDir(dir));

  test('the same answers as createTestApp over the folder: GET, HEAD, OPTIONS, 405, 308, RSC, 404', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const routeModule = require(file) as object;
    const single = testRoute(routeModule, { route: '/api/echo/[id]', logger: false });
    const folder = createTestApp(join(dir, 'app'), { logger: false });
    const cases: Array<[Parameters<typeof wire>[1], string, Record<string, string>?]> = [
      ['get', '/api/echo/1?x=a%20b'],
      ['head', '/api/echo/1'],
      ['options', '/api/echo/1'],
      ['post', '/api/echo/1'],
      ['delete', '/api/echo/2'],
      ['put', '/api/echo/3'],
      ['get', '/api/echo/1/'],
      ['get', '/api/echo/1', { RSC: '1' }],
      ['get', '/api/echo'],
    ];
    for (const [method, path, headers] of cases) {
      expect({ method, path, answer: await wire(single, method, path, headers) }).toEqual({ method, path, answer: await wire(folder, method, path, headers) });
    }
    expect(await wire(single, 'delete', '/api/echo/2')).toMatchObject({ status: 204, reason: 'Gone Now' });
    expect(single.errors).toEqual([new Error('put failed')]);
  });

  test('without a route every URL reaches the module; params are given', async () => {
    const app = testRoute(
      { GET: async (_req: NextRequest, { params }: { params: Promise<{ slug: string[] }> }) => Response.json(await params) },
      { params: { slug: ['a', 'b'] }, logger: false },
    );
    await request(app).get('/anything/at/all').expect(200, { slug: ['a', 'b'] });
  });

  test('next/headers and next/navigation work inside: a session cookie set on a redirect', async () => {
    const session = {
      async POST(req: NextRequest) {
        const { user } = (await req.json()) as { user: string };
        (await cookies()).set('session', user, { httpOnly: true });
        redirect('/api/me');
      },
      async GET() {
        return NextResponse.json({ session: (await cookies()).get('session')?.value ?? null });
      },
    };
    const app = testRoute(session, { route: '/api/session', logger: false });
    const login = await request(app).post('/api/session').send({ user: 'ada' });
    expect([login.status, login.headers['location'], login.headers['set-cookie']]).toEqual([307, '/api/me', ['session=ada; Path=/; HttpOnly']]);
    await request(app).get('/api/session').set('Cookie', 'session=ada').expect(200, { session: 'ada' });
  });

  test('errors: a throw is an empty 500 kept in app.errors; no Response names the module', async () => {
    const app = testRoute({ GET: () => { throw new Error('boom'); }, POST: () => ({ not: 'a response' }) }, { logger: false });
    await request(app).get('/').expect(500, '');
    expect(app.errors).toEqual([new Error('boom')]);
    await request(app).post('/x').expect(500, '');
    expect(String(app.errors[1])).toBe(
      "Error: No response is returned from route handler 'testRoute(GET, POST)'. Expected a Response object but received 'Object' (method: POST, url: /x). Ensure you return a `Response` or a `NextResponse` in all branches of your handler.",
    );
  });

  test('segment config from the module or the config option: force-static is rendered once and served from the cache', async () => {
    let renders = 0;
    const app = testRoute({ GET: () => Response.json({ renders: ++renders }) }, { route: '/api/time', config: { dynamic: 'force-static' }, logger: false });
    const first = await request(app).get('/api/time?a=1');
    expect([first.body, first.headers['cache-control'], first.headers['x-nextjs-cache']]).toEqual([{ renders: 1 }, 's-maxage=31536000', 'HIT']);
    expect((await request(app).get('/api/time?b=2')).body).toEqual({ renders: 1 });
    await request(app).post('/api/time').expect(405, 'Method Not Allowed');
  });

  test('a bad export or segment config throws when the app is made, with Next\'s message', () => {
    expect(() => testRoute({ GET: 42 })).toThrow(RouteLoadError);
    expect(() => testRoute({ GET: () => new Response('x') }, { config: { dynamic: 'bogus' as never } })).toThrow(
      /Next\.js can't recognize the exported `dynamic` field in route\. It has an invalid value: unknown variant `bogus`/,
    );
    expect(() => testRoute(null as never)).toThrow(TypeError);
    expect(() => testRoute({}, { onError: 'next' } as never)).toThrow('option "onError" is not an option of the test helpers');
    expect(() => testRoute({}, { route: 'api/x' })).toThrow('option "route" must be a page path');
  });
});

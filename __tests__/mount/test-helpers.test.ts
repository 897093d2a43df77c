// `next-api-express/testing` from source: createTestApp over the fixture
// folders, testHandler on handlers written here. The built package under each
// test runner is covered by ../runners.test.ts.
import request from 'supertest';
import { apiRoutes, RouteLoadError, type NextApiHandler, type NextApiRequest, type NextApiResponse } from '../../lib';
import { createTestApp, testHandler, testRoute } from '../../lib/testing';
import { TEST_OPTIONS } from '../../lib/mount/test-app-parts';
import { fixture, memoryLogger, plainServer, reasonPhrase } from '../support';

const nextProject = fixture('next-project', 'src', 'pages', 'api');

/** What a response looks like on the wire, minus the headers that change per request. */
async function wire(app: Parameters<typeof request>[0], path: string): Promise<unknown> {
  const res = await request(app).get(path);
  const { date, connection, 'keep-alive': keepAlive, ...headers } = res.headers;
  return { status: res.status, reason: reasonPhrase(res), headers, body: res.text };
}

describe('createTestApp: the folder served as apiRoutes() serves it (README "createTestApp(dir, options?)")', () => {
  const app = createTestApp(nextProject, { logger: false });
  beforeEach(() => app.clear());

  test('serves the folder at /api, as apiRoutes does', async () => {
    await request(app).get('/api/hello').expect(200, { name: 'John Doe' });
    await request(app).get('/api/users/2').expect(200, { user: { id: '2', name: 'Linus', role: 0 }, isAdmin: false });
    expect(await wire(app, '/api/users/2')).toEqual(await wire(plainServer(nextProject), '/api/users/2'));
  });

  test('an unmatched URL is a plain 404, as apiRoutes without a next()', async () => {
    expect(await wire(app, '/api/nope')).toEqual(await wire(plainServer(nextProject), '/api/nope'));
    expect(await wire(app, '/elsewhere')).toEqual({
      status: 404,
      reason: 'Not Found',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': '9' },
      body: 'Not Found',
    });
  });

  test('routes is the folder’s route table', () => {
    expect(app.routes.map((r) => r.page)).toEqual(apiRoutes(nextProject).routes.map((r) => r.page));
  });

  test('basePath and other apiRoutes options pass through', async () => {
    const mounted = createTestApp(nextProject, { basePath: '/v1', trailingSlash: 'ignore', logger: false });
    await request(mounted).get('/v1/hello/').expect(200, { name: 'John Doe' });
    await request(mounted).get('/api/hello').expect(404, 'Not Found');
  });
});

describe('handler errors: answered as apiRoutes() answers them, and kept in app.errors (README "Handler errors in tests")', () => {
  const mounting = fixture('mounting');

  test('answer exactly what apiRoutes answers, and are kept in app.errors', async () => {
    const app = createTestApp(mounting, { logger: false });
    const production = plainServer(mounting);
    expect(await wire(app, '/api/fail')).toEqual(await wire(production, '/api/fail'));
    expect(await wire(app, '/api/fail')).toEqual({
      status: 500,
      reason: 'Internal Server Error',
      headers: { 'x-before-throw': '1', 'transfer-encoding': 'chunked' },
      body: 'Internal Server Error',
    });
    expect(app.errors).toEqual([new Error('handler failed'), new Error('handler failed')]);
    expect(app.logs.map((l) => [l.level, l.message.split('\n')[0]])).toEqual([
      ['error', `Error in API route /api/fail (${mounting}/fail.js): Error: handler failed`],
      ['error', `Error in API route /api/fail (${mounting}/fail.js): Error: handler failed`],
    ]);
  });

  test('a route file that fails to load is a 500 with its load error in app.errors', async () => {
    const app = createTestApp(fixture('broken-project', 'pages', 'api'), { logger: false });
    await request(app).get('/api/throws-at-load').expect(500, 'Internal Server Error');
    await request(app).get('/api/ok').expect(200, { ok: true });
    expect(app.errors).toHaveLength(1);
    const [error] = app.errors;
    expect(error).toBeInstanceOf(RouteLoadError);
    expect((error as RouteLoadError).code).toBe('ERR_ROUTE_LOAD');
    expect((error as RouteLoadError).message).toContain('Error: database URL not set');
    await expect(app.ready()).rejects.toThrow(/route files? failed to load/);
  });

  test('an error after the response started is logged by the library and still kept', async () => {
    const late: NextApiHandler = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial ');
      throw new Error('late failure');
    };
    const app = testHandler(late, { logger: false });
    const res = await request(app).get('/');
    expect([res.status, res.text]).toEqual([200, 'partial Internal Server Error']);
    expect(app.errors).toEqual([new Error('late failure')]);
  });

  test('a thrown non-Error value is kept as thrown', async () => {
    const app = testHandler(() => Promise.reject('plain string'), { logger: false });
    await request(app).get('/').expect(500, 'Internal Server Error');
    expect(app.errors).toEqual(['plain string']);
  });

  test('clear() forgets errors and logs', async () => {
    const app = createTestApp(mounting, { logger: false });
    await request(app).get('/api/fail').expect(500);
    app.clear();
    expect([app.errors, app.logs]).toEqual([[], []]);
  });
});

describe('log lines: kept in app.logs, forwarded unless logger: false', () => {
  const returnsValue: NextApiHandler = (req, res) => {
    res.end('ok');
    return 42;
  };

  test('dev warnings are kept in app.logs and forwarded to the logger', async () => {
    const logger = memoryLogger();
    const app = testHandler(returnsValue, { dev: true, logger });
    await request(app).get('/').expect(200, 'ok');
    expect(app.logs).toEqual([{ level: 'warn', message: 'API handler should not return a value, received number.' }]);
    expect(logger.lines).toEqual(['warn: API handler should not return a value, received number.']);
  });

  test('logger: false keeps them only in app.logs', async () => {
    const app = testHandler(returnsValue, { dev: true, logger: false });
    await request(app).get('/').expect(200, 'ok');
    expect(app.logs).toHaveLength(1);
  });
});

describe('testHandler: one handler run as a route file exporting it would be (README "testHandler(handler, options?)")', () => {
  const echo = (req: NextApiRequest, res: NextApiResponse) => res.json({ url: req.url, method: req.method, query: req.query, body: req.body });

  test('every URL and method reaches the handler, which sees the URL as sent', async () => {
    const app = testHandler(echo);
    await request(app).delete('/any/path?q=1').expect(200, { url: '/any/path?q=1', method: 'DELETE', query: { q: '1' }, body: '' });
  });

  test('params are merged into req.query over the query string', async () => {
    const app = testHandler(echo, { params: { id: '1', slug: ['a', 'b'] } });
    await request(app).get('/?id=2&x=3').expect(200, { url: '/?id=2&x=3', method: 'GET', query: { id: '1', x: '3', slug: ['a', 'b'] }, body: '' });
  });

  test('route: matched as apiRoutes matches a file at that page', async () => {
    const app = testHandler(echo, { route: '/api/users/[id]', params: { tab: 'x' } });
    await request(app).get('/api/users/a%20b').expect(200, { url: '/api/users/a%20b', method: 'GET', query: { id: 'a b', tab: 'x' }, body: '' });
    await request(app).get('/api/users/1/').expect(308).expect('location', '/api/users/1');
    await request(app).get('/api/users/%E0').expect(400, 'Bad Request');
    await request(app).get('/api/other').expect(404, 'Not Found');
  });

  test('config bodyParser: false leaves the stream to the handler', async () => {
    const raw: NextApiHandler = async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      res.json({ bodyUndefined: req.body === undefined, raw: Buffer.concat(chunks).toString() });
    };
    const app = testHandler(raw, { config: { api: { bodyParser: false } } });
    await request(app).post('/').set('Content-Type', 'application/json').send('{"a":1}').expect(200, { bodyUndefined: true, raw: '{"a":1}' });
  });

  test('config sizeLimit: Next’s 413 above it', async () => {
    const app = testHandler(echo, { config: { api: { bodyParser: { sizeLimit: '10b' } } } });
    await request(app).post('/').send({ n: 1 }).expect(200);
    const res = await request(app).post('/').send({ long: 'eleven+' });
    expect([res.status, reasonPhrase(res), res.text]).toEqual([413, 'Body exceeded 10b limit', 'Body exceeded 10b limit']);
  });

  test('the response helpers are Next’s', async () => {
    await request(testHandler((req, res) => void res.redirect('/x'))).get('/').expect(307).expect('location', '/x');
  });

  test('a bad config throws at testHandler(), naming the handler and the key', () => {
    const named = function users(): void {};
    expect(() => testHandler(named, { config: { api: { bodyParser: { sizeLimit: 'lots' } } } })).toThrow(
      'Invalid `export const config` in testHandler(users): api.bodyParser.sizeLimit is not a size such as "500kb" or "1mb" (received "lots")',
    );
  });
});

describe('the test helpers validate their options', () => {
  const handler: NextApiHandler = (req, res) => res.end();

  test.each([
    ['throwErrors', { throwErrors: 'yes' }, 'next-api-express: option "throwErrors" must be true or false (received "yes")'],
    ['logger', { logger: {} }, 'next-api-express: option "logger" must have error() and warn() methods, like console, or be false'],
    ['onError', { onError: 'next' }, 'next-api-express: option "onError" is not an option of the test helpers: a handler error is answered with 500 and kept in app.errors'],
    ['params', { params: { id: 1 } }, 'next-api-express: option "params" must be an object of strings or string arrays, e.g. { id: "1" }'],
    ['route', { route: 'api/x' }, 'next-api-express: option "route" must be a page path such as "/api/users/[id]" (received "api/x")'],
  ])('testHandler rejects a bad %s', (_name, options, message) => {
    expect(() => testHandler(handler, options as never)).toThrow(new TypeError(message));
  });

  test('createTestApp rejects onError and apiRoutes’s own bad options', () => {
    expect(() => createTestApp(nextProject, { onError: 'next' } as never)).toThrow(TypeError);
    expect(() => createTestApp(nextProject, { trailingSlash: 'always' } as never)).toThrow(/option "trailingSlash"/);
  });

  test.each([
    ['createTestApp', () => createTestApp(nextProject, { throwError: true } as never), 'throwError', 'throwErrors'],
    ['testHandler', () => testHandler(handler, { param: { id: '1' } } as never), 'param', 'params'],
    ['testRoute', () => testRoute({}, { rout: '/api/x' } as never), 'rout', 'route'],
  ])('%s: a misspelt option names the nearest one it takes, and its own list', (helper, make, given, near) => {
    const known = TEST_OPTIONS[helper as keyof typeof TEST_OPTIONS];
    expect(make).toThrow(new TypeError(`next-api-express: option "${given}" is not an option of ${helper}() (did you mean "${near}"?) (known: ${known.join(', ')})`));
    expect(known).toContain(near);
    expect(known).not.toContain('onError');
  });

  test.each(['watch', 'basePath', 'compileCache', 'pageExtensions'])('testHandler refuses %s, which only means something for a folder', (name) => {
    expect(() => testHandler(handler, { [name]: undefined } as never)).toThrow(new RegExp(`^next-api-express: option "${name}" is not an option of testHandler\\(\\)`));
  });

  test('testHandler needs a function', () => {
    expect(() => testHandler('handler' as never)).toThrow(new TypeError('next-api-express: testHandler(handler) needs a handler function (received string)'));
  });

  test('a route with an invalid segment fails as a route file would', () => {
    expect(() => testHandler(handler, { route: '/api/[...a]/b' })).toThrow('Catch-all must be the last part of the URL.');
  });
});

// The mounting contract (README "Using it", docs/design.md "Coexisting with Express"):
// apiRoutes() among a host's own middleware on Express 5, Express 4, Connect and node:http.
import request from 'supertest';
import { createServer } from 'node:http';
import express5 from 'express';
import cookieParser from 'cookie-parser';
import { apiRoutes } from '../../lib';
import { connectApp, express4, fixture, memoryLogger, plainServer, type ExpressFactory } from '../support';

const dir = fixture('mounting');

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
] as Array<[string, ExpressFactory]>)("%s: apiRoutes() among the app's own middleware", (_name, express) => {
  test('middleware before and after; unmatched requests reach the next route', async () => {
    const app = express();
    const seen: string[] = [];
    app.use((req, res, next) => {
      req.headers['x-before'] = 'yes';
      seen.push(`before ${req.url}`);
      next();
    });
    app.use('/api', apiRoutes(dir, { logger: memoryLogger() }));
    app.get('/api/own', (req, res) => {
      res.json({ own: true, url: req.url });
    });
    app.use((req, res) => {
      res.status(404).send('host 404');
    });
    const inspect = await request(app).get('/api/inspect?a=1&a=2');
    // Express 4 defines an own req.query before any middleware (overwritten with Next's);
    // on Express 5 Next's query is an accessor on the derived prototype (docs/design.md).
    expect(inspect.body).toMatchObject({ url: '/api/inspect?a=1&a=2', query: { a: ['1', '2'] }, queryIsOwnData: express === express4, before: 'yes' });
    expect((await request(app).get('/api/own')).body).toEqual({ own: true, url: '/api/own' });
    const missing = await request(app).get('/api/missing');
    expect([missing.status, missing.text]).toEqual([404, 'host 404']);
    expect(seen).toEqual(['before /api/inspect?a=1&a=2', 'before /api/own', 'before /api/missing']);
  });

  test('router req.url is restored after the handler; later middleware sees the mount-relative URL', async () => {
    const app = express();
    const seen: Array<import('node:http').IncomingMessage> = [];
    const router = express.Router();
    router.use((req, res, next) => {
      seen.push(req);
      next();
    });
    router.use(apiRoutes(dir, { logger: memoryLogger() }));
    app.use('/v2/things', router);
    const res = await request(app).get('/v2/things/inspect?x=1');
    expect(res.body.url).toBe('/v2/things/inspect?x=1');
    // The handler settled before the response reached the client: the router's URL is back.
    expect(seen.map((req) => req.url)).toEqual(['/inspect?x=1']);
  });

  test("mounted at another path: app.use('/v2', ...)", async () => {
    const app = express();
    app.use('/v2', apiRoutes(dir, { logger: memoryLogger() }));
    const res = await request(app).get('/v2/inspect');
    expect(res.body.url).toBe('/v2/inspect');
    const redirect = await request(app).get('/v2/inspect/').redirects(0);
    expect([redirect.status, redirect.headers.location]).toEqual([308, '/v2/inspect']);
  });

  test('mounted at the root', async () => {
    const app = express();
    app.use(apiRoutes(dir, { logger: memoryLogger() }));
    expect((await request(app).get('/inspect')).body.url).toBe('/inspect');
  });

  test('cookie-parser and express.json() upstream: no crash, no hang, signedCookies kept', async () => {
    const app = express();
    app.use(cookieParser('secret'));
    app.use(express.json());
    app.use('/api', apiRoutes(dir, { logger: memoryLogger() }));
    const res = await request(app).post('/api/inspect').set('Cookie', 'a=1; b="q"').send({ posted: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ body: { posted: true }, cookies: { a: '1', b: 'q' }, signedCookies: {} });
  });

  test('bodyParser: false routes get the raw stream; a parser mounted before them is warned about once', async () => {
    const clean = express();
    clean.use('/api', apiRoutes(dir, { logger: memoryLogger() }));
    expect((await request(clean).post('/api/webhook').send({ signed: 1 })).body).toEqual({ raw: '{"signed":1}', body: 'undefined' });

    const logger = memoryLogger();
    const drained = express();
    drained.use(express.json());
    drained.use('/api', apiRoutes(dir, { logger }));
    for (let i = 0; i < 2; i++) {
      expect((await request(drained).post('/api/webhook').send({ signed: 1 })).body).toEqual({ raw: '', body: 'object' });
    }
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn: API route \/api\/webhook \(.*webhook\.js\) has config\.api\.bodyParser = false, but middleware before it already read the request body/);
  });

  test("Next's helpers, not Express's: redirect is 307, send(string) has no Content-Type", async () => {
    const app = express();
    app.use('/api', apiRoutes(dir, { logger: memoryLogger() }));
    const redirect = await request(app).get('/api/go').redirects(0);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.location).toBe('/somewhere');
    expect(redirect.text).toBe('/somewhere');
    const text = await request(app).get('/api/text');
    expect(text.headers['content-type']).toBeUndefined();
    expect(text.headers.etag).toBe('"10axjfs9yab5"');
    expect(text.headers['x-powered-by']).toBe('Express');
    // Express's own routes keep Express's helpers.
    app.get('/plain', (req, res) => {
      res.redirect('/x');
    });
    expect((await request(app).get('/plain').redirects(0)).status).toBe(302);
  });

  test("Express's prototypes are never modified", async () => {
    const app = express();
    const before = new Map(Object.getOwnPropertyNames(express.response).map((k) => [k, Object.getOwnPropertyDescriptor(express.response, k)]));
    const beforeReq = new Map(Object.getOwnPropertyNames(express.request).map((k) => [k, Object.getOwnPropertyDescriptor(express.request, k)]));
    app.use('/api', apiRoutes(dir, { logger: memoryLogger() }));
    await request(app).get('/api/inspect');
    await request(app).get('/api/go');
    const after = new Map(Object.getOwnPropertyNames(express.response).map((k) => [k, Object.getOwnPropertyDescriptor(express.response, k)]));
    const afterReq = new Map(Object.getOwnPropertyNames(express.request).map((k) => [k, Object.getOwnPropertyDescriptor(express.request, k)]));
    expect(after).toEqual(before);
    expect(afterReq).toEqual(beforeReq);
  });

  test("onError: 'next' reaches Express error middleware with req.url restored", async () => {
    const app = express();
    app.use('/api', apiRoutes(dir, { logger: memoryLogger(), onError: 'next' }));
    // Mounted on the same path: it sees the router's mount-relative req.url again.
    app.use('/api', (err: Error, req: import('express').Request, res: import('express').Response, _next: import('express').NextFunction) => {
      res.status(502).json({ message: err.message, url: req.url, originalUrl: req.originalUrl });
    });
    const res = await request(app).get('/api/fail');
    expect(res.status).toBe(502);
    expect(res.headers['x-before-throw']).toBe('1');
    expect(res.body).toEqual({ message: 'handler failed', url: '/fail', originalUrl: '/api/fail' });
  });
});

test('Connect: app.use("/api", apiRoutes(dir))', async () => {
  const server = connectApp(dir);
  expect((await request(server).get('/api/inspect?c=3')).body).toMatchObject({ url: '/api/inspect?c=3', query: { c: '3' } });
  expect((await request(server).get('/api/none')).text).toBe('connect 404');
});

test('node:http with basePath', async () => {
  const server = plainServer(dir);
  expect((await request(server).get('/api/inspect?d=4')).body).toMatchObject({ url: '/api/inspect?d=4', query: { d: '4' } });
  const res = await request(server).get('/api/none');
  expect([res.status, res.text]).toEqual([404, 'Not Found']);
});

test('node:http without basePath serves from the root', async () => {
  const server = createServer(apiRoutes(dir, { logger: memoryLogger() }));
  expect((await request(server).get('/inspect')).body.url).toBe('/inspect');
});

// Route precedence and URL normalisation over real sockets (docs/next-behaviour.md §3, §4, §5),
// on Express 5, Express 4 and node:http with basePath.
import request from 'supertest';
import type { Server } from 'node:http';
import express5 from 'express';
import { apiRoutes } from '../lib';
import { express4, expressApp, fixture, memoryLogger, plainServer } from './helpers/hosts';

const dir = fixture('routing');

type Row = [url: string, file: string | null, query: Record<string, unknown> | null];

// Every row of docs/next-behaviour.md §4 "precedence observed" and the routing items of §17 (118–142).
const precedence: Row[] = [
  ['/api', 'index.js', {}],
  ['/api/echo', 'echo.js', {}],
  ['/api/Mixed', 'Mixed.js', {}],
  ['/api/mixed', null, null],
  ['/api/ECHO', null, null],
  ['/api/nope', null, null],
  ['/api/_private', '_private.js', {}],
  ['/api/foo.test', 'foo.test.js', {}],
  ['/api/hello.api', 'hello.api.js', {}],
  ['/api/dir', 'dir/index.js', {}],
  ['/api/dir/index', null, null],
  ['/api/types.d', null, null],
  ['/api/types', null, null],
  ['/api/users', 'users/index.js', {}],
  ['/api/users/me', 'users/me.js', {}],
  ['/api/users/42', 'users/[id].js', { id: '42' }],
  ['/api/users/42?id=99&x=1', 'users/[id].js', { id: '42', x: '1' }],
  ['/api/users/a%2Fb', 'users/[id].js', { id: 'a/b' }],
  ['/api/users/%E2%9C%93', 'users/[id].js', { id: '✓' }],
  ['/api/users/+', 'users/[id].js', { id: '+' }],
  ['/api/users/index', 'users/[id].js', { id: 'index' }],
  ['/api/users/42/posts', 'users/[id]/posts.js', { id: '42' }],
  ['/api/users/42/other', null, null],
  ['/api/catch', null, null],
  ['/api/catch/a/b/c', 'catch/[...slug].js', { slug: ['a', 'b', 'c'] }],
  ['/api/catch/a%2Fb/c', 'catch/[...slug].js', { slug: ['a/b', 'c'] }],
  ['/api/catch/%2F', 'catch/[...slug].js', { slug: ['/'] }],
  ['/api/catch/fixed', 'catch/fixed.js', {}],
  ['/api/catch/fixed/more', 'catch/[...slug].js', { slug: ['fixed', 'more'] }],
  ['/api/catch/a?slug=zzz&k=v', 'catch/[...slug].js', { slug: ['a'], k: 'v' }],
  ['/api/opt', 'opt/[[...slug]].js', {}],
  ['/api/opt?slug=q', 'opt/[[...slug]].js', { slug: 'q' }],
  ['/api/opt/x', 'opt/x.js', {}],
  ['/api/opt/y/z', 'opt/[[...slug]].js', { slug: ['y', 'z'] }],
  ['/api/mixed/1', 'mixed/[a]/index.js', { a: '1' }],
  ['/api/mixed/1/2?a=o&b=o', 'mixed/[a]/[b].js', { a: '1', b: '2' }],
  ['/api/same/x.json', 'same/[slug].js', { slug: 'x.json' }],
  ['/api/both/one', 'both/[p].js', { p: 'one' }],
  ['/api/both/one/two', 'both/[...rest].js', { rest: ['one', 'two'] }],
  ['/api/%65cho', null, null],
  ['/api/echo%2F', null, null],
  ['/api/x/../echo', 'echo.js', {}],
];

const hosts: Array<[string, () => Parameters<typeof request>[0]]> = [
  ['Express 5', () => expressApp(express5, dir)],
  ['Express 4', () => expressApp(express4, dir)],
  ['node:http + basePath', () => plainServer(dir)],
];

describe.each(hosts)('%s', (_host, makeApp) => {
  let app: Parameters<typeof request>[0];
  beforeAll(() => {
    app = makeApp();
  });
  afterAll(() => {
    if (typeof (app as Server).close === 'function' && (app as Server).listening) (app as Server).close();
  });

  test.each(precedence)('GET %s → %s', async (url, file, query) => {
    const res = await request(app).get(url);
    if (file === null) {
      expect(res.status).toBe(404);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body.file).toBe(file);
    expect(res.body.query).toEqual(query);
  });

  test.each([
    ['/api/', '/api'],
    ['/api/echo/', '/api/echo'],
    ['/api/echo/?a=1&b=2', '/api/echo?a=1&b=2'],
    ['/api/users/42/posts/', '/api/users/42/posts'],
    ['/api//echo', '/api/echo'],
    ['/api/users//42', '/api/users/42'],
    ['/api/users/%2e%2e', '/api'],
    ['/api/users/42/.', '/api/users/42'],
  ])('GET %s → 308 %s (docs/next-behaviour.md §5)', async (url, location) => {
    const res = await request(app).get(url).redirects(0);
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(location);
    expect(res.headers.refresh).toBe(`0;url=${location}`);
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.text).toBe(location);
  });

  test.each(['/api/users/%ZZ', '/api/catch/a/%ZZ', '/api/opt/%ZZ'])('GET %s → 400 plain text', async (url) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('Bad Request');
  });

  test('a static segment that does not decode is just not a route', async () => {
    expect((await request(app).get('/api/%ZZ')).status).toBe(404);
  });

  test('the handler sees req.url as the client sent it, mount prefix included', async () => {
    const res = await request(app).get('/api/users/42?id=99&x=1');
    expect(res.body.url).toBe('/api/users/42?id=99&x=1');
  });

  test('dot segments are resolved before the handler sees req.url', async () => {
    const res = await request(app).get('/api/x/../echo?q=1');
    expect(res.body).toEqual({ file: 'echo.js', query: { q: '1' }, url: '/api/echo?q=1' });
  });

  test('a trailing slash on a URL no route serves is left to the host', async () => {
    expect((await request(app).get('/api/nope/').redirects(0)).status).toBe(404);
  });
});

describe('backslashes are repeated-slash redirects too', () => {
  test('GET /api\\echo → 308 /api/echo', async () => {
    const server = plainServer(dir).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const http = await import('node:http');
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/api\\echo' }, resolve).on('error', reject);
    });
    res.resume();
    server.close();
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe('/api/echo');
  });
});

describe('options that change routing', () => {
  test("trailingSlash: 'ignore' serves both forms", async () => {
    const app = expressApp(express5, dir, { trailingSlash: 'ignore' });
    const withSlash = await request(app).get('/api/users/42/');
    expect(withSlash.status).toBe(200);
    expect(withSlash.body).toEqual({ file: 'users/[id].js', query: { id: '42' }, url: '/api/users/42/' });
    expect((await request(app).get('/api/')).body.file).toBe('index.js');
  });

  test("pageExtensions ['api.js', 'js'] strips the longest ending first (docs/next-behaviour.md §3)", async () => {
    const app = expressApp(express5, dir, { pageExtensions: ['js', 'api.js'] });
    expect((await request(app).get('/api/hello')).body.file).toBe('hello.api.js');
    expect((await request(app).get('/api/hello.api')).status).toBe(404);
  });

  test('pageExtensions that match nothing serve nothing', async () => {
    const app = expressApp(express5, dir, { pageExtensions: ['page.ts'] });
    expect((await request(app).get('/api/echo')).status).toBe(404);
  });

  test('basePath on node:http: outside it → 404 Not Found', async () => {
    const res = await request(plainServer(dir)).get('/other/echo');
    expect(res.status).toBe(404);
    expect(res.text).toBe('Not Found');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('bad options throw a TypeError naming the option', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ pageExtensions: 'js' }, /option "pageExtensions"/],
      [{ pageExtensions: ['.js'] }, /option "pageExtensions" has an invalid entry "\.js"/],
      [{ basePath: 'api' }, /option "basePath" must be a path starting with "\/"/],
      [{ trailingSlash: true }, /option "trailingSlash" must be one of "redirect", "ignore"/],
      [{ onError: 'throw' }, /option "onError" must be one of "respond", "next"/],
      [{ logger: {} }, /option "logger" must have error\(\) and warn\(\) methods/],
      [{ preview: { previewModeId: 'short', previewModeSigningKey: 'x'.repeat(16), previewModeEncryptionKey: 'x'.repeat(16) } }, /option "preview.previewModeId" must be a string of at least 16 characters/],
      [{ revalidate: 'yes' }, /option "revalidate" must be a function/],
      [{ pagesExtensions: ['js'] }, /option "pagesExtensions" is not an option/],
    ];
    for (const [options, message] of cases) {
      expect(() => apiRoutes(dir, options as never)).toThrow(TypeError);
      expect(() => apiRoutes(dir, options as never)).toThrow(message);
    }
  });

  test('a missing or non-folder dir is named in the error', () => {
    expect(() => apiRoutes(fixture('no-such-folder'))).toThrow(`routes folder ${fixture('no-such-folder')} does not exist`);
    expect(() => apiRoutes(fixture('routing', 'echo.js'))).toThrow(`routes folder ${fixture('routing', 'echo.js')} is not a directory`);
    expect(() => apiRoutes(undefined as never)).toThrow(TypeError);
  });

  test('dir is resolved against process.cwd()', async () => {
    const cwd = process.cwd();
    process.chdir(fixture());
    try {
      const app = express5();
      app.use('/api', apiRoutes('./routing', { logger: memoryLogger() }));
      process.chdir(cwd);
      expect((await request(app).get('/api/echo')).body.file).toBe('echo.js');
    } finally {
      process.chdir(cwd);
    }
  });
});

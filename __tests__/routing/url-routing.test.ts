// Which file answers a URL (docs/next-behaviour.md §3, §4) and the URL rules
// applied before matching (§5), the same on Express 5, Express 4 and node:http
// with basePath, against the route files in fixtures/routing/.
import http, { type Server } from 'node:http';
import request from 'supertest';
import express5 from 'express';
import { closeServer, express4, expressApp, fixture, listen, plainServer } from '../support';

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

describe.each(hosts)('%s: which file answers a URL, and the URL rules (docs/next-behaviour.md §4, §5)', (_host, makeApp) => {
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

describe('backslashes are repeated-slash redirects too (docs/next-behaviour.md §5)', () => {
  test('GET /api\\echo → 308 /api/echo', async () => {
    // http.get writes the path into the request line as given, backslash included.
    const server = plainServer(dir);
    const port = await listen(server);
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/api\\echo' }, resolve).on('error', reject);
    });
    res.resume();
    await closeServer(server);
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe('/api/echo');
  });
});

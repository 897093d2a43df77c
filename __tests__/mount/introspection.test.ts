// The route table (`middleware.routes`) and `middleware.explain(url)` (README "Introspection").
import express from 'express';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { fixture, memoryLogger } from '../support';

const dir = fixture('routing');
const middleware = apiRoutes(dir, { logger: memoryLogger() });

test('routes: Next order, pattern, file, kind, param names', () => {
  const byRoute = new Map(middleware.routes.map((r) => [r.route, r]));
  expect(middleware.routes.map((r) => r.route)).toEqual([
    '/', '/Mixed', '/_private', '/both/[p]', '/both/[...rest]', '/catch/fixed', '/catch/[...slug]', '/dir', '/echo', '/foo.test',
    '/hello.api', '/mixed/[a]', '/mixed/[a]/[b]', '/opt/x', '/opt/[[...slug]]', '/same/[slug]', '/users', '/users/me',
    '/users/[id]', '/users/[id]/posts',
  ]);
  expect(byRoute.get('/users/[id]/posts')).toEqual({
    route: '/users/[id]/posts',
    page: '/api/users/[id]/posts',
    pattern: '^/users/([^/]+?)/posts(?:/)?$',
    file: fixture('routing', 'users', '[id]', 'posts.js'),
    kind: 'dynamic',
    paramNames: ['id'],
    config: undefined,
  });
  expect(byRoute.get('/opt/[[...slug]]')?.pattern).toBe('^/opt(?:/(.+?))?(?:/)?$');
  expect(byRoute.get('/catch/[...slug]')?.kind).toBe('catch-all');
  expect(byRoute.get('/')?.pattern).toBe('^/(?:/)?$');
});

test('routes: effective config once the file is loaded', async () => {
  const mw = apiRoutes(fixture('next-project', 'src', 'pages', 'api'), { logger: memoryLogger() });
  const app = express();
  app.use('/api', mw);
  expect(mw.routes.find((r) => r.route === '/with-config')?.config).toBeUndefined();
  await request(app).post('/api/with-config');
  expect(mw.routes.find((r) => r.route === '/with-config')?.config).toEqual({ bodyParser: false, externalResolver: false, responseLimit: 4194304 });
});

describe('explain(url)', () => {
  test('a match: file, params, query, the URL the handler sees', () => {
    const explained = middleware.explain('/api/users/42?id=99&x=1', { mountPath: '/api' });
    expect(explained).toMatchObject({
      outcome: 'match',
      route: { route: '/users/[id]', file: fixture('routing', 'users', '[id].js') },
      params: { id: '42' },
      query: { id: '42', x: '1' },
      handlerUrl: '/api/users/42?id=99&x=1',
    });
  });

  test('relative to the mount when no mountPath is given', () => {
    expect(middleware.explain('/catch/a/b')).toMatchObject({ outcome: 'match', params: { slug: ['a', 'b'] } });
  });

  test('a redirect', () => {
    expect(middleware.explain('/api/echo/?a=1', { mountPath: '/api' })).toMatchObject({ outcome: 'redirect', status: 308, location: '/api/echo?a=1' });
  });

  test('a bad param', () => {
    expect(middleware.explain('/users/%ZZ')).toMatchObject({ outcome: 'bad-request', status: 400, route: { route: '/users/[id]' } });
  });

  test('no match: why, and the closest route', () => {
    expect(middleware.explain('/users/42/other')).toEqual({
      url: '/users/42/other',
      outcome: 'no-match',
      reason: 'no route file matches /users/42/other',
      closest: { route: expect.objectContaining({ route: '/users/[id]/posts' }), reason: 'segment 3 is "other", the route wants "posts"' },
    });
    expect(middleware.explain('/ECHO')).toMatchObject({
      outcome: 'no-match',
      closest: { route: { route: '/echo' }, reason: 'segment 1 is "ECHO", the route wants "echo" (matching is case-sensitive)' },
    });
    expect(middleware.explain('/catch')).toMatchObject({
      outcome: 'no-match',
      closest: { route: { route: '/catch/[...slug]' }, reason: '[...slug] needs at least one more segment' },
    });
  });

  test('outside the basePath', () => {
    const mw = apiRoutes(dir, { basePath: '/api', logger: memoryLogger() });
    expect(mw.explain('/other')).toEqual({ url: '/other', outcome: 'no-match', reason: 'the URL is outside the basePath /api', closest: undefined });
    expect(mw.explain('/api/users/7')).toMatchObject({ outcome: 'match', params: { id: '7' } });
  });
});

// Route files as real Next projects write them, loaded with no build step
// (README "Loading route files", docs/next-behaviour.md §2): ESM in .js,
// TypeScript, CommonJS, tsconfig/jsconfig aliases, JSON, double interop, and
// the files that cannot serve.
import request from 'supertest';
import express from 'express';
import { apiRoutes, RouteLoadError } from '../../lib';
import { fixture, memoryLogger, reasonPhrase } from '../support';

function mount(dir: string, logger = memoryLogger()) {
  const app = express();
  const middleware = apiRoutes(dir, { logger });
  app.use('/api', middleware);
  return { app, logger, middleware };
}

describe('a Next project (src/pages/api, tsconfig @/ alias)', () => {
  const { app } = mount(fixture('next-project', 'src', 'pages', 'api'));

  test('TypeScript with `import type` from next, next not installed', async () => {
    const res = await request(app).get('/api/hello');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'John Doe' });
  });

  test('`import { NextApiRequest } from "next"` (no `type`), `@/lib` alias, enum, async default', async () => {
    const res = await request(app).get('/api/users/1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: { id: '1', name: 'Ada', role: 'admin' }, isAdmin: true });
    expect((await request(app).get('/api/users/9')).status).toBe(404);
  });

  test('ESM syntax in .js with extensionless imports of ESM and CommonJS helpers', async () => {
    const res = await request(app).get('/api/esm');
    expect(res.body).toEqual({ form: 'esm-js', formatted: '<x>', shouted: 'HI!', legacy: true, sum: 5 });
  });

  test('CommonJS module.exports = fn with module.exports.config honoured', async () => {
    const res = await request(app).post('/api/cjs').send({ a: 1 });
    expect(res.body).toEqual({ form: 'cjs', shouted: 'CJS!', body: 'untouched' });
  });

  test('export default async arrow', async () => {
    expect((await request(app).get('/api/async-default')).body).toEqual({ form: 'async-arrow' });
  });

  test('a default export that is itself a transpiled module (double interop)', async () => {
    expect((await request(app).get('/api/double')).body).toEqual({ form: 'double-interop' });
  });

  test('JSON imports and import cycles through the alias', async () => {
    expect((await request(app).get('/api/json')).body).toEqual({ items: ['alpha', 'beta'], circular: ['ab', 'ab'] });
  });

  test('export const config in TypeScript', async () => {
    const res = await request(app).post('/api/with-config').send({ a: 1 });
    expect(res.body).toEqual({ form: 'ts-config', bodyUndefined: true });
  });

  test('.tsx index route with generics', async () => {
    expect((await request(app).get('/api/posts')).body).toEqual({ form: 'tsx', first: 'p1' });
  });

  test('packages and builtins come from Node', async () => {
    expect((await request(app).get('/api/pkg')).body).toEqual({ size: '1KB', joined: 'a/b', hash: '11f6ad8e' });
  });
});

test('jsconfig.json paths and baseUrl', async () => {
  const { app } = mount(fixture('js-project', 'pages', 'api'));
  const res = await request(app).get('/api/greet?name=ada');
  expect(res.body).toEqual({ message: 'hello ada', same: true });
});

describe('files that cannot serve (docs/next-behaviour.md §2 "No default function"; docs/design.md "Mistakes in a route folder fail loudly")', () => {
  const dir = fixture('broken-project', 'pages', 'api');

  test('other routes keep working', async () => {
    const { app } = mount(dir);
    expect((await request(app).get('/api/ok')).body).toEqual({ ok: true });
  });

  test.each([
    ['notfn', /^Page \/api\/notfn does not export a default function\.\n {2}file: .*notfn\.js$/],
    ['named-only', /^Page \/api\/named-only does not export a default function\.\n {2}file: .*named-only\.ts$/],
    ["syntax", /^Failed to load \/api\/syntax from .*syntax\.js:\nSyntaxError: .*syntax\.js:3:1: Unexpected token, expected ","\n.*> {4}3 \| }/s],
    ['missing-import', /^Failed to load \/api\/missing-import from .*missing-import\.ts:\n.*Cannot find module '\.\/does-not-exist'/s],
    ['throws-at-load', /^Failed to load \/api\/throws-at-load from .*throws-at-load\.js:\nError: database URL not set/],
    ['bad-config', /^Invalid `export const config` in .*bad-config\.js: api\.bodyParser\.sizeLimit is not a size such as "500kb" or "1mb" \(received "lots"\)$/],
  ])('%s → 500 for that route, logged with the file and the cause', async (name, logged) => {
    const { app, logger } = mount(dir);
    for (let i = 0; i < 2; i++) {
      const res = await request(app).get(`/api/${name}`);
      expect(res.status).toBe(500);
      expect(reasonPhrase(res)).toBe('Internal Server Error');
      expect(res.text).toBe('Internal Server Error');
      expect(res.headers['content-type']).toBeUndefined();
    }
    // Logged on every request, as Next does.
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0].replace(/^error: /, '')).toMatch(logged);
  });

  test("onError: 'next' hands load errors to Express error middleware", async () => {
    const app = express();
    app.use('/api', apiRoutes(dir, { logger: memoryLogger(), onError: 'next' }));
    app.use((err: Error & { code?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(503).json({ isLoadError: err instanceof RouteLoadError, code: err.code, message: err.message.split('\n')[0] });
    });
    const res = await request(app).get('/api/notfn');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ isLoadError: true, code: 'ERR_NO_DEFAULT_EXPORT', message: 'Page /api/notfn does not export a default function.' });
  });

  test('ready() loads every file and rejects naming each one that fails', async () => {
    const { middleware } = mount(dir);
    const error = await middleware.ready().then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(AggregateError);
    const aggregate = error as AggregateError;
    expect(aggregate.errors).toHaveLength(6);
    expect(aggregate.message.split('\n')[0]).toBe('next-api-express: 6 route files failed to load:');
    for (const name of ['bad-config.js', 'missing-import.ts', 'named-only.ts', 'notfn.js', 'syntax.js', 'throws-at-load.js']) {
      expect(aggregate.message).toContain(name);
    }
  });

  test('ready() resolves for a healthy folder', async () => {
    const { middleware } = mount(fixture('next-project', 'src', 'pages', 'api'));
    await expect(middleware.ready()).resolves.toBeUndefined();
  });
});

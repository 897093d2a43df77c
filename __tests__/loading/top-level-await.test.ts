// Top-level `await` in route files and the local modules they import
// (README "Loading route files", docs/design.md "Top-level await"): Next
// serves such files; the first request (or ready()) waits for the module, a
// rejection is the load error a throwing module-level statement gives.
import { createServer, type Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { apiRoutes, appRoutes, RouteLoadError, type ApiRoutesOptions } from '../../lib';
import { APP_HOSTS, fixture, memoryLogger, reasonPhrase, type MemoryLogger } from '../support';

const pagesDir = fixture('top-level-await', 'pages', 'api');
const appDir = fixture('top-level-await', 'app', 'api');
const evaluations = (): number => (globalThis as { __tlaSettingsEvaluated?: number }).__tlaSettingsEvaluated ?? 0;

const PAGES_HOSTS: Array<[string, (options: ApiRoutesOptions) => Server]> = [
  [
    'Express 5',
    (options) => {
      const app = express();
      app.disable('x-powered-by');
      app.use('/api', apiRoutes(pagesDir, options));
      return createServer(app);
    },
  ],
  ['node:http', (options) => createServer(apiRoutes(pagesDir, { basePath: '/api', ...options }))],
];

describe.each(PAGES_HOSTS)('pages/api, %s', (_host, host) => {
  let logger: MemoryLogger;
  let server: Server;
  beforeEach(() => {
    logger = memoryLogger();
    server = host({ logger });
  });

  test('`const data = await Promise.resolve(...)` in a .ts route', async () => {
    const res = await request(server).get('/api/data');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ greeting: 'hello', from: 'top-level await' });
    expect(logger.lines).toEqual([]);
  });

  test('`await import("node:fs/promises")` in an ESM .js route', async () => {
    const res = await request(server).get('/api/fs');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'top-level-await-fixture', readFile: 'function' });
  });

  test('a relative import with top-level await is awaited before the route runs; two first requests share one evaluation', async () => {
    const before = evaluations();
    const [first, second] = await Promise.all([request(server).get('/api/imports'), request(server).get('/api/imports')]);
    expect(first.body).toEqual({ summary: 'eu/3', evaluated: before + 1 });
    expect(second.body).toEqual(first.body);
    expect(evaluations()).toBe(before + 1);
  });

  test('a rejection is a load error: the client gets what a throwing module-level statement gives, the log names the file', async () => {
    const rejected = await request(server).get('/api/rejects');
    const thrown = await request(server).get('/api/throws');
    for (const res of [rejected, thrown]) {
      expect(res.status).toBe(500);
      expect(reasonPhrase(res)).toBe('Internal Server Error');
      expect(res.text).toBe('Internal Server Error');
    }
    const { date: _a, ...rejectedHeaders } = rejected.headers;
    const { date: _b, ...thrownHeaders } = thrown.headers;
    expect(rejectedHeaders).toEqual(thrownHeaders);
    const [rejectedLog, thrownLog] = logger.messages('error');
    expect(rejectedLog).toMatch(/^Failed to load \/api\/rejects from .*top-level-await\/pages\/api\/rejects\.ts:\nError: database URL not set\n {4}at .*rejects\.ts:1:/);
    expect(thrownLog).toMatch(/^Failed to load \/api\/throws from .*throws\.ts:\nError: database URL not set/);
    // Kept, as a failed file is: the second request does not evaluate the file again.
    expect((await request(server).get('/api/rejects')).status).toBe(500);
    expect(logger.messages('error')[2]).toBe(rejectedLog);
  });

  test('import() at run time of a local module with top-level await is refused with what to write instead', async () => {
    const res = await request(server).get('/api/late');
    expect(res.status).toBe(500);
    expect(logger.messages('error')[0]).toMatch(
      /lib\/late\.ts uses top-level await and was required before it finished evaluating, by a require\(\) or import\(\) at run time .*Import it with a static `import`/s,
    );
  });

  test('an import written after an await that reaches a module with top-level await: refused, and the file ran once', async () => {
    const runs = (): number => (globalThis as { __tlaImportAfterAwaitRuns?: number }).__tlaImportAfterAwaitRuns ?? 0;
    const before = runs();
    const res = await request(server).get('/api/import-after-await');
    expect(res.status).toBe(500);
    expect(logger.messages('error')[0]).toMatch(
      /^Failed to load \/api\/import-after-await from .*import-after-await\.ts:\nError: .*lib\/settings\.ts uses top-level await and was required before it finished evaluating/,
    );
    expect(runs()).toBe(before + 1);
  });

  test('two modules with top-level await that import each other: a load error naming both', async () => {
    const res = await request(server).get('/api/cycle');
    expect(res.status).toBe(500);
    expect(logger.messages('error')[0]).toMatch(/^Failed to load \/api\/cycle from .*cycle\.ts:\nError: .*lib\/cycle-b\.ts and .*lib\/cycle-a\.ts import each other, and both use top-level await/);
  });
});

test("ready() waits for top-level await and rejects with each file's RouteLoadError", async () => {
  const api = apiRoutes(pagesDir, { logger: memoryLogger() });
  const error = await api.ready().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AggregateError);
  const failures = (error as AggregateError).errors as RouteLoadError[];
  expect(failures.map((f) => [f.code, f.file.replace(/.*\//, '')]).sort()).toEqual([
    ['ERR_ROUTE_LOAD', 'cycle.ts'],
    ['ERR_ROUTE_LOAD', 'import-after-await.ts'],
    ['ERR_ROUTE_LOAD', 'rejects.ts'],
    ['ERR_ROUTE_LOAD', 'throws.ts'],
  ]);
  expect(failures.every((f) => f instanceof RouteLoadError)).toBe(true);
  // Every other route was loaded by ready(): its first request answers from the loaded module.
  const app = express();
  app.use('/api', api);
  expect((await request(app).get('/api/data')).body).toEqual({ greeting: 'hello', from: 'top-level await' });
});

test("onError: 'next' hands a rejected top-level await to Express error middleware as a RouteLoadError", async () => {
  const app = express();
  app.use('/api', apiRoutes(pagesDir, { logger: memoryLogger(), onError: 'next' }));
  app.use((err: Error & { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(503).json({ isLoadError: err instanceof RouteLoadError, code: err.code, message: err.message.split('\n')[0] });
  });
  const res = await request(app).get('/api/rejects');
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ isLoadError: true, code: 'ERR_ROUTE_LOAD', message: `Failed to load /api/rejects from ${pagesDir}/rejects.ts:` });
});

describe.each(APP_HOSTS.filter(([name]) => name === 'Express 5' || name === 'node:http'))('App Router, %s', (_host, host) => {
  let logger: MemoryLogger;
  let server: Server;
  beforeEach(() => {
    logger = memoryLogger();
    server = host(appDir, { logger });
  });

  test('a route.ts with top-level await that imports a module with top-level await', async () => {
    const res = await request(server).get('/api/settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ settings: { region: 'eu', retries: 3 }, loadedAt: 'load' });
    expect(logger.lines).toEqual([]);
  });

  test('`await import("node:fs/promises")` in a route.js', async () => {
    const res = await request(server).get('/api/fs');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ readFile: 'function' });
  });

  test('a rejection is a load error naming the file: the plain 500 of any route file that fails to load', async () => {
    const res = await request(server).get('/api/reject');
    expect(res.status).toBe(500);
    expect(res.text).toBe('Internal Server Error');
    expect(logger.messages('error')[0]).toMatch(/^Failed to load \/api\/reject from .*app\/api\/reject\/route\.ts:\nError: vault unreachable/);
  });
});

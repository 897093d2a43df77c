// appRoutes() as a host mounts it (docs/design.md "Public surface"): at the
// root or under a prefix, on node:http without a router, errors handed to
// Express error middleware, routes/explain()/ready(), option checks.
import { join } from 'node:path';
import express5 from 'express';
import request from 'supertest';
import { appRoutes } from '../../lib';
import { appDir, eventually, memoryLogger, removeDir, resetProbe, tempDir, writeAsEditorsDo } from '../support';

describe('mounting', () => {
  test('app.use(appRoutes("./app")) serves the whole app folder at the root', async () => {
    const app = express5();
    app.use(appRoutes(appDir.replace(/\/api$/, ''), { logger: memoryLogger() }));
    const res = await request(app).get('/api/users/7');
    expect(res.body).toEqual({ id: '7' });
  });

  test('node:http without a next(): unmatched URLs answer a plain 404', async () => {
    const mw = appRoutes(appDir, { basePath: '/api', logger: memoryLogger() });
    const res = await request((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => mw(req, res)).get('/api/nope');
    expect([res.status, res.text]).toEqual([404, 'Not Found']);
  });

  test('onError: "next" hands a handler error to Express error middleware', async () => {
    const app = express5();
    app.use('/api', appRoutes(appDir, { logger: memoryLogger(), onError: 'next' }));
    app.use((err: Error, _req: unknown, res: import('express').Response, _next: unknown) => {
      res.status(502).json({ caught: err.message });
    });
    const res = await request(app).get('/api/errors/throws');
    expect([res.status, res.body]).toEqual([502, { caught: 'handler exploded' }]);
  });

  test('routes, explain(), ready() and the one warning about page/layout files', async () => {
    const logger = memoryLogger();
    const mw = appRoutes(appDir.replace(/\/api$/, ''), { logger });
    expect(logger.lines).toEqual([
      expect.stringMatching(/^warn: next-api-express: 2 page\/layout files in .*app ignored \(layout\.tsx, page\.tsx\): only route handlers/),
    ]);
    const pages = mw.routes.map((r) => r.page);
    expect(pages).toContain('/api/items');
    expect(pages.indexOf('/api/users/[id]')).toBeGreaterThan(-1);
    expect(mw.routes.find((r) => r.page === '/api/static/isr')?.config).toBeUndefined();
    await mw.ready();
    expect(mw.routes.find((r) => r.page === '/api/static/isr')?.config).toMatchObject({ revalidate: 60, dynamic: 'auto' });
    expect(mw.explain('/api/users/%ZZ')).toMatchObject({ outcome: 'bad-request', status: 500 });
    expect(mw.explain('/api/users/1')).toMatchObject({ outcome: 'match', params: { id: '1' } });
  });

  test('options are validated like apiRoutes()', () => {
    expect(() => appRoutes(appDir, { revalidate: async () => {} } as never)).toThrow('option "revalidate" is not an option');
    expect(() => appRoutes(appDir, { cache: {} as never })).toThrow('option "cache" must be a store with get(key), set(key, entry) and delete(key) methods');
    expect(() => appRoutes('')).toThrow(TypeError);
  });
});

test('behind a proxy Express trusts, request.url takes X-Forwarded-Host and -Proto; otherwise the Host header', async () => {
  const trusting = express5();
  trusting.set('trust proxy', true);
  trusting.use('/api', appRoutes(appDir, { logger: memoryLogger() }));
  const behind = await request(trusting).get('/api/url?a=1').set('X-Forwarded-Host', 'shop.example.com').set('X-Forwarded-Proto', 'https');
  expect(behind.body.url).toBe('https://shop.example.com/api/url?a=1');
  const direct = express5();
  direct.use('/api', appRoutes(appDir, { logger: memoryLogger() }));
  const spoofed = await request(direct).get('/api/url').set('Host', 'api.example.com').set('X-Forwarded-Host', 'evil.example').set('X-Forwarded-Proto', 'https');
  expect(spoofed.body.url).toBe('http://api.example.com/api/url');
});

test('a body parser mounted before the folder: the handler still reads the body', async () => {
  const app = express5();
  app.use(express5.json());
  app.use(express5.text());
  app.use('/api', appRoutes(appDir, { logger: memoryLogger() }));
  expect((await request(app).post('/api/body?how=json').send({ a: [1, 2] })).body).toEqual({ json: { a: [1, 2] } });
  expect((await request(app).post('/api/body?how=text').type('text').send('plain')).body).toEqual({ text: 'plain' });
});

test('watch mode: an edited route file answers on the next request', async () => {
  const dir = tempDir('app-watch');
  writeAsEditorsDo(dir, 'app/api/v/route.ts', "export function GET() { return new Response('one'); }\n");
  const mw = appRoutes(join(dir, 'app'), { logger: memoryLogger(), watch: true });
  const app = express5();
  app.use(mw);
  try {
    expect((await request(app).get('/api/v')).text).toBe('one');
    writeAsEditorsDo(dir, 'app/api/v/route.ts', "export function GET() { return new Response('two'); }\n");
    writeAsEditorsDo(dir, 'app/api/w/route.ts', "export function GET() { return new Response('new'); }\n");
    await eventually(async () => {
      expect((await request(app).get('/api/v')).text).toBe('two');
      expect((await request(app).get('/api/w')).text).toBe('new');
    });
  } finally {
    await mw.close();
    removeDir(dir);
  }
});

test('enforceMaxDuration: past the segment maxDuration, 504 and request.signal aborts with a TimeoutError', async () => {
  const probe = resetProbe();
  const logger = memoryLogger();
  const app = express5();
  app.use('/api', appRoutes(appDir, { logger, enforceMaxDuration: true }));
  const res = await request(app).get('/api/slow');
  expect([res.status, res.text, res.headers['connection']]).toEqual([504, 'Gateway Timeout', 'close']);
  await eventually(async () => expect(probe.events).toEqual(['aborted: TimeoutError']));
  expect(logger.text()).toContain('ran past its maxDuration of 1s (enforceMaxDuration): answered 504');
});

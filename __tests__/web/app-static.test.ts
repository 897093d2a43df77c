// Prerendered GET routes (docs/next-behaviour.md §32) over real sockets on
// every host: force-static renders once with an emptied request, revalidate = N
// is served from the cache and regenerated when stale, revalidatePath() drops
// answers, other methods get 405, and a shared cache store serves several instances.
import type { Server } from 'node:http';
import request from 'supertest';
import { appRoutes, MemoryRouteCacheStore, type RouteCacheEntry, type RouteCacheStore } from '../../lib';
import { APP_HOSTS, appDir, closeServer, eventually, memoryLogger } from '../support';

/** A store whose entries the test can age (no timed assertions: time is moved, not waited for). */
class AgeableStore implements RouteCacheStore {
  readonly inner = new MemoryRouteCacheStore();
  get(key: string): RouteCacheEntry | undefined {
    return this.inner.get(key);
  }
  set(key: string, entry: RouteCacheEntry): void {
    this.inner.set(key, entry);
  }
  delete(key: string): void {
    this.inner.delete(key);
  }
  age(key: string, seconds: number): void {
    const entry = this.inner.get(key) as RouteCacheEntry;
    this.inner.set(key, { ...entry, storedAt: entry.storedAt - seconds * 1000 });
  }
}

describe.each(APP_HOSTS)('%s', (_name, host) => {
  let server: Server;
  let store: AgeableStore;
  beforeEach(() => {
    store = new AgeableStore();
    // A fresh module per test: the fixtures count their renders.
    server = host(appDir, { logger: memoryLogger(), dev: false, cache: store });
  });
  afterEach(() => closeServer(server));

  test('force-static: rendered once, with an emptied request, then served from the cache', async () => {
    const first = await request(server).get('/api/static/forced?q=1').set('Cookie', 'a=1');
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('s-maxage=31536000');
    expect(first.headers['x-nextjs-cache']).toBe('HIT');
    const renders = first.body.renders as number;
    expect(first.body).toEqual({ renders, search: '', cookies: 0 });
    const again = await request(server).get('/api/static/forced?other=2');
    expect(again.body).toEqual(first.body);
    const head = await request(server).head('/api/static/forced');
    expect([head.status, head.headers['cache-control']]).toEqual([200, 's-maxage=31536000']);
  });

  test('other methods on a prerendered route: 405 with Allow GET and HEAD', async () => {
    const res = await request(server).post('/api/static/forced');
    expect(res.status).toBe(405);
    expect(res.text).toBe('Method Not Allowed');
    expect((res as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders.filter((_, i, all) => i % 2 === 1 && all[i - 1] === 'Allow')).toEqual(['GET', 'HEAD']);
  });

  test('revalidate = 60: a stale answer is served once more while a fresh one renders', async () => {
    const first = await request(server).get('/api/static/isr');
    expect(first.headers['cache-control']).toBe('s-maxage=60, stale-while-revalidate=31535940');
    const rendered = first.body.renders as number;
    expect((await request(server).get('/api/static/isr')).body).toEqual({ renders: rendered });
    store.age('/api/static/isr', 61);
    const stale = await request(server).get('/api/static/isr');
    expect([stale.headers['x-nextjs-cache'], stale.body]).toEqual(['STALE', { renders: rendered }]);
    await eventually(async () => {
      const fresh = await request(server).get('/api/static/isr');
      expect([fresh.headers['x-nextjs-cache'], fresh.body]).toEqual(['HIT', { renders: rendered + 1 }]);
    });
  });

  test('revalidatePath() from a handler drops the cached answer: the next GET renders (MISS)', async () => {
    const first = await request(server).get('/api/static/isr');
    const rendered = first.body.renders as number;
    await request(server).post('/api/revalidate').send({ path: '/api/static', type: 'layout' }).expect(200);
    const next = await request(server).get('/api/static/isr');
    expect([next.headers['x-nextjs-cache'], next.body]).toEqual(['MISS', { renders: rendered + 1 }]);
  });
});

test('two instances sharing one store: the second serves what the first rendered', async () => {
  const store = new MemoryRouteCacheStore();
  const a = appRoutes(appDir, { basePath: '/api', cache: store, logger: memoryLogger() });
  const b = appRoutes(appDir, { basePath: '/api', cache: store, logger: memoryLogger() });
  const first = await request((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => a(req, res)).get('/api/static/isr');
  const second = await request((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => b(req, res)).get('/api/static/isr');
  expect(second.body).toEqual(first.body);
  expect(second.headers['x-nextjs-cache']).toBe('HIT');
});

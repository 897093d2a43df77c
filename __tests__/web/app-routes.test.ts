// App Router handlers through appRoutes() over real sockets on Express 5,
// Express 4, Connect and node:http (docs/next-behaviour.md §20–§31): routing,
// methods, bodies, cookies, redirects, errors and their logs.
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { APP_HOSTS, appDir, closeServer, listen, memoryLogger, reasonPhrase } from '../support';

const RSC_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';

describe.each(APP_HOSTS)('%s', (_name, host) => {
  let server: Server;
  let logger: ReturnType<typeof memoryLogger>;
  beforeEach(() => {
    logger = memoryLogger();
    server = host(appDir, { logger, dev: false });
  });
  afterEach(() => closeServer(server));

  describe('routing (§20, §23, §30)', () => {
    test('a route.ts file serves its folder URL, chunked, with Next\'s Vary', async () => {
      const res = await request(server).get('/api/hello');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['vary']).toBe(RSC_VARY);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      expect(res.body).toEqual({ hello: 'world' });
    });

    test('(group) folders vanish from the URL; %5F is an underscore', async () => {
      expect((await request(server).get('/api/items')).body).toEqual({ items: [1, 2, 3] });
      expect((await request(server).get('/api/_internal')).text).toBe('underscore');
      expect((await request(server).get('/api/(v1)/items')).status).toBe(404);
      expect((await request(server).get('/api/%5Finternal')).status).toBe(404);
    });

    test('_private folders, the route file name itself and other files are not routes: the host answers', async () => {
      for (const url of ['/api/_lib/probe', '/api/hello/route', '/api/nope', '/api']) {
        const res = await request(server).get(url);
        expect({ url, status: res.status }).toEqual({ url, status: 404 });
        expect(res.headers['vary']).toBeUndefined();
      }
    });

    test('params: decoded, catch-all arrays, an optional catch-all without segment has no key', async () => {
      expect((await request(server).get('/api/users/a%20b')).body).toEqual({ id: 'a b' });
      expect((await request(server).get('/api/files/a/b%2Fc')).body).toEqual({ path: ['a', 'b/c'] });
      expect((await request(server).get('/api/files')).status).toBe(404);
      expect((await request(server).get('/api/opt')).body).toEqual({});
      expect((await request(server).get('/api/opt/x/y')).body).toEqual({ slug: ['x', 'y'] });
    });

    test('a route without dynamic segments gets params: undefined, as in Next (§30)', async () => {
      expect((await request(server).get('/api/context')).body).toEqual({ keys: ['params'], params: 'undefined' });
    });

    test('a dynamic segment that does not decode is Next\'s plain-text 500', async () => {
      const res = await request(server).get('/api/users/%E0%A4%A');
      expect(res.status).toBe(500);
      expect(res.text).toBe('Internal Server Error');
      expect(res.headers['content-type']).toBe('text/plain');
      expect(res.headers['etag']).toBe('"66fci67lppl"');
      expect(res.headers['cache-control']).toBe('private, no-cache, no-store, max-age=0, must-revalidate');
    });

    test('trailing and repeated slashes: Next\'s 308 before any method check', async () => {
      const res = await request(server).post('/api/hello/?a=1');
      expect(res.status).toBe(308);
      expect(res.headers['location']).toBe('/api/hello?a=1');
      expect(res.headers['refresh']).toBe('0;url=/api/hello?a=1');
    });
  });

  describe('methods (§22)', () => {
    test('HEAD runs GET without a body; OPTIONS answers 204 with Allow; others 405', async () => {
      const head = await request(server).head('/api/methods');
      expect(head.status).toBe(200);
      expect(head.headers['x-method']).toBe('HEAD');
      expect(head.headers['transfer-encoding']).toBeUndefined();
      const options = await request(server).options('/api/methods');
      expect(options.status).toBe(204);
      expect(options.headers['allow']).toBe('DELETE, GET, HEAD, OPTIONS');
      const post = await request(server).post('/api/methods');
      expect(post.status).toBe(405);
      expect(post.headers['allow']).toBeUndefined();
      expect(post.text).toBe('');
    });

    test('a method Next does not know is 400; TRACE is the Fetch Request\'s 500', async () => {
      expect((await request(server).search('/api/methods')).status).toBe(400);
      const trace = await request(server).trace('/api/methods');
      expect(trace.status).toBe(500);
      expect(trace.text).toBe('Internal Server Error');
      expect(logger.text()).toContain("⨯ TypeError: 'TRACE' HTTP method is unsupported.");
    });

    test('RSC: 1 gets Next\'s 307 to the _rsc URL', async () => {
      const res = await request(server).get('/api/hello?a=1').set('RSC', '1');
      expect(res.status).toBe(307);
      expect(res.headers['location']).toBe('/api/hello?a=1&_rsc');
    });
  });

  describe('bodies (§26, §28)', () => {
    test('json, text, urlencoded and bytes', async () => {
      expect((await request(server).post('/api/body?how=json').send({ a: [1] })).body).toEqual({ json: { a: [1] } });
      expect((await request(server).post('/api/body?how=text').type('text').send('héllo')).body).toEqual({ text: 'héllo' });
      const form = await request(server).post('/api/body?how=form').type('form').send('a=1&b=x+y&a=2');
      expect(form.body).toEqual({ form: [['a', '1'], ['b', 'x y'], ['a', '2']] });
      expect((await request(server).post('/api/body?how=bytes').type('application/octet-stream').send(Buffer.alloc(70000, 1))).body).toEqual({ length: 70000 });
      expect((await request(server).post('/api/body?how=blob').set('Content-Type', 'image/svg+xml; charset=utf-8').send('<svg/>')).body).toEqual({
        type: 'image/svg+xml;charset=utf-8',
        size: 6,
      });
    });

    test('a multipart upload through request.formData()', async () => {
      const res = await request(server)
        .post('/api/upload')
        .field('title', 'notes')
        .attach('file', Buffer.from('# hello\n'), { filename: 'hello.md', contentType: 'text/markdown' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ title: 'notes', file: { name: 'hello.md', type: 'text/markdown', size: 8, text: '# hello\n' } });
    });

    test('a webhook verifying an HMAC over await request.text()', async () => {
      const payload = JSON.stringify({ type: 'invoice.paid', id: 7 });
      const signature = createHmac('sha256', 'whsec_test').update(payload).digest('hex');
      const ok = await request(server).post('/api/webhook').set('Content-Type', 'application/json').set('X-Signature', signature).send(payload);
      expect(ok.body).toEqual({ ok: true, event: 'invoice.paid' });
      const bad = await request(server).post('/api/webhook').set('Content-Type', 'application/json').set('X-Signature', 'f'.repeat(64)).send(payload);
      expect(bad.status).toBe(401);
    });

    test('NextResponse.json with a status', async () => {
      const res = await request(server).post('/api/hello').send({ x: 1 });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ received: { x: 1 } });
    });
  });

  describe('request.url and headers (§24, §25)', () => {
    test('the URL the client used, mount included, with Next\'s x-forwarded-* headers', async () => {
      const port = await listen(server);
      const res = await request(`http://127.0.0.1:${port}`).get('/api/url?flag&x=a%20b');
      expect(res.body).toEqual({
        url: `http://127.0.0.1:${port}/api/url?flag=&x=a+b`,
        pathname: '/api/url',
        search: '?flag=&x=a+b',
        forwardedFor: '127.0.0.1',
      });
    });

    test('headers() is read-only', async () => {
      const res = await request(server).get('/api/headers').set('User-Agent', 'tests');
      expect(res.body).toEqual({ agent: 'tests', writable: false });
    });
  });

  describe('cookies, redirects and notFound (§27, §29)', () => {
    test('a session kept with cookies() from next/headers, set on a redirect', async () => {
      const login = await request(server).post('/api/session').send({ user: 'ada' });
      expect(login.status).toBe(307);
      expect(login.headers['location']).toBe('/api/session');
      const [cookie] = login.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^session=user%3Aada; Path=\/; Expires=[^;]+; Max-Age=3600; HttpOnly; SameSite=lax$/);
      const me = await request(server).get('/api/session').set('Cookie', cookie.split(';')[0]);
      expect(me.body).toEqual({ session: 'user:ada' });
      const out = await request(server).delete('/api/session').set('Cookie', cookie.split(';')[0]);
      expect(out.status).toBe(204);
      expect(out.headers['set-cookie']).toEqual(['session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    });

    test('notFound() is an empty 404 without the cookies; permanentRedirect() 308; a form POST redirects with 303', async () => {
      const missing = await request(server).get('/api/guard?to=missing');
      expect([missing.status, missing.text, missing.headers['set-cookie']]).toEqual([404, '', undefined]);
      const moved = await request(server).get('/api/guard?to=moved');
      expect([moved.status, moved.headers['location'], moved.headers['set-cookie']]).toEqual([308, '/api/hello', ['seen=1; Path=/']]);
      const action = await request(server).post('/api/guard').type('form').send('a=1');
      expect(action.status).toBe(303);
      const json = await request(server).post('/api/guard').send({ a: 1 });
      expect(json.status).toBe(307);
    });

    test('draftMode(): enable sets the bypass cookie, which then enables it', async () => {
      const on = await request(server).get('/api/draft?op=enable');
      expect(on.body).toEqual({ isEnabled: true });
      const [cookie] = on.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^__prerender_bypass=[0-9a-f]{32}; Path=\/; Secure; HttpOnly; SameSite=none$/);
      expect((await request(server).get('/api/draft').set('Cookie', cookie.split(';')[0])).body).toEqual({ isEnabled: true });
      expect((await request(server).get('/api/draft').set('Cookie', '__prerender_bypass=forged')).body).toEqual({ isEnabled: false });
    });
  });

  describe('errors (§31)', () => {
    test('a throw is an empty 500, logged as Next logs it', async () => {
      const res = await request(server).get('/api/errors/throws');
      expect([res.status, reasonPhrase(res), res.text]).toEqual([500, 'Internal Server Error', '']);
      expect(res.headers['content-type']).toBeUndefined();
      expect(logger.lines[0]).toMatch(/^error: ⨯ Error: handler exploded\n {4}at GET/);
    });

    test('a handler returning no Response: empty 500 and Next\'s message naming the file', async () => {
      const res = await request(server).get('/api/errors/undefined');
      expect(res.status).toBe(500);
      expect(logger.text()).toContain(
        `No response is returned from route handler '${appDir}/errors/undefined/route.ts'. Expected a Response object but received 'undefined' (method: GET, url: /api/errors/undefined).`,
      );
    });
  });
});

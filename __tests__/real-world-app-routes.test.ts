// Real-world App Router shapes, part 2 (fixtures/real-world-app), driven as
// their clients drive them, on Express 5 and node:http through projectRoutes():
// a Standard Webhooks delivery verified over `await request.text()`, an
// iron-session session kept with cookies() from next/headers, a multipart
// upload through request.formData(), CORS from an OPTIONS export, and a JSON
// resource validated with zod and answered with NextResponse.json — beside the
// project's remaining pages/api route.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { rawRequest, removeDir, tempDir } from './support';
import { APP_ENV, HOSTS, useEnv, useServer } from './support/real-world-app';

const RSC_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';
const uploads = tempDir('uploads');
afterAll(() => removeDir(uploads));
useEnv({ ...APP_ENV, UPLOAD_DIR: uploads, MAX_UPLOAD_BYTES: String(64 * 1024) });

/** A Standard Webhooks signature, computed here with node:crypto: HMAC-SHA256 of `id.timestamp.payload` under the base64 key. */
function sign(id: string, timestamp: number, payload: string, secret = APP_ENV.EMAIL_WEBHOOK_SECRET): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${payload}`).digest('base64')}`;
}

const now = (): number => Math.floor(Date.now() / 1000);

describe.each(HOSTS)('on %s', (_name, host) => {
  const app = useServer(host);
  afterAll(() => expect(app.logger.lines).toEqual([]));

  test('the pages/api route the project still has answers beside the App Router routes', async () => {
    const res = await request(app.url).get('/api/health');
    expect([res.status, res.body, res.headers['cache-control'], res.headers['vary']]).toEqual([200, { status: 'ok', uptime: true }, 'no-store', undefined]);
  });

  describe('a Standard Webhooks delivery, verified over await request.text()', () => {
    // As the provider sends it: pretty-printed, non-ASCII text, a trailing newline.
    const payload = (id: string): string =>
      `${JSON.stringify({ type: 'email.bounced', data: { email_id: id, to: 'zoë@example.com', subject: 'Reçu n° 42 ☕' } }, null, 2)}\n`;
    const deliver = (id: string, body: string, signature: string, timestamp = now()) =>
      request(app.url)
        .post('/api/webhooks/email')
        .set('Content-Type', 'application/json')
        .set('webhook-id', id)
        .set('webhook-timestamp', String(timestamp))
        .set('webhook-signature', signature)
        .send(body);

    test('a signed delivery is handled once; the provider\'s retry is acknowledged as a duplicate', async () => {
      const body = payload('em_1');
      const t = now();
      const first = await deliver('msg_1', body, sign('msg_1', t, body), t);
      expect([first.status, first.body]).toMatchObject([200, { received: true, duplicate: false, type: 'email.bounced' }]);
      const retry = await deliver('msg_1', body, sign('msg_1', t, body), t);
      expect([retry.status, retry.body]).toEqual([200, { received: true, duplicate: true }]);
    });

    test('the same event re-serialised, a wrong key, a stale timestamp, no signature: 400', async () => {
      const body = payload('em_2');
      const t = now();
      const compact = JSON.stringify(JSON.parse(body));
      expect((await deliver('msg_2', compact, sign('msg_2', t, body), t)).body).toEqual({ error: 'No matching signature found' });
      const wrongKey = `whsec_${Buffer.from('someone-else').toString('base64')}`;
      expect((await deliver('msg_2', body, sign('msg_2', t, body, wrongKey), t)).status).toBe(400);
      const stale = now() - 600;
      expect((await deliver('msg_2', body, sign('msg_2', stale, body), stale)).body).toEqual({ error: 'Message timestamp too old' });
      const missing = await request(app.url).post('/api/webhooks/email').set('Content-Type', 'application/json').send(body);
      expect([missing.status, missing.body]).toEqual([400, { error: 'Missing required headers' }]);
    });

    test('a delivery arriving in fragments (chunked, split inside a UTF-8 character) verifies', async () => {
      const body = payload('em_3');
      const bytes = Buffer.from(body);
      const cut = bytes.indexOf(Buffer.from('☕')) + 1;
      const t = now();
      const res = await rawRequest(app.port, {
        path: '/api/webhooks/email',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'webhook-id': 'msg_3', 'webhook-timestamp': String(t), 'webhook-signature': sign('msg_3', t, body) },
        chunks: [bytes.subarray(0, 9), bytes.subarray(9, cut), bytes.subarray(cut)],
      });
      expect([res.status, JSON.parse(res.body)]).toMatchObject([200, { received: true, duplicate: false }]);
    });
  });

  describe('an iron-session session kept with cookies() from next/headers', () => {
    const login = (email: string, password: string) => request(app.url).post('/api/auth/login').send({ email, password });

    test('sign in sets the sealed cookie; it opens the session; sign out clears it', async () => {
      const signIn = await login('Ada@Example.com', 'correct horse battery staple');
      expect([signIn.status, signIn.body]).toEqual([200, { user: { id: 'u_1', name: 'Ada' } }]);
      const [cookie] = signIn.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^app_session=Fe26\.2\*[^;]+; Path=\/; Expires=[^;]+; Max-Age=28740; HttpOnly; SameSite=lax$/);
      const sealed = cookie.split(';')[0];

      const me = await request(app.url).get('/api/auth/me').set('Cookie', sealed);
      expect([me.status, me.body]).toEqual([200, { user: { id: 'u_1', name: 'Ada' } }]);
      const tampered = `${sealed.slice(0, -4)}AAAA`;
      expect((await request(app.url).get('/api/auth/me').set('Cookie', tampered)).status).toBe(401);

      const signOut = await request(app.url).post('/api/auth/logout').set('Cookie', sealed);
      expect(signOut.body).toEqual({ signedOut: true });
      // iron-session expires it with maxAge 0, which Next writes without an Expires (§27).
      expect(signOut.headers['set-cookie']).toEqual(['app_session=; Path=/; Max-Age=0; HttpOnly; SameSite=lax']);
      expect((await request(app.url).get('/api/auth/me')).status).toBe(401);
    });

    test('bad credentials: 401 and no cookie; a malformed body: 400', async () => {
      const wrong = await login('ada@example.com', 'tr0ub4dor');
      expect([wrong.status, wrong.headers['set-cookie']]).toEqual([401, undefined]);
      const malformed = await request(app.url).post('/api/auth/login').send({ email: 'not an email' });
      expect([malformed.status, malformed.body]).toEqual([400, { error: 'Email and password are required' }]);
    });
  });

  describe('a multipart upload through request.formData()', () => {
    const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3000, 7)]);

    test('several files are checked, stored under generated names, and described', async () => {
      const res = await request(app.url)
        .post('/api/uploads')
        .field('album', 'Été 2025')
        .attach('files', PNG, { filename: 'photo.PNG', contentType: 'image/png' })
        .attach('files', Buffer.from('notes, with ünïcode\n'), { filename: 'résumé.txt', contentType: 'text/plain' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        album: 'Été 2025',
        files: [
          { name: 'photo.PNG', type: 'image/png', size: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex'), storedAs: expect.stringMatching(/^[0-9a-f-]{36}\.png$/) },
          { name: 'résumé.txt', type: 'text/plain', size: 22, sha256: expect.any(String), storedAs: expect.stringMatching(/\.txt$/) },
        ],
      });
      const stored = res.body.files as Array<{ storedAs: string }>;
      expect(readFileSync(join(uploads, stored[0].storedAs)).equals(PNG)).toBe(true);
      expect(readFileSync(join(uploads, stored[1].storedAs), 'utf8')).toBe('notes, with ünïcode\n');
    });

    test('too large: 413; a type not accepted or not multipart: 415; no files: 400', async () => {
      const big = await request(app.url).post('/api/uploads').attach('files', Buffer.alloc(64 * 1024 + 1), { filename: 'big.png', contentType: 'image/png' });
      expect([big.status, big.body]).toEqual([413, { error: 'big.png is larger than 65536 bytes' }]);
      const script = await request(app.url).post('/api/uploads').attach('files', Buffer.from('alert(1)'), { filename: 'x.js', contentType: 'text/javascript' });
      expect([script.status, script.body]).toEqual([415, { error: 'x.js: text/javascript is not accepted' }]);
      expect((await request(app.url).post('/api/uploads').send({ files: [] })).status).toBe(415);
      expect((await request(app.url).post('/api/uploads').field('album', 'empty')).body).toEqual({ error: 'No files in the "files" field' });
    });
  });

  describe('CORS from an OPTIONS export', () => {
    test('a preflight from an allowed origin gets the allowances; Next\'s Vary keeps Origin', async () => {
      const res = await request(app.url)
        .options('/api/public/products')
        .set('Origin', 'https://shop.example.com')
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'Content-Type, X-API-Key');
      expect(res.status).toBe(204);
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': 'https://shop.example.com',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, OPTIONS',
        'access-control-allow-headers': 'content-type, x-api-key',
        'access-control-max-age': '600',
        vary: `${RSC_VARY}, Origin`,
      });
      expect(res.headers['allow']).toBeUndefined(); // the route's own OPTIONS, not Next's automatic one
    });

    test('another origin, or a header not allowed: 204 without allowances', async () => {
      const other = await request(app.url).options('/api/public/products').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect([other.status, other.headers['access-control-allow-origin'], other.headers['vary']]).toEqual([204, undefined, `${RSC_VARY}, Origin`]);
      const header = await request(app.url).options('/api/public/products').set('Origin', 'https://admin.example.com').set('Access-Control-Request-Headers', 'x-secret');
      expect(header.headers['access-control-allow-origin']).toBeUndefined();
    });

    test('the GET carries the origin back, Origin added to Next\'s Vary', async () => {
      const res = await request(app.url).get('/api/public/products').set('Origin', 'https://admin.example.com');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('https://admin.example.com');
      // (Next appends Accept-Encoding for its own compression; here compression is the host's.)
      expect(res.headers['vary']).toBe(`${RSC_VARY}, Origin`);
      expect(res.body.products).toHaveLength(3);
    });
  });

  describe('a JSON resource validated with zod, answered with NextResponse.json', () => {
    test('list with a validated query and cursor pagination; a bad query is a 400 naming the fields', async () => {
      const page = await request(app.url).get('/api/products?limit=2');
      expect([page.status, page.body.items.map((p: { id: string }) => p.id), page.body.nextCursor]).toEqual([200, ['p_1', 'p_2'], 'p_2']);
      const rest = await request(app.url).get('/api/products?limit=2&cursor=p_2');
      expect(rest.body.items.map((p: { id: string }) => p.id)[0]).toBe('p_3');
      const bad = await request(app.url).get('/api/products?limit=500&cursor=nope');
      expect([bad.status, Object.keys(bad.body.issues).sort()]).toEqual([400, ['cursor', 'limit']]);
    });

    test('create: 201 with Location; the stored product is served by the dynamic route; patch and delete', async () => {
      const created = await request(app.url).post('/api/products').send({ name: '  Kettle ', priceCents: 3500 });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ name: 'Kettle', priceCents: 3500, tags: [], id: expect.stringMatching(/^p_\d+$/), createdAt: expect.any(String) });
      const location = created.headers['location'] as string;
      expect(location).toBe(`/api/products/${created.body.id}`);
      expect((await request(app.url).get(location)).body).toEqual(created.body);
      const patched = await request(app.url).patch(location).send({ tags: ['kitchen'] });
      expect(patched.body).toMatchObject({ id: created.body.id, tags: ['kitchen'] });
      expect((await request(app.url).patch(location).send({})).status).toBe(422);
      expect((await request(app.url).delete(location)).status).toBe(204);
      expect((await request(app.url).get(location)).body).toEqual({ error: `No product ${created.body.id}` });
    });

    test('an invalid product: 422 with the fields; a body that is not JSON: 400; a method not exported: 405', async () => {
      const invalid = await request(app.url).post('/api/products').send({ name: '', priceCents: -1, tags: 'x' });
      expect([invalid.status, invalid.body.error, Object.keys(invalid.body.issues).sort()]).toEqual([422, 'Invalid product', ['name', 'priceCents', 'tags']]);
      expect((await request(app.url).post('/api/products').type('json').send('{')).body).toEqual({ error: 'The body must be JSON' });
      const put = await request(app.url).put('/api/products');
      expect([put.status, put.text]).toEqual([405, '']);
    });
  });
});

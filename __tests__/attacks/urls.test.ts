/**
 * Hostile and odd request targets, sent on raw sockets (an HTTP client would
 * clean them up): malformed escapes, prototype-named keys, traversal,
 * fragments, absolute-form targets, route files named `[__proto__]`, and
 * values from the URL put into response headers.
 */
import { ATTACK_HOSTS, type AttackServer, attackServers, jsonBody, socketRequest } from '../support';

const servers = attackServers();

let server: AttackServer;
beforeAll(async () => {
  server = await servers.start();
});

interface Echo {
  url: string;
  query: Record<string, unknown>;
  queryKeys: string[];
  queryHasOwnProto: boolean;
  cookies: Record<string, unknown>;
  cookieKeys: string[];
  pollution: string[];
}

describe.each(ATTACK_HOSTS)('%s', (host) => {
  const get = (target: string, headers: Record<string, string> = {}) => socketRequest(server.port[host], 'GET', target, headers);

  describe('malformed escapes', () => {
    test.each(['/api/users/%ZZ', '/api/users/%E0%A4%A', '/api/users/%', '/api/users/%%30'])('%s in a dynamic segment is 400', async (target) => {
      expect((await get(target)).status).toBe(400);
    });

    test('in a static segment it is simply not a route (404)', async () => {
      expect((await get('/api/%ZZ')).status).toBe(404);
      expect((await get('/api/ech%ZZo')).status).toBe(404);
    });

    test('in the query and in cookies values stay literal or become U+FFFD, as in Next', async () => {
      const res = await get('/api/echo?x=%FF&%ZZ=1&y=%E0%A4%A', { Cookie: 'a=%ZZ; b=%E2%9C%93' });
      const body = jsonBody(res) as Echo;
      expect(body.query).toEqual({ x: '\uFFFD', '%ZZ': '1', y: '\uFFFD%A' });
      expect(body.cookies).toEqual({ a: '%ZZ', b: '✓' });
    });

    test('a NUL byte decodes into the param, nothing else', async () => {
      expect((jsonBody(await get('/api/users/a%00b')) as Echo).query).toEqual({ id: 'a\u0000b' });
    });
  });

  describe('prototype-named keys', () => {
    test('query keys named after Object.prototype members are ordinary keys, and nothing is polluted', async () => {
      const body = jsonBody(await get('/api/echo?toString=1&constructor=2&hasOwnProperty=3&valueOf=4&constructor[prototype][x]=5')) as Echo;
      expect(body.queryKeys).toEqual(['toString', 'constructor', 'hasOwnProperty', 'valueOf', 'constructor[prototype][x]']);
      expect(body.query.toString).toBe('1');
      expect(body.pollution).toEqual([]);
    });

    test('__proto__ in the query string is dropped, as Next drops it', async () => {
      const body = jsonBody(await get('/api/echo?__proto__=a&__proto__=b&__proto__[x]=1&ok=1')) as Echo;
      expect(body.queryHasOwnProto).toBe(false);
      expect(body.queryKeys).toEqual(['__proto__[x]', 'ok']);
      expect(body.pollution).toEqual([]);
    });

    test('a handler that deep-merges req.query naively cannot pollute Object.prototype', async () => {
      expect(jsonBody(await get('/api/merge?__proto__=a&__proto__=b&x=1'))).toEqual({ polluted: [] });
    });

    test('cookies named after Object.prototype members are ordinary string keys, and nothing is polluted', async () => {
      const body = jsonBody(await get('/api/echo', { Cookie: '__proto__=x; constructor=y; toString=z; ok=1' })) as Echo;
      expect(body.cookieKeys).toEqual(['__proto__', 'constructor', 'toString', 'ok']);
      expect(body.pollution).toEqual([]);
    });

    test('a route file [__proto__].js gets its param as an ordinary own key', async () => {
      expect(jsonBody(await get('/api/proto/7'))).toEqual({ keys: ['__proto__'], value: '7', prototypeIsObject: true });
    });

    test('a route file [...__proto__].js gets its segments as an ordinary own key', async () => {
      expect(jsonBody(await get('/api/proto-all/a/b'))).toEqual({ keys: ['__proto__'], value: ['a', 'b'], prototypeIsObject: true });
    });
  });

  describe('traversal', () => {
    test.each([
      '/api/../../../etc/passwd',
      '/api/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/api/.%2e/.%2e/etc/passwd',
      '/api/..%2f..%2f..%2fetc%2fpasswd',
      '/api/..%5c..%5c..%5cetc%5cpasswd',
      '/api/users/..%2f..%2f..%2fetc%2fpasswd',
    ])('%s reads no file and reaches no route outside the folder', async (target) => {
      const res = await get(target);
      expect(res.body).not.toMatch(/root:/);
      if (res.status === 200) expect((JSON.parse(res.body) as Echo).url).toMatch(/^\/api\/users\//);
      else expect([308, 400, 404]).toContain(res.status);
    });

    test('dot segments resolve inside the folder only', async () => {
      expect((jsonBody(await get('/api/users/../echo?x=1')) as Echo).query).toEqual({ x: '1' });
      const up = await get('/api/echo/x/%2e%2e');
      expect(up.status).toBe(308);
      expect(up.headers.location).toBe('/api/echo');
    });
  });

  describe('fragments (clients never send one; raw HTTP can)', () => {
    test('/api/users/7#a?b: the fragment and all after it is dropped before matching', async () => {
      const res = await get('/api/users/7#a?b');
      expect(res.status).toBe(200);
      expect(jsonBody(res)).toEqual({ url: '/api/users/7', query: { id: '7' } });
    });

    test('/api/echo#frag?x=1 is the echo route with no query', async () => {
      const res = await get('/api/echo#frag?x=1');
      expect(res.status).toBe(200);
      expect((jsonBody(res) as Echo).query).toEqual({});
      expect((jsonBody(res) as Echo).url).toBe('/api/echo');
    });

    test('/api/echo?x=1#frag keeps the query and drops the fragment', async () => {
      const res = await get('/api/echo?x=1#frag');
      expect(res.status).toBe(200);
      expect((jsonBody(res) as Echo).query).toEqual({ x: '1' });
    });
  });

  describe('absolute-form request targets (RFC 9112 §3.2.2)', () => {
    test('GET http://host/api/echo?x=1 is served like its path', async () => {
      const res = await get('http://127.0.0.1/api/echo?x=1');
      expect(res.status).toBe(200);
      expect((jsonBody(res) as Echo).query).toEqual({ x: '1' });
      expect((jsonBody(res) as Echo).url).toBe('/api/echo?x=1');
    });

    test('a dynamic route through an absolute-form target', async () => {
      const res = await get('http://127.0.0.1:1234/api/users/42');
      expect(res.status).toBe(200);
      expect(jsonBody(res)).toEqual({ url: '/api/users/42', query: { id: '42' } });
    });

    test('the authority never becomes a redirect target', async () => {
      const res = await get('http://evil.example/api/echo/?x=1');
      expect(res.status).toBe(308);
      expect(res.headers.location).toBe('/api/echo?x=1');
    });
  });

  describe('header and redirect injection', () => {
    test('CRLF in a redirect target: 500, and no header is injected', async () => {
      const res = await get('/api/inject?t=redirect&to=%2Fok%0D%0ASet-Cookie:%20pwned=1');
      expect(res.status).toBe(500);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).toBe('Internal Server Error');
    });

    test('CRLF in redirect(status, url): 500, no header injected', async () => {
      const res = await get('/api/inject?t=redirect-status&to=%2Fok%0AX-Injected:%201');
      expect(res.status).toBe(500);
      expect(res.headers['x-injected']).toBeUndefined();
    });

    test('CRLF in a header value: 500, no header injected', async () => {
      const res = await get('/api/inject?t=header&v=a%0D%0AX-Injected:%201');
      expect(res.status).toBe(500);
      expect(res.headers['x-injected']).toBeUndefined();
    });

    test('CRLF in the status message: 500, no header injected', async () => {
      const res = await get('/api/inject?t=status-message&v=OK%0D%0AX-Injected:%201');
      expect(res.status).toBe(500);
      expect(res.headers['x-injected']).toBeUndefined();
    });

    test.each(['//evil.example/api/echo/', '/api//evil.example/', '/api/\\evil.example/', '/api/users//evil.example/', '/api/echo/..//evil.example/', '/api/users/%2F%2Fevil.example/'])(
      "the library's own 308 for %s never points off-site",
      async (target) => {
        const res = await get(target);
        const location = res.headers.location;
        if (location !== undefined) expect(String(location)).toMatch(/^\/(?![/\\])/);
      },
    );
  });

  test('the server is still up after every attack above', async () => {
    expect(await server.alive()).toBe(true);
  });
});

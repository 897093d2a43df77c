/**
 * Message framing tricks and slow clients against the library's servers
 * (Express 5 and node:http in one child process). Node's parser refuses the
 * ambiguous framings itself; these attacks check that nothing the library
 * does reopens them, that no smuggled request reaches a route, and that slow
 * clients do not stop the server from serving others.
 */
import { ATTACK_HOSTS, type AttackServer, attackServers, exchange, socketRequest, waitUntil } from '../support';

const servers = attackServers();

let server: AttackServer;
beforeAll(async () => {
  server = await servers.start();
});

const SMUGGLED = 'GET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n';

describe.each(ATTACK_HOSTS)('%s: framing', (host) => {
  test.each([
    ['Content-Length and Transfer-Encoding together', `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
    ['two different Content-Lengths', `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nhello${SMUGGLED}`],
    ['two equal Content-Lengths', `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello${SMUGGLED}`],
    ['Transfer-Encoding that does not end in chunked', `POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${SMUGGLED}`],
    ['an obfuscated Transfer-Encoding', `POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n${SMUGGLED}`],
    ['a negative Content-Length', `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n${SMUGGLED}`],
    ['a space before the colon', `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length : 0\r\n\r\n${SMUGGLED}`],
  ])('%s: 400 from the parser, and nothing smuggled through', async (_name, text) => {
    const before = (await server.stats()).counters.smuggled ?? 0;
    const result = await exchange(server.port[host], text);
    expect(result.response?.status).toBe(400);
    expect(result.closedByServer).toBe(true);
    expect((await server.stats()).counters.smuggled ?? 0).toBe(before);
  });

  test.each([
    ['a chunk size that is not hex', 'zz\r\nhello\r\n0\r\n\r\n'],
    ['a chunk longer than its size', '2\r\nhello\r\n0\r\n\r\n'],
    ['a chunk size that overflows', 'fffffffffffffffffff\r\nhello\r\n0\r\n\r\n'],
  ])('%s: the request fails (no 200), the connection is closed, nothing smuggled', async (_name, chunks) => {
    const before = (await server.stats()).counters.smuggled ?? 0;
    const result = await exchange(server.port[host], `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}${SMUGGLED}`);
    expect(result.responses.map((r) => r.status)).not.toContain(200);
    expect(result.closedByServer).toBe(true);
    expect((await server.stats()).counters.smuggled ?? 0).toBe(before);
  });

  test('pipelined requests are answered in order, each once', async () => {
    const before = (await server.stats()).counters.smuggled ?? 0;
    const result = await exchange(server.port[host], `GET /api/echo?n=1 HTTP/1.1\r\nHost: x\r\n\r\n${SMUGGLED}GET /api/echo?n=3 HTTP/1.1\r\nHost: x\r\n\r\n`, { responses: 3 });
    expect(result.responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(result.responses[1].body).toBe('smuggled');
    expect((await server.stats()).counters.smuggled).toBe(before + 1);
  });
});

describe.each(ATTACK_HOSTS)('%s: slow clients', (host) => {
  test('20 slowloris connections (headers one line at a time) do not stop others being served', async () => {
    const fdsBefore = server.fds();
    const lines = Array.from({ length: 12 }, (_, i) => `X-Slow-${i}: ${'s'.repeat(20)}\r\n`);
    const slow = Array.from({ length: 20 }, () => exchange(server.port[host], 'GET /api/echo HTTP/1.1\r\nHost: x\r\n', { trickle: { parts: lines, everyMs: 50 }, deadlineMs: 800 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await socketRequest(server.port[host], 'GET', '/api/echo?during=slowloris');
    expect(res.status).toBe(200);
    const results = await Promise.all(slow);
    // None got a response: their headers never ended.
    expect(results.every((r) => r.response === undefined)).toBe(true);
    expect(await waitUntil(async () => (await server.stats()).openSockets === 0)).toBe(true);
    expect(server.fds() - fdsBefore).toBeLessThanOrEqual(2);
  });

  test('a body sent a few bytes at a time is still read correctly', async () => {
    const parts = ['{"a', '":', '[1,', '2]', '}'];
    const result = await exchange(server.port[host], `POST /api/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${parts.join('').length}\r\n\r\n`, {
      trickle: { parts, everyMs: 20 },
    });
    expect(result.response?.status).toBe(200);
    expect(JSON.parse(result.response!.body).body).toEqual({ a: [1, 2] });
  });

  test('the server is still up after every attack above', async () => {
    expect(await server.alive()).toBe(true);
  });
});

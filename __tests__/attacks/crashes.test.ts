/**
 * Attacks that used to take the whole process down (issue 9, "Crashes"): each
 * runs against a server in its own child process, which must answer the
 * attack as described and still serve afterwards on Express 5 and node:http.
 */
import { ATTACK_HOSTS, attackServers, exchange, requestText, socketRequest, waitUntil } from '../support';

const servers = attackServers();

describe('res.send(stream) whose source fails', () => {
  test('a missing file: 500 Internal Server Error, and the process keeps serving', async () => {
    const server = await servers.start();
    for (const host of ATTACK_HOSTS) {
      const res = await socketRequest(server.port[host], 'GET', '/api/stream-missing');
      expect(res.status).toBe(500);
      expect(res.body).toBe('Internal Server Error');
      // The 500 is Next's plain text error, not an octet-stream download.
      expect(res.headers['content-type']).toBeUndefined();
      expect(await server.alive()).toBe(true);
    }
    expect(server.stderr()).toMatch(/\/api\/stream-missing[\s\S]*ENOENT/);
  });

  test('an error midway: the client gets a truncated body (no last chunk), and the process keeps serving', async () => {
    const server = await servers.start();
    for (const host of ATTACK_HOSTS) {
      const result = await exchange(server.port[host], requestText('GET', '/api/stream-midway'), { deadlineMs: 3000 });
      expect(result.response?.status).toBe(200);
      expect(result.response?.body).toContain('partial line 1\n');
      // The connection is cut: a client must not take the half body for the whole.
      expect(result.response?.complete).toBe(false);
      expect(result.closedByServer).toBe(true);
      expect(await server.alive()).toBe(true);
    }
    expect(server.stderr()).toMatch(/\/api\/stream-midway[\s\S]*source failed midway/);
  });
});

describe('a logger that fails', () => {
  test('logger.error throws: the failing handler still gets its 500, and the process keeps serving', async () => {
    const server = await servers.start({ logger: 'throw' });
    for (const host of ATTACK_HOSTS) {
      const res = await socketRequest(server.port[host], 'GET', '/api/throw');
      expect(res.status).toBe(500);
      expect(res.body).toBe('Internal Server Error');
      expect(await server.alive()).toBe(true);
    }
    // The line the logger could not take goes to stderr, with why.
    expect(server.stderr()).toMatch(/next-api-express: logger\.error\(\) failed \(logger\.error failed\); the line was: Error in API route \/api\/throw .*handler failed on purpose/);
  });

  test('logger.warn throws (response-size warning): the response is still sent in full', async () => {
    const server = await servers.start({ logger: 'throw' });
    for (const host of ATTACK_HOSTS) {
      const res = await socketRequest(server.port[host], 'GET', '/api/big-response');
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(5 * 1024 * 1024);
      expect(await server.alive()).toBe(true);
    }
  });

  test('logger.warn throws in development (a handler that returns a value): answered, and the process keeps serving', async () => {
    const server = await servers.start({ logger: 'throw', options: { dev: true } });
    for (const host of ATTACK_HOSTS) {
      const res = await socketRequest(server.port[host], 'GET', '/api/returns');
      expect(res.status).toBe(200);
      expect(res.body).toBe('returned');
      expect(await server.alive()).toBe(true);
    }
  });

  test('an async logger whose promise rejects: no unhandled rejection, the process keeps serving', async () => {
    const server = await servers.start({ logger: 'reject', options: { dev: true } });
    for (const host of ATTACK_HOSTS) {
      expect((await socketRequest(server.port[host], 'GET', '/api/throw')).status).toBe(500);
      expect((await socketRequest(server.port[host], 'GET', '/api/returns')).body).toBe('returned');
      // The rejection surfaces after the answer: give it a turn of the event loop.
      expect(await waitUntil(() => !server.running(), 200)).toBe(false);
      expect(await server.alive()).toBe(true);
    }
  });
});

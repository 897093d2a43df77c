/**
 * Handlers that misbehave: never answer, answer twice, run past their
 * `maxDuration`. The server process must stay up, give every client one
 * answer at most, and not keep the abandoned requests' resources.
 */
import { ATTACK_HOSTS, type AttackServer, attackServers, exchange, requestText, socketRequest, waitUntil } from '../support';

const servers = attackServers();

let server: AttackServer;
beforeAll(async () => {
  server = await servers.start();
});

describe.each(ATTACK_HOSTS)('%s: a handler that never answers', (host) => {
  test('20 clients that give up: every request closed, no file descriptor kept, the server serving', async () => {
    const fdsBefore = server.fds();
    const before = (await server.stats()).counters;
    const results = await Promise.all(Array.from({ length: 20 }, () => exchange(server.port[host], requestText('GET', '/api/never'), { deadlineMs: 300 })));
    expect(results.every((r) => r.response === undefined && !r.closedByServer)).toBe(true);
    expect(await waitUntil(async () => ((await server.stats()).counters.neverClosed ?? 0) - (before.neverClosed ?? 0) === 20)).toBe(true);
    expect((await server.stats()).counters.neverStarted - (before.neverStarted ?? 0)).toBe(20);
    expect(await waitUntil(async () => (await server.stats()).openSockets === 0)).toBe(true);
    expect(server.fds() - fdsBefore).toBeLessThanOrEqual(2);
    expect(await server.alive()).toBe(true);
  });
});

describe.each(ATTACK_HOSTS)('%s: a handler that answers twice', (host) => {
  test.each([
    ['json', 200, '{"first":true}'],
    ['end', 200, 'first'],
    ['write', 200, 'first'],
    ['header', 200, 'first'],
    ['timer', 200, 'first'],
    ['throw', 200, 'first'],
  ])('t=%s: the client gets the first answer only, and the server keeps serving', async (t, status, body) => {
    // A second request on the same connection shows that nothing extra was written on it.
    const first = requestText('GET', `/api/twice?t=${t}`).replace('Connection: close\r\n', '');
    const result = await exchange(server.port[host], first + requestText('GET', '/api/echo?next=1'), { responses: 2, deadlineMs: 2000 });
    expect(result.responses.map((r) => [r.status, r.body.slice(0, 20)])).toEqual([
      [status, body],
      [200, '{"method":"GET","url'],
    ]);
    expect(result.responses[0].headers['x-late']).toBeUndefined();
    expect(await server.alive()).toBe(true);
  });
});

describe('config.maxDuration', () => {
  test('without enforceMaxDuration it is not enforced, as in `next start`: the request just hangs', async () => {
    const result = await exchange(server.port.node, requestText('GET', '/api/slow'), { deadlineMs: 800 });
    expect(result.response).toBeUndefined();
    expect(result.closedByServer).toBe(false);
  });

  describe.each(ATTACK_HOSTS)('%s with enforceMaxDuration: true', (host) => {
    let enforcing: AttackServer;
    beforeAll(async () => {
      enforcing = await servers.start({ hosts: [host], options: { enforceMaxDuration: true } });
    });

    test('nothing sent by then: 504, and the handler sees its request closed', async () => {
      const before = (await enforcing.stats()).counters;
      const result = await exchange(enforcing.port[host], requestText('GET', '/api/slow'), { deadlineMs: 3000 });
      expect(result.response?.status).toBe(504);
      expect(result.response?.reason).toBe('Gateway Timeout');
      expect(result.response?.body).toBe('Gateway Timeout');
      expect(await waitUntil(async () => ((await enforcing.stats()).counters.slowRequestClosed ?? 0) > (before.slowRequestClosed ?? 0))).toBe(true);
      expect(await enforcing.alive()).toBe(true);
    });

    test('a response already started: the connection is cut, so the client sees a truncated body', async () => {
      const result = await exchange(enforcing.port[host], requestText('GET', '/api/slow?t=partial'), { deadlineMs: 3000 });
      expect(result.response?.status).toBe(200);
      expect(result.response?.body).toBe('started, never finished\n');
      expect(result.response?.complete).toBe(false);
      expect(result.closedByServer).toBe(true);
    });

    test('routes without maxDuration are not limited', async () => {
      expect((await socketRequest(enforcing.port[host], 'GET', '/api/echo')).status).toBe(200);
    });
  });
});

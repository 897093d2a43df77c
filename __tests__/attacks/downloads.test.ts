/**
 * Downloads the client abandons (issue 9, "Resource leaks"): `res.send(stream)`
 * must destroy its source when the response closes early, or each aborted
 * download keeps a file descriptor open and an async generator suspended
 * forever (its `finally` never runs).
 */
import { ATTACK_HOSTS, type AttackServer, attackServers, exchange, requestText, waitUntil } from '../support';

const servers = attackServers();

let server: AttackServer;
beforeAll(async () => {
  server = await servers.start({ bigFile: true });
});

/** Starts a download, waits for the first bytes of the body, then hangs up. */
async function abortedDownload(port: number, path: string): Promise<void> {
  const result = await exchange(port, requestText('GET', path), { responses: 0, deadlineMs: 2000 });
  expect(result.raw).toMatch(/^HTTP\/1\.1 200 /);
}

describe.each(ATTACK_HOSTS)('%s', (host) => {
  test('30 aborted file downloads: every source closed, no file descriptor left open', async () => {
    const fdsBefore = server.fds();
    const before = (await server.stats()).counters;
    for (let i = 0; i < 30; i++) await abortedDownload(server.port[host], '/api/stream-big');
    await waitUntil(async () => {
      const { counters } = await server.stats();
      return counters.bigClosed - (before.bigClosed ?? 0) === 30;
    }, 2000);
    const { counters } = await server.statsAfterGc();
    expect(server.fds() - fdsBefore).toBeLessThanOrEqual(3);
    expect(counters.bigOpened - (before.bigOpened ?? 0)).toBe(30);
    expect((counters.bigClosed ?? 0) - (before.bigClosed ?? 0)).toBe(30);
    expect(await server.alive()).toBe(true);
  });

  test('10 aborted async-generator downloads: every generator’s finally runs', async () => {
    const before = (await server.stats()).counters;
    for (let i = 0; i < 10; i++) await abortedDownload(server.port[host], '/api/generator');
    await waitUntil(async () => ((await server.stats()).counters.generatorFinally ?? 0) - (before.generatorFinally ?? 0) === 10, 2000);
    const { counters } = await server.stats();
    expect(counters.generatorStarted - (before.generatorStarted ?? 0)).toBe(10);
    expect((counters.generatorFinally ?? 0) - (before.generatorFinally ?? 0)).toBe(10);
    expect(await server.alive()).toBe(true);
  });
});

/**
 * A valid preview/draft cookie must not make every request pay a PBKDF2 key
 * derivation (100,000 rounds of SHA-512, ~40 ms of CPU, synchronous): one
 * client holding one valid cookie could keep the event loop busy. The attack
 * server counts every PBKDF2 call; the CPU time is printed for the record.
 */
import { ATTACK_HOSTS, type AttackServer, attackServers, jsonBody, socketRequest } from '../support';

const servers = attackServers();

const PREVIEW_KEYS = {
  previewModeId: '0123456789abcdef0123456789abcdef',
  previewModeSigningKey: 'attack-suite-signing-key-0123456789',
  previewModeEncryptionKey: 'attack-suite-encryption-key-0123456',
};

let server: AttackServer;
beforeAll(async () => {
  server = await servers.start({ options: { preview: PREVIEW_KEYS } });
});

function cookieHeader(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
}

describe.each(ATTACK_HOSTS)('%s', (host) => {
  test('30 requests with one valid preview cookie: the key is derived once, not per request', async () => {
    const set = await socketRequest(server.port[host], 'GET', '/api/draft?t=set');
    expect(set.status).toBe(200);
    const cookie = cookieHeader(set.headers['set-cookie']);
    expect(cookie).toMatch(/^__prerender_bypass=\w+; __next_preview_data=[\w.-]+$/);

    const before = await server.stats();
    for (let i = 0; i < 30; i++) {
      const res = await socketRequest(server.port[host], 'GET', '/api/draft', { Cookie: cookie });
      expect(jsonBody(res)).toEqual({ preview: true, previewData: { user: 'attacker', note: 'a valid preview cookie' } });
    }
    const after = await server.stats();
    process.stdout.write(`[attack] ${host}: 30 preview requests: ${after.pbkdf2Calls - before.pbkdf2Calls} PBKDF2 calls, ${Math.round(after.cpuMs - before.cpuMs)} ms CPU\n`);
    expect(after.pbkdf2Calls - before.pbkdf2Calls).toBeLessThanOrEqual(1);
  });

  test('a tampered cookie costs no derivation at all (the signature is checked first) and is cleared', async () => {
    const set = await socketRequest(server.port[host], 'GET', '/api/draft?t=set');
    // The signature's first character: all six of its bits count (the last one's low bits do not).
    const cookie = cookieHeader(set.headers['set-cookie']).replace(/\.([\w-])([\w-]*)$/, (_, first: string, rest: string) => `.${first === 'A' ? 'B' : 'A'}${rest}`);
    const before = await server.stats();
    const res = await socketRequest(server.port[host], 'GET', '/api/draft', { Cookie: cookie });
    expect(jsonBody(res)).toEqual({ preview: null, previewData: false });
    expect(String(res.headers['set-cookie'])).toMatch(/__next_preview_data=;/);
    expect((await server.stats()).pbkdf2Calls - before.pbkdf2Calls).toBe(0);
  });
});

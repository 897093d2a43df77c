/**
 * Hostile request bodies against one long-lived server process (Express 5 and
 * node:http in the same child): oversize and endless bodies, bodies that fail
 * early, aborted uploads, odd charsets and encodings, prototype-named keys.
 * Decided on status, the connection's fate, bytes the server read, open file
 * descriptors and liveness.
 */
import { gzipSync } from 'node:zlib';
import { ATTACK_HOSTS, type AttackServer, attackServers, exchange, jsonBody, requestText, socketRequest, waitUntil } from '../support';

const servers = attackServers();

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** What the client tries to push after the head: enough to see whether the server keeps reading. */
const PUSHED = 8 * MiB;
/** The server may read its own limit (1 MiB), what the kernel buffers and a bounded drain; never the body. */
const READ_BOUND = 2.5 * MiB;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

let server: AttackServer;
beforeAll(async () => {
  server = await servers.start();
});

async function bytesReadDuring(attack: () => Promise<void>): Promise<number> {
  const before = (await server.stats()).bytesRead;
  await attack();
  return (await server.stats()).bytesRead - before;
}

describe.each(ATTACK_HOSTS)('%s: a body larger than the limit', (host) => {
  test('1 GiB declared: 413, then Connection: close and the socket closed, without reading the body', async () => {
    let result!: Awaited<ReturnType<typeof exchange>>;
    const read = await bytesReadDuring(async () => {
      result = await exchange(server.port[host], `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${GiB}\r\n\r\n`, {
        body: { chunk: CHUNK, maxBytes: PUSHED },
        deadlineMs: 2500,
      });
    });
    expect(result.response?.status).toBe(413);
    expect(result.response?.reason).toBe('Body exceeded 1mb limit');
    expect(result.response?.body).toBe('Body exceeded 1mb limit');
    expect(result.response?.headers.connection).toBe('close');
    expect(result.closedByServer).toBe(true);
    expect(read).toBeLessThan(READ_BOUND);
    expect(await server.alive()).toBe(true);
  });

  test('an endless chunked body: 413 once past the limit, then the socket closed', async () => {
    let result!: Awaited<ReturnType<typeof exchange>>;
    const read = await bytesReadDuring(async () => {
      result = await exchange(server.port[host], 'POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n', {
        body: { chunk: CHUNK, maxBytes: PUSHED, chunked: true },
        deadlineMs: 2500,
      });
    });
    expect(result.response?.status).toBe(413);
    expect(result.response?.headers.connection).toBe('close');
    expect(result.closedByServer).toBe(true);
    expect(read).toBeLessThan(READ_BOUND);
    expect(await server.alive()).toBe(true);
  });

  test('an early 400 (unknown charset) with ~1 MB declared: answered, then the socket closed without reading the body', async () => {
    const declared = 1_000_000;
    let result!: Awaited<ReturnType<typeof exchange>>;
    const read = await bytesReadDuring(async () => {
      result = await exchange(server.port[host], `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain; charset=x-attack\r\nContent-Length: ${declared}\r\n\r\n`, {
        body: { chunk: CHUNK.subarray(0, 10_000), maxBytes: declared },
        deadlineMs: 2500,
      });
    });
    expect(result.response?.status).toBe(400);
    expect(result.response?.body).toBe('Invalid body');
    expect(result.response?.headers.connection).toBe('close');
    expect(result.closedByServer).toBe(true);
    expect(read).toBeLessThan(declared / 2);
  });

  test('a small excess is drained: the keep-alive connection serves the next request', async () => {
    const oversize = requestText('POST', '/api/small-limit', { 'Content-Type': 'text/plain' }, 'x'.repeat(100)).replace('Connection: close\r\n', '');
    const next = requestText('GET', '/api/echo?after=1');
    const result = await exchange(server.port[host], oversize + next, { responses: 2 });
    expect(result.responses.map((r) => r.status)).toEqual([413, 200]);
    expect(result.responses[0].body).toBe('Body exceeded 10b limit');
    expect((jsonBody(result.responses[1]) as { query: unknown }).query).toEqual({ after: '1' });
  });
});

describe.each(ATTACK_HOSTS)('%s: aborted uploads', (host) => {
  test('30 uploads cut off midway leave no file descriptor behind and the server serving', async () => {
    const fdsBefore = server.fds();
    for (let i = 0; i < 30; i++) {
      await exchange(server.port[host], `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":`, { deadlineMs: 10 });
    }
    expect(await waitUntil(async () => (await server.stats()).openSockets === 0)).toBe(true);
    expect(server.fds() - fdsBefore).toBeLessThanOrEqual(2);
    expect(await server.alive()).toBe(true);
  });
});

describe.each(ATTACK_HOSTS)('%s: charsets', (host) => {
  test.each([
    ['utf-16le', Buffer.from('héllo ✓', 'utf16le'), 'héllo ✓'],
    ['latin1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'café'],
    ['UTF-8', Buffer.from([0xff, 0xfe, 0x41]), '\uFFFD\uFFFDA'],
  ])('charset=%s is decoded', async (charset, bytes, text) => {
    const head = `POST /api/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Length: ${bytes.length}\r\n\r\n`;
    const result = await exchange(server.port[host], Buffer.concat([Buffer.from(head), bytes]));
    expect(result.response?.status).toBe(200);
    expect((jsonBody(result.response!) as { body: string }).body).toBe(text);
  });

  test.each([['x-unknown'], ['a'.repeat(4000)]])('an unusable charset (%#) is 400 Invalid body', async (charset) => {
    const res = await socketRequest(server.port[host], 'POST', '/api/echo', { 'Content-Type': `text/plain; charset=${charset}` }, 'body');
    expect([res.status, res.body]).toEqual([400, 'Invalid body']);
  });
});

describe.each(ATTACK_HOSTS)('%s: content-encoding bombs', (host) => {
  test('gzip, deflate, br: never inflated (Next takes the bytes as they are), memory flat', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * MiB), { level: 9 }); // ~20 KiB that would inflate to 20 MiB
    const rssBefore = (await server.statsAfterGc()).rss;
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const head = `POST /api/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain; charset=latin1\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${bomb.length}\r\n\r\n`;
      const result = await exchange(server.port[host], Buffer.concat([Buffer.from(head), bomb]));
      expect(result.response?.status).toBe(200);
      expect((jsonBody(result.response!) as { bodyLength: number }).bodyLength).toBe(bomb.length);
    }
    expect((await server.statsAfterGc()).rss - rssBefore).toBeLessThan(10 * MiB);
  });
});

describe.each(ATTACK_HOSTS)('%s: prototype-named keys in bodies', (host) => {
  test('JSON: own keys as JSON.parse makes them, and Object.prototype untouched', async () => {
    const res = await socketRequest(server.port[host], 'POST', '/api/echo', { 'Content-Type': 'application/json' }, '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"toString":"x"}');
    const body = jsonBody(res) as { bodyKeys: string[]; pollution: string[] };
    expect(res.status).toBe(200);
    expect(body.bodyKeys).toEqual(['__proto__', 'constructor', 'toString']);
    expect(body.pollution).toEqual([]);
  });

  test('urlencoded: literal keys (no bracket parsing), and Object.prototype untouched', async () => {
    const res = await socketRequest(
      server.port[host],
      'POST',
      '/api/echo',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      '__proto__=a&__proto__=b&__proto__[polluted]=1&constructor[prototype][polluted]=1',
    );
    const body = jsonBody(res) as { bodyKeys: string[]; pollution: string[] };
    expect(res.status).toBe(200);
    expect(body.bodyKeys).toEqual(['__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]']);
    expect(body.pollution).toEqual([]);
  });
});

describe.each(ATTACK_HOSTS)('%s: bodyParser 0 and "" parse the body, as in Next (strictly `false` disables it)', (host) => {
  test.each(['/api/zero', '/api/empty-string'])('%s', async (path) => {
    const res = await socketRequest(server.port[host], 'POST', path, { 'Content-Type': 'application/json' }, '{"a":1}');
    expect(res.status).toBe(200);
    expect(jsonBody(res)).toEqual({ body: { a: 1 } });
  });
});

/**
 * Slow clients and slow upstreams are bounded (issue 9, "Timeouts"): the CLI
 * sets Node's headersTimeout / requestTimeout / keepAliveTimeout to documented
 * defaults, changeable by flags; `revalidateNextFrontend()` gives up on a
 * frontend that never answers.
 */
import net from 'node:net';
import request from 'supertest';
import { revalidateNextFrontend } from '../../lib';
import { DEFAULT_HEADERS_TIMEOUT, DEFAULT_KEEP_ALIVE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, helpText, parseCli, UsageError } from '../../lib/cli/args';
import { createApiServer } from '../../lib/cli/server';
import { testHandler } from '../../lib/testing';
import { ATTACK_API, cliSession, exchange, requestText } from '../support';

const session = cliSession();

/** The CLI serving the attack fixtures on a free port. */
async function serveWith(args: string[]): Promise<number> {
  const cli = session.start([ATTACK_API, '--port', '0', ...args]);
  return Number(new URL(await cli.url()).port);
}

describe('CLI timeouts', () => {
  test('documented defaults, and the flags that change them', () => {
    expect([DEFAULT_HEADERS_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_KEEP_ALIVE_TIMEOUT]).toEqual([20_000, 60_000, 5_000]);
    const defaults = parseCli(['./pages/api']);
    const flags = parseCli(['./pages/api', '--headers-timeout', '1000', '--request-timeout', '2000', '--keep-alive-timeout', '3000']);
    if (defaults.type !== 'run' || flags.type !== 'run') throw new Error('expected run commands');
    expect([defaults.options.headersTimeout, defaults.options.requestTimeout, defaults.options.keepAliveTimeout]).toEqual([20_000, 60_000, 5_000]);
    expect([flags.options.headersTimeout, flags.options.requestTimeout, flags.options.keepAliveTimeout]).toEqual([1000, 2000, 3000]);
    expect(helpText()).toMatch(/--headers-timeout <ms>\s+Time a client gets to send a request's headers[^-]*\(default\s+20000; 0: none\)/);
    expect(helpText()).toMatch(/--request-timeout <ms>\s+Time a client gets to send a whole request[^-]*\(default\s+60000; 0: none\)/);
    expect(helpText()).toMatch(/--keep-alive-timeout <ms>\s+Time an idle keep-alive connection stays open[^-]*\(default\s+5000;/);
    expect(helpText()).toMatch(/--exit-on-uncaught\s+Exit \(code 1\) on an uncaught exception or unhandled rejection/);
  });

  test('a headers timeout longer than the request timeout is a usage error; a lower request timeout alone lowers the headers timeout', () => {
    expect(() => parseCli(['d', '--headers-timeout', '5000', '--request-timeout', '1000'])).toThrow(UsageError);
    const lowered = parseCli(['d', '--request-timeout', '1000']);
    if (lowered.type !== 'run') throw new Error('expected a run command');
    expect(lowered.options.headersTimeout).toBe(1000);
  });

  test('the server is made with them', () => {
    const api = createApiServer(() => {}, { headersTimeout: 1000, requestTimeout: 2000, keepAliveTimeout: 3000 });
    expect([api.server.headersTimeout, api.server.requestTimeout, api.server.keepAliveTimeout]).toEqual([1000, 2000, 3000]);
  });

  test('slowloris (headers one line at a time): 408 and the connection closed once --headers-timeout passes', async () => {
    const port = await serveWith(['--headers-timeout', '300']);
    const lines = Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: s\r\n`);
    const result = await exchange(port, 'GET /api/echo HTTP/1.1\r\nHost: x\r\n', { trickle: { parts: lines, everyMs: 100 }, deadlineMs: 3500 });
    expect(result.response?.status).toBe(408);
    expect(result.closedByServer).toBe(true);
  });

  test('a body sent a byte at a time: 408 and the connection closed once --request-timeout passes', async () => {
    const port = await serveWith(['--request-timeout', '500']);
    const bytes = Array.from({ length: 40 }, () => 'x');
    const result = await exchange(port, 'POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n', {
      trickle: { parts: bytes, everyMs: 100 },
      deadlineMs: 3500,
    });
    expect(result.response?.status).toBe(408);
    expect(result.closedByServer).toBe(true);
  });

  test('an idle keep-alive connection is closed once --keep-alive-timeout passes', async () => {
    const port = await serveWith(['--keep-alive-timeout', '300']);
    const keepAlive = requestText('GET', '/api/echo').replace('Connection: close\r\n', '');
    const result = await exchange(port, keepAlive, { responses: 1, watchCloseMs: 2500, deadlineMs: 3500 });
    expect(result.response?.status).toBe(200);
    expect(result.response?.headers.connection).toBe('keep-alive');
    expect(result.closedByServer).toBe(true);
  });
});

describe('revalidateNextFrontend() against a frontend that never answers', () => {
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let origin: string;
  beforeAll(async () => {
    silent = net.createServer((socket) => {
      sockets.add(socket); // accepted, never answered
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  test('res.revalidate() rejects after the timeout with a message naming it', async () => {
    const app = testHandler(
      async (req, res) => {
        try {
          await res.revalidate('/blog/post-1');
          res.json({ revalidated: true });
        } catch (err) {
          res.status(502).json({ error: (err as Error).message });
        }
      },
      { revalidate: revalidateNextFrontend({ origin, timeout: 200 }) },
    );
    const res = await request(app).get('/api/revalidate').timeout(3000);
    expect(res.status).toBe(502);
    expect(res.body.error).toBe(`Failed to revalidate /blog/post-1: ${origin} did not answer within 200ms`);
  });

  test('the timeout option is validated', () => {
    expect(() => revalidateNextFrontend({ origin, timeout: -1 })).toThrow(/timeout/);
    expect(() => revalidateNextFrontend({ origin, timeout: 'soon' as unknown as number })).toThrow(/timeout/);
  });
});

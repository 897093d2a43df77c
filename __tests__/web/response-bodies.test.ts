// Every kind of Response body a handler can return, on the wire (docs/next-behaviour.md
// §21, §28), on every host: a body built from text or bytes is written in one
// piece (web/response-source.ts), a real stream is pulled chunk by chunk, and
// both must give exactly what the stream would give. Bodies a handler cloned,
// read, partly read or locked are the cases where the two roads could part.
// Raw sockets: the chunked framing itself is checked, not just the decoded body.
import http, { type Server } from 'node:http';
import { APP_HOSTS, closeServer, exchange, fixture, listen, requestText } from '../support';

const dir = fixture('app-bodies', 'api');

interface Wire {
  status: string;
  headers: Array<[string, string]>;
  /** The body bytes as sent (chunked framing included). */
  rawBody: string;
  /** The decoded body. */
  body: string;
}

/** Host-specific lines (Date, Connection, Keep-Alive, X-Powered-By) left out; the rest in order. */
const HOST_LINES = new Set(['date', 'connection', 'keep-alive', 'x-powered-by']);

async function get(port: number, path: string, method = 'GET'): Promise<Wire> {
  const result = await exchange(port, requestText(method, path), { head: method === 'HEAD' });
  const response = result.response;
  if (!response) throw new Error(`no response to ${path}: ${JSON.stringify(result.raw)}`);
  const raw = Buffer.from(result.raw, 'latin1');
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split).toString('latin1').split('\r\n');
  return {
    status: head[0],
    headers: head
      .slice(1)
      .map((line): [string, string] => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()])
      .filter(([name]) => !HOST_LINES.has(name)),
    rawBody: raw.subarray(split + 4).toString('latin1'),
    body: response.body,
  };
}

const VARY: [string, string] = ['vary', 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'];
const CHUNKED: [string, string] = ['transfer-encoding', 'chunked'];

/** The chunked framing of one chunk (`text` as UTF-8 bytes, shown as latin1) and the last chunk. */
function oneChunk(bytes: Buffer): string {
  return `${bytes.length.toString(16)}\r\n${bytes.toString('latin1')}\r\n0\r\n\r\n`;
}

describe.each(APP_HOSTS)('%s', (_name, host) => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = host(dir, { dev: false });
    port = await listen(server);
  });
  afterAll(() => closeServer(server));

  test('Response.json: JSON type, one chunk of UTF-8, the handler headers after Next\'s Vary', async () => {
    const text = JSON.stringify({ name: 'Jöhn', list: [1, 2, 3] });
    expect(await get(port, '/api/json')).toEqual({
      status: 'HTTP/1.1 200 OK',
      headers: [VARY, ['content-type', 'application/json'], ['x-kind', 'json'], CHUNKED],
      rawBody: oneChunk(Buffer.from(text)),
      body: text,
    });
  });

  test('new Response(string): status text as the reason phrase, the text as UTF-8', async () => {
    const bytes = Buffer.from('héllo wörld ✓');
    const wire = await get(port, '/api/text');
    expect(wire.status).toBe('HTTP/1.1 201 Made');
    expect(wire.headers).toEqual([VARY, ['content-type', 'text/plain; charset=utf-8'], CHUNKED]);
    expect(wire.rawBody).toBe(oneChunk(bytes));
  });

  test('new Response(Uint8Array): the bytes as they were when the Response was made', async () => {
    const wire = await get(port, '/api/bytes');
    expect(wire.headers).toEqual([VARY, ['content-type', 'application/octet-stream'], CHUNKED]);
    expect(wire.rawBody).toBe(oneChunk(Buffer.from([0x61, 0x62, 0x63, 0x00, 0xff])));
  });

  test("new Response(''): an empty chunked body", async () => {
    const wire = await get(port, '/api/empty');
    expect(wire.status).toBe('HTTP/1.1 200 OK');
    expect(wire.headers).toEqual([VARY, ['content-type', 'text/plain;charset=UTF-8'], CHUNKED]);
    expect(wire.rawBody).toBe('0\r\n\r\n');
  });

  test('a ReadableStream body: each chunk as it was produced', async () => {
    const wire = await get(port, '/api/stream');
    expect(wire.headers).toEqual([VARY, ['content-type', 'text/plain'], CHUNKED]);
    expect(wire.rawBody).toBe('4\r\none\n\r\n4\r\ntwo\n\r\n6\r\nthree\n\r\n0\r\n\r\n');
  });

  test('a clone returned: its whole body', async () => {
    const wire = await get(port, '/api/clone-returned');
    expect(wire.headers).toEqual([VARY, ['content-type', 'application/json'], CHUNKED]);
    expect(wire.rawBody).toBe(oneChunk(Buffer.from('{"from":"clone"}')));
  });

  test('the original returned after its clone was read: the whole body, not an empty one', async () => {
    const wire = await get(port, '/api/clone-read');
    expect(wire.headers).toEqual([VARY, ['content-type', 'text/plain;charset=UTF-8'], ['x-logged', 'yes'], ['x-logged-length', '14'], CHUNKED]);
    expect(wire.rawBody).toBe(oneChunk(Buffer.from('the whole body')));
  });

  test('the clone returned after the original was read: the whole body', async () => {
    const wire = await get(port, '/api/clone-sent');
    expect(wire.rawBody).toBe(oneChunk(Buffer.from('{"sent":"clone"}')));
  });

  test('a body the handler read itself: it cannot be read again, so an empty 500 with the headers already set', async () => {
    const wire = await get(port, '/api/original-read');
    expect(wire.status).toBe('HTTP/1.1 500 Internal Server Error');
    expect(wire.headers).toEqual([VARY, ['content-type', 'text/plain;charset=UTF-8'], CHUNKED]);
    expect(wire.rawBody).toBe('0\r\n\r\n');
  });

  test('a body whose first chunk the handler read: only what is left (nothing)', async () => {
    const wire = await get(port, '/api/partly-read');
    expect(wire.status).toBe('HTTP/1.1 200 OK');
    expect(wire.rawBody).toBe('0\r\n\r\n');
  });

  test('a body whose reader was taken and released unread: the whole body', async () => {
    const wire = await get(port, '/api/stream-locked');
    expect(wire.rawBody).toBe(oneChunk(Buffer.from('{"locked":true}')));
  });

  test('redirect() with a cookie set through next/headers: 307, Location, the cookie, no body', async () => {
    const wire = await get(port, '/api/redirect');
    expect(wire.status).toBe('HTTP/1.1 307 Temporary Redirect');
    expect(wire.headers).toEqual([VARY, ['location', '/api/json'], ['set-cookie', 'seen=1; Path=/'], CHUNKED]);
    expect(wire.rawBody).toBe('0\r\n\r\n');
  });

  test('cookies set through next/headers follow the handler\'s own Set-Cookie, each on its line; the text body intact', async () => {
    const wire = await get(port, '/api/cookie-set');
    expect(wire.headers).toEqual([
      VARY,
      ['content-type', 'text/plain;charset=UTF-8'],
      ['set-cookie', 'own=x; Path=/'],
      ['set-cookie', 'a=1; Path=/; HttpOnly'],
      ['set-cookie', 'b=two; Path=/'],
      CHUNKED,
    ]);
    expect(wire.rawBody).toBe(oneChunk(Buffer.from('with cookies')));
  });

  test('a cookie set through next/headers on a Response.json answer: the JSON body intact', async () => {
    const wire = await get(port, '/api/cookie-json');
    expect(wire.headers).toEqual([VARY, ['content-type', 'application/json'], ['set-cookie', 'session=abc; Path=/'], CHUNKED]);
    expect(wire.rawBody).toBe(oneChunk(Buffer.from('{"ok":true}')));
  });

  test('HEAD of a Response.json GET: the head only', async () => {
    const wire = await get(port, '/api/head-json', 'HEAD');
    expect(wire.status).toBe('HTTP/1.1 200 OK');
    expect(wire.headers).toEqual([VARY, ['content-type', 'application/json']]);
    expect(wire.rawBody).toBe('');
  });

  test('request.signal first read after the client left is already aborted with ResponseAborted', async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    let report: (value: unknown) => void = () => {};
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const reported = new Promise<unknown>((resolve) => (report = resolve));
    (globalThis as { __lateSignalTest?: unknown }).__lateSignalTest = { started: () => started(), gate: new Promise<void>((go) => (release = go)), report };
    // Told when the server's response closes (the client went away before the answer).
    const responseClosed = new Promise<void>((resolve) => {
      server.prependOnceListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.once('close', () => resolve()));
    });
    const client = http.get({ host: '127.0.0.1', port, path: '/api/late-signal', agent: false });
    client.on('error', () => {});
    await handlerStarted;
    client.destroy();
    await responseClosed;
    release();
    expect(await reported).toEqual({ aborted: true, reason: 'ResponseAborted' });
  });

  test('204: no body, no framing', async () => {
    const wire = await get(port, '/api/status-text');
    expect(wire.status).toBe('HTTP/1.1 204 No Content');
    expect(wire.headers).toEqual([VARY, ['x-empty', '1']]);
    expect(wire.rawBody).toBe('');
  });
});

// A `Host` header no URL can be built on (RFC 9112 §3.2): App Router and edge
// API routes build `request.url` from it (docs/design.md "`request.url` carries
// the client's host"), so they answer a plain 400 without running the route,
// log nothing and keep serving; usable hosts (IPv6, ports, underscores) work.
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import express5 from 'express';
import { apiRoutes } from '../../lib';
import { APP_HOSTS, appDir, closeServer, exchange, fixture, listen, memoryLogger, type ParsedResponse } from '../support';

const BAD_HOSTS = ['exa mple.com', 'a/b', 'evil@example.com', 'example.com:99999', 'example.com:80:80', '[::1', 'a?b', 'a#b', 'a\\b'];
const GOOD_HOSTS: Array<[string, string]> = [
  ['example.com', 'http://example.com/api/url'],
  ['my_host:8080', 'http://my_host:8080/api/url'],
  ['[::1]:3000', 'http://[::1]:3000/api/url'],
  ['127.0.0.1', 'http://127.0.0.1/api/url'],
];

async function withHost(port: number, path: string, host: string): Promise<ParsedResponse> {
  const result = await exchange(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  if (!result.response) throw new Error(`no response for Host ${host}: ${result.raw}`);
  return result.response;
}

describe.each(APP_HOSTS)('App Router on %s', (_name, host) => {
  let server: Server;
  let port: number;
  let logger: ReturnType<typeof memoryLogger>;
  beforeAll(async () => {
    logger = memoryLogger();
    server = host(appDir, { logger, dev: false });
    port = await listen(server);
  });
  afterAll(() => closeServer(server));

  test.each(BAD_HOSTS)('Host %j is a plain 400, nothing logged', async (bad) => {
    const res = await withHost(port, '/api/url', bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe('Bad Request: invalid Host header');
    expect(logger.messages('error')).toEqual([]);
  });

  test.each(GOOD_HOSTS)('Host %j gives request.url %j', async (good, url) => {
    const res = await withHost(port, '/api/url?x=1', good);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ url: `${url}?x=1` });
  });

  test('the server keeps serving after bad hosts', async () => {
    await withHost(port, '/api/url', 'a b');
    expect((await withHost(port, '/api/hello', '127.0.0.1')).status).toBe(200);
  });
});

describe('edge API route on Express 5', () => {
  let server: Server;
  let port: number;
  const logger = memoryLogger();
  beforeAll(async () => {
    const app = express5();
    app.use('/api', apiRoutes(fixture('edge-api'), { logger }));
    server = createServer(app);
    port = await listen(server);
  });
  afterAll(() => closeServer(server));

  test('a bad Host is the same plain 400; a good one reaches the handler', async () => {
    const bad = await withHost(port, '/api/hello', 'exa mple.com');
    expect([bad.status, bad.body]).toEqual([400, 'Bad Request: invalid Host header']);
    expect(logger.messages('error')).toEqual([]);
    const good = await withHost(port, '/api/hello', 'example.com');
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ method: 'GET', pathname: '/api/hello' });
  });
});

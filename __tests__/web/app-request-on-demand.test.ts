// The handler's request is built on demand (docs/design.md "Rules that keep it
// fast"): a handler that declares no parameter is called without arguments and
// no `Request` is made for it — unless it can still see its arguments
// (`arguments`, a rest or default parameter), or reads the request through
// next/headers, which builds it then. A handler that answers without a promise
// is answered without an async chain, but after the same microtask turns as
// before; thenables and synchronous throws behave as before.
// Over real sockets on every host.
import { connect } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { seesArguments } from '../../lib/web/handler-call';
import { APP_HOSTS, closeServer, exchange, fixture, listen, memoryLogger } from '../support';

const dir = fixture('app-on-demand', 'api');

test('seesArguments: only a plain function declaring no parameter and never naming `arguments` is called without them', () => {
  const blind: Array<() => unknown> = [
    function GET() {
      return 1;
    },
    async function GET() {
      return 1;
    },
    () => 1,
    async () => 1,
    { GET() { return 1; } }.GET,
    { async GET() { return 1; } }.GET,
    function* GET() {
      yield 1;
    },
  ];
  for (const fn of blind) expect({ source: String(fn), sees: seesArguments(fn as never) }).toEqual({ source: String(fn), sees: false });
  const seeing: Array<(...args: never[]) => unknown> = [
    function GET(request: Request) {
      return request;
    },
    (request: Request) => request,
    (...args: unknown[]) => args,
    (request: Request | null = null) => request,
    function GET() {
      // eslint-disable-next-line prefer-rest-params
      return arguments[0] as unknown;
    },
    function GET() {
      return 1;
    }.bind(null),
    new Function('/* request */', 'return 1') as () => unknown,
    class Route {} as unknown as () => unknown,
  ];
  for (const fn of seeing) expect({ source: String(fn), sees: seesArguments(fn as never) }).toEqual({ source: String(fn), sees: true });
});

describe.each(APP_HOSTS)('%s', (_name, host) => {
  let server: Server;
  let port: number;
  let logger: ReturnType<typeof memoryLogger>;
  beforeAll(async () => {
    logger = memoryLogger();
    server = host(dir, { logger, dev: false });
    port = await listen(server);
  });
  afterAll(() => closeServer(server));
  beforeEach(() => logger.lines.splice(0));

  test('a handler without parameters answers, HEAD and OPTIONS as usual', async () => {
    const res = await request(server).get('/api/plain');
    expect([res.status, res.headers['content-type'], res.headers['transfer-encoding'], res.body]).toEqual([200, 'application/json', 'chunked', { plain: true }]);
    const head = await request(server).head('/api/plain');
    expect([head.status, head.headers['content-type'], head.text]).toEqual([200, 'application/json', undefined]);
    const options = await request(server).options('/api/plain');
    expect([options.status, options.headers['allow']]).toEqual([204, 'GET, HEAD, OPTIONS, POST']);
    expect(logger.lines).toEqual([]);
  });

  test('a POST body nobody reads is discarded and the connection keeps serving', async () => {
    const body = 'x'.repeat(100_000);
    const post = `POST /api/plain HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text.split('HTTP/1.1 ').length - 1 === 3) socket.end();
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(post + post + 'GET /api/plain HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    const statuses = [...raw.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1]);
    expect(statuses).toEqual(['204', '204', '200']);
    expect(raw.endsWith('{"plain":true}\r\n0\r\n\r\n')).toBe(true);
  });

  test('`arguments` and a rest parameter see the NextRequest and the context', async () => {
    const args = await request(server).get('/api/arguments?x=1');
    expect(args.body).toEqual({ count: 2, next: true, url: `http://127.0.0.1:${port}/api/arguments?x=1`, context: ['params'] });
    const rest = await request(server).get('/api/rest');
    expect(rest.body).toEqual({ count: 2, next: true, method: 'GET' });
  });

  test('a parameter with a default gets the request, body and all', async () => {
    const res = await request(server).post('/api/defaulted').set('content-type', 'text/plain').send('hello body');
    expect(res.body).toEqual({ text: 'hello body' });
  });

  test('next/headers after an await reads the request, built then', async () => {
    const res = await request(server)
      .get('/api/later')
      .set('user-agent', 'on-demand-test')
      .set('cookie', 'flavour=plum');
    expect(res.body).toEqual({ agent: 'on-demand-test', forwardedHost: `127.0.0.1:${port}`, flavour: 'plum', draft: false });
  });

  test('what a handler without a promise changes in a microtask after returning still goes out (as under Next\'s await)', async () => {
    const res = await request(server).get('/api/late-cookie');
    expect([res.status, res.text, res.headers['x-late'], res.headers['set-cookie']]).toEqual([200, 'late', '1', ['late=1; Path=/']]);
  });

  test('a thenable is awaited', async () => {
    expect((await request(server).get('/api/thenable')).body).toEqual({ thenable: true });
  });

  test('synchronous redirect(), notFound(), throws and non-Response values answer as Next does', async () => {
    const redirected = await request(server).get('/api/sync-errors?kind=redirect');
    expect([redirected.status, redirected.headers['location']]).toEqual([307, '/api/plain']);
    const missing = await request(server).get('/api/sync-errors?kind=not-found');
    expect([missing.status, missing.text]).toEqual([404, '']);
    expect(logger.lines).toEqual([]);
    const thrown = await request(server).get('/api/sync-errors?kind=throw');
    expect([thrown.status, thrown.text]).toEqual([500, '']);
    expect(logger.messages('error')).toEqual([expect.stringContaining('⨯ Error: sync failure')]);
    logger.lines.splice(0);
    const value = await request(server).get('/api/sync-errors?kind=value');
    expect([value.status, value.text]).toEqual([500, '']);
    expect(logger.messages('error')).toEqual([expect.stringContaining("Expected a Response object but received 'string' (method: GET, url: /api/sync-errors?kind=value)")]);
  });

  test('a Host whose URL does not parse is still Next\'s plain 500 on a handler without parameters', async () => {
    const result = await exchange(port, 'GET /api/plain HTTP/1.1\r\nHost: 999.999.999.999\r\nConnection: close\r\n\r\n');
    expect([result.response?.status, result.response?.body]).toEqual([500, 'Internal Server Error']);
    expect(logger.messages('error')).toEqual([expect.stringContaining('Failed to parse URL from http://999.999.999.999/api/plain')]);
  });
});

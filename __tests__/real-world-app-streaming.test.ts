// Real-world App Router shapes, part 1: an AI chat endpoint
// (fixtures/real-world-app/app/api/chat). The route validates the request
// with zod, calls a model provider's streaming API with fetch (here a fake
// provider on 127.0.0.1 that the test drives token by token), and re-sends
// the completion to the client as server-sent events from a ReadableStream.
// Streaming is proven by gating, not timing: the provider sends token n+1
// only once the client has received token n through Express or node:http.
// A client that leaves aborts request.signal, which aborts the upstream call.
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { APP_ENV, HOSTS, useEnv, useServer } from './support/real-world-app';

/** One call the route made to the provider, held open for the test to answer. */
interface ProviderCall {
  authorization: string | undefined;
  body: { model: string; stream: boolean; messages: Array<{ role: string; content: string }> };
  token(text: string): void;
  done(): void;
  /** Resolves when the route's request to the provider closes; `early` when before done(). */
  closed: Promise<{ early: boolean }>;
}

/** A model provider speaking OpenAI-style streaming chat completions. */
class FakeProvider {
  readonly server: Server;
  /** Status of the next answers: 200, or an outage. */
  status = 200;
  private readonly calls: ProviderCall[] = [];
  private readonly waiters: Array<(call: ProviderCall) => void> = [];

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next call the route makes. */
  nextCall(): Promise<ProviderCall> {
    const waiting = this.calls.shift();
    return waiting ? Promise.resolve(waiting) : new Promise((resolve) => this.waiters.push(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk));
    req.on('end', () => {
      if (this.status !== 200) {
        res.writeHead(this.status, { 'Content-Type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      let finished = false;
      const call: ProviderCall = {
        authorization: req.headers.authorization,
        body: JSON.parse(text) as ProviderCall['body'],
        token: (content) => res.write(`data: ${JSON.stringify({ id: 'cmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`),
        done: () => {
          finished = true;
          res.end('data: [DONE]\n\n');
        },
        closed: new Promise((resolve) => res.on('close', () => resolve({ early: !finished }))),
      };
      const waiter = this.waiters.shift();
      if (waiter) waiter(call);
      else this.calls.push(call);
    });
  }
}

/** The client's side of one chat: the answer's head, then its body chunk by chunk, as they arrive. */
function chat(port: number, body: unknown) {
  const chunks: string[] = [];
  const wanted: Array<(chunk: string) => void> = [];
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  let clientRequest!: http.ClientRequest;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    clientRequest = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/chat', agent: false, headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const waiter = wanted.shift();
          if (waiter) waiter(chunk);
          else chunks.push(chunk);
        });
        res.on('end', ended);
        resolve(res);
      },
    );
    clientRequest.on('error', reject);
    clientRequest.end(JSON.stringify(body));
  });
  return {
    response,
    /** The next chunk of the body as the client received it (one server-sent event each, since the provider is gated). */
    next: (): Promise<string> => (chunks.length ? Promise.resolve(chunks.shift() as string) : new Promise((resolve) => wanted.push(resolve))),
    end,
    leave: () => clientRequest.destroy(),
  };
}

const provider = new FakeProvider();
let providerUrl = '';
beforeAll(async () => {
  providerUrl = await provider.listen();
});
afterAll(() => provider.close());
useEnv({ ...APP_ENV, MODEL_API_URL: () => providerUrl });

const MESSAGES = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello' },
];

describe.each(HOSTS)('AI chat endpoint on %s', (_name, host) => {
  const app = useServer(host);
  beforeEach(() => {
    provider.status = 200;
  });

  test('tokens reach the client one by one as server-sent events, as the provider produces them', async () => {
    const client = chat(app.port, { messages: MESSAGES });
    const call = await provider.nextCall();
    expect(call.authorization).toBe(`Bearer ${APP_ENV.MODEL_API_KEY}`);
    expect(call.body).toMatchObject({ model: 'tiny-chat-1', stream: true, messages: MESSAGES });

    call.token('Hel');
    const res = await client.response;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(res.headers['x-accel-buffering']).toBe('no');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(await client.next()).toBe('data: {"token":"Hel"}\n\n');
    // The provider sends each next token only now: a buffered answer would never get here.
    for (const token of ['lo', ', ', 'wörld ☕']) {
      call.token(token);
      expect(await client.next()).toBe(`data: ${JSON.stringify({ token })}\n\n`);
    }
    call.done();
    expect(await client.next()).toBe('event: done\ndata: {"tokens":4}\n\n');
    await client.end;
    expect(await call.closed).toEqual({ early: false });
    expect(app.logger.lines).toEqual([]);
  });

  test('a client that leaves mid-answer aborts the call to the provider (request.signal)', async () => {
    const client = chat(app.port, { messages: MESSAGES });
    const call = await provider.nextCall();
    call.token('Once');
    await client.response;
    expect(await client.next()).toBe('data: {"token":"Once"}\n\n');
    client.leave();
    // The provider sees its request closed before it finished: it stops generating.
    expect(await call.closed).toEqual({ early: true });
    // Nothing went wrong on the server: a client leaving is not an error (Next logs nothing either).
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.logger.lines).toEqual([]);
  });

  test('an invalid request is a 400 naming the fields, before any call to the provider', async () => {
    const res = await request(app.url).post('/api/chat').send({ messages: [{ role: 'robot', content: '' }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'Invalid chat request', issues: { messages: [expect.any(String), expect.any(String)] } });
    expect((await request(app.url).post('/api/chat').type('json').send('{"messages": [')).status).toBe(400);
  });

  test('a provider outage is a 502 the client can read, not a broken stream', async () => {
    provider.status = 503;
    const res = await request(app.url).post('/api/chat').send({ messages: MESSAGES });
    expect([res.status, res.headers['content-type'], res.body]).toEqual([502, 'application/json', { error: 'The model is unavailable, try again later' }]);
  });
});

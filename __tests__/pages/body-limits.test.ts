// The body size limit (docs/next-behaviour.md §8 "Size limit"): `sizeLimit` in
// the route's `export const config`, Next's 413 above it, and what happens to
// the connection after an oversize body (kept after a small declared excess,
// closed when the rest is large or of unknown size; the attacks in
// __tests__/attacks/bodies.test.ts measure that the rest is not read).
import http from 'node:http';
import request from 'supertest';
import type { NextApiHandler } from '../../lib';
import { testHandler, type TestApp } from '../../lib/testing';
import { closeServer, listen, PRODUCTION, rawRequest, reasonPhrase } from '../support';

const echo: NextApiHandler = (req, res) => res.json({ body: req.body });
const tenBytes = { ...PRODUCTION, config: { api: { bodyParser: { sizeLimit: '10b' } } } };

const postText = (app: TestApp, body: string) => request(app).post('/api/echo').set('Content-Type', 'text/plain').send(body);

/** `app` on a port of its own with one keep-alive connection, so a test can see whether the socket is reused. */
async function overOneConnection(app: TestApp, use: (port: number, agent: http.Agent) => Promise<void>): Promise<void> {
  const server = http.createServer(app);
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await use(port, agent);
  } finally {
    agent.destroy();
    await closeServer(server);
  }
}

describe('the limit, and the 413 that repeats it as written (docs/next-behaviour.md §8 "Size limit")', () => {
  it('exactly the limit is accepted; one byte more is 413 with the configured text', async () => {
    const app = testHandler(echo, tenBytes);
    expect((await postText(app, '0123456789')).body.body).toBe('0123456789');
    const r = await postText(app, '01234567890');
    expect(r.status).toBe(413);
    expect(reasonPhrase(r)).toBe('Body exceeded 10b limit');
    expect(r.text).toBe('Body exceeded 10b limit');
  });

  it('a numeric sizeLimit is repeated verbatim', async () => {
    const app = testHandler(echo, { ...PRODUCTION, config: { api: { bodyParser: { sizeLimit: 20 } } } });
    const r = await postText(app, 'x'.repeat(21));
    expect([r.status, r.text]).toEqual([413, 'Body exceeded 20 limit']);
  });

  it('default 1mb: 1,048,576 bytes pass, 1,048,577 do not', async () => {
    const app = testHandler((req, res) => res.send(String((req.body as string).length)), PRODUCTION);
    expect((await postText(app, 'x'.repeat(1_048_576))).text).toBe('1048576');
    const r = await postText(app, 'x'.repeat(1_048_577));
    expect([r.status, reasonPhrase(r)]).toEqual([413, 'Body exceeded 1mb limit']);
  });
});

describe('the connection after an oversize body', () => {
  it('a small declared excess is drained and the connection kept; a chunked one (size unknown) closes it', async () => {
    await overOneConnection(testHandler(echo, tenBytes), async (port, agent) => {
      const declared = await rawRequest(port, { agent, headers: { 'content-type': 'text/plain', 'content-length': '11' }, chunks: ['01234567890'] });
      expect([declared.status, declared.statusMessage, declared.body]).toEqual([413, 'Body exceeded 10b limit', 'Body exceeded 10b limit']);
      expect(declared.headers.connection).not.toBe('close');

      const chunked = await rawRequest(port, { agent, headers: { 'content-type': 'text/plain' }, chunks: ['0123', '4567', '89ab'] });
      expect([chunked.status, chunked.statusMessage]).toEqual([413, 'Body exceeded 10b limit']);
      expect(chunked.reusedSocket).toBe(true);
      expect(chunked.headers.connection).toBe('close');

      const after = await rawRequest(port, { agent, headers: { 'content-type': 'text/plain', 'content-length': '2' }, chunks: ['ok'] });
      expect(after.status).toBe(200);
      expect(JSON.parse(after.body).body).toBe('ok');
      expect(after.reusedSocket).toBe(false);
    });
  });

  it('a large declared oversize body is not read: 413 with Connection: close, and the next request gets a new connection', async () => {
    await overOneConnection(testHandler(echo, tenBytes), async (port, agent) => {
      const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
      const r = await rawRequest(port, { agent, headers: { 'content-type': 'text/plain', 'content-length': String(big.length) }, chunks: [big] });
      expect(r.status).toBe(413);
      expect(r.headers.connection).toBe('close');
      const next = await rawRequest(port, { agent, method: 'GET' });
      expect(next.status).toBe(200);
      expect(next.reusedSocket).toBe(false);
    });
  });
});

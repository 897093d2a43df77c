// Real-world patterns, part 3: a multipart upload (formidable, body parser
// off), a server-sent-events feed, and CORS through the `cors` package, each
// driven as a browser drives it.
import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import request from 'supertest';
import { eventually } from './support';
import { HOSTS, useServer } from './support/real-world';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Bytes no text decoding would keep intact. */
function binary(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 7919 + 13) % 256;
  return out;
}

interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** An EventSource-like reader: the response, then events as they arrive; `close()` drops the connection. */
function openEventStream(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ res: IncomingMessage; take(n: number): Promise<SseEvent[]>; close(): void }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      let buffered = '';
      const events: SseEvent[] = [];
      const waiters: Array<() => void> = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) !== -1) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event: SseEvent = { data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            if (field === 'data') {
              event.data = hasData ? `${event.data}\n${value}` : value;
              hasData = true;
            } else if (field === 'id') event.id = value;
            else if (field === 'event') event.event = value;
          }
          if (hasData) events.push(event); // a block without data (retry:) dispatches nothing
        }
        waiters.splice(0).forEach((wake) => wake());
      });
      resolve({
        res,
        take: async (n) => {
          while (events.length < n) await new Promise<void>((wake) => waiters.push(wake));
          return events.splice(0, n);
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
  });
}

describe.each(HOSTS)('real-world app on %s', (_name, host) => {
  const app = useServer(host);
  afterAll(() => expect(app.logger.lines).toEqual([]));

  describe('multipart upload (formidable)', () => {
    test('a field and a binary file arrive intact', async () => {
      const file = binary(20_000);
      const res = await request(app.url).post('/api/upload').field('title', 'Quarterly report').attach('file', file, { filename: 'report.bin', contentType: 'application/octet-stream' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        title: 'Quarterly report',
        files: [{ name: 'report.bin', type: 'application/octet-stream', size: 20_000, sha256: sha256(file) }],
      });
    });

    test('two files under one name', async () => {
      const a = Buffer.from('first file\n');
      const b = binary(3000);
      const res = await request(app.url)
        .post('/api/upload')
        .attach('file', a, { filename: 'a.txt', contentType: 'text/plain' })
        .attach('file', b, { filename: 'b.png', contentType: 'image/png' });
      expect(res.status).toBe(201);
      // formidable lists files as their temporary files finish writing, so the order may vary.
      const files = (res.body.files as Array<{ name: string }>).sort((x, y) => x.name.localeCompare(y.name));
      expect(files).toEqual([
        { name: 'a.txt', type: 'text/plain', size: a.length, sha256: sha256(a) },
        { name: 'b.png', type: 'image/png', size: 3000, sha256: sha256(b) },
      ]);
    });

    test("a file over the route's limit is refused by formidable with 413", async () => {
      const res = await request(app.url).post('/api/upload').attach('file', binary(70_000), { filename: 'big.bin', contentType: 'application/octet-stream' });
      expect(res.status).toBe(413);
      // How many bytes formidable had counted when it stopped depends on how the stream was chunked.
      expect(res.body.error).toMatch(/^options\.maxTotalFileSize \(65536 bytes\) exceeded, received \d+ bytes of file data$/);
    });

    test('other methods: 405', async () => {
      const res = await request(app.url).get('/api/upload');
      expect([res.status, res.headers.allow, res.body]).toEqual([405, 'POST', { error: 'Method Not Allowed' }]);
    });
  });

  describe('server-sent events', () => {
    test('events stream as they are written; a closed connection is cleaned up by the route', async () => {
      const before = (await request(app.url).get('/api/events/stats')).body as { open: number; closed: number };
      const stream = await openEventStream(app.port, '/api/events?interval=20');
      expect(stream.res.statusCode).toBe(200);
      expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.res.headers['cache-control']).toBe('no-cache, no-transform');
      expect(stream.res.headers['content-length']).toBeUndefined();
      expect(await stream.take(3)).toEqual([
        { id: '1', event: 'tick', data: '{"n":1}' },
        { id: '2', event: 'tick', data: '{"n":2}' },
        { id: '3', event: 'tick', data: '{"n":3}' },
      ]);
      expect((await request(app.url).get('/api/events/stats')).body).toEqual({ open: before.open + 1, closed: before.closed });
      stream.close();
      await eventually(async () => {
        expect((await request(app.url).get('/api/events/stats')).body).toEqual({ open: before.open, closed: before.closed + 1 });
      });
    });

    test('a reconnecting client carries on after Last-Event-ID', async () => {
      const stream = await openEventStream(app.port, '/api/events?interval=20', { 'Last-Event-ID': '41' });
      expect(await stream.take(2)).toEqual([
        { id: '42', event: 'tick', data: '{"n":42}' },
        { id: '43', event: 'tick', data: '{"n":43}' },
      ]);
      stream.close();
    });
  });

  describe('CORS (cors package)', () => {
    const ORIGIN = 'https://app.example.test';

    test('a preflight from an allowed origin is answered by cors itself', async () => {
      const res = await request(app.url)
        .options('/api/cors/products')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,HEAD,POST',
        'access-control-allow-headers': 'Content-Type,Authorization',
        'access-control-max-age': '600',
        'content-length': '0',
        vary: 'Origin',
      });
    });

    test('a credentialed GET from an allowed origin gets the CORS headers and the exposed header', async () => {
      const res = await request(app.url).get('/api/cors/products').set('Origin', ORIGIN);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { id: 'p1', name: 'Kettle', price: 2900 },
        { id: 'p2', name: 'Teapot', price: 3400 },
      ]);
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Total-Count',
        'x-total-count': '2',
        vary: 'Origin',
      });
    });

    test('another origin gets the data but no CORS headers (the browser will block it)', async () => {
      const res = await request(app.url).get('/api/cors/products').set('Origin', 'https://evil.example.test');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    test("a cross-origin JSON POST: cors, then Next's body parser", async () => {
      const res = await request(app.url).post('/api/cors/products').set('Origin', ORIGIN).send({ name: 'Mug', price: 1200 });
      expect([res.status, res.body]).toEqual([201, { id: 'p3', name: 'Mug', price: 1200 }]);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    });
  });
});

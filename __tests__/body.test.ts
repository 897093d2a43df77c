/**
 * Body parsing (docs/next-behaviour.md §8) through runApiRoute over real sockets, including
 * bodies already read upstream by Express 5 / Express 4 body parsers.
 */
import express from 'express';
import http from 'node:http';
import request from 'supertest';
import type { NextApiHandler, NextApiRequest } from '../lib/types';
import { runApiRoute } from '../lib/pages/run-route';
import { resolveOptions } from '../lib/options';
import { captureLog, listen, makeRoute, nodeServer, PREVIEW_KEYS, rawRequest, reason, targetFor, Tracker, type Harness } from './helpers/harness';

const express4 = require('express4') as typeof express;

const echo: NextApiHandler = (req, res) => {
  const body: unknown = req.body;
  res.json({
    type: body === null ? 'null' : typeof body,
    nullProto: typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === null,
    body,
  });
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function serve(handler: NextApiHandler = echo, opts: Parameters<typeof nodeServer>[1] = {}): Harness {
  h = nodeServer(handler, opts);
  return h;
}

function post(server: http.Server, contentType: string | undefined, body: string | Buffer) {
  const r = request(server).post('/api/echo');
  if (contentType !== undefined) r.set('Content-Type', contentType);
  return r.send(body);
}

describe('media types (docs/next-behaviour.md §8 table, §17 items 1-22)', () => {
  const ok: Array<[string, string | undefined, string | Buffer, string, unknown]> = [
    ['json object', 'application/json', '{"a":1,"b":[1,2]}', 'object', { a: 1, b: [1, 2] }],
    ['json empty -> {}', 'application/json', '', 'object', {}],
    ['json null', 'application/json', 'null', 'null', null],
    ['json number', 'application/json', '12', 'number', 12],
    ['json string', 'application/json', '"str"', 'string', 'str'],
    ['ld+json', 'application/ld+json', '{"@id":"x"}', 'object', { '@id': 'x' }],
    ['vnd.api+json stays a string', 'application/vnd.api+json', '{"a":1}', 'string', '{"a":1}'],
    ['type is case-insensitive', 'APPLICATION/JSON; charset=UTF-8', '{"a":1}', 'object', { a: 1 }],
    ['unparsable CT falls back to text', 'application/json;', '{bad', 'string', '{bad'],
    ['garbage CT falls back to text', 'garbage', '{"a":1}', 'string', '{"a":1}'],
    ['UTF-8 BOM stripped', 'application/json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":1}')]), 'object', { bom: 1 }],
    ['text', 'text/plain', 'hello text', 'string', 'hello text'],
    ['text empty', 'text/plain', '', 'string', ''],
    ['latin1 charset', 'text/plain; charset=latin1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'string', 'café'],
    ['invalid UTF-8 -> U+FFFD', 'text/plain', Buffer.from([0x61, 0xff]), 'string', 'a\ufffd'],
  ];
  it.each(ok)('%s', async (_name, ct, payload, type, body) => {
    const { server } = serve();
    if (Buffer.isBuffer(payload)) {
      // superagent would JSON-encode a Buffer under a JSON type: send the bytes ourselves.
      const port = await listen(server);
      const headers: Record<string, string> = { 'content-length': String(payload.length) };
      if (ct) headers['content-type'] = ct;
      const raw = await rawRequest(port, { headers, chunks: [payload] });
      expect(raw.status).toBe(200);
      expect(JSON.parse(raw.body)).toEqual({ type, nullProto: false, body });
      return;
    }
    const r = await post(server, ct, payload);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ type, nullProto: false, body });
  });

  it('urlencoded: querystring.decode, null prototype', async () => {
    const { server } = serve();
    const r = await post(server, 'application/x-www-form-urlencoded', 'a=1&a=2&b=x+y&c=%E2%9C%93&d&e=%ZZ');
    expect(r.body).toEqual({ type: 'object', nullProto: true, body: { a: ['1', '2'], b: 'x y', c: '✓', d: '', e: '%ZZ' } });
    const empty = await post(server, 'application/x-www-form-urlencoded', '');
    expect(empty.body).toEqual({ type: 'object', nullProto: true, body: {} });
  });

  it('multipart is not parsed', async () => {
    const { server } = serve();
    const r = await request(server).post('/').field('a', '1');
    expect(r.body.type).toBe('string');
    expect(r.body.body).toContain('name="a"');
  });

  it('GET without body or CT gives "", GET with a JSON body is parsed', async () => {
    const { server } = serve();
    expect((await request(server).get('/')).body).toEqual({ type: 'string', nullProto: false, body: '' });
    const g = await request(server).get('/').set('Content-Type', 'application/json').send('{"g":1}');
    expect(g.body.body).toEqual({ g: 1 });
  });

  it.each([
    ['bad JSON', 'application/json', '{bad', 400, 'Invalid JSON'],
    ['whitespace JSON', 'application/json', '   ', 400, 'Invalid JSON'],
    ['unknown charset', 'application/json; charset=foo', '{"a":1}', 400, 'Invalid body'],
  ])('%s -> %d %s as reason and body, no Content-Type', async (_name, ct, payload, status, message) => {
    let called = false;
    const { server } = serve(() => {
      called = true;
    });
    const r = await post(server, ct, payload);
    expect(r.status).toBe(status);
    expect(reason(r)).toBe(message);
    expect(r.text).toBe(message);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.headers.etag).toBeUndefined();
    expect(called).toBe(false);
  });
});

describe('size limit (docs/next-behaviour.md §8)', () => {
  it('exactly the limit is accepted; one byte more is 413 with the configured text', async () => {
    const { server } = serve(echo, { config: { bodyParser: { limit: 10, limitText: '10b' } } });
    expect((await post(server, 'text/plain', '0123456789')).body.body).toBe('0123456789');
    const r = await post(server, 'text/plain', '01234567890');
    expect(r.status).toBe(413);
    expect(reason(r)).toBe('Body exceeded 10b limit');
    expect(r.text).toBe('Body exceeded 10b limit');
  });

  it('a numeric sizeLimit is repeated verbatim', async () => {
    const { server } = serve(echo, { config: { bodyParser: { limit: 20, limitText: '20' } } });
    const r = await post(server, 'text/plain', 'x'.repeat(21));
    expect([r.status, r.text]).toEqual([413, 'Body exceeded 20 limit']);
  });

  it('default 1mb: 1,048,576 bytes pass, 1,048,577 do not', async () => {
    const { server } = serve((req, res) => res.send(String((req.body as string).length)));
    expect((await post(server, 'text/plain', 'x'.repeat(1_048_576))).text).toBe('1048576');
    const r = await post(server, 'text/plain', 'x'.repeat(1_048_577));
    expect([r.status, reason(r)]).toEqual([413, 'Body exceeded 1mb limit']);
  });

  it('declared and chunked oversize bodies are 413; a small declared excess is drained and the connection kept, a chunked one (size unknown) closes it', async () => {
    const { server } = serve(echo, { config: { bodyParser: { limit: 10, limitText: '10b' } } });
    const port = await listen(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
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
    } finally {
      agent.destroy();
    }
  });

  it('a large declared oversize body is not read: 413 with Connection: close, and the next request gets a new connection', async () => {
    const { server } = serve(echo, { config: { bodyParser: { limit: 10, limitText: '10b' } } });
    const port = await listen(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
      const r = await rawRequest(port, { agent, headers: { 'content-type': 'text/plain', 'content-length': String(big.length) }, chunks: [big] });
      expect(r.status).toBe(413);
      expect(r.headers.connection).toBe('close');
      const next = await rawRequest(port, { agent, method: 'GET' });
      expect(next.status).toBe(200);
      expect(next.reusedSocket).toBe(false);
    } finally {
      agent.destroy();
    }
  });
});

describe('bodyParser: false and bodies set upstream', () => {
  it('bodyParser false: req.body undefined, the stream is the handler\'s', async () => {
    const { server } = serve(
      async (req, res) => {
        let text = '';
        for await (const chunk of req) text += String(chunk);
        res.json({ bodyUndefined: req.body === undefined, hasOwnBody: Object.prototype.hasOwnProperty.call(req, 'body'), text });
      },
      { config: { bodyParser: false } },
    );
    const r = await post(server, 'application/json', '{"a":1}');
    expect(r.body).toEqual({ bodyUndefined: true, hasOwnBody: false, text: '{"a":1}' });
  });

  it('a truthy body set by the host server without reading is kept (Next keeps a custom server\'s body)', async () => {
    const log = captureLog();
    const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger });
    const server = http.createServer((req, res) => {
      (req as NextApiRequest).body = { injected: true };
      void runApiRoute(req, res, makeRoute(echo), targetFor(req), options);
    });
    h = { server, log, options, tracker: new Tracker(), close: async () => void server.close() };
    const r = await post(server, 'application/json', '{"a":1}');
    expect(r.body.body).toEqual({ injected: true });
  });

  function withUpstream(app: express.Express, handler: NextApiHandler = echo) {
    const log = captureLog();
    const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger });
    app.use('/api', (req, res, next) => void runApiRoute(req, res, makeRoute(handler), targetFor(req), options, next));
    return app;
  }

  describe('Express 5 (body-parser 2)', () => {
    function app() {
      const a = express();
      a.use(express.json(), express.urlencoded({ extended: false }), express.text());
      return withUpstream(a);
    }

    it('express.json() already read JSON: its body is kept, nothing hangs', async () => {
      const r = await request(app()).post('/api/echo').set('Content-Type', 'application/json').send('{"a":1}');
      expect(r.status).toBe(200);
      expect(r.body.body).toEqual({ a: 1 });
    });

    it('express.urlencoded() already read the form: its body is kept', async () => {
      const r = await request(app()).post('/api/echo').type('form').send('a=1&b=2');
      expect(r.body.body).toEqual({ a: '1', b: '2' });
    });

    it('express.text() read an empty body (falsy): the handler gets what Next gives, ""', async () => {
      const r = await request(app()).post('/api/echo').set('Content-Type', 'text/plain').send('');
      expect(r.body).toEqual({ type: 'string', nullProto: false, body: '' });
    });

    it('express.json() read an empty JSON body: {}', async () => {
      const r = await request(app()).post('/api/echo').set('Content-Type', 'application/json').send('');
      expect(r.body.body).toEqual({});
    });

    it('a type no upstream parser handles is read by us', async () => {
      const r = await request(app()).post('/api/echo').set('Content-Type', 'application/octet-stream').send('raw bytes');
      expect(r.body).toEqual({ type: 'string', nullProto: false, body: 'raw bytes' });
    });

    it('GET without a body: ""', async () => {
      const r = await request(app()).get('/api/echo');
      expect(r.body.body).toBe('');
    });

    it('an upstream parse error stays the upstream app\'s (Express error handler)', async () => {
      const r = await request(app()).post('/api/echo').set('Content-Type', 'application/json').send('{bad');
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toMatch(/text\/html/);
    });
  });

  describe('Express 4 (body-parser 1.x sets req.body = {} without reading)', () => {
    function app() {
      const a = express4();
      a.use(express4.json(), express4.urlencoded({ extended: false }));
      return withUpstream(a as unknown as express.Express);
    }

    it('JSON read upstream is kept', async () => {
      const r = await request(app()).post('/api/echo').set('Content-Type', 'application/json').send('{"a":1}');
      expect(r.body.body).toEqual({ a: 1 });
    });

    it('text/plain passed through unread (body = {}): we read the stream', async () => {
      const r = await request(app()).post('/api/echo').set('Content-Type', 'text/plain').send('hello');
      expect(r.body).toEqual({ type: 'string', nullProto: false, body: 'hello' });
    });

    it('GET with no body (body = {} placeholder): ""', async () => {
      const r = await request(app()).get('/api/echo');
      expect(r.body).toEqual({ type: 'string', nullProto: false, body: '' });
    });

    it('body errors are still Next\'s 413 when the upstream parser skipped the type', async () => {
      const a = express4();
      a.use(express4.json());
      const log = captureLog();
      const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger });
      a.use('/api', (req: http.IncomingMessage, res: http.ServerResponse, next: (e?: unknown) => void) =>
        void runApiRoute(req, res, makeRoute(echo, { bodyParser: { limit: 4, limitText: '4b' } }), targetFor(req), options, next),
      );
      const r = await request(a).post('/api/echo').set('Content-Type', 'text/plain').send('too long');
      expect([r.status, reason(r), r.text]).toEqual([413, 'Body exceeded 4b limit', 'Body exceeded 4b limit']);
    });
  });
});

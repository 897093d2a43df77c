// req.body by media type and charset (docs/next-behaviour.md §8), read before
// the handler runs, and Next's 400 answers when it cannot be read.
import http from 'node:http';
import request from 'supertest';
import type { NextApiHandler } from '../../lib';
import { testHandler, type TestApp } from '../../lib/testing';
import { closeServer, listen, PRODUCTION, rawRequest, reasonPhrase, type RawResult } from '../support';

const echo: NextApiHandler = (req, res) => {
  const body: unknown = req.body;
  res.json({
    type: body === null ? 'null' : typeof body,
    nullProto: typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === null,
    body,
  });
};

function post(app: TestApp, contentType: string | undefined, body: string) {
  const r = request(app).post('/api/echo');
  if (contentType !== undefined) r.set('Content-Type', contentType);
  return r.send(body);
}

/** superagent would JSON-encode a Buffer under a JSON type: these bytes go out as they are. */
async function postBytes(app: TestApp, contentType: string | undefined, payload: Buffer): Promise<RawResult> {
  const server = http.createServer(app);
  const port = await listen(server);
  const headers: Record<string, string> = { 'content-length': String(payload.length) };
  if (contentType) headers['content-type'] = contentType;
  try {
    return await rawRequest(port, { headers, chunks: [payload] });
  } finally {
    await closeServer(server);
  }
}

describe('req.body by media type (docs/next-behaviour.md §8 "Result by media type", §17 #1–#22)', () => {
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
    const app = testHandler(echo, PRODUCTION);
    if (Buffer.isBuffer(payload)) {
      const raw = await postBytes(app, ct, payload);
      expect(raw.status).toBe(200);
      expect(JSON.parse(raw.body)).toEqual({ type, nullProto: false, body });
      return;
    }
    const r = await post(app, ct, payload);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ type, nullProto: false, body });
  });

  // UTF-8 bodies are decoded from their bytes once read (read-body.ts `utf8Text`);
  // these pin what raw-body's iconv-lite decoder gave, with the bytes arriving in
  // pieces the server reads apart (chunked, a pause between writes).
  it.each([
    ['a character split between two reads', 'text/plain', [Buffer.from([0x61, 0xe2]), Buffer.from([0x9c, 0x93, 0x62])], 'a\u2713b'],
    ['a BOM split between two reads', 'application/json', [Buffer.from([0xef]), Buffer.from([0xbb, 0xbf, 0x7b, 0x7d])], {}],
    ['only the first of two BOMs is dropped', 'text/plain', [Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x78])], '\ufeffx'],
    ['a body that is only a BOM', 'text/plain', [Buffer.from([0xef, 0xbb, 0xbf])], ''],
    ['charset spelled UTF8', 'text/plain; charset=UTF8', [Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69])], 'hi'],
    ['a BOM in latin1 is two characters, not a mark', 'text/plain; charset=latin1', [Buffer.from([0xef, 0xbb, 0xbf])], '\u00ef\u00bb\u00bf'],
  ])('%s', async (_name, contentType, pieces, expected) => {
    const server = http.createServer(testHandler(echo, PRODUCTION));
    const port = await listen(server);
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': contentType } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        const send = (i: number): void => {
          if (i === pieces.length) return void req.end();
          req.write(pieces[i]);
          setTimeout(() => send(i + 1), 20);
        };
        send(0);
      });
      expect(JSON.parse(answer).body).toEqual(expected);
    } finally {
      await closeServer(server);
    }
  });

  it('urlencoded: querystring.decode, null prototype', async () => {
    const app = testHandler(echo, PRODUCTION);
    const r = await post(app, 'application/x-www-form-urlencoded', 'a=1&a=2&b=x+y&c=%E2%9C%93&d&e=%ZZ');
    expect(r.body).toEqual({ type: 'object', nullProto: true, body: { a: ['1', '2'], b: 'x y', c: '✓', d: '', e: '%ZZ' } });
    const empty = await post(app, 'application/x-www-form-urlencoded', '');
    expect(empty.body).toEqual({ type: 'object', nullProto: true, body: {} });
  });

  it('multipart is not parsed', async () => {
    const app = testHandler(echo, PRODUCTION);
    const r = await request(app).post('/').field('a', '1');
    expect(r.body.type).toBe('string');
    expect(r.body.body).toContain('name="a"');
  });
});

describe('for every method (docs/next-behaviour.md §8 "When it runs")', () => {
  it('GET without body or CT gives "", GET with a JSON body is parsed', async () => {
    const app = testHandler(echo, PRODUCTION);
    expect((await request(app).get('/')).body).toEqual({ type: 'string', nullProto: false, body: '' });
    const g = await request(app).get('/').set('Content-Type', 'application/json').send('{"g":1}');
    expect(g.body.body).toEqual({ g: 1 });
  });
});

describe('a body that cannot be read is answered before the handler (docs/next-behaviour.md §8 "Error response format")', () => {
  it.each([
    ['bad JSON', 'application/json', '{bad', 400, 'Invalid JSON'],
    ['whitespace JSON', 'application/json', '   ', 400, 'Invalid JSON'],
    ['unknown charset', 'application/json; charset=foo', '{"a":1}', 400, 'Invalid body'],
  ])('%s (%s, %j) -> %d %s as reason and body, no Content-Type', async (_name, ct, payload, status, message) => {
    let called = false;
    const app = testHandler(() => {
      called = true;
    }, PRODUCTION);
    const r = await post(app, ct, payload);
    expect(r.status).toBe(status);
    expect(reasonPhrase(r)).toBe(message);
    expect(r.text).toBe(message);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.headers.etag).toBeUndefined();
    expect(called).toBe(false);
  });
});

describe('bodyParser: false (docs/next-behaviour.md §8 "bodyParser: false")', () => {
  it("req.body undefined, the stream is the handler's", async () => {
    const app = testHandler(
      async (req, res) => {
        let text = '';
        for await (const chunk of req) text += String(chunk);
        res.json({ bodyUndefined: req.body === undefined, hasOwnBody: Object.prototype.hasOwnProperty.call(req, 'body'), text });
      },
      { ...PRODUCTION, config: { api: { bodyParser: false } } },
    );
    const r = await post(app, 'application/json', '{"a":1}');
    expect(r.body).toEqual({ bodyUndefined: true, hasOwnBody: false, text: '{"a":1}' });
  });
});

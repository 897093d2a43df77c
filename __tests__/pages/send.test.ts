// res.send, res.json and res.status (docs/next-behaviour.md §10.1–§10.3): the
// bytes, the headers and their order, for every kind of value.
import { Readable } from 'node:stream';
import request from 'supertest';
import type { NextApiResponse } from '../../lib';
import { testHandler } from '../../lib/testing';
import { headerNames, logged, PRODUCTION, reasonPhrase } from '../support';

describe('res.send(string) (docs/next-behaviour.md §10.2)', () => {
  it('string: ETag, Content-Length, no Content-Type', async () => {
    const app = testHandler((_req, res) => res.send('hello'), PRODUCTION);
    const r = await request(app).get('/api/send');
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('"2caikvdqo85"');
    expect(r.headers['content-length']).toBe('5');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.text).toBe('hello');
  });
});

describe('objects and other JSON values (docs/next-behaviour.md §10.2, §10.3)', () => {
  it('object: JSON forced over an earlier Content-Type, header order ETag, CT, CL', async () => {
    const app = testHandler((req, res) => {
      res.setHeader('X-First', '1');
      if (req.query.ct) res.setHeader('Content-Type', 'text/plain');
      res.send({ a: 1 });
    }, PRODUCTION);
    const overridden = await request(app).get('/?ct=1');
    expect(overridden.headers['content-type']).toBe('application/json; charset=utf-8');
    const r = await request(app).get('/');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers.etag).toBe('"147uiiad94i7"');
    expect(r.headers['content-length']).toBe('7');
    expect(r.text).toBe('{"a":1}');
    const names = headerNames(r, /^(x-first|etag|content-type|content-length)$/i);
    expect(names).toEqual(['X-First', 'ETag', 'Content-Type', 'Content-Length']);
  });

  it('json: header order CT, ETag, CL; json(undefined) is an empty JSON-typed body without ETag', async () => {
    const app = testHandler((req, res) => (req.query.u ? res.json(undefined) : res.json('str')), PRODUCTION);
    const r = await request(app).get('/');
    expect(r.text).toBe('"str"');
    expect(r.headers.etag).toBe('"vb9525rpm95"');
    const names = headerNames(r, /^(etag|content-type|content-length)$/i);
    expect(names).toEqual(['Content-Type', 'ETag', 'Content-Length']);
    const u = await request(app).get('/?u=1');
    expect(u.status).toBe(200);
    expect(u.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(u.headers.etag).toBeUndefined();
    expect(u.text).toBe('');
  });

  it('numbers, booleans, dates are JSON; null/undefined are empty with no headers', async () => {
    const values: Record<string, unknown> = { zero: 0, f: false, date: new Date(0), nul: null, und: undefined };
    const app = testHandler((req, res) => res.send(values[String(req.query.t)]), PRODUCTION);
    const zero = await request(app).get('/?t=zero');
    expect([zero.text, zero.headers.etag, zero.headers['content-type']]).toEqual(['0', '"a6v68shvmh1"', 'application/json; charset=utf-8']);
    const f = await request(app).get('/?t=f');
    expect([f.text, f.headers.etag]).toEqual(['false', '"u64e2dhd7r5"']);
    const date = await request(app).get('/?t=date');
    expect(date.text).toBe('"1970-01-01T00:00:00.000Z"');
    for (const t of ['nul', 'und']) {
      const r = await request(app).get(`/?t=${t}`);
      expect(r.status).toBe(200);
      expect(r.text).toBe('');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.headers.etag).toBeUndefined();
    }
  });

  it('unsupported types (bigint, symbol, function) give the plain 500', async () => {
    const values: Record<string, unknown> = { bigint: BigInt(10), symbol: Symbol('s'), fn: () => 1, fn1: (a: number) => a };
    // Next hashes a zero-arity function like '' before failing, and that ETag stays on its 500.
    const etags: Record<string, string | undefined> = { fn: '"78p3gz236i0"' };
    const app = testHandler((req, res) => res.send(values[String(req.query.t)]), PRODUCTION);
    for (const t of Object.keys(values)) {
      const r = await request(app).get(`/?t=${t}`);
      expect(r.status).toBe(500);
      expect(reasonPhrase(r)).toBe('Internal Server Error');
      expect(r.text).toBe('Internal Server Error');
      expect(r.headers.etag).toBe(etags[t]);
      expect(r.headers['content-type']).toBeUndefined();
    }
    expect(logged(app, 'error')).toHaveLength(4);
  });
});

describe('bytes and streams (docs/next-behaviour.md §10.2)', () => {
  it('Buffer: raw bytes, octet-stream unless set, ETag of its JSON form', async () => {
    const app = testHandler((req, res) => {
      if (req.query.ct) res.setHeader('Content-Type', 'image/png');
      res.send(Buffer.from('buf!'));
    }, PRODUCTION);
    const r = await request(app).get('/').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['content-length']).toBe('4');
    expect(r.headers.etag).toBe('"17a2y0tgwsp14"');
    expect((r.body as Buffer).toString()).toBe('buf!');
    const png = await request(app).get('/?ct=1');
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('stream: piped, octet-stream default, no ETag, no Content-Length; an existing CT stays', async () => {
    const app = testHandler((req, res) => {
      if (req.query.ct) res.setHeader('Content-Type', 'text/csv');
      res.send(Readable.from(['a', 'b', 'c']));
    }, PRODUCTION);
    const r = await request(app).get('/').buffer(true).parse((res, cb) => {
      let s = '';
      res.on('data', (c: Buffer) => (s += c.toString()));
      res.on('end', () => cb(null, s));
    });
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers.etag).toBeUndefined();
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.body).toBe('abc');
    const csv = await request(app).get('/?ct=1');
    expect(csv.headers['content-type']).toBe('text/csv');
    expect(csv.text).toBe('abc');
  });
});

describe('statuses without a body (docs/next-behaviour.md §10.2)', () => {
  it('204 and 304 strip the body and entity headers', async () => {
    const app = testHandler((req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      if (req.query.t === '304') {
        res.statusCode = 304;
        res.send('x');
      } else res.status(204).json({ a: 1 });
    }, PRODUCTION);
    for (const t of ['204', '304']) {
      const r = await request(app).get(`/?t=${t}`);
      expect(r.status).toBe(Number(t));
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.headers['content-length']).toBeUndefined();
      expect(r.headers.etag).toBeUndefined();
      expect(r.text).toBe('');
    }
  });
});

describe('res.status(code) (docs/next-behaviour.md §10.1; docs/design.md "An invalid status code ends in a clean 500")', () => {
  it('status(): chained, numeric strings and floats coerced by Node; out of range gives a clean 500', async () => {
    const app = testHandler((req, res) => {
      const t = String(req.query.t);
      const code = t === 'str' ? '201' : t === 'float' ? 200.5 : 1000;
      (res.status as (c: unknown) => NextApiResponse)(code).send('x');
    }, PRODUCTION);
    expect((await request(app).get('/?t=str')).status).toBe(201);
    expect((await request(app).get('/?t=float')).status).toBe(200);
    const big = await request(app).get('/?t=big');
    expect(big.status).toBe(500);
    // The Content-Length of the failed 'x' body is gone, so the error text is whole; the ETag stays as in Next.
    expect(big.headers.etag).toBe('"ayxe2glzap1"');
    expect(big.headers['content-length']).toBeUndefined();
    expect(big.text).toBe('Internal Server Error');
  });
});

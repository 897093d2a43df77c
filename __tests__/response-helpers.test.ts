/**
 * Response helpers over real sockets (docs/next-behaviour.md §10), through runApiRoute on plain
 * node:http and on Express 5 (whose own res.send/json/redirect must not leak in).
 */
import express from 'express';
import { Readable } from 'node:stream';
import request from 'supertest';
import type { NextApiHandler, NextApiRequest, NextApiResponse } from '../lib/types';
import { runApiRoute } from '../lib/pages/run-route';
import { resolveOptions } from '../lib/options';
import { captureLog, headerNames, makeRoute, PREVIEW_KEYS, reason, targetFor, Tracker, servePerTest } from './helpers/harness';

const serve = servePerTest();

describe('res.send / res.json', () => {
  it('string: ETag, Content-Length, no Content-Type', async () => {
    const { server } = serve((_req, res) => res.send('hello'));
    const r = await request(server).get('/api/send');
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('"2caikvdqo85"');
    expect(r.headers['content-length']).toBe('5');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.text).toBe('hello');
  });

  it('object: JSON forced over an earlier Content-Type, header order ETag, CT, CL', async () => {
    const { server } = serve((req, res) => {
      res.setHeader('X-First', '1');
      if (req.query.ct) res.setHeader('Content-Type', 'text/plain');
      res.send({ a: 1 });
    });
    const overridden = await request(server).get('/?ct=1');
    expect(overridden.headers['content-type']).toBe('application/json; charset=utf-8');
    const r = await request(server).get('/');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers.etag).toBe('"147uiiad94i7"');
    expect(r.headers['content-length']).toBe('7');
    expect(r.text).toBe('{"a":1}');
    const names = headerNames(r, /^(x-first|etag|content-type|content-length)$/i);
    expect(names).toEqual(['X-First', 'ETag', 'Content-Type', 'Content-Length']);
  });

  it('json: header order CT, ETag, CL; json(undefined) is an empty JSON-typed body without ETag', async () => {
    const { server } = serve((req, res) => (req.query.u ? res.json(undefined) : res.json('str')));
    const r = await request(server).get('/');
    expect(r.text).toBe('"str"');
    expect(r.headers.etag).toBe('"vb9525rpm95"');
    const names = headerNames(r, /^(etag|content-type|content-length)$/i);
    expect(names).toEqual(['Content-Type', 'ETag', 'Content-Length']);
    const u = await request(server).get('/?u=1');
    expect(u.status).toBe(200);
    expect(u.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(u.headers.etag).toBeUndefined();
    expect(u.text).toBe('');
  });

  it('numbers, booleans, dates are JSON; null/undefined are empty with no headers', async () => {
    const values: Record<string, unknown> = { zero: 0, f: false, date: new Date(0), nul: null, und: undefined };
    const { server } = serve((req, res) => res.send(values[String(req.query.t)]));
    const zero = await request(server).get('/?t=zero');
    expect([zero.text, zero.headers.etag, zero.headers['content-type']]).toEqual(['0', '"a6v68shvmh1"', 'application/json; charset=utf-8']);
    const f = await request(server).get('/?t=f');
    expect([f.text, f.headers.etag]).toEqual(['false', '"u64e2dhd7r5"']);
    const date = await request(server).get('/?t=date');
    expect(date.text).toBe('"1970-01-01T00:00:00.000Z"');
    for (const t of ['nul', 'und']) {
      const r = await request(server).get(`/?t=${t}`);
      expect(r.status).toBe(200);
      expect(r.text).toBe('');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.headers.etag).toBeUndefined();
    }
  });

  it('Buffer: raw bytes, octet-stream unless set, ETag of its JSON form', async () => {
    const { server } = serve((req, res) => {
      if (req.query.ct) res.setHeader('Content-Type', 'image/png');
      res.send(Buffer.from('buf!'));
    });
    const r = await request(server).get('/').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['content-length']).toBe('4');
    expect(r.headers.etag).toBe('"17a2y0tgwsp14"');
    expect((r.body as Buffer).toString()).toBe('buf!');
    const png = await request(server).get('/?ct=1');
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('stream: piped, octet-stream default, no ETag, no Content-Length; an existing CT stays', async () => {
    const { server } = serve((req, res) => {
      if (req.query.ct) res.setHeader('Content-Type', 'text/csv');
      res.send(Readable.from(['a', 'b', 'c']));
    });
    const r = await request(server).get('/').buffer(true).parse((res, cb) => {
      let s = '';
      res.on('data', (c: Buffer) => (s += c.toString()));
      res.on('end', () => cb(null, s));
    });
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers.etag).toBeUndefined();
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.body).toBe('abc');
    const csv = await request(server).get('/?ct=1');
    expect(csv.headers['content-type']).toBe('text/csv');
    expect(csv.text).toBe('abc');
  });

  it('204 and 304 strip the body and entity headers', async () => {
    const { server } = serve((req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      if (req.query.t === '304') {
        res.statusCode = 304;
        res.send('x');
      } else res.status(204).json({ a: 1 });
    });
    for (const t of ['204', '304']) {
      const r = await request(server).get(`/?t=${t}`);
      expect(r.status).toBe(Number(t));
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.headers['content-length']).toBeUndefined();
      expect(r.headers.etag).toBeUndefined();
      expect(r.text).toBe('');
    }
  });

  it('unsupported types (bigint, symbol, function) give the plain 500', async () => {
    const values: Record<string, unknown> = { bigint: BigInt(10), symbol: Symbol('s'), fn: () => 1, fn1: (a: number) => a };
    // Next hashes a zero-arity function like '' before failing, and that ETag stays on its 500.
    const etags: Record<string, string | undefined> = { fn: '"78p3gz236i0"' };
    const { server, log } = serve((req, res) => res.send(values[String(req.query.t)]));
    for (const t of Object.keys(values)) {
      const r = await request(server).get(`/?t=${t}`);
      expect(r.status).toBe(500);
      expect(reason(r)).toBe('Internal Server Error');
      expect(r.text).toBe('Internal Server Error');
      expect(r.headers.etag).toBe(etags[t]);
      expect(r.headers['content-type']).toBeUndefined();
    }
    expect(log.error).toHaveLength(4);
  });

  it('status(): chained, numeric strings and floats coerced by Node; out of range gives a clean 500', async () => {
    const { server } = serve((req, res) => {
      const t = String(req.query.t);
      const code = t === 'str' ? '201' : t === 'float' ? 200.5 : 1000;
      (res.status as (c: unknown) => NextApiResponse)(code).send('x');
    });
    expect((await request(server).get('/?t=str')).status).toBe(201);
    expect((await request(server).get('/?t=float')).status).toBe(200);
    const big = await request(server).get('/?t=big');
    expect(big.status).toBe(500);
    // The Content-Length of the failed 'x' body is gone, so the error text is whole; the ETag stays as in Next.
    expect(big.headers.etag).toBe('"ayxe2glzap1"');
    expect(big.headers['content-length']).toBeUndefined();
    expect(big.text).toBe('Internal Server Error');
  });
});

describe('ETag freshness (docs/next-behaviour.md §10.4)', () => {
  it('304 with ETag and earlier headers kept; no method or status check', async () => {
    const { server } = serve((req, res) => {
      if (req.query.s) res.status(Number(req.query.s));
      res.setHeader('Cache-Control', 'max-age=60');
      res.send('etag body');
    });
    const r = await request(server).post('/?s=404').set('If-None-Match', '"zzz", "blxh5393019"');
    expect(r.status).toBe(304);
    expect(r.headers.etag).toBe('"blxh5393019"');
    expect(r.headers['cache-control']).toBe('max-age=60');
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.text).toBe('');
    const ims = await request(server).get('/').set('If-None-Match', '"blxh5393019"').set('If-Modified-Since', 'Thu, 01 Jan 2099 00:00:00 GMT');
    expect(ims.status).toBe(200);
    expect(ims.text).toBe('etag body');
  });

  it('a 304 for json() keeps the JSON Content-Type', async () => {
    const { server } = serve((_req, res) => res.json('str'));
    const r = await request(server).get('/').set('If-None-Match', '"vb9525rpm95"');
    expect(r.status).toBe(304);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('HEAD gets the GET headers and no body', async () => {
    const { server } = serve((req, res) => {
      res.setHeader('X-Method', String(req.method));
      res.send('body-for-' + req.method);
    });
    const r = await request(server).head('/');
    expect(r.status).toBe(200);
    expect(r.headers['x-method']).toBe('HEAD');
    expect(r.headers.etag).toBe('"8ssg2bhjr0d"');
    expect(r.headers['content-length']).toBe('13');
    expect(r.text).toBeUndefined();
  });
});

describe('res.redirect (docs/next-behaviour.md §10.5)', () => {
  const cases: Record<string, (res: NextApiResponse) => void> = {
    one: (res) => res.redirect('/api/echo'),
    two: (res) => res.redirect(301, '/api/echo'),
    swapped: (res) => (res.redirect as (a: unknown, b: unknown) => void)('/api/echo', 301),
    numstr: (res) => (res.redirect as (a: unknown, b: unknown) => void)('302', '/x'),
    200: (res) => res.redirect(200, '/x'),
    numonly: (res) => (res.redirect as (a: unknown) => void)(302),
    status1000: (res) => res.redirect(1000, '/x'),
    none: (res) => (res.redirect as unknown as () => void)(),
  };

  it.each([
    ['one', 307, '/api/echo'],
    ['two', 301, '/api/echo'],
    ['swapped', 307, '/api/echo'],
    ['numstr', 307, '302'],
    ['200', 200, '/x'],
  ])('%s -> %d Location %s, body = URL, no Content-Type', async (t, status, location) => {
    const { server } = serve((req, res) => cases[String(req.query.t)](res));
    const r = await request(server).get(`/?t=${t}`).redirects(0);
    expect(r.status).toBe(status);
    expect(r.headers.location).toBe(location);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.text).toBe(location);
    expect(headerNames(r, /^location$/i)).toEqual(['Location']);
  });

  it('an out-of-range status: 500 that keeps Location, as on Next\'s wire', async () => {
    const { server } = serve((req, res) => cases[String(req.query.t)](res));
    const r = await request(server).get('/?t=status1000').redirects(0);
    expect([r.status, r.headers.location, r.text]).toEqual([500, '/x', 'Internal Server Error']);
  });

  it('bad arguments give 500 and log Next\'s message', async () => {
    const { server, log } = serve((req, res) => cases[String(req.query.t)](res));
    for (const t of ['numonly', 'none']) {
      const r = await request(server).get(`/?t=${t}`);
      expect(r.status).toBe(500);
      expect(r.text).toBe('Internal Server Error');
    }
    expect(log.error[0]).toContain(
      "Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').",
    );
  });
});

describe('helpers as closures, repeated calls, late calls', () => {
  it('destructured helpers work without `this`', async () => {
    const { server } = serve((req, res) => {
      const { status, json, send, redirect } = res;
      if (req.query.t === 'send') return void status(201).send('created');
      if (req.query.t === 'redirect') return void redirect(302, '/elsewhere');
      void send;
      status(202);
      json({ ok: true });
    });
    const r = await request(server).get('/');
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ ok: true });
    const s = await request(server).get('/?t=send');
    expect([s.status, s.text, s.headers.etag]).toEqual([201, 'created', '"1m3x7ngbtt7"']);
    const d = await request(server).get('/?t=redirect').redirects(0);
    expect([d.status, d.headers.location]).toEqual([302, '/elsewhere']);
  });

  it('a second json/send/redirect/end after the response ended is a silent no-op', async () => {
    const { server, log, tracker } = serve((_req, res) => {
      res.json({ a: 1 });
      res.json({ b: 2 });
      res.send('again');
      res.redirect('/x');
      res.status(500);
      res.setHeader('X-Late', '1');
      res.end('late body');
      res.write('late write');
    });
    const r = await request(server).get('/');
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"a":1}');
    expect(r.headers['x-late']).toBeUndefined();
    await tracker.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.error).toEqual([]);
  });

  it('setHeader after a partial write is ignored, and the response can still end', async () => {
    const { server } = serve((_req, res) => {
      res.write('part;');
      res.setHeader('X-Too-Late', '1');
      res.send('rest');
    });
    const r = await request(server).get('/');
    expect(r.status).toBe(200);
    expect(r.headers['x-too-late']).toBeUndefined();
    expect(r.text).toBe('part;rest');
  });

  it('the helpers are own properties of res, and the prototypes are untouched', async () => {
    const http = await import('node:http');
    const protoKeys = Object.getOwnPropertyNames(http.ServerResponse.prototype).sort();
    let own: string[] = [];
    const { server } = serve((_req, res) => {
      own = ['status', 'send', 'json', 'redirect', 'setDraftMode', 'setPreviewData', 'clearPreviewData', 'revalidate', 'setHeader', 'write', 'end'].filter(
        (k) => Object.prototype.hasOwnProperty.call(res, k),
      );
      res.send('ok');
    });
    await request(server).get('/');
    expect(own).toHaveLength(11);
    expect(Object.getOwnPropertyNames(http.ServerResponse.prototype).sort()).toEqual(protoKeys);
    expect('send' in http.ServerResponse.prototype).toBe(false);
  });
});

describe('on Express 5', () => {
  function expressApp(handler: NextApiHandler) {
    const log = captureLog();
    const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger });
    const tracker = new Tracker();
    const app = express();
    app.use('/api', (req, res, next) => tracker.track(runApiRoute(req, res, makeRoute(handler), targetFor(req), options, next)));
    return { app, log, tracker };
  }

  it("Next's helpers replace Express's: string without Content-Type, 307 redirect, no Express ETag", async () => {
    const { app } = expressApp((req: NextApiRequest, res) => {
      if (req.query.t === 'redirect') return res.redirect('/api/x');
      res.send('hello');
    });
    const r = await request(app).get('/api/send');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.headers.etag).toBe('"2caikvdqo85"');
    expect(r.headers['x-powered-by']).toBe('Express'); // the host app's own header, untouched
    const d = await request(app).get('/api/send?t=redirect').redirects(0);
    expect(d.status).toBe(307);
    expect(d.text).toBe('/api/x');
    expect(d.headers['content-type']).toBeUndefined();
  });

  it('req.query is the Next query over Express 5\'s getter, req.url is the full URL during the handler', async () => {
    let seen: unknown;
    const { app } = expressApp((req, res) => {
      seen = { url: req.url, own: Object.getOwnPropertyDescriptor(req, 'query') };
      res.json(req.query);
    });
    const r = await request(app).get('/api/echo?a[b]=1&a[b]=2&c=3');
    expect(r.body).toEqual({ 'a[b]': ['1', '2'], c: '3' });
    expect(seen).toEqual({
      url: '/api/echo?a[b]=1&a[b]=2&c=3',
      own: { value: { 'a[b]': ['1', '2'], c: '3' }, writable: true, enumerable: true, configurable: true },
    });
  });
});

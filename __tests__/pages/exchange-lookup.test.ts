// Each request's state (its exchange: lib/pages/exchange.ts) is found again from
// `req` and from `res` (through `res.req`) however the host shaped them: plain
// node:http objects, or Express's, whose prototypes are switched per request
// and then switched again to ours. Here: overlapping requests each see their
// own values, and a response another middleware wrapped (own `write`/`end`, as
// compression does) is patched over its wrappers, which it gets back for
// Express error middleware.
import express from 'express';
import http from 'node:http';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { express4, fixture, memoryLogger } from '../support';

const DIR = fixture('exchange-lookup');

const routes = (basePath?: string) => apiRoutes(DIR, { logger: memoryLogger(), basePath });

type Host = [name: string, make: () => http.RequestListener];
const HOSTS: Host[] = [
  ['Express 5', () => express().use('/api', routes()) as unknown as http.RequestListener],
  ['Express 4', () => express4().use('/api', routes()) as unknown as http.RequestListener],
  ['node:http', () => routes('/api') as unknown as http.RequestListener],
];

function server(make: Host[1], wrap?: (res: http.ServerResponse, log: string[]) => void, log: string[] = []) {
  const inner = make();
  return http.createServer((req, res) => {
    if (wrap) wrap(res, log);
    inner(req, res);
  });
}

/** An upstream wrapper of `write` and `end` as own properties, as compression installs them. */
function wrapWrites(res: http.ServerResponse, log: string[]): void {
  const write = res.write;
  const end = res.end;
  res.write = function (this: http.ServerResponse, chunk: unknown, ...rest: unknown[]) {
    log.push(`write:${String(chunk)}`);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: http.ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    log.push(`end:${chunk === undefined ? '' : String(chunk)}`);
    return (end as (...a: unknown[]) => http.ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;
}

describe.each(HOSTS)('%s: every request finds its own exchange', (_name, make) => {
  it('overlapping requests each see their own query, body, cookies and headers', async () => {
    const srv = server(make);
    // The first request answers last: its state must survive the others' whole lifetimes.
    const calls = [
      request(srv).post('/api/slow-echo?n=1&wait=60').set('Cookie', 'who=first').send({ n: 1 }),
      request(srv).post('/api/slow-echo?n=2&wait=30').set('Cookie', 'who=second').send({ n: 2 }),
      request(srv).get('/api/slow-echo?n=3&wait=0').set('Cookie', 'who=third'),
    ];
    const [first, second, third] = await Promise.all(calls);
    expect(first.status).toBe(200);
    expect(first.headers['x-seen']).toBe('1');
    expect(first.body).toEqual({ before: { query: { n: '1', wait: '60' }, body: { n: 1 } }, after: { query: { n: '1', wait: '60' }, body: { n: 1 } }, cookies: { who: 'first' } });
    expect(second.headers['x-seen']).toBe('2');
    expect(second.body).toEqual({ before: { query: { n: '2', wait: '30' }, body: { n: 2 } }, after: { query: { n: '2', wait: '30' }, body: { n: 2 } }, cookies: { who: 'second' } });
    expect(third.headers['x-seen']).toBe('3');
    expect(third.body).toEqual({ before: { query: { n: '3', wait: '0' }, body: '' }, after: { query: { n: '3', wait: '0' }, body: '' }, cookies: { who: 'third' } });
  });

  it("a response with an upstream middleware's own write/end wrappers still goes through them, with Next's helpers", async () => {
    const log: string[] = [];
    const srv = server(make, wrapWrites, log);
    const r = await request(srv).get('/api/streams-then-throws');
    expect(r.status).toBe(200);
    expect(r.text).toBe('part 1, part 2');
    expect(log).toEqual(['write:part 1, ', 'end:part 2']);
    log.length = 0;
    const j = await request(srv).get('/api/slow-echo?n=9');
    expect(j.status).toBe(200);
    expect(j.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(j.headers.etag).toMatch(/^"[0-9a-z]+"$/);
    expect(j.body.after.query).toEqual({ n: '9' });
    expect(log).toHaveLength(1); // res.json ends through the wrapper, once
    expect(log[0]).toBe(`end:${JSON.stringify(j.body)}`);
  });
});

describe("onError: 'next' on a wrapped Express response", () => {
  it.each([
    ['Express 5', () => express()],
    ['Express 4', () => express4() as unknown as express.Express],
  ])("%s: error middleware gets the upstream wrappers back, and they still work", async (_name, factory) => {
    const log: string[] = [];
    const a = factory();
    a.use((req, res, next) => {
      wrapWrites(res, log);
      next();
    });
    a.use('/api', apiRoutes(DIR, { logger: memoryLogger(), onError: 'next' }));
    a.use((err: Error, req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(418).end(`caught: ${err.message}`);
    });
    const r = await request(a).get('/api/streams-then-throws?throw=1');
    expect(r.status).toBe(418);
    expect(r.text).toBe('caught: thrown before writing');
    expect(log).toEqual(['end:caught: thrown before writing']);
  });
});

// On plain node:http the patch asks for an upstream own property by comparing
// each patched name's value with the prototype's (response-helpers.ts
// `shadowsPrototype`): every one of the eleven names must be seen.
describe("node:http: an upstream own property under any patched name is put back for onError: 'next'", () => {
  const PATCHED = ['setHeader', 'write', 'end', 'status', 'send', 'json', 'redirect', 'setDraftMode', 'setPreviewData', 'clearPreviewData', 'revalidate'] as const;
  it.each(PATCHED)('%s', async (name) => {
    const mw = apiRoutes(DIR, { logger: memoryLogger(), basePath: '/api', onError: 'next' });
    const srv = http.createServer((req, res) => {
      const own = res as unknown as Record<string, unknown>;
      const upstream = Object.assign(function upstreamMember(this: unknown, ...args: unknown[]) {
        const original = (http.ServerResponse.prototype as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[name];
        return original?.apply(this, args);
      }, { marker: name });
      own[name] = upstream;
      mw(req, res, (err?: unknown) => {
        const restored = Object.getOwnPropertyDescriptor(res, name)?.value === upstream;
        const others = PATCHED.filter((other) => other !== name && Object.prototype.hasOwnProperty.call(res, other));
        res.statusCode = 500;
        (http.ServerResponse.prototype.end as (this: http.ServerResponse, body: string) => void).call(res, JSON.stringify({ error: (err as Error).message, restored, others }));
      });
    });
    const r = await request(srv).get('/api/streams-then-throws?throw=1');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toEqual({ error: 'thrown before writing', restored: true, others: [] });
  });
});

// What the handler finds on req (docs/next-behaviour.md §1 step 4, §6, §7):
// Next's own properties in Next's order, req.query, req.cookies, req.url.
import cookieParser from 'cookie-parser';
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import express from 'express';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { testHandler } from '../../lib/testing';
import { fixture, memoryLogger, PRODUCTION } from '../support';

const OURS = ['cookies', 'query', 'previewData', 'preview', 'draftMode', 'body'];

describe('own enumerable properties on req (docs/next-behaviour.md §1 step 4)', () => {
  it("appear in Next's order: cookies, query, previewData, preview, draftMode, body", async () => {
    const app = testHandler((req, res) => res.json(Object.keys(req).filter((k) => OURS.includes(k))), PRODUCTION);
    expect((await request(app).get('/')).body).toEqual(OURS);
  });
});

describe('req.query (docs/next-behaviour.md §6 "Merge with route params")', () => {
  it('query merges route params over the query string', async () => {
    const app = testHandler((req, res) => res.json(req.query), { ...PRODUCTION, route: '/api/users/[id]' });
    const r = await request(app).get('/api/users/42?x=1&id=99&x=2');
    expect(JSON.stringify(r.body)).toBe('{"x":["1","2"],"id":"42"}');
  });
});

describe('req.cookies (docs/next-behaviour.md §7)', () => {
  it('parses like Next: first wins, quotes stripped, bad escapes kept, pairs without = skipped', async () => {
    const app = testHandler((req, res) => res.json(req.cookies), PRODUCTION);
    const r = await request(app).get('/').set('Cookie', 'a=1; b="quoted"; c=%E2%9C%93; a=2; d=x=y; bad; e=%ZZ;  f = sp ');
    expect(r.body).toEqual({ a: '1', b: 'quoted', c: '✓', d: 'x=y', e: '%ZZ', f: 'sp' });
    expect((await request(app).get('/')).body).toEqual({});
  });

  it('is a getter until first read, then a data property; assignable before reading', async () => {
    const reading = testHandler((req, res) => {
      const before = Object.getOwnPropertyDescriptor(req, 'cookies');
      const value = req.cookies;
      const after = Object.getOwnPropertyDescriptor(req, 'cookies');
      res.json({
        before: { getter: typeof before?.get, enumerable: before?.enumerable, configurable: before?.configurable },
        after: { value: after?.value, writable: after?.writable, same: req.cookies === value },
      });
    }, PRODUCTION);
    const r = await request(reading).get('/').set('Cookie', 'a=1');
    expect(r.body).toEqual({
      before: { getter: 'function', enumerable: true, configurable: true },
      after: { value: { a: '1' }, writable: true, same: true },
    });
    const assigning = testHandler((req, res) => {
      req.cookies = { mine: 'yes' };
      res.json(req.cookies);
    }, PRODUCTION);
    expect((await request(assigning).get('/').set('Cookie', 'a=1')).body).toEqual({ mine: 'yes' });
  });

  it('Object.prototype names are ordinary cookies; the result is a plain object', async () => {
    const app = testHandler(
      (req, res) =>
        res.json({ cookies: req.cookies, plain: Object.getPrototypeOf(req.cookies) === Object.prototype, own: Object.prototype.hasOwnProperty.call(req.cookies, '__proto__') }),
      PRODUCTION,
    );
    const r = await request(app).get('/').set('Cookie', 'constructor=1; toString=2; __proto__=3');
    expect(r.body).toEqual({ cookies: { constructor: '1', toString: '2', ['__proto__']: '3' }, plain: true, own: true });
  });

  it("after cookie-parser: Next's req.cookies, upstream req.signedCookies untouched", async () => {
    const app = express();
    app.use(cookieParser('s3cret'));
    app.use('/api', apiRoutes(fixture('mounting'), { logger: memoryLogger() }));
    const signed = 's:v.' + createHmac('sha256', 's3cret').update('v').digest('base64').replace(/=+$/, '');
    const r = await request(app).get('/api/inspect').set('Cookie', `plain=1; j=j%3A%7B%22a%22%3A1%7D; sig=${encodeURIComponent(signed)}`);
    // Next returns raw strings: no `j:` JSON decoding, signed cookies included as sent.
    expect(r.body.cookies).toEqual({ plain: '1', j: 'j:{"a":1}', sig: signed });
    expect(r.body.signedCookies).toEqual({ sig: 'v' });
  });
});

describe('req.url while the handler runs (docs/next-behaviour.md §6 "req.url as the handler sees it"; docs/design.md "req.url is the URL as the client sent it")', () => {
  it("is the client URL (mount prefix included) and the router's URL comes back afterwards", async () => {
    const app = express();
    let seen: IncomingMessage | undefined;
    app.use('/api', (req, _res, next) => {
      seen = req;
      next();
    });
    app.use('/api', apiRoutes(fixture('mounting'), { logger: memoryLogger() }));
    const during = (await request(app).get('/api/inspect?x=1')).body.url;
    expect(during).toBe('/api/inspect?x=1');
    // The handler settled before the response reached the client: the router's URL is back.
    expect(seen?.url).toBe('/inspect?x=1');
  });
});

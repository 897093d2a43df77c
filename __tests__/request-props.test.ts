/**
 * Request properties (docs/next-behaviour.md §1 step 4, §6, §7) over real sockets.
 */
import cookieParser from 'cookie-parser';
import { createHmac } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { resolveOptions } from '../lib/options';
import { runApiRoute } from '../lib/pages/run-route';
import type { NextApiHandler } from '../lib/types';
import { captureLog, makeRoute, PREVIEW_KEYS, targetFor, servePerTest } from './helpers/harness';

const serve = servePerTest();

const OURS = ['cookies', 'query', 'previewData', 'preview', 'draftMode', 'body'];

describe('own enumerable properties on req', () => {
  it('appear in Next\'s order: cookies, query, previewData, preview, draftMode, body', async () => {
    const { server } = serve((req, res) => res.json(Object.keys(req).filter((k) => OURS.includes(k))));
    expect((await request(server).get('/')).body).toEqual(OURS);
  });

  it('query merges route params over the query string', async () => {
    const { server } = serve((req, res) => res.json(req.query), { params: () => ({ id: '42' }) });
    const r = await request(server).get('/api/users/42?x=1&id=99&x=2');
    expect(JSON.stringify(r.body)).toBe('{"x":["1","2"],"id":"42"}');
  });
});

describe('req.cookies (docs/next-behaviour.md §7)', () => {
  it('parses like Next: first wins, quotes stripped, bad escapes kept, pairs without = skipped', async () => {
    const { server } = serve((req, res) => res.json(req.cookies));
    const r = await request(server).get('/').set('Cookie', 'a=1; b="quoted"; c=%E2%9C%93; a=2; d=x=y; bad; e=%ZZ;  f = sp ');
    expect(r.body).toEqual({ a: '1', b: 'quoted', c: '✓', d: 'x=y', e: '%ZZ', f: 'sp' });
    expect((await request(server).get('/')).body).toEqual({});
  });

  it('is a getter until first read, then a data property; assignable before reading', async () => {
    const { server } = serve((req, res) => {
      const before = Object.getOwnPropertyDescriptor(req, 'cookies');
      const value = req.cookies;
      const after = Object.getOwnPropertyDescriptor(req, 'cookies');
      res.json({
        before: { getter: typeof before?.get, enumerable: before?.enumerable, configurable: before?.configurable },
        after: { value: after?.value, writable: after?.writable, same: req.cookies === value },
      });
    });
    const r = await request(server).get('/').set('Cookie', 'a=1');
    expect(r.body).toEqual({
      before: { getter: 'function', enumerable: true, configurable: true },
      after: { value: { a: '1' }, writable: true, same: true },
    });
    const { server: s2 } = serve((req, res) => {
      req.cookies = { mine: 'yes' };
      res.json(req.cookies);
    });
    expect((await request(s2).get('/').set('Cookie', 'a=1')).body).toEqual({ mine: 'yes' });
  });

  it('Object.prototype names are ordinary cookies; the result is a plain object', async () => {
    const { server } = serve((req, res) =>
      res.json({ cookies: req.cookies, plain: Object.getPrototypeOf(req.cookies) === Object.prototype, own: Object.prototype.hasOwnProperty.call(req.cookies, '__proto__') }),
    );
    const r = await request(server).get('/').set('Cookie', 'constructor=1; toString=2; __proto__=3');
    expect(r.body).toEqual({ cookies: { constructor: '1', toString: '2', ['__proto__']: '3' }, plain: true, own: true });
  });

  it('after cookie-parser: Next\'s req.cookies, upstream req.signedCookies untouched', async () => {
    const log = captureLog();
    const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger });
    const app = express();
    app.use(cookieParser('s3cret'));
    const handler: NextApiHandler = (req, res) =>
      res.json({ cookies: req.cookies, signed: (req as unknown as { signedCookies: unknown }).signedCookies });
    app.use('/api', (req, res, next) => void runApiRoute(req, res, makeRoute(handler), targetFor(req), options, next));
    const signed = 's:v.' + createHmac('sha256', 's3cret').update('v').digest('base64').replace(/=+$/, '');
    const r = await request(app).get('/api/c').set('Cookie', `plain=1; j=j%3A%7B%22a%22%3A1%7D; sig=${encodeURIComponent(signed)}`);
    // Next returns raw strings: no `j:` JSON decoding, signed cookies included as sent.
    expect(r.body.cookies).toEqual({ plain: '1', j: 'j:{"a":1}', sig: signed });
    expect(r.body.signed).toEqual({ sig: 'v' });
  });
});

describe('req.url while the handler runs', () => {
  it('is the client URL (mount prefix included) and the router\'s URL comes back afterwards', async () => {
    const log = captureLog();
    const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger });
    const app = express();
    let during = '';
    let after = '';
    app.use('/api', async (req, res, next) => {
      await runApiRoute(req, res, makeRoute((r, s) => {
        during = r.url ?? '';
        s.send('ok');
      }), targetFor(req), options, next);
      after = req.url;
    });
    await request(app).get('/api/users/1?x=1');
    expect(during).toBe('/api/users/1?x=1');
    expect(after).toBe('/users/1?x=1');
  });
});

// How the response helpers behave as values and over time: destructured
// without `this`, called again after the end (docs/next-behaviour.md §12
// "setHeader after send"), setHeader after a partial write, and where they live.
import http from 'node:http';
import request from 'supertest';
import { testHandler } from '../../lib/testing';
import { logged, nextTurn, PRODUCTION } from '../support';

describe('helpers as closures', () => {
  it('destructured helpers work without `this`', async () => {
    const app = testHandler((req, res) => {
      const { status, json, send, redirect } = res;
      if (req.query.t === 'send') return void status(201).send('created');
      if (req.query.t === 'redirect') return void redirect(302, '/elsewhere');
      void send;
      status(202);
      json({ ok: true });
    }, PRODUCTION);
    const r = await request(app).get('/');
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ ok: true });
    const s = await request(app).get('/?t=send');
    expect([s.status, s.text, s.headers.etag]).toEqual([201, 'created', '"1m3x7ngbtt7"']);
    const d = await request(app).get('/?t=redirect').redirects(0);
    expect([d.status, d.headers.location]).toEqual([302, '/elsewhere']);
  });
});

describe('calls after the response ended or started (docs/next-behaviour.md §12 "setHeader after send")', () => {
  it('a second json/send/redirect/end after the response ended is a silent no-op', async () => {
    const app = testHandler((_req, res) => {
      res.json({ a: 1 });
      res.json({ b: 2 });
      res.send('again');
      res.redirect('/x');
      res.status(500);
      res.setHeader('X-Late', '1');
      res.end('late body');
      res.write('late write');
    }, PRODUCTION);
    const r = await request(app).get('/');
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"a":1}');
    expect(r.headers['x-late']).toBeUndefined();
    await nextTurn();
    expect(logged(app, 'error')).toEqual([]);
  });

  it('setHeader after a partial write is ignored, and the response can still end', async () => {
    const app = testHandler((_req, res) => {
      res.write('part;');
      res.setHeader('X-Too-Late', '1');
      res.send('rest');
    }, PRODUCTION);
    const r = await request(app).get('/');
    expect(r.status).toBe(200);
    expect(r.headers['x-too-late']).toBeUndefined();
    expect(r.text).toBe('part;rest');
  });
});

describe('where the helpers live', () => {
  it('the helpers are own properties of res, and the prototypes are untouched', async () => {
    const protoKeys = Object.getOwnPropertyNames(http.ServerResponse.prototype).sort();
    let own: string[] = [];
    const app = testHandler((_req, res) => {
      own = ['status', 'send', 'json', 'redirect', 'setDraftMode', 'setPreviewData', 'clearPreviewData', 'revalidate', 'setHeader', 'write', 'end'].filter(
        (k) => Object.prototype.hasOwnProperty.call(res, k),
      );
      res.send('ok');
    }, PRODUCTION);
    await request(app).get('/');
    expect(own).toHaveLength(11);
    expect(Object.getOwnPropertyNames(http.ServerResponse.prototype).sort()).toEqual(protoKeys);
    expect('send' in http.ServerResponse.prototype).toBe(false);
  });
});

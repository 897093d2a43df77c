// The ETag Next computes for send/json and the 304 it answers when the client's
// copy is fresh (docs/next-behaviour.md §10.4), and HEAD (§14). The hash itself
// and the freshness rules are unit-tested in etag.test.ts.
import request from 'supertest';
import { testHandler } from '../../lib/testing';
import { PRODUCTION } from '../support';

describe('304 Not Modified (docs/next-behaviour.md §10.4)', () => {
  it('304 with ETag and earlier headers kept; no method or status check', async () => {
    const app = testHandler((req, res) => {
      if (req.query.s) res.status(Number(req.query.s));
      res.setHeader('Cache-Control', 'max-age=60');
      res.send('etag body');
    }, PRODUCTION);
    const r = await request(app).post('/?s=404').set('If-None-Match', '"zzz", "blxh5393019"');
    expect(r.status).toBe(304);
    expect(r.headers.etag).toBe('"blxh5393019"');
    expect(r.headers['cache-control']).toBe('max-age=60');
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.text).toBe('');
    const ims = await request(app).get('/').set('If-None-Match', '"blxh5393019"').set('If-Modified-Since', 'Thu, 01 Jan 2099 00:00:00 GMT');
    expect(ims.status).toBe(200);
    expect(ims.text).toBe('etag body');
  });

  it('a 304 for json() keeps the JSON Content-Type', async () => {
    const app = testHandler((_req, res) => res.json('str'), PRODUCTION);
    const r = await request(app).get('/').set('If-None-Match', '"vb9525rpm95"');
    expect(r.status).toBe(304);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('HEAD (docs/next-behaviour.md §14)', () => {
  it('HEAD gets the GET headers and no body', async () => {
    const app = testHandler((req, res) => {
      res.setHeader('X-Method', String(req.method));
      res.send('body-for-' + req.method);
    }, PRODUCTION);
    const r = await request(app).head('/');
    expect(r.status).toBe(200);
    expect(r.headers['x-method']).toBe('HEAD');
    expect(r.headers.etag).toBe('"8ssg2bhjr0d"');
    expect(r.headers['content-length']).toBe('13');
    expect(r.text).toBeUndefined();
  });
});

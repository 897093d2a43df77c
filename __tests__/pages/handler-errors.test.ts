// What a handler's error becomes on the wire (docs/next-behaviour.md §12): the
// plain 500, headers set before the throw, errors after the response started
// or ended, and a server that keeps serving.
import request from 'supertest';
import type { NextApiHandler } from '../../lib';
import { testHandler } from '../../lib/testing';
import { logged, PRODUCTION, reasonPhrase, sleep } from '../support';

describe('a thrown value is answered with the plain 500 (docs/next-behaviour.md §12 "Other thrown values in prod")', () => {
  it.each([
    ['sync throw', () => { throw new Error('boom'); }],
    ['async rejection', async () => { await sleep(1); throw new Error('boom'); }],
    ['thrown string', () => { throw 'a string'; }],
    ['Error with statusCode (not honoured)', () => { throw Object.assign(new Error('nope'), { statusCode: 403 }); }],
  ] as Array<[string, NextApiHandler]>)('%s -> plain 500, logged with the page and the file (here testHandler\'s stand-in)', async (_name, handler) => {
    const app = testHandler(handler, { ...PRODUCTION, route: '/api/throw' });
    const r = await request(app).get('/api/throw');
    expect(r.status).toBe(500);
    expect(reasonPhrase(r)).toBe('Internal Server Error');
    expect(r.text).toBe('Internal Server Error');
    expect(r.headers['content-type']).toBeUndefined();
    expect(logged(app, 'error')).toHaveLength(1);
    expect(logged(app, 'error')[0]).toContain('Error in API route /api/throw ');
    expect(logged(app, 'error')[0]).toContain('(testHandler(anonymous))');
  });

  it('headers set before the throw stay; the status becomes 500', async () => {
    const app = testHandler((_req, res) => {
      res.setHeader('X-A', '1');
      res.status(201);
      throw new Error('after headers');
    }, PRODUCTION);
    const r = await request(app).get('/');
    expect([r.status, r.headers['x-a'], r.text]).toEqual([500, '1', 'Internal Server Error']);
  });
});

describe('errors once the response started (docs/next-behaviour.md §12 "Errors after the response has started")', () => {
  it('after a partial write the text is appended; after the end it is only logged', async () => {
    const app = testHandler((req, res) => {
      if (req.query.t === 'write') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('partial');
      } else res.send('sent');
      throw new Error('late');
    }, PRODUCTION);
    const w = await request(app).get('/?t=write');
    expect([w.status, w.text]).toEqual([200, 'partialInternal Server Error']);
    const s = await request(app).get('/?t=send');
    expect([s.status, s.text]).toEqual([200, 'sent']);
    expect(logged(app, 'error')).toHaveLength(2);
  });

  it('the server survives res.end() twice with a body', async () => {
    const app = testHandler((_req, res) => {
      res.end('one');
      res.end('two');
    }, PRODUCTION);
    const r = await request(app).get('/');
    expect(r.text).toBe('one');
    await sleep(5);
    expect((await request(app).get('/')).text).toBe('one');
  });
});

// A body the host already read (docs/next-behaviour.md §8 "When it runs": a
// truthy req.body is kept). Express 5 / Express 4 body parsers mounted before
// apiRoutes(), and a node:http server that sets req.body itself, in front of
// the route files in fixtures/hosted/.
import { createServer } from 'node:http';
import express from 'express';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { express4, fixture, memoryLogger, reasonPhrase, type ExpressFactory } from '../support';

const hosted = fixture('hosted');

/** `app.use('/api', apiRoutes(fixtures/hosted))` after the app's own middleware. */
function mountAfter(app: ReturnType<ExpressFactory>): ReturnType<ExpressFactory> {
  app.use('/api', apiRoutes(hosted, { logger: memoryLogger() }));
  return app;
}

describe('behind a node:http server that sets req.body itself', () => {
  it("a truthy body set by the host server without reading is kept (Next keeps a custom server's body)", async () => {
    const api = apiRoutes(hosted, { basePath: '/api', logger: memoryLogger() });
    const server = createServer((req, res) => {
      (req as typeof req & { body: unknown }).body = { injected: true };
      api(req, res);
    });
    const r = await request(server).post('/api/echo-body').set('Content-Type', 'application/json').send('{"a":1}');
    expect(r.body.body).toEqual({ injected: true });
  });
});

describe('behind Express 5 body parsers (body-parser 2)', () => {
  function app() {
    const a = express();
    a.use(express.json(), express.urlencoded({ extended: false }), express.text());
    return mountAfter(a);
  }

  it('express.json() already read JSON: its body is kept, nothing hangs', async () => {
    const r = await request(app()).post('/api/echo-body').set('Content-Type', 'application/json').send('{"a":1}');
    expect(r.status).toBe(200);
    expect(r.body.body).toEqual({ a: 1 });
  });

  it('express.urlencoded() already read the form: its body is kept', async () => {
    const r = await request(app()).post('/api/echo-body').type('form').send('a=1&b=2');
    expect(r.body.body).toEqual({ a: '1', b: '2' });
  });

  it('express.text() read an empty body (falsy): the handler gets what Next gives, ""', async () => {
    const r = await request(app()).post('/api/echo-body').set('Content-Type', 'text/plain').send('');
    expect(r.body).toEqual({ type: 'string', nullProto: false, body: '' });
  });

  it('express.json() read an empty JSON body: {}', async () => {
    const r = await request(app()).post('/api/echo-body').set('Content-Type', 'application/json').send('');
    expect(r.body.body).toEqual({});
  });

  it('a type no upstream parser handles is read by us', async () => {
    const r = await request(app()).post('/api/echo-body').set('Content-Type', 'application/octet-stream').send('raw bytes');
    expect(r.body).toEqual({ type: 'string', nullProto: false, body: 'raw bytes' });
  });

  it('GET without a body: ""', async () => {
    const r = await request(app()).get('/api/echo-body');
    expect(r.body.body).toBe('');
  });

  it("an upstream parse error stays the upstream app's (Express error handler)", async () => {
    const r = await request(app()).post('/api/echo-body').set('Content-Type', 'application/json').send('{bad');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('behind Express 4 body parsers (body-parser 1.x sets req.body = {} without reading)', () => {
  function app() {
    const a = express4();
    a.use(express4.json(), express4.urlencoded({ extended: false }));
    return mountAfter(a);
  }

  it('JSON read upstream is kept', async () => {
    const r = await request(app()).post('/api/echo-body').set('Content-Type', 'application/json').send('{"a":1}');
    expect(r.body.body).toEqual({ a: 1 });
  });

  it('text/plain passed through unread (body = {}): we read the stream', async () => {
    const r = await request(app()).post('/api/echo-body').set('Content-Type', 'text/plain').send('hello');
    expect(r.body).toEqual({ type: 'string', nullProto: false, body: 'hello' });
  });

  it('GET with no body (body = {} placeholder): ""', async () => {
    const r = await request(app()).get('/api/echo-body');
    expect(r.body).toEqual({ type: 'string', nullProto: false, body: '' });
  });

  it("body errors are still Next's 413 when the upstream parser skipped the type", async () => {
    const a = express4();
    a.use(express4.json());
    mountAfter(a);
    const r = await request(a).post('/api/echo-body-4b').set('Content-Type', 'text/plain').send('too long');
    expect([r.status, reasonPhrase(r), r.text]).toEqual([413, 'Body exceeded 4b limit', 'Body exceeded 4b limit']);
  });
});

// Development-only warnings (docs/next-behaviour.md §13), logged once the
// handler settled; the responses stay those of production.
import http from 'node:http';
import { Readable } from 'node:stream';
import request from 'supertest';
import { testHandler } from '../../lib/testing';
import { closeServer, DEV, eventually, listen, logged, nextTurn, PRODUCTION } from '../support';

describe('what the handler returns (docs/next-behaviour.md §13)', () => {
  it('returned value', async () => {
    const app = testHandler((_req, res) => {
      res.send('x');
      return 5;
    }, DEV);
    expect((await request(app).get('/')).text).toBe('x');
    await nextTurn();
    expect(logged(app, 'warn')).toEqual(['API handler should not return a value, received number.']);
  });

  it('returned Response object throws -> 500', async () => {
    const app = testHandler(() => new Response('hi'), DEV);
    const r = await request(app).get('/');
    expect([r.status, r.text]).toEqual([500, 'Internal Server Error']);
    expect(logged(app, 'error')[0]).toContain(
      'API route returned a Response object in the Node.js runtime, this is not supported. Please use `runtime: "edge"` instead: https://nextjs.org/docs/api-routes/edge-api-routes',
    );
  });
});

describe('a handler that resolved without answering (docs/next-behaviour.md §13 "Unresolved request")', () => {
  it('unresolved request (responds later), with the client URL', async () => {
    const app = testHandler((_req, res) => void setTimeout(() => res.send('late ok'), 5), DEV);
    const r = await request(app).get('/api/late?q=1');
    expect(r.text).toBe('late ok');
    await nextTurn();
    expect(logged(app, 'warn')).toEqual(['API resolved without sending a response for /api/late?q=1, this may result in stalled requests.']);
  });

  it('handler that never responds: warned, and the request stays open', async () => {
    const app = testHandler(() => undefined, DEV);
    const server = http.createServer(app);
    const port = await listen(server);
    const req = http.get({ host: '127.0.0.1', port, path: '/api/noresp' });
    req.on('error', () => undefined);
    try {
      await eventually(async () => expect(logged(app, 'warn')).not.toHaveLength(0));
      expect(logged(app, 'warn')).toEqual(['API resolved without sending a response for /api/noresp, this may result in stalled requests.']);
    } finally {
      req.destroy();
      await closeServer(server);
    }
  });

  it('no unresolved warning after a write or for a piped stream', async () => {
    const app = testHandler((req, res) => {
      if (req.query.t === 'write') {
        res.write('a');
        return void setTimeout(() => res.end('b'), 5);
      }
      // A stream that has produced nothing yet when the handler returns.
      const stream = new Readable({ read() {} });
      res.send(stream);
      setTimeout(() => {
        stream.push('piped');
        stream.push(null);
      }, 5);
    }, DEV);
    expect((await request(app).get('/?t=write')).text).toBe('ab');
    const piped = await request(app).get('/?t=pipe').buffer(true).parse((res, cb) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => cb(null, text));
    });
    expect(piped.body).toBe('piped');
    await nextTurn();
    expect(logged(app, 'warn')).toEqual([]);
  });

  it('no unresolved warning with externalResolver', async () => {
    const app = testHandler((_req, res) => void setTimeout(() => res.send('ok'), 5), { ...DEV, config: { api: { externalResolver: true } } });
    expect((await request(app).get('/')).text).toBe('ok');
    await nextTurn();
    expect(logged(app, 'warn')).toEqual([]);
  });
});

describe('a body with 204 (docs/next-behaviour.md §13, §10.2)', () => {
  it('204 with a body', async () => {
    const app = testHandler((_req, res) => res.status(204).send('x'), DEV);
    expect((await request(app).get('/api/nc')).status).toBe(204);
    await nextTurn();
    expect(logged(app, 'warn')).toEqual([
      'A body was attempted to be set with a 204 statusCode for /api/nc, this is invalid and the body was ignored.\nSee more info here https://nextjs.org/docs/messages/invalid-api-status-body',
    ]);
  });
});

describe('none of them in production (docs/next-behaviour.md §13)', () => {
  it('production logs none of these', async () => {
    const app = testHandler((req, res) => {
      if (req.query.t === 'late') return void setTimeout(() => res.send('x'), 5);
      res.status(204).send('x');
      return 5;
    }, PRODUCTION);
    await request(app).get('/');
    await request(app).get('/?t=late');
    await nextTurn();
    expect(logged(app, 'warn')).toEqual([]);
  });
});

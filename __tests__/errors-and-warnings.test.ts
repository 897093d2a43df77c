/**
 * Error handling (docs/next-behaviour.md §12), dev warnings (§13) and the response-size warning
 * (§11), observed over real sockets with the log captured through `logger`.
 */
import express from 'express';
import http from 'node:http';
import { Readable } from 'node:stream';
import request from 'supertest';
import { resolveOptions } from '../lib/options';
import { runApiRoute } from '../lib/pages/run-route';
import type { NextApiHandler } from '../lib/types';
import { captureLog, listen, makeRoute, nodeServer, PREVIEW_KEYS, reason, targetFor, servePerTest } from './helpers/harness';

const express4 = require('express4') as typeof express;

const serve = servePerTest();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('errors (docs/next-behaviour.md §12)', () => {
  it.each([
    ['sync throw', () => { throw new Error('boom'); }],
    ['async rejection', async () => { await sleep(1); throw new Error('boom'); }],
    ['thrown string', () => { throw 'a string'; }],
    ['Error with statusCode (not honoured)', () => { throw Object.assign(new Error('nope'), { statusCode: 403 }); }],
  ] as Array<[string, NextApiHandler]>)('%s -> plain 500, logged with page and file', async (_name, handler) => {
    const { server, log } = serve(handler, { page: '/api/throw' });
    const r = await request(server).get('/api/throw');
    expect(r.status).toBe(500);
    expect(reason(r)).toBe('Internal Server Error');
    expect(r.text).toBe('Internal Server Error');
    expect(r.headers['content-type']).toBeUndefined();
    expect(log.error).toHaveLength(1);
    expect(log.error[0]).toContain('/api/throw');
    expect(log.error[0]).toContain('/project/pages/api/throw.js');
  });

  it('headers set before the throw stay; the status becomes 500', async () => {
    const { server } = serve((_req, res) => {
      res.setHeader('X-A', '1');
      res.status(201);
      throw new Error('after headers');
    });
    const r = await request(server).get('/');
    expect([r.status, r.headers['x-a'], r.text]).toEqual([500, '1', 'Internal Server Error']);
  });

  it('after a partial write the text is appended; after the end it is only logged', async () => {
    const { server, log } = serve((req, res) => {
      if (req.query.t === 'write') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('partial');
      } else res.send('sent');
      throw new Error('late');
    });
    const w = await request(server).get('/?t=write');
    expect([w.status, w.text]).toEqual([200, 'partialInternal Server Error']);
    const s = await request(server).get('/?t=send');
    expect([s.status, s.text]).toEqual([200, 'sent']);
    expect(log.error).toHaveLength(2);
  });

  it('the server survives res.end() twice with a body', async () => {
    const { server, tracker } = serve((_req, res) => {
      res.end('one');
      res.end('two');
    });
    const r = await request(server).get('/');
    expect(r.text).toBe('one');
    await tracker.idle();
    await sleep(5);
    expect((await request(server).get('/')).text).toBe('one');
  });

  describe("onError: 'next'", () => {
    function app(factory: () => express.Express, handler: NextApiHandler) {
      const log = captureLog();
      const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger, onError: 'next' });
      const a = factory();
      const seen: string[] = [];
      a.use('/api', (req, res, next) => void runApiRoute(req, res, makeRoute(handler), targetFor(req), options, next));
      a.use((err: Error, req: express.Request, res: express.Response, _next: express.NextFunction) => {
        seen.push(req.url);
        // Express's own helpers are back: status() validates, json() is Express's.
        res.status(418).json({ caught: err.message, url: req.originalUrl });
      });
      return { a, log, seen };
    }

    it.each([
      ['Express 5', () => express()],
      ['Express 4', () => express4() as unknown as express.Express],
    ])('%s: error middleware gets the error with Express\'s helpers and URL restored', async (_name, factory) => {
      const { a, log, seen } = app(factory, () => {
        throw new Error('to express');
      });
      const r = await request(a).get('/api/thing?x=1');
      expect(r.status).toBe(418);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.body).toEqual({ caught: 'to express', url: '/api/thing?x=1' });
      expect(seen).toEqual(['/api/thing?x=1']); // Express re-added the mount path to the restored URL exactly once
      expect(log.error).toHaveLength(1);
    });

    it('body errors stay Next\'s sendError; errors after headers were sent stay Next\'s too', async () => {
      const { a } = app(express, (req, res) => {
        res.write('started;');
        throw new Error('late');
      });
      const bad = await request(a).post('/api/x').set('Content-Type', 'application/json').send('{bad');
      expect([bad.status, reason(bad), bad.text]).toEqual([400, 'Invalid JSON', 'Invalid JSON']);
      const late = await request(a).get('/api/x');
      expect([late.status, late.text]).toEqual([200, 'started;Internal Server Error']);
    });
  });
});

describe('dev warnings (docs/next-behaviour.md §13)', () => {
  it('returned value', async () => {
    const { server, log, tracker } = serve((_req, res) => {
      res.send('x');
      return 5;
    }, { options: { dev: true } });
    expect((await request(server).get('/')).text).toBe('x');
    await tracker.idle();
    expect(log.warn).toEqual(['API handler should not return a value, received number.']);
  });

  it('returned Response object throws -> 500', async () => {
    const { server, log } = serve(() => new Response('hi'), { options: { dev: true } });
    const r = await request(server).get('/');
    expect([r.status, r.text]).toEqual([500, 'Internal Server Error']);
    expect(log.error[0]).toContain(
      'API route returned a Response object in the Node.js runtime, this is not supported. Please use `runtime: "edge"` instead: https://nextjs.org/docs/api-routes/edge-api-routes',
    );
  });

  it('unresolved request (responds later), with the client URL', async () => {
    const { server, log, tracker } = serve((_req, res) => void setTimeout(() => res.send('late ok'), 5), { options: { dev: true } });
    const r = await request(server).get('/api/late?q=1');
    expect(r.text).toBe('late ok');
    await tracker.idle();
    expect(log.warn).toEqual(['API resolved without sending a response for /api/late?q=1, this may result in stalled requests.']);
  });

  it('handler that never responds: warned, and the request stays open', async () => {
    const { server, log, tracker } = serve(() => undefined, { options: { dev: true } });
    const port = await listen(server);
    const req = http.get({ host: '127.0.0.1', port, path: '/api/noresp' });
    req.on('error', () => undefined);
    while (log.warn.length === 0) await sleep(2);
    await tracker.idle();
    expect(log.warn).toEqual(['API resolved without sending a response for /api/noresp, this may result in stalled requests.']);
    req.destroy();
  });

  it('no unresolved warning after a write or for a piped stream', async () => {
    const { server, log, tracker } = serve(
      (req, res) => {
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
      },
      { options: { dev: true } },
    );
    expect((await request(server).get('/?t=write')).text).toBe('ab');
    const piped = await request(server).get('/?t=pipe').buffer(true).parse((res, cb) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => cb(null, text));
    });
    expect(piped.body).toBe('piped');
    await tracker.idle();
    expect(log.warn).toEqual([]);
  });

  it('no unresolved warning with externalResolver', async () => {
    const { server, log, tracker } = serve((_req, res) => void setTimeout(() => res.send('ok'), 5), {
      options: { dev: true },
      config: { externalResolver: true },
    });
    expect((await request(server).get('/')).text).toBe('ok');
    await tracker.idle();
    expect(log.warn).toEqual([]);
  });

  it('204 with a body', async () => {
    const { server, log, tracker } = serve((_req, res) => res.status(204).send('x'), { options: { dev: true } });
    expect((await request(server).get('/api/nc')).status).toBe(204);
    await tracker.idle();
    expect(log.warn).toEqual([
      'A body was attempted to be set with a 204 statusCode for /api/nc, this is invalid and the body was ignored.\nSee more info here https://nextjs.org/docs/messages/invalid-api-status-body',
    ]);
  });

  it('production logs none of these', async () => {
    const { server, log, tracker } = serve((req, res) => {
      if (req.query.t === 'late') return void setTimeout(() => res.send('x'), 5);
      res.status(204).send('x');
      return 5;
    });
    await request(server).get('/');
    await request(server).get('/?t=late');
    await tracker.idle();
    expect(log.warn).toEqual([]);
  });
});

describe('response size warning (docs/next-behaviour.md §11), in every mode', () => {
  const big: NextApiHandler = (req, res) => res.send('x'.repeat(Number(req.query.n)));

  it('default 4MB: warns at exactly 4,194,304 bytes, not one byte less; full body sent', async () => {
    const { server, log, tracker } = serve(big);
    const r = await request(server).get('/api/big?n=4194304');
    expect(r.text.length).toBe(4_194_304);
    await request(server).get('/api/big?n=4194303');
    await tracker.idle();
    expect(log.warn).toEqual([
      'API response for /api/big?n=4194304 exceeds 4MB. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit',
    ]);
  });

  it('custom limits are formatted by bytes (1KB, 1000B); writes and streams count', async () => {
    const { server, log, tracker } = serve(
      (req, res) => {
        if (req.query.t === 'write') {
          res.write('x'.repeat(600));
          res.end(Buffer.alloc(424, 0x78));
        } else if (req.query.t === 'stream') res.send(Readable.from([Buffer.alloc(512), Buffer.alloc(512)]));
        else res.send('x'.repeat(1023));
      },
      { config: { responseLimit: 1024 } },
    );
    await request(server).get('/a?t=write');
    await request(server).get('/b?t=stream');
    await request(server).get('/c');
    await tracker.idle();
    await sleep(5);
    expect(log.warn).toEqual([
      'API response for /a?t=write exceeds 1KB. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit',
      'API response for /b?t=stream exceeds 1KB. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit',
    ]);
    const { server: s2, log: log2, tracker: t2 } = nodeServer(big, { config: { responseLimit: 1000 }, options: { dev: true } });
    await request(s2).get('/?n=1000');
    await t2.idle();
    expect(log2.warn[0]).toContain('exceeds 1000B.');
    await new Promise<void>((resolve) => s2.close(() => resolve()));
  });

  it('responseLimit false disables it', async () => {
    const { server, log, tracker } = serve(big, { config: { responseLimit: false } });
    await request(server).get('/?n=5000000');
    await tracker.idle();
    expect(log.warn).toEqual([]);
  });
});


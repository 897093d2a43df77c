// onError: 'next' (README "Errors"): a handler error goes to the host's Express
// error middleware, with Express's res helpers and req.url restored, unless
// Next has already answered (a body error) or the response started.
import express from 'express';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { express4, fixture, memoryLogger, reasonPhrase } from '../support';

function app(factory: () => express.Express) {
  const logger = memoryLogger();
  const a = factory();
  const seen: string[] = [];
  a.use('/api', apiRoutes(fixture('hosted'), { logger, onError: 'next' }));
  a.use((err: Error, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    seen.push(req.url);
    // Express's own helpers are back: status() validates, json() is Express's.
    res.status(418).json({ caught: err.message, url: req.originalUrl });
  });
  return { a, logger, seen };
}

describe("onError: 'next' hands handler errors to Express error middleware", () => {
  it.each([
    ['Express 5', () => express()],
    ['Express 4', () => express4() as unknown as express.Express],
  ])("%s: error middleware gets the error with Express's helpers and URL restored", async (_name, factory) => {
    const { a, logger, seen } = app(factory);
    const r = await request(a).get('/api/throws?x=1');
    expect(r.status).toBe(418);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.body).toEqual({ caught: 'to express', url: '/api/throws?x=1' });
    expect(seen).toEqual(['/api/throws?x=1']); // Express re-added the mount path to the restored URL exactly once
    expect(logger.messages('error')).toHaveLength(1);
  });

  it("body errors stay Next's sendError; errors after headers were sent stay Next's too", async () => {
    const { a } = app(express);
    const bad = await request(a).post('/api/writes-then-throws').set('Content-Type', 'application/json').send('{bad');
    expect([bad.status, reasonPhrase(bad), bad.text]).toEqual([400, 'Invalid JSON', 'Invalid JSON']);
    const late = await request(a).get('/api/writes-then-throws');
    expect([late.status, late.text]).toEqual([200, 'started;Internal Server Error']);
  });
});

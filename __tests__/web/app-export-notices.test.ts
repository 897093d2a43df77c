// Next's development notices about a route.ts whose exports it will not use
// (docs/next-behaviour.md §20): lower-case methods, a default export, no
// method at all — logged once each when the file loads; the requests are 405s.
import express from 'express';
import request from 'supertest';
import { appRoutes } from '../../lib';
import { fixture, memoryLogger } from '../support';

const dir = fixture('app-notices', 'app', 'api');

function serve(dev: boolean) {
  const logger = memoryLogger();
  const app = express();
  app.use('/api', appRoutes(dir, { logger, dev }));
  return { app, logger };
}

test('a default export alone: both of Next\'s notices, in its order, once; every method is 405', async () => {
  const { app, logger } = serve(true);
  expect((await request(app).get('/api/default-only')).status).toBe(405);
  expect((await request(app).post('/api/default-only')).status).toBe(405);
  const file = `${dir}/default-only/route.ts`;
  expect(logger.lines).toEqual([
    `error: ⨯ Detected default export in '${file}'. Export a named export for each HTTP method instead.`,
    `error: ⨯ No HTTP methods exported in '${file}'. Export a named export for each HTTP method.`,
  ]);
});

test('no export at all: the no-methods notice', async () => {
  const { app, logger } = serve(true);
  expect((await request(app).get('/api/empty')).status).toBe(405);
  expect(logger.lines).toEqual([`error: ⨯ No HTTP methods exported in '${dir}/empty/route.ts'. Export a named export for each HTTP method.`]);
});

test('a lower-case method beside an upper-case one: only the lower-case notice; POST is served', async () => {
  const { app, logger } = serve(true);
  expect((await request(app).get('/api/lower')).status).toBe(405);
  expect((await request(app).post('/api/lower')).text).toBe('posted');
  expect(logger.lines).toEqual([`error: ⨯ Detected lowercase method 'get' in '${dir}/lower/route.ts'. Export the uppercase 'GET' method name to fix this error.`]);
});

test('in production: the same 405s, nothing logged (Next prints these in development only)', async () => {
  const { app, logger } = serve(false);
  expect((await request(app).get('/api/default-only')).status).toBe(405);
  expect((await request(app).get('/api/empty')).status).toBe(405);
  expect(logger.lines).toEqual([]);
});

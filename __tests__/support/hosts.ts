/** Real hosts for `apiRoutes()`: Express 5, Express 4, Connect and node:http, and the fixture folders they serve. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import connect from 'connect';
import express5 from 'express';
import { apiRoutes, type ApiRoutesOptions } from '../../lib';
import { memoryLogger } from './logs';

export { express5 };
/** Express 4, installed beside Express 5 under the alias `express4`. */
export const express4 = require('express4') as typeof express5;
export type ExpressFactory = typeof express5;

/** A path inside `__tests__/fixtures/`. */
export const fixture = (...parts: string[]): string => join(__dirname, '..', 'fixtures', ...parts);

/** `app.use('/api', apiRoutes(dir))` with a 404 handler after it that says who answered. */
export function expressApp(express: ExpressFactory, dir: string, options: ApiRoutesOptions = {}): ReturnType<ExpressFactory> {
  const app = express();
  app.use('/api', apiRoutes(dir, { logger: memoryLogger(), ...options }));
  app.use((req, res) => {
    res.status(404).type('text').send(`host 404 for ${req.originalUrl}`);
  });
  return app;
}

/** `http.createServer(apiRoutes(dir, { basePath: '/api' }))`: no router, no `next`. */
export function plainServer(dir: string, options: ApiRoutesOptions = {}): Server {
  return createServer(apiRoutes(dir, { basePath: '/api', logger: memoryLogger(), ...options }));
}

/** Connect: `app.use('/api', apiRoutes(dir))`, then Connect's own 404. */
export function connectApp(dir: string, options: ApiRoutesOptions = {}): Server {
  const app = connect();
  app.use('/api', apiRoutes(dir, { logger: memoryLogger(), ...options }));
  app.use((_req: unknown, res: ServerResponse) => {
    res.statusCode = 404;
    res.end('connect 404');
  });
  return createServer(app);
}

// Real hosts for the middleware: Express 5, Express 4, Connect and node:http.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import connect from 'connect';
import express5 from 'express';
import { apiRoutes, type ApiRoutesOptions } from '../../lib';

export const express4 = require('express4') as typeof express5;

export const fixture = (...parts: string[]): string => join(__dirname, '..', 'fixtures', ...parts);

/** A logger that keeps every line, so tests can assert on them and stay quiet. */
export function memoryLogger(): { error: (...a: unknown[]) => void; warn: (...a: unknown[]) => void; lines: string[]; text(): string } {
  const lines: string[] = [];
  const keep = (level: string) => (...args: unknown[]) => {
    lines.push(`${level}: ${args.map((a) => (a instanceof Error ? a.stack ?? a.message : String(a))).join(' ')}`);
  };
  return { error: keep('error'), warn: keep('warn'), lines, text: () => lines.join('\n') };
}

export type ExpressFactory = typeof express5;

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

/** Connect: `app.use('/api', apiRoutes(dir))`. */
export function connectApp(dir: string, options: ApiRoutesOptions = {}): Server {
  const app = connect();
  app.use('/api', apiRoutes(dir, { logger: memoryLogger(), ...options }));
  app.use((req: unknown, res: import('node:http').ServerResponse) => {
    res.statusCode = 404;
    res.end('connect 404');
  });
  return createServer(app);
}

/** The reason phrase of the status line, which supertest keeps on the raw response. */
export function reasonPhrase(res: { status: number }): string | undefined {
  return (res as unknown as { res: { statusMessage?: string } }).res.statusMessage;
}

// Real hosts for appRoutes(): Express 5, Express 4, Connect and node:http,
// each with the folder at /api and a 404 of its own after it.
import { createServer, type Server } from 'node:http';
import connect from 'connect';
import express5 from 'express';
import { appRoutes, type AppRoutesOptions } from '../../lib';
import { express4, fixture, memoryLogger } from './hosts';

export const appDir = fixture('app-router', 'app', 'api');

export type AppHost = (dir: string, options?: AppRoutesOptions) => Server;

function expressHost(express: typeof express5): AppHost {
  return (dir, options = {}) => {
    const app = express();
    app.disable('x-powered-by');
    app.use('/api', appRoutes(dir, { logger: memoryLogger(), ...options }));
    app.use((req, res) => {
      res.status(404).type('text').send(`host 404 for ${req.originalUrl}`);
    });
    return createServer(app);
  };
}

const connectHost: AppHost = (dir, options = {}) => {
  const app = connect();
  app.use('/api', appRoutes(dir, { logger: memoryLogger(), ...options }));
  app.use((_req: unknown, res: import('node:http').ServerResponse) => {
    res.statusCode = 404;
    res.end('connect 404');
  });
  return createServer(app);
};

const nodeHost: AppHost = (dir, options = {}) => {
  const mw = appRoutes(dir, { basePath: '/api', logger: memoryLogger(), ...options });
  return createServer((req, res) => mw(req, res));
};

export const APP_HOSTS: Array<[string, AppHost]> = [
  ['Express 5', expressHost(express5)],
  ['Express 4', expressHost(express4)],
  ['Connect', connectHost],
  ['node:http', nodeHost],
];

/** What the fixtures report through globalThis.__appRouterTest. */
export interface Probe {
  events: string[];
  gate?: () => Promise<void>;
}

export function resetProbe(): Probe {
  const probe: Probe = { events: [] };
  (globalThis as { __appRouterTest?: Probe }).__appRouterTest = probe;
  return probe;
}

export function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as import('node:net').AddressInfo).port)));
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/**
 * Real hosts for `appRoutes()` (the App Router): Express 5, Express 4, Connect
 * and `node:http`, each with the folder at `/api` and a 404 of its own after
 * it; and the probe the `fixtures/app-router` handlers report through.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import connect from 'connect';
import { appRoutes, type AppRoutesOptions } from '../../lib';
import { express4, express5, fixture, type ExpressFactory } from './hosts';
import { memoryLogger } from './logs';

/** `fixtures/app-router/app/api`: mounted at `/api`. */
export const appDir = fixture('app-router', 'app', 'api');

export type AppHost = (dir: string, options?: AppRoutesOptions) => Server;

function expressAppHost(express: ExpressFactory): AppHost {
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

const connectAppHost: AppHost = (dir, options = {}) => {
  const app = connect();
  app.use('/api', appRoutes(dir, { logger: memoryLogger(), ...options }));
  app.use((_req: unknown, res: ServerResponse) => {
    res.statusCode = 404;
    res.end('connect 404');
  });
  return createServer(app);
};

const nodeAppHost: AppHost = (dir, options = {}) => {
  const mw = appRoutes(dir, { basePath: '/api', logger: memoryLogger(), ...options });
  return createServer((req, res) => mw(req, res));
};

export const APP_HOSTS: Array<[string, AppHost]> = [
  ['Express 5', expressAppHost(express5)],
  ['Express 4', expressAppHost(express4)],
  ['Connect', connectAppHost],
  ['node:http', nodeAppHost],
];

/** What the `fixtures/app-router` handlers report through `globalThis.__appRouterTest`. */
export interface Probe {
  events: string[];
  /** Awaited by a stream before each next chunk: the test lets it go on. */
  gate?: () => Promise<void>;
}

export function resetProbe(): Probe {
  const probe: Probe = { events: [] };
  (globalThis as { __appRouterTest?: Probe }).__appRouterTest = probe;
  return probe;
}

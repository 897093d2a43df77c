// The real-world fixture app (__tests__/fixtures/real-world) served on the
// hosts its users run it on, each on a real socket on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5 from 'express';
import { apiRoutes, type ApiRoutesOptions } from '../../lib';
import { express4, fixture, type ExpressFactory } from './hosts';
import { memoryLogger } from './logs';

export const API_DIR = fixture('real-world', 'pages', 'api');

/** What the app's deployment would put in its environment. */
export const SECRETS = {
  PAYMENTS_WEBHOOK_SECRET: 'whsec_0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e',
  REPOSITORY_WEBHOOK_SECRET: 'repository-hook-secret-2f8a',
  SESSION_PASSWORD: 'a-session-password-of-at-least-32-characters',
};

type Logger = ReturnType<typeof memoryLogger>;

export interface Host {
  name: string;
  /** A server (not yet listening) that serves the fixture's pages/api at /api. */
  make(options: ApiRoutesOptions, upstream?: Upstream): Server;
}

/** Middleware the host app mounts before the folder (Express only), made with that Express. */
export type Upstream = (app: ReturnType<ExpressFactory>, express: ExpressFactory) => void;

function expressHost(name: string, express: ExpressFactory): Host {
  return {
    name,
    make(options, upstream) {
      const app = express();
      upstream?.(app, express);
      app.use('/api', apiRoutes(API_DIR, options));
      app.use((req, res) => {
        res.status(404).type('text').send(`host 404 for ${req.originalUrl}`);
      });
      return createServer(app);
    },
  };
}

export const EXPRESS_5 = expressHost('Express 5', express5);
export const EXPRESS_4 = expressHost('Express 4', express4);

export const NODE_HTTP: Host = {
  name: 'node:http',
  make: (options) => createServer(apiRoutes(API_DIR, { basePath: '/api', ...options })),
};

export const HOSTS: Array<[string, Host]> = [
  [EXPRESS_5.name, EXPRESS_5],
  [NODE_HTTP.name, NODE_HTTP],
];

/** Sets SECRETS in process.env for the test file, and puts the old values back after it. */
export function useSecrets(): void {
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const [key, value] of Object.entries(SECRETS)) {
      saved.set(key, process.env[key]);
      process.env[key] = value;
    }
  });
  afterAll(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

export interface Running {
  /** `http://127.0.0.1:<port>`: give it to supertest. */
  readonly url: string;
  readonly port: number;
  readonly logger: Logger;
}

/**
 * One server for the enclosing describe block: listening before its tests,
 * closed (every connection included) after them.
 */
export function useServer(host: Host, options: ApiRoutesOptions = {}, upstream?: Upstream): Running {
  let server: Server | undefined;
  const logger = memoryLogger();
  const running = {
    url: '',
    port: 0,
    logger,
  };
  beforeAll(async () => {
    server = host.make({ logger, ...options }, upstream);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    running.port = (server.address() as AddressInfo).port;
    running.url = `http://127.0.0.1:${running.port}`;
  });
  afterAll(async () => {
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
  });
  return running;
}

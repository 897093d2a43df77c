// The App Router real-world fixture project (__tests__/fixtures/real-world-app),
// served whole by projectRoutes() on the hosts its users run it on (Express 5,
// node:http), each on a real socket on 127.0.0.1, with its environment set.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5 from 'express';
import { projectRoutes, type ProjectRoutesOptions } from '../../lib';
import { fixture } from './hosts';
import { memoryLogger, type MemoryLogger } from './logs';

export const PROJECT = fixture('real-world-app');

/** What the deployment would put in the environment (the model API's URL is the test's fake provider). */
export const APP_ENV = {
  MODEL_API_KEY: 'sk-test-5f1c0a',
  // Standard Webhooks secrets are `whsec_` + base64 of the key bytes.
  EMAIL_WEBHOOK_SECRET: `whsec_${Buffer.from('email-provider-signing-key-0123').toString('base64')}`,
  SESSION_PASSWORD: 'an-iron-session-password-longer-than-32-chars',
  CORS_ORIGINS: 'https://shop.example.com, https://admin.example.com',
};

/** Sets `env` for the test file, and puts the old values back after it. */
export function useEnv(env: Record<string, string | (() => string)>): void {
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const [key, value] of Object.entries(env)) {
      saved.set(key, process.env[key]);
      process.env[key] = typeof value === 'function' ? value() : value;
    }
  });
  afterAll(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

export type AppHost = (options: ProjectRoutesOptions) => Server;

export const HOSTS: Array<[string, AppHost]> = [
  [
    'Express 5',
    (options) => {
      const app = express5();
      app.disable('x-powered-by');
      app.use(projectRoutes(PROJECT, options));
      app.use((req, res) => {
        res.status(404).type('text').send(`host 404 for ${req.originalUrl}`);
      });
      return createServer(app);
    },
  ],
  ['node:http', (options) => createServer(projectRoutes(PROJECT, options))],
];

export interface Running {
  /** `http://127.0.0.1:<port>`: give it to supertest. */
  readonly url: string;
  readonly port: number;
  readonly logger: MemoryLogger;
}

/** One server for the enclosing describe block: listening before its tests, closed (every connection included) after them. */
export function useServer(host: AppHost, options: ProjectRoutesOptions = {}): Running {
  let server: Server | undefined;
  const running = { url: '', port: 0, logger: memoryLogger() };
  beforeAll(async () => {
    server = host({ logger: running.logger, dev: false, ...options });
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

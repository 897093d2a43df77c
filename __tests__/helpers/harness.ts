/**
 * Test harness for lib/resolver.ts: real servers that call `runApiRoute`
 * directly with a handler function and a RouteConfig (no routing involved).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { DEFAULT_CONFIG, type RouteConfig } from '../../lib/config';
import { resolveOptions, type ResolvedOptions } from '../../lib/options';
import { runApiRoute, type MatchedRoute, type RequestTarget } from '../../lib/pages/run-route';
import type { ApiRoutesOptions, NextApiHandler } from '../../lib/types';

export const PREVIEW_KEYS = {
  previewModeId: '0123456789abcdef0123456789abcdef',
  previewModeSigningKey: 'signing-key-signing-key-signing-key-0001',
  previewModeEncryptionKey: 'encryption-key-encryption-key-00001',
};

export interface CapturedLog {
  warn: string[];
  error: string[];
  logger: { warn(...args: unknown[]): void; error(...args: unknown[]): void };
}

function line(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}` : inspect(a))).join(' ');
}

export function captureLog(): CapturedLog {
  const log: CapturedLog = {
    warn: [],
    error: [],
    logger: {
      warn: (...args: unknown[]) => log.warn.push(line(args)),
      error: (...args: unknown[]) => log.error.push(line(args)),
    },
  };
  return log;
}

export function makeRoute(handler: NextApiHandler, config: Partial<RouteConfig> = {}, page = '/api/test'): MatchedRoute {
  return { page, file: `/project/pages${page}.js`, handler, config: { ...DEFAULT_CONFIG, ...config } };
}

/** What the lead's middleware will compute: the URL as sent, its query string, route params. */
export function targetFor(req: IncomingMessage, params: Record<string, string | string[]> = {}): RequestTarget {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const q = url.indexOf('?');
  return { url, search: q === -1 ? '' : url.slice(q + 1), params };
}

/** Collects every runApiRoute promise so a test can wait until all handlers (and warnings) are done. */
export class Tracker {
  private pending: Promise<void>[] = [];
  track(p: Promise<void>): void {
    this.pending.push(p);
  }
  async idle(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      await Promise.all(batch);
    }
  }
}

export interface Harness {
  server: http.Server;
  log: CapturedLog;
  options: ResolvedOptions;
  tracker: Tracker;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<RouteConfig>;
  options?: ApiRoutesOptions;
  params?: (req: IncomingMessage) => Record<string, string | string[]>;
  page?: string;
}

/** A plain node:http server whose every request goes through one handler (prod by default). */
export function nodeServer(handler: NextApiHandler, opts: HarnessOptions = {}): Harness {
  const log = captureLog();
  const options = resolveOptions({ dev: false, preview: PREVIEW_KEYS, logger: log.logger, ...opts.options });
  const route = makeRoute(handler, opts.config, opts.page);
  const tracker = new Tracker();
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    tracker.track(runApiRoute(req, res, route, targetFor(req, opts.params?.(req)), options));
  });
  return { server, log, options, tracker, close: () => closeServer(server) };
}

/**
 * `serve(handler, opts)` for a test file: each call makes a `nodeServer`, and
 * the one made last is closed after every test (call at the top of the file).
 */
export function servePerTest(): (handler: NextApiHandler, opts?: HarnessOptions) => Harness {
  let current: Harness | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return (handler, opts = {}) => (current = nodeServer(handler, opts));
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** supertest keeps the raw IncomingMessage on `res.res`, untyped. */
export function rawResponse(r: object): IncomingMessage {
  return (r as { res: IncomingMessage }).res;
}

/** The status line's reason phrase. */
export function reason(r: object): string | undefined {
  return rawResponse(r).statusMessage;
}

/** Header names as sent on the wire, in order, filtered by a pattern. */
export function headerNames(r: object, pattern: RegExp): string[] {
  return rawResponse(r).rawHeaders.filter((name, i) => i % 2 === 0 && pattern.test(name));
}

/** All values of a repeated header (e.g. Set-Cookie), [] when absent. */
export function headerList(r: { headers: Record<string, unknown> }, name: string): string[] {
  const v = r.headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [String(v)];
}

export interface RawResult {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
}

/** A request with full control over framing (Content-Length vs chunks) and connection reuse. */
export function rawRequest(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; chunks?: Array<string | Buffer>; agent?: http.Agent },
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/', headers: opts.headers, agent: opts.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            reusedSocket: req.reusedSocket,
          }),
        );
      },
    );
    req.on('error', reject);
    for (const chunk of opts.chunks ?? []) req.write(chunk);
    req.end();
  });
}

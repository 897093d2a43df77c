/**
 * The apps behind `next-api-express/testing` (see lib/testing.ts): request
 * listeners for supertest that answer exactly as `apiRoutes()` does — the same
 * decision and the same answer code — and keep logs and handler errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRouteConfig } from '../config';
import { OptionError } from '../errors';
import { resolveOptions } from '../options';
import { runApiRoute, type MatchedRoute } from '../pages/run-route';
import { endPlain } from '../pages/send';
import { decide, originForm } from '../routing/decide';
import { compileMatcher, type Matcher } from '../routing/matcher';
import { buildRoutes } from '../routing/precedence';
import type { ApiRoutesOptions, NextApiHandler, PageConfig } from '../types';
import { answerDecision, type NextFunction } from './answer';
import { apiRoutes } from './api-routes';
import type { RouteInfo } from './route-registry';
import { TestRecorder, type LogEntry, type RecorderOptions } from './test-recorder';

export type { LogEntry } from './test-recorder';

/** `apiRoutes` options, except that the test app is the host: it answers errors itself, and logs are kept. */
export interface TestAppOptions extends Omit<ApiRoutesOptions, 'onError' | 'logger'>, RecorderOptions {}

export interface TestApp {
  /** A `node:http` request listener: give it to supertest's `request(app)` or `http.createServer(app)`. */
  (req: IncomingMessage, res: ServerResponse): void;
  /** Every error a handler threw (or a route file failed to load with), oldest first. */
  readonly errors: readonly unknown[];
  /** Every line the library logged (errors, dev warnings), oldest first. */
  readonly logs: readonly LogEntry[];
  /** Forgets `errors` and `logs`, e.g. in `beforeEach`. */
  clear(): void;
  /** Stops watch mode's watchers, if `watch` was set; otherwise nothing to stop. */
  close(): Promise<void>;
}

export interface FolderTestApp extends TestApp {
  /** The route table, as `apiRoutes(dir).routes`. */
  readonly routes: readonly RouteInfo[];
  /** Imports every route file now; rejects listing the files that do not load. */
  ready(): Promise<void>;
}

export type RouteParams = Record<string, string | string[]>;

export interface TestHandlerOptions extends Omit<TestAppOptions, 'basePath' | 'pageExtensions' | 'watch'> {
  /**
   * The page the handler is served as, in Next's syntax: `'/api/users/[id]'`.
   * Requests are then matched as `apiRoutes()` matches them (params from the
   * URL, 308 for a trailing slash, 404 otherwise). Default: every URL reaches the handler.
   */
  route?: string;
  /** Params merged into `req.query` over the query string, as a dynamic route's are (and over the route's own). */
  params?: RouteParams;
  /** The route file's `export const config`, validated as when a file is loaded. */
  config?: PageConfig;
}

function rejectOnError(options: object): void {
  // Plain-JS callers: `onError` would otherwise be overridden without a word.
  if ('onError' in options) throw new OptionError('onError', 'is not an option of the test helpers: a handler error is answered with 500 and kept in app.errors');
}

/**
 * What a host app does after the middleware: `next()` passes an unmatched
 * URL on (here: a plain 404), `next(err)` hands over an error (even `throw
 * undefined`), so the argument count tells them apart.
 */
function hostNext(recorder: TestRecorder, res: ServerResponse): NextFunction {
  return (...args: unknown[]) => (args.length === 0 ? endPlain(res, 404, 'Not Found') : recorder.fail(args[0], res));
}

function define<T extends TestApp>(app: T, recorder: TestRecorder, close: () => Promise<void>): T {
  Object.defineProperty(app, 'errors', { enumerable: true, get: () => recorder.errors });
  Object.defineProperty(app, 'logs', { enumerable: true, get: () => recorder.logs });
  app.clear = () => recorder.clear();
  app.close = close;
  return app;
}

/**
 * `dir` (resolved against `process.cwd()`) mounted at `/api` (or `basePath`),
 * served by `apiRoutes()` itself. Unmatched URLs answer `404 Not Found`.
 */
export function createTestApp(dir: string, options: TestAppOptions = {}): FolderTestApp {
  rejectOnError(options);
  const { throwErrors, logger, ...apiOptions } = options;
  const recorder = new TestRecorder({ throwErrors, logger });
  const api = apiRoutes(dir, { basePath: '/api', ...apiOptions, logger: recorder.logger, onError: 'next' });
  const app = function testApp(req: IncomingMessage, res: ServerResponse): void {
    api(req, res, hostNext(recorder, res));
  } as FolderTestApp;
  define(app, recorder, () => api.close());
  Object.defineProperty(app, 'routes', { enumerable: true, get: () => api.routes });
  app.ready = () => api.ready();
  return app;
}

function checkParams(params: unknown): RouteParams {
  if (params === undefined) return {};
  const ok = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!params || typeof params !== 'object' || !Object.values(params).every(ok)) {
    throw new OptionError('params', 'must be an object of strings or string arrays, e.g. { id: "1" }');
  }
  return { ...(params as RouteParams) };
}

/** The one-route matcher for `route`, built and checked like a folder's (Next's segment errors included). */
function routeMatcher(route: unknown, file: string): Matcher {
  if (typeof route !== 'string' || !route.startsWith('/') || route.includes('//') || (route.length > 1 && route.endsWith('/'))) {
    throw new OptionError('route', `must be a page path such as "/api/users/[id]" (received ${JSON.stringify(route)})`);
  }
  return compileMatcher(buildRoutes([{ file, route }]));
}

/**
 * `handler` (any method, any URL unless `route` is given) run as a route file
 * exporting it and `config` would be: same body parsing, helpers, errors and warnings.
 */
export function testHandler(handler: NextApiHandler, options: TestHandlerOptions = {}): TestApp {
  if (typeof handler !== 'function') throw new TypeError(`next-api-express: testHandler(handler) needs a handler function (received ${typeof handler})`);
  rejectOnError(options);
  const { route, params, config, throwErrors, logger, ...apiOptions } = options;
  const recorder = new TestRecorder({ throwErrors, logger });
  const settings = resolveOptions({ ...apiOptions, logger: recorder.logger, onError: 'next' });
  // Stands in for the file name in messages: `Error in API route <page> (<file>)`.
  const label = `testHandler(${handler.name || 'anonymous'})`;
  const matcher = route === undefined ? undefined : routeMatcher(route, label);
  const fixedParams = checkParams(params);
  const matched: MatchedRoute = {
    page: route ?? label,
    file: label,
    handler,
    config: readRouteConfig(label, config, (message) => recorder.logger.warn(message)),
  };
  const routeFor = (): MatchedRoute => matched;
  const app = function testHandlerApp(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const next = hostNext(recorder, res);
    if (!matcher) {
      // No route: every URL reaches the handler, in origin form (no fragment, no scheme and authority).
      const target = originForm(url);
      const query = target.indexOf('?');
      const search = query === -1 ? '' : target.slice(query + 1);
      void runApiRoute(req, res, matched, { url: target, search, params: { ...fixedParams } }, settings, next);
      return;
    }
    const decision = decide(matcher, { basePath: '', trailingSlash: settings.trailingSlash }, url, url);
    if (decision.type === 'match') decision.params = { ...decision.params, ...fixedParams };
    answerDecision(decision, req, res, next, settings, routeFor);
  } as TestApp;
  return define(app, recorder, async () => {});
}

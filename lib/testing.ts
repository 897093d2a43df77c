/**
 * `next-api-express/testing`: apps for supertest's `request(app)`, without
 * Express (an optional peer) and without a listening server — a plain
 * `node:http` request listener, which supertest starts on a free port itself.
 *
 * - `createTestApp(dir)`: the folder mounted at `/api`, exactly as `apiRoutes()` serves it.
 * - `testHandler(handler)`: one imported handler through the same per-request
 *   code path (`runApiRoute`), with the `config`, route and params of your choice.
 *
 * Both collect log lines (`app.logs`) and handler errors (`app.errors`);
 * `throwErrors: true` also throws each handler error into the running test.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRouteConfig } from './config';
import { decide, stripFragment } from './routing/decide';
import { optionError } from './errors';
import { compileMatcher, type Matcher } from './routing/matcher';
import { apiRoutes } from './mount/api-routes';
import { resolveOptions, type ResolvedOptions } from './options';
import { runApiRoute, type MatchedRoute, type RequestTarget } from './pages/run-route';
import { buildRoutes } from './routing/precedence';
import type { RouteInfo } from './routing/route-table';
import { endPlain, permanentRedirect } from './pages/send';
import { TestRecorder, type LogEntry, type RecorderOptions } from './mount/test-recorder';
import type { ApiRoutesOptions, NextApiHandler, PageConfig } from './types';

export type { LogEntry } from './mount/test-recorder';

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
  if ('onError' in options) throw optionError('onError', 'is not an option of the test helpers: a handler error is answered with 500 and kept in app.errors');
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
    // apiRoutes calls `next()` to pass an unmatched URL on, `next(err)` with
    // an error (even `throw undefined`): the argument count tells them apart.
    api(req, res, (...args: unknown[]) => (args.length === 0 ? endPlain(res, 404, 'Not Found') : recorder.fail(args[0], res)));
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
    throw optionError('params', 'must be an object of strings or string arrays, e.g. { id: "1" }');
  }
  return { ...(params as RouteParams) };
}

/** The one-route matcher for `route`, built and checked like a folder's (Next's segment errors included). */
function routeMatcher(route: unknown, file: string): Matcher {
  if (typeof route !== 'string' || !route.startsWith('/') || route.includes('//') || (route.length > 1 && route.endsWith('/'))) {
    throw optionError('route', `must be a page path such as "/api/users/[id]" (received ${JSON.stringify(route)})`);
  }
  return compileMatcher(buildRoutes([{ file, route }]));
}

/** Where the request goes: the route's match, or (no `route`) the URL as sent. */
function targetFor(req: IncomingMessage, res: ServerResponse, matcher: Matcher | undefined, settings: ResolvedOptions, params: RouteParams): RequestTarget | undefined {
  const url = req.url ?? '/';
  if (!matcher) {
    const query = url.indexOf('?');
    const search = query === -1 ? '' : stripFragment(url.slice(query + 1));
    return { url, search, params: { ...params } };
  }
  const decision = decide(matcher, { basePath: '', trailingSlash: settings.trailingSlash }, url, url);
  switch (decision.type) {
    case 'match':
      return { url: decision.url, search: decision.search, params: { ...decision.params, ...params } };
    case 'redirect':
      permanentRedirect(res, decision.location);
      return undefined;
    case 'bad-param':
      endPlain(res, 400, 'Bad Request');
      return undefined;
    case 'pass':
      endPlain(res, 404, 'Not Found');
      return undefined;
  }
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
  const app = function testHandlerApp(req: IncomingMessage, res: ServerResponse): void {
    const target = targetFor(req, res, matcher, settings, fixedParams);
    if (target) void runApiRoute(req, res, matched, target, settings, (err) => recorder.fail(err, res));
  } as TestApp;
  return define(app, recorder, async () => {});
}

/**
 * The apps behind `next-api-express/testing` (see lib/testing.ts): request
 * listeners for supertest that answer exactly as `apiRoutes()`, `appRoutes()`
 * and `projectRoutes()` do — the same decision and the same answer code — and
 * keep logs and handler errors. `testRoute()` is in test-route.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRouteConfig } from '../config';
import { OptionError } from '../errors';
import { resolveOptions } from '../options';
import { runApiRoute, type MatchedRoute } from '../pages/run-route';
import { decide, originForm } from '../routing/decide';
import { detectRoutesFolder } from '../routing/project-folders';
import type { ApiRoutesOptions, AppRoutesOptions, Logger, NextApiHandler, PageConfig, ProjectRoutesOptions } from '../types';
import { answerDecision, type NextFunction } from './answer';
import { apiRoutes } from './api-routes';
import { appRoutes } from './app-routes';
import { projectRoutes, type ProjectRouteInfo } from './project-routes';
import { appRouteFailure, checkParams, define, hostNext, checkTestOptions, routeMatcher, type FailureAnswer, type RouteParams, type TestApp } from './test-app-parts';
import { prepareRouteRuntime } from './runtime-globals';
import { TestRecorder, type RecorderOptions } from './test-recorder';

export type { RouteParams, TestApp } from './test-app-parts';
export type { LogEntry } from './test-recorder';

/**
 * The options of the middleware behind the app (`apiRoutes`, `appRoutes` or
 * `projectRoutes`), except that the test app is the host: it answers errors
 * itself, and logs are kept.
 */
export interface TestAppOptions extends Omit<ProjectRoutesOptions, 'onError' | 'logger'>, RecorderOptions {}

export interface FolderTestApp extends TestApp {
  /** The route table, as the middleware's `routes`; `router` says which router serves each. */
  readonly routes: readonly ProjectRouteInfo[];
  /** Imports every route file now; rejects listing the files that do not load. */
  ready(): Promise<void>;
}

export interface TestHandlerOptions extends Pick<TestAppOptions, 'throwErrors' | 'logger' | 'dev' | 'preview' | 'revalidate' | 'trailingSlash'> {
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

interface MountedFolder {
  mw: { (req: IncomingMessage, res: ServerResponse, next: NextFunction): void; ready(): Promise<void>; close(): Promise<void> };
  routes(): ProjectRouteInfo[];
  /** How the router serving `url` answers a handler error (undefined: the Pages Router's plain 500). */
  failure(url: string): FailureAnswer | undefined;
}

/** The App Router's failure answer for the route serving `url`, from its loaded segment config. */
function appFailureAt(explain: (url: string) => { outcome: string; route?: { config?: { runtime: 'nodejs' | 'edge' } } }, url: string): FailureAnswer {
  const explanation = explain(url);
  return appRouteFailure(explanation.route?.config?.runtime ?? 'nodejs');
}

/** The middleware for what `dir` is, mounted where `next start` serves it. */
function mountFolder(dir: string, options: Omit<ProjectRoutesOptions, 'onError' | 'logger'>, logger: Logger): MountedFolder {
  const folder = detectRoutesFolder(dir, { pageExtensions: options.pageExtensions });
  const host = { logger, onError: 'next' as const };
  switch (folder.kind) {
    case 'project': {
      const mw = projectRoutes(dir, { ...options, ...host });
      const failure = (url: string): FailureAnswer | undefined => {
        const explanation = mw.explain(url);
        return explanation.outcome === 'match' && explanation.route.router === 'app' ? appRouteFailure(explanation.route.config?.runtime ?? 'nodejs') : undefined;
      };
      return { mw, routes: () => [...mw.routes], failure };
    }
    case 'app': {
      const mw = appRoutes(dir, { basePath: folder.url, ...(options as AppRoutesOptions), ...host });
      return {
        mw,
        routes: () => mw.routes.map((r): ProjectRouteInfo => ({ ...r, router: 'app' })),
        failure: (url) => appFailureAt((u) => mw.explain(u), url),
      };
    }
    case 'pages-api': {
      const mw = apiRoutes(dir, { basePath: '/api', ...(options as ApiRoutesOptions), ...host });
      return { mw, routes: () => mw.routes.map((r): ProjectRouteInfo => ({ ...r, router: 'pages' })), failure: () => undefined };
    }
  }
}

/**
 * `dir` (resolved against `process.cwd()`) served by the middleware for what
 * it is (see `detectRoutesFolder`): a `pages/api` folder by `apiRoutes()` at
 * `/api`, an App Router folder by `appRoutes()` at its URL in the app (`/api`
 * for `app/api`), a project by `projectRoutes()` at its root, unless
 * `basePath` says otherwise. Unmatched URLs answer `404 Not Found`.
 */
export function createTestApp(dir: string, options: TestAppOptions = {}): FolderTestApp {
  checkTestOptions('createTestApp', options);
  const { throwErrors, logger, ...mountOptions } = options;
  const recorder = new TestRecorder({ throwErrors, logger });
  const { mw, routes, failure } = mountFolder(dir, mountOptions, recorder.logger);
  const app = function testApp(req: IncomingMessage, res: ServerResponse): void {
    mw(req, res, hostNext(recorder, res, () => failure(req.url ?? '/')));
  } as FolderTestApp;
  define(app, recorder, () => mw.close());
  Object.defineProperty(app, 'routes', { enumerable: true, get: routes });
  app.ready = () => mw.ready();
  return app;
}

/**
 * `handler` (any method, any URL unless `route` is given) run as a route file
 * exporting it and `config` would be: same body parsing, helpers, errors and warnings.
 */
export function testHandler(handler: NextApiHandler, options: TestHandlerOptions = {}): TestApp {
  if (typeof handler !== 'function') throw new OptionError('handler', `needs a handler function (received ${typeof handler})`, 'testHandler(handler)');
  checkTestOptions('testHandler', options);
  prepareRouteRuntime();
  const { route, params, config, throwErrors, logger, ...apiOptions } = options;
  const recorder = new TestRecorder({ throwErrors, logger });
  const settings = resolveOptions({ ...apiOptions, logger: recorder.logger, onError: 'next' });
  // Stands in for the file name in messages: `Error in API route <page> (<file>)`.
  const label = `testHandler(${handler.name || 'anonymous'})`;
  const matcher = route === undefined ? undefined : routeMatcher(route, label, '/api');
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

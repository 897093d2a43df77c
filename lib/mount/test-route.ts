/**
 * `testRoute(routeModule, options)` (behind `next-api-express/testing`): one
 * App Router `route.ts` module, imported by the test itself, answered exactly
 * as `appRoutes()` answers the file — its exports checked as the loader
 * checks them (loading/app-route-module.ts), the same decision
 * (routing/decide.ts) and the same answer code (mount/answer-app.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SegmentDynamic, SegmentFetchCache } from '../config';
import { OptionError } from '../errors';
import { APP_ROUTE_METHODS, appRouteFromExports, type LoadedAppRoute } from '../loading/app-route-module';
import { resolveAppOptions } from '../options';
import { decide, originForm, type Decision } from '../routing/decide';
import type { Matcher } from '../routing/matcher';
import { buildRoutes, type RouteEntry } from '../routing/precedence';
import type { RouteCacheStore } from '../types';
import { RouteCache } from '../web/route-cache';
import { answerAppDecision } from './answer-app';
import { appRouteFailure, checkParams, define, hostNext, type FailureAnswer, checkTestOptions, routeMatcher, type RouteParams, type TestApp } from './test-app-parts';
import type { TestAppOptions } from './test-apps';
import { TestRecorder } from './test-recorder';
import { prepareRouteRuntime } from './runtime-globals';

/** A route file's segment config, in the shape of its exports (`export const dynamic = 'force-static'`). */
export interface SegmentConfigExports {
  dynamic?: SegmentDynamic;
  revalidate?: number | false;
  runtime?: 'nodejs' | 'edge' | 'experimental-edge';
  dynamicParams?: boolean;
  maxDuration?: number;
  fetchCache?: SegmentFetchCache;
  preferredRegion?: string | string[];
}

export interface TestRouteOptions extends Pick<TestAppOptions, 'throwErrors' | 'logger' | 'dev' | 'preview' | 'trailingSlash' | 'enforceMaxDuration'> {
  /**
   * The URL the route file serves, in Next's syntax: `'/api/users/[id]'` for
   * `app/api/users/[id]/route.ts`. Requests are matched as `appRoutes()`
   * matches them (params from the URL, 308 for a trailing slash, 404
   * otherwise). Default: every URL reaches the module.
   */
  route?: string;
  /** The route's params (`await params` in the handler), over those from `route`. */
  params?: RouteParams;
  /** Segment config over the module's own exports, checked as when a file is loaded. */
  config?: SegmentConfigExports;
  /** Where prerendered GET answers are kept; default: in memory, for this app. */
  cache?: RouteCacheStore;
}

function moduleExports(routeModule: unknown, config: unknown): Record<string, unknown> {
  if ((typeof routeModule !== 'object' && typeof routeModule !== 'function') || routeModule === null) {
    throw new OptionError('routeModule', `needs a route module, e.g. import * as route from './route' (received ${routeModule === null ? 'null' : typeof routeModule})`, 'testRoute(routeModule)');
  }
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new OptionError('config', 'must be an object of segment config exports, e.g. { dynamic: "force-static" }');
  }
  // A spread reads an ES namespace and a CommonJS build's getters alike.
  return { ...(routeModule as Record<string, unknown>), ...(config as Record<string, unknown> | undefined) };
}

/** `testRoute(GET, POST)`: stands in for the file in messages, as the file name does for a folder's route. */
function labelOf(exported: Record<string, unknown>): string {
  const methods = APP_ROUTE_METHODS.filter((m) => exported[m] !== undefined);
  return `testRoute(${methods.join(', ') || 'no methods'})`;
}

/** The decision for a request when no `route` is given: the module serves every URL. */
function everyUrl(url: string, params: RouteParams, entry: RouteEntry): Decision {
  const target = originForm(url);
  const query = target.indexOf('?');
  return { type: 'match', match: { entry, rawParams: {} }, params: { ...params }, url: target, search: query === -1 ? '' : target.slice(query + 1) };
}

/**
 * `routeModule`'s method handlers run as the route file exporting them would
 * be: automatic HEAD and OPTIONS, 405, `next/headers` in scope, prerendered
 * GETs, errors logged and answered as Next does.
 */
export function testRoute(routeModule: object, options: TestRouteOptions = {}): TestApp {
  checkTestOptions('testRoute', options);
  prepareRouteRuntime();
  const { route, params, config, throwErrors, logger, ...appOptions } = options;
  const exported = moduleExports(routeModule, config);
  const recorder = new TestRecorder({ throwErrors, logger });
  const settings = resolveAppOptions({ ...appOptions, logger: recorder.logger, onError: 'next' });
  const label = route === undefined ? labelOf(exported) : `testRoute(${route})`;
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    recorder.logger.warn(message);
  };
  // Checked now, as a file is when it loads: a bad export or config throws here.
  // Next's development notices are error lines (its `Log.error`, ⨯).
  const loaded = appRouteFromExports(exported, { file: label, page: route ?? label }, warnOnce, settings.dev ? (m) => recorder.logger.error(`⨯ ${m}`) : undefined);
  const matcher: Matcher | undefined = route === undefined ? undefined : routeMatcher(route, label, '');
  const [everyEntry] = buildRoutes([{ file: label, route: '/' }], '');
  const fixedParams = checkParams(params);
  const cache = new RouteCache(settings.cache);
  const routeFor = (): LoadedAppRoute => loaded;
  const failure = (): FailureAnswer => appRouteFailure(loaded.config.runtime);

  const app = function testRouteApp(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    let decision: Decision;
    if (matcher) {
      decision = decide(matcher, { basePath: '', trailingSlash: settings.trailingSlash }, url, url);
      if (decision.type === 'match') decision.params = { ...decision.params, ...fixedParams };
    } else {
      decision = everyUrl(url, fixedParams, everyEntry);
    }
    answerAppDecision(decision, req, res, hostNext(recorder, res, failure), settings, routeFor, cache);
  } as TestApp;
  return define(app, recorder, async () => {});
}

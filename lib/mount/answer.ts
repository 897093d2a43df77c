/**
 * Answering a routing decision (routing/decide.ts): the one place that turns
 * pass / redirect / bad-param / match into a response. Shared by `apiRoutes()`
 * and the test helpers, so a test app answers exactly as the middleware does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RouteLoadError } from '../errors';
import type { ResolvedOptions } from '../options';
import { runApiRoute, type MatchedRoute, type RequestTarget } from '../pages/run-route';
import { endPlain, permanentRedirect, sendServerError } from '../pages/send';
import type { Decision } from '../routing/decide';
import type { RouteEntry } from '../routing/precedence';
import type { EdgeApiRoute } from '../web/edge-api-route';
import { isPending, type RouteState } from './route-registry';

export type NextFunction = (err?: unknown) => void;

/** The handler module that serves `entry` (loaded on first use), or why it cannot; a promise while a top-level await is evaluated. */
export type RouteResolver = (entry: RouteEntry) => RouteState<MatchedRoute>;

/**
 * `next()` for a URL that is not this folder's (a plain `404 Not Found`
 * without a router); Next's 308 for repeated or trailing slashes; a plain 400
 * for a dynamic segment that does not decode (docs/next-behaviour.md §5);
 * otherwise the handler, or a 500 when its file does not load. A route with
 * `runtime: 'edge'` is a Web handler and runs through web/edge-api-route.ts.
 */
export function answerDecision(
  decision: Decision,
  req: IncomingMessage,
  res: ServerResponse,
  next: NextFunction | undefined,
  settings: ResolvedOptions,
  routeFor: RouteResolver,
): void {
  switch (decision.type) {
    case 'pass':
      if (next) return next();
      return endPlain(res, 404, 'Not Found');
    case 'redirect':
      return permanentRedirect(res, decision.location);
    case 'bad-param':
      return endPlain(res, 400, 'Bad Request');
    case 'match': {
      const route = routeFor(decision.match.entry);
      // The decision carries the target (url, search, params): no copy. The first
      // requests to a route with top-level await wait for it (the promise never rejects).
      if (isPending(route)) void route.then((loaded) => answerRoute(loaded, req, res, decision, next, settings));
      else answerRoute(route, req, res, decision, next, settings);
    }
  }
}

/**
 * The runner of `runtime: 'edge'` Pages routes, required on the first such
 * route: it builds Fetch `Request`s, and the first touch of those globals
 * loads undici (next-modules.ts says why an app without one should not pay).
 */
type EdgeRunner = typeof import('../web/edge-api-route').runEdgeApiRoute;
let runEdgeApiRoute: EdgeRunner | undefined;
function edgeRunner(): EdgeRunner {
  return (runEdgeApiRoute ??= (require('../web/edge-api-route') as typeof import('../web/edge-api-route')).runEdgeApiRoute);
}

function answerRoute(
  route: MatchedRoute | RouteLoadError,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  next: NextFunction | undefined,
  settings: ResolvedOptions,
): void {
  if (route instanceof RouteLoadError) return failLoad(route, res, next, settings);
  if (route.config.runtime === 'edge') {
    void edgeRunner()(req, res, route as unknown as EdgeApiRoute, target, settings, next);
    return;
  }
  void runApiRoute(req, res, route, target, settings, next);
}

/**
 * A route file that does not load: logged with its cause; Next's plain 500
 * (with the cause under NODE_ENV=development), or `next(err)` with `onError: 'next'`.
 */
export function failLoad(error: RouteLoadError, res: ServerResponse, next: NextFunction | undefined, settings: ResolvedOptions): void {
  settings.logger.error(error.message);
  if (settings.onError === 'next' && next) return next(error);
  sendServerError(res, error, settings.development);
}

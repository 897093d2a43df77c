/**
 * Answering a routing decision (routing/decide.ts): the one place that turns
 * pass / redirect / bad-param / match into a response. Shared by `apiRoutes()`
 * and the test helpers, so a test app answers exactly as the middleware does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RouteLoadError } from '../errors';
import type { ResolvedOptions } from '../options';
import { runApiRoute, type MatchedRoute } from '../pages/run-route';
import { endPlain, permanentRedirect, sendServerError } from '../pages/send';
import type { Decision } from '../routing/decide';
import type { RouteEntry } from '../routing/precedence';
import { runEdgeApiRoute, type EdgeApiRoute } from '../web/edge-api-route';

export type NextFunction = (err?: unknown) => void;

/** The handler module that serves `entry` (loaded on first use), or why it cannot. */
export type RouteResolver = (entry: RouteEntry) => MatchedRoute | RouteLoadError;

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
      if (route instanceof RouteLoadError) return failLoad(route, res, next, settings);
      // The decision carries the target (url, search, params): no copy.
      if (route.config.runtime === 'edge') {
        void runEdgeApiRoute(req, res, route as unknown as EdgeApiRoute, decision, settings, next);
        return;
      }
      void runApiRoute(req, res, route, decision, settings, next);
    }
  }
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

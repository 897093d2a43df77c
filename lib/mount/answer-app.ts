/**
 * Answering a routing decision for an App Router folder (routing/decide.ts):
 * like mount/answer.ts, with the App Router's own answers (docs/next-behaviour.md
 * §23): a dynamic segment that does not decode is Next's plain-text 500, and a
 * match runs the route's method handler (web/app-route.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RouteLoadError } from '../errors';
import type { LoadedAppRoute } from '../loading/app-route-module';
import type { ResolvedOptions } from '../options';
import { endPlain, permanentRedirect } from '../pages/send';
import type { Decision } from '../routing/decide';
import type { RouteEntry } from '../routing/precedence';
import { runAppRoute } from '../web/app-route';
import type { AppRouteModule } from '../web/handler-call';
import { internalServerErrorText } from '../web/plain-answers';
import type { RouteCache } from '../web/route-cache';
import { failLoad, type NextFunction } from './answer';
import { isPending, type RouteState } from './route-registry';

/** As answer.ts's `RouteResolver`: a promise while a top-level await is evaluated. */
export type AppRouteResolver = (entry: RouteEntry) => RouteState<LoadedAppRoute>;

export function answerAppDecision(
  decision: Decision,
  req: IncomingMessage,
  res: ServerResponse,
  next: NextFunction | undefined,
  settings: ResolvedOptions,
  routeFor: AppRouteResolver,
  cache: RouteCache,
): void {
  const pass = (): void => (next ? next() : endPlain(res, 404, 'Not Found'));
  switch (decision.type) {
    case 'pass':
      return pass();
    case 'redirect':
      return permanentRedirect(res, decision.location);
    case 'bad-param':
      return internalServerErrorText(res, true);
    case 'match': {
      const route = routeFor(decision.match.entry);
      const target = { url: decision.url, search: decision.search, params: decision.params };
      const answer = (loaded: LoadedAppRoute | RouteLoadError): void => {
        if (loaded instanceof RouteLoadError) return failLoad(loaded, res, next, settings);
        void runAppRoute({ req, res, route: loaded as AppRouteModule, target, settings, cache, next, pass });
      };
      // The first requests to a route with top-level await wait for it (the promise never rejects).
      if (isPending(route)) void route.then(answer);
      else answer(route);
    }
  }
}

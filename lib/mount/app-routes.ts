/**
 * `appRoutes(dir, options)`: an App Router folder of `route.ts` handlers,
 * mounted like `apiRoutes()` mounts `pages/api` — the same options style,
 * registry, decision and answer shape, `routes`, `ready()`, `explain()` and
 * `close()`. Options are validated and the folder is scanned, sorted, checked
 * (Next's build errors, docs/next-behaviour.md §20) and compiled here, once.
 * Per request: decide (routing/decide.ts), then answer (mount/answer-app.ts),
 * loading the route file on its first request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkDirArgument } from '../errors';
import { resolve as resolvePath } from 'node:path';
import type { SegmentConfig } from '../config';
import { loadAppRoute, type LoadedAppRoute } from '../loading/app-route-module';
import { resolveAppOptions, type ResolvedAppOptions } from '../options';
import { decide } from '../routing/decide';
import { buildAppTable } from '../routing/route-table';
import type { AppRoutesOptions } from '../types';
import { RouteCache } from '../web/route-cache';
import type { NextFunction } from './answer';
import { projectRootOf, warnIfOtherRouter, warnUnappliedProjectFiles } from './project-notices';
import { answerAppDecision } from './answer-app';
import { explainUrl, type ExplainOptions, type Explanation } from './explain';
import { NEXT_MODULES } from './next-modules';
import { createRouteRegistry, type RouteInfo, type RouteTree } from './route-registry';

export interface AppRoutesMiddleware {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  /**
   * Imports every route file now. Resolves when all load; rejects with an
   * `AggregateError` listing each file that does not (syntax error, missing
   * import, a method export that is not a function, invalid segment config).
   */
  ready(): Promise<void>;
  /** The route table in Next's precedence order (re-read in watch mode). */
  readonly routes: readonly RouteInfo<SegmentConfig>[];
  /** Which file serves `url` (relative to the mount), with which params — or why none does. */
  explain(url: string, options?: ExplainOptions): Explanation<SegmentConfig>;
  /** Stops watch mode's file watchers. Without `watch`, there is nothing to stop. */
  close(): Promise<void>;
}

/** The App Router's folder rules and loader, for a registry (also used by project-routes.ts). */
export function appTree(settings: ResolvedAppOptions): RouteTree<LoadedAppRoute> {
  return {
    build: buildAppTable,
    // Next's notices about exports it ignores (a default export, `get`, no method) are
    // development-only error lines (its `Log.error`, ⨯), once per load of the file.
    load: (entry, loader, warn) => loadAppRoute(entry, loader, warn, settings.dev ? (message) => settings.logger.error(`⨯ ${message}`) : undefined),
  };
}

export function appRoutes(dir: string, options?: AppRoutesOptions): AppRoutesMiddleware {
  checkDirArgument('appRoutes', dir, 'an App Router folder');
  const settings = resolveAppOptions(options);
  const root = resolvePath(dir);
  const registry = createRouteRegistry(root, settings, appTree(settings), NEXT_MODULES);
  const routeFor = registry.routeFor;
  warnUnappliedProjectFiles(projectRootOf(root), settings.pageExtensions, options?.pageExtensions !== undefined, settings.logger);
  warnIfOtherRouter('appRoutes', root, registry.table, settings.pageExtensions, settings.logger);
  const cache = new RouteCache(settings.cache);

  const middleware = function appRoutesMiddleware(req: IncomingMessage, res: ServerResponse, next?: NextFunction): void {
    const reqUrl = req.url ?? '/';
    const decision = decide(registry.table.matcher, settings, reqUrl, (req as { originalUrl?: string }).originalUrl ?? reqUrl);
    answerAppDecision(decision, req, res, next, settings, routeFor, cache);
  } as AppRoutesMiddleware;

  Object.defineProperty(middleware, 'routes', { enumerable: true, get: () => registry.table.entries.map(registry.info) });
  middleware.explain = (url, explainOptions) => explainUrl(registry.table, settings, registry.info, url, explainOptions, 500);
  middleware.ready = () => registry.ready();
  middleware.close = async () => registry.close();
  return middleware;
}

/**
 * `apiRoutes(dir, options)`, the composition root: options are validated and
 * the folder is scanned, sorted, checked and compiled here, once (a bad tree
 * throws now, naming the files). Per request: decide (routing/decide.ts),
 * then answer (mount/answer.ts), loading the route file on its first request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkDirArgument } from '../errors';
import { resolve as resolvePath } from 'node:path';
import { resolveOptions } from '../options';
import { decide } from '../routing/decide';
import type { ApiRoutesOptions } from '../types';
import { answerDecision, type NextFunction } from './answer';
import { projectRootOf, warnIfOtherRouter, warnUnappliedProjectFiles, withAppFolderHint } from './project-notices';
import { explainUrl, type ExplainOptions, type Explanation } from './explain';
import { NEXT_MODULES } from './next-modules';
import { createRouteRegistry, PAGES_TREE, type RouteInfo } from './route-registry';

export type { NextFunction } from './answer';

export interface ApiRoutesMiddleware {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  /**
   * Imports every route file now. Resolves when all load; rejects with an
   * `AggregateError` listing each file that does not (syntax error, missing
   * import, no default function, invalid config). For apps that want to fail
   * at start-up rather than on the first request. Resolves once what was
   * compiled is written to the compile cache.
   */
  ready(): Promise<void>;
  /** The route table in Next's precedence order (re-read in watch mode). */
  readonly routes: readonly RouteInfo[];
  /** Which file serves `url` (relative to the mount), with which params and query — or why none does. */
  explain(url: string, options?: ExplainOptions): Explanation;
  /** Stops watch mode's file watchers. Without `watch`, there is nothing to stop. */
  close(): Promise<void>;
}

export function apiRoutes(dir: string, options?: ApiRoutesOptions): ApiRoutesMiddleware {
  checkDirArgument('apiRoutes', dir, 'a pages/api folder');
  const settings = resolveOptions(options);
  // Edge API routes import next/server: they get this package's.
  const root = resolvePath(dir);
  const registry = withAppFolderHint(root, settings.pageExtensions, () => createRouteRegistry(root, settings, PAGES_TREE, NEXT_MODULES));
  const routeFor = registry.routeFor;
  warnUnappliedProjectFiles(projectRootOf(root), settings.pageExtensions, options?.pageExtensions !== undefined, settings.logger);
  warnIfOtherRouter('apiRoutes', root, registry.table, settings.pageExtensions, settings.logger);

  const middleware = function apiRoutesMiddleware(req: IncomingMessage, res: ServerResponse, next?: NextFunction): void {
    const reqUrl = req.url ?? '/';
    const decision = decide(registry.table.matcher, settings, reqUrl, (req as { originalUrl?: string }).originalUrl ?? reqUrl);
    answerDecision(decision, req, res, next, settings, routeFor);
  } as ApiRoutesMiddleware;

  Object.defineProperty(middleware, 'routes', { enumerable: true, get: () => registry.table.entries.map(registry.info) });
  middleware.explain = (url, explainOptions) => explainUrl(registry.table, settings, registry.info, url, explainOptions);
  middleware.ready = () => registry.ready();
  middleware.close = async () => registry.close();
  return middleware;
}

/**
 * `projectRoutes(dir, options)`: a whole Next project's API on one mount —
 * its `pages/api` folder (as `apiRoutes()` serves it) and its `app` folder's
 * route handlers (as `appRoutes()` serves them), at the URLs `next start`
 * gives them (`/api/...` from both trees), with the checks `next build` makes
 * across the two trees (a URL defined in both is Next's "conflicting app and
 * page file" error, naming the files).
 *
 * Each tree keeps its own registry (its table, loaded modules, watch mode);
 * requests are matched against one merged table (routing/project-table.ts),
 * in Next's order across both trees, and the matched route is answered by
 * its own router's answer code (mount/answer.ts, mount/answer-app.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteConfig, SegmentConfig } from '../config';
import type { LoadedAppRoute } from '../loading/app-route-module';
import { checkDirArgument, errorMessage, RouteLoadError, RouteTreeError } from '../errors';
import { resolveProjectOptions } from '../options';
import { decide } from '../routing/decide';
import type { RouteEntry } from '../routing/precedence';
import { findProjectFolders } from '../routing/project-folders';
import { buildProjectTable, type ProjectTable, type Router } from '../routing/project-table';
import type { RouteTable } from '../routing/route-table';
import type { ProjectRoutesOptions } from '../types';
import { RouteCache } from '../web/route-cache';
import { warnUnappliedProjectFiles } from './project-notices';
import { answerDecision, type NextFunction } from './answer';
import { answerAppDecision } from './answer-app';
import { appTree } from './app-routes';
import { explainUrl, type ExplainOptions, type Explanation } from './explain';
import { NEXT_MODULES } from './next-modules';
import { createRouteRegistry, loadFailures, PAGES_TREE, type RouteInfo, type RouteRegistry } from './route-registry';

/** A row of a project's route table: a `pages/api` route or an App Router route, and which. */
export type ProjectRouteInfo = (RouteInfo<RouteConfig> & { router: 'pages' }) | (RouteInfo<SegmentConfig> & { router: 'app' });

export interface ProjectRoutesMiddleware {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  /** Imports every route file of both trees; rejects with one `AggregateError` listing each that does not load. */
  ready(): Promise<void>;
  /** Both trees in one table, in the order requests are matched (Next's, across both); `route` is the URL below the mount. */
  readonly routes: readonly ProjectRouteInfo[];
  /** Which file serves `url` (relative to the mount), with which params — or why none does. */
  explain(url: string, options?: ExplainOptions): Explanation<RouteConfig | SegmentConfig, ProjectRouteInfo>;
  /** Stops watch mode's file watchers. */
  close(): Promise<void>;
  /** The folders served: the project's `pages/api` and `app` (absolute), each when there is one. */
  readonly folders: { readonly pagesApi: string | undefined; readonly app: string | undefined };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function noRoutes(): never {
  throw new Error('next-api-express: a route of a tree the project does not have was matched');
}

/**
 * The merged table, rebuilt when either tree's table changes (watch mode). A
 * rebuild that fails — a URL now defined in both trees — is logged and the
 * previous merged table keeps serving, as a broken tree's does.
 */
class MergedTable {
  private pagesTable: RouteTable | undefined;
  private appTable: RouteTable | undefined;
  private merged: ProjectTable;
  private broken = false;

  constructor(
    private readonly pages: RouteRegistry | undefined,
    private readonly app: RouteRegistry<LoadedAppRoute> | undefined,
    private readonly root: string,
    private readonly logError: (message: string) => void,
    private readonly logWarn: (message: string) => void,
  ) {
    this.pagesTable = pages?.table;
    this.appTable = app?.table;
    this.merged = buildProjectTable(this.pagesTable, this.appTable, root);
  }

  get current(): ProjectTable {
    if (this.pages?.table !== this.pagesTable || this.app?.table !== this.appTable) this.rebuild();
    return this.merged;
  }

  private rebuild(): void {
    this.pagesTable = this.pages?.table;
    this.appTable = this.app?.table;
    try {
      this.merged = buildProjectTable(this.pagesTable, this.appTable, this.root);
      if (this.broken) this.logWarn(`next-api-express (watch): the project's routes are valid again (${this.merged.entries.length} routes)`);
      this.broken = false;
    } catch (err) {
      this.broken = true;
      this.logError(`next-api-express (watch): ${errorMessage(err)}\n(the previous route table keeps serving until this is fixed)`);
    }
  }
}

export function projectRoutes(dir: string, options?: ProjectRoutesOptions): ProjectRoutesMiddleware {
  checkDirArgument('projectRoutes', dir, 'a Next project folder');
  const settings = resolveProjectOptions(options);
  const folders = findProjectFolders(dir);
  if (!folders.pages && !folders.app) {
    throw new RouteTreeError(
      'ERR_ROUTES_FOLDER',
      `next-api-express: Couldn't find any \`pages\` or \`app\` directory in ${folders.root}. A project folder holds pages/api, app (or src/pages/api, src/app).`,
      [folders.root],
    );
  }
  warnUnappliedProjectFiles(folders.root, settings.pageExtensions, options?.pageExtensions !== undefined, settings.logger);
  const pagesApi = folders.pages && isDirectory(join(folders.pages, 'api')) ? join(folders.pages, 'api') : undefined;
  const pages = pagesApi ? createRouteRegistry(pagesApi, settings, PAGES_TREE, NEXT_MODULES) : undefined;
  const app = folders.app ? createRouteRegistry(folders.app, settings, appTree(settings), NEXT_MODULES) : undefined;
  const table = new MergedTable(pages, app, folders.root, (m) => settings.logger.error(m), (m) => settings.logger.warn(m));
  const cache = new RouteCache(settings.cache);
  const pagesRouteFor = pages ? pages.routeFor : noRoutes;
  const appRouteFor = app ? app.routeFor : noRoutes;
  // With pages/ in the project, Next answers an App Router URL whose dynamic
  // segment does not decode as the Pages Router does: 400 (docs/next-behaviour.md §23).
  const withPages = folders.pages !== undefined;

  const middleware = function projectRoutesMiddleware(req: IncomingMessage, res: ServerResponse, next?: NextFunction): void {
    const current = table.current;
    const reqUrl = req.url ?? '/';
    const decision = decide(current.matcher, settings, reqUrl, (req as { originalUrl?: string }).originalUrl ?? reqUrl);
    if (decision.type === 'match' || decision.type === 'bad-param') {
      const router = current.routerOf.get(decision.match.entry);
      if (router === 'app' && !(decision.type === 'bad-param' && withPages)) {
        return answerAppDecision(decision, req, res, next, settings, appRouteFor, cache);
      }
    }
    answerDecision(decision, req, res, next, settings, pagesRouteFor);
  } as ProjectRoutesMiddleware;

  const info = (entry: RouteEntry, router: Router | undefined): ProjectRouteInfo =>
    router === 'app' && app ? { ...app.info(entry), router: 'app' } : { ...(pages as RouteRegistry).info(entry), router: 'pages' };
  const infoOf = (entry: RouteEntry): ProjectRouteInfo => info(entry, table.current.routerOf.get(entry));

  Object.defineProperty(middleware, 'routes', {
    enumerable: true,
    get: () => {
      const current = table.current;
      return current.entries.map((entry) => info(entry, current.routerOf.get(entry)));
    },
  });
  Object.defineProperty(middleware, 'folders', { enumerable: true, value: Object.freeze({ pagesApi, app: folders.app }) });
  middleware.explain = (url, explainOptions) => explainUrl(table.current, settings, infoOf, url, explainOptions, withPages ? 400 : 500);
  middleware.ready = async () => {
    const results = await Promise.allSettled([pages?.ready(), app?.ready()]);
    const failures = results.flatMap((r) => (r.status === 'fulfilled' ? [] : r.reason instanceof AggregateError ? (r.reason.errors as RouteLoadError[]) : [r.reason as RouteLoadError]));
    if (failures.length) throw loadFailures(failures);
  };
  middleware.close = async () => {
    pages?.close();
    app?.close();
  };
  return middleware;
}

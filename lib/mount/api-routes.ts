/**
 * `apiRoutes(dir, options)`: everything route-related is computed here, once —
 * options, scan, precedence, conflicts, matcher. Per request: decide (match or
 * redirect), load the handler (first request only), run it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve as resolvePath, sep } from 'node:path';
import { decide } from '../routing/decide';
import { ApiError, describeError, errorMessage } from '../errors';
import { explainUrl, type ExplainOptions, type Explanation } from './explain';
import { loadRoute, type LoadedRoute } from '../loading/route-module';
import { ModuleLoader } from '../loading/module-loader';
import { resolveOptions } from '../options';
import { runApiRoute } from '../pages/run-route';
import { endPlain, permanentRedirect, sendInternalServerError } from '../pages/send';
import type { RouteEntry } from '../routing/precedence';
import { buildTable, patternOf, type RouteInfo, type RouteTable } from '../routing/route-table';
import type { ApiRoutesOptions } from '../types';
import { watchFolder, type FolderWatcher } from '../loading/watch-folders';

export type NextFunction = (err?: unknown) => void;

export interface ApiRoutesMiddleware {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  /**
   * Imports every route file now. Resolves when all load; rejects with an
   * `AggregateError` listing each file that does not (syntax error, missing
   * import, no default function, invalid config). For apps that want to fail
   * at start-up rather than on the first request.
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
  if (typeof dir !== 'string' || dir === '') {
    throw new TypeError(`next-api-express: apiRoutes(dir) needs the path of a pages/api folder (received ${dir === '' ? 'an empty string' : typeof dir})`);
  }
  const settings = resolveOptions(options);
  const { logger } = settings;
  const root = resolvePath(dir);
  let table: RouteTable = buildTable(root, settings);
  let watcher: FolderWatcher | undefined;
  const loader = new ModuleLoader(settings.watch ? (file) => watcher?.add(file) : undefined);
  /** By file: a watch-mode rebuild makes new entries for the same files. */
  const loaded = new Map<string, LoadedRoute | ApiError>();
  /** Watch mode: the last handler of each file that loaded, served while an edit does not. */
  const lastGood = new Map<string, LoadedRoute>();
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    logger.warn(message);
  };

  function load(entry: RouteEntry): LoadedRoute | ApiError {
    let result = loaded.get(entry.file);
    if (result === undefined) {
      try {
        result = loadRoute(entry, loader, warnOnce);
        if (settings.watch) lastGood.set(entry.file, result);
      } catch (err) {
        result = err instanceof ApiError ? err : new ApiError(500, describeError(err), 'handler.load', { file: entry.file, cause: err });
      }
      loaded.set(entry.file, result);
    }
    return result;
  }

  function failLoad(error: ApiError, res: ServerResponse, next: NextFunction | undefined): void {
    logger.error(error.message);
    if (settings.onError === 'next' && next) return next(error);
    sendInternalServerError(res);
  }

  const middleware = function apiRoutesMiddleware(req: IncomingMessage, res: ServerResponse, next?: NextFunction): void {
    const reqUrl = req.url ?? '/';
    const decision = decide(table.matcher, settings, reqUrl, (req as { originalUrl?: string }).originalUrl ?? reqUrl);
    switch (decision.type) {
      case 'pass':
        if (next) return next();
        return endPlain(res, 404, 'Not Found');
      case 'redirect':
        return permanentRedirect(res, decision.location);
      case 'bad-param':
        return endPlain(res, 400, 'Bad Request');
      case 'match': {
        const { entry } = decision.match;
        let route = load(entry);
        if (route instanceof ApiError) {
          const previous = lastGood.get(entry.file);
          if (!previous) return failLoad(route, res, next);
          route = previous;
        }
        void runApiRoute(
          req,
          res,
          { page: entry.page, file: entry.file, handler: route.handler, config: route.config },
          { url: decision.url, search: decision.search, params: decision.params },
          settings,
          next,
        );
      }
    }
  } as ApiRoutesMiddleware;

  const info = (entry: RouteEntry): RouteInfo => {
    const state = loaded.get(entry.file);
    return {
      route: entry.route,
      page: entry.page,
      pattern: patternOf(entry),
      file: entry.file,
      kind: entry.kind,
      paramNames: [...entry.paramNames],
      config: state && !(state instanceof ApiError) ? state.config : undefined,
    };
  };

  Object.defineProperty(middleware, 'routes', { enumerable: true, get: () => table.entries.map(info) });
  middleware.explain = (url, explainOptions) => explainUrl(table, settings, info, url, explainOptions);

  middleware.ready = async (): Promise<void> => {
    const failures = table.entries.map(load).filter((r): r is ApiError => r instanceof ApiError);
    if (failures.length) {
      const list = failures.map((f) => ` - ${f.message.replace(/\n/g, '\n   ')}`).join('\n');
      throw new AggregateError(failures, `next-api-express: ${failures.length} route file${failures.length > 1 ? 's' : ''} failed to load:\n${list}`);
    }
  };

  middleware.close = async (): Promise<void> => {
    watcher?.close();
    watcher = undefined;
  };

  if (settings.watch) {
    const inRoot = (file: string): boolean => file === root || file.startsWith(root + sep);

    /** Re-import what changed now, so errors show at once and a fix recovers at once. */
    const broken = new Set<string>();
    const reloadRoutes = (files: Set<string>): void => {
      for (const entry of table.entries) {
        if (!files.has(entry.file)) continue;
        const result = load(entry);
        if (result instanceof ApiError) {
          broken.add(entry.file);
          logger.error(`${result.message}\n(watch: ${lastGood.has(entry.file) ? 'the previous version keeps serving' : 'the route answers 500'} until the file is fixed)`);
        } else if (broken.delete(entry.file)) {
          logger.warn(`next-api-express (watch): ${entry.page} loads again (${entry.file})`);
        }
      }
    };

    let tableBroken = false;
    const onChanges = (files: string[]): void => {
      const dropped = new Set<string>();
      for (const file of files) for (const gone of loader.invalidate(file)) dropped.add(gone);
      // A route file that failed before is not in the loader's cache: retry it too.
      for (const file of files) if (loaded.get(file) instanceof ApiError) dropped.add(file);
      for (const file of dropped) loaded.delete(file);
      if (files.some(inRoot)) {
        try {
          table = buildTable(root, settings);
          for (const file of [...lastGood.keys()]) if (!table.entries.some((e) => e.file === file)) lastGood.delete(file);
          if (tableBroken) logger.warn(`next-api-express (watch): the route table is valid again (${table.entries.length} routes)`);
          tableBroken = false;
        } catch (err) {
          tableBroken = true;
          logger.error(`next-api-express (watch): ${errorMessage(err)}\n(the previous route table keeps serving until this is fixed)`);
        }
      }
      reloadRoutes(dropped);
    };
    watcher = watchFolder(root, onChanges, (err) => logger.error(`next-api-express (watch): ${err.message}`));
  }

  return middleware;
}

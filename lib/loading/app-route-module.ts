/**
 * An App Router `route.ts` file → its method handlers and its validated
 * segment config (docs/next-behaviour.md §22, §32). Loaded on the first
 * request to the route (or by `ready()`), then cached, like a pages route.
 */
import { readSegmentConfig, type SegmentConfig } from '../config';
import { RouteLoadError } from '../errors';
import type { ModuleLoader } from './module-loader';
import { withRouteExports, type RouteFile } from './route-module';

/** The methods a route file may export, as Next knows them (§22). */
export const APP_ROUTE_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type AppRouteMethod = (typeof APP_ROUTE_METHODS)[number];

/** A method handler as the loader sees it: whatever the file exported; the web layer types the call. */
export type AppRouteHandler = (request: never, context: never) => unknown;

export interface LoadedAppRoute {
  /** Next's page name, e.g. `/api/users/[id]`. */
  page: string;
  /** Absolute path of the module. */
  file: string;
  /** The exported upper-case methods. */
  handlers: Partial<Record<AppRouteMethod, AppRouteHandler>>;
  config: SegmentConfig;
  /** `export function generateStaticParams()`, when there is one. */
  generateStaticParams: (() => unknown) | undefined;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

/**
 * Next's development-only notices about exports it will not use, in Next's
 * order: lower-case method names (`export function get`), a default export,
 * and no method at all (docs/next-behaviour.md §20, build errors).
 */
function exportNotices(file: string, named: Record<string, unknown>): string[] {
  const notices: string[] = [];
  for (const method of APP_ROUTE_METHODS) {
    const lower = method.toLowerCase();
    if (lower in named) notices.push(`Detected lowercase method '${lower}' in '${file}'. Export the uppercase '${method}' method name to fix this error.`);
  }
  if ('default' in named && named.default !== undefined) {
    notices.push(`Detected default export in '${file}'. Export a named export for each HTTP method instead.`);
  }
  // Every request to such a file is a 405: say why once.
  if (!APP_ROUTE_METHODS.some((method) => method in named)) {
    notices.push(`No HTTP methods exported in '${file}'. Export a named export for each HTTP method.`);
  }
  return notices;
}

/**
 * Evaluates the file (once, through `loader`) and checks its exports; throws
 * (or, after top-level await, rejects with) a `RouteLoadError` naming the
 * file. `notice` receives Next's dev notices, `warn` Next's build warnings
 * (each once).
 */
export function loadAppRoute(
  routeFile: RouteFile,
  loader: ModuleLoader,
  warn: (message: string) => void,
  notice?: (message: string) => void,
): LoadedAppRoute | Promise<LoadedAppRoute> {
  return withRouteExports(routeFile, loader, (moduleExports) => appRouteFromExports(moduleExports, routeFile, warn, notice));
}

/**
 * A route module's exports, however they were loaded (by the loader above, or
 * imported by a test runner for `testRoute()`), checked as a route file's are:
 * its method handlers and its validated segment config.
 */
export function appRouteFromExports(
  moduleExports: unknown,
  { file, page }: RouteFile,
  warn: (message: string) => void,
  notice?: (message: string) => void,
): LoadedAppRoute {
  // Not called `exports`: that would shadow CommonJS's own in the build.
  const named = isObjectLike(moduleExports) ? moduleExports : {};
  const handlers: LoadedAppRoute['handlers'] = {};
  for (const method of APP_ROUTE_METHODS) {
    const handler = named[method];
    if (handler === undefined) continue;
    // Next would fail on the first request with "... is not a function"; say so when the file loads.
    if (typeof handler !== 'function') {
      throw new RouteLoadError('ERR_INVALID_CONFIG', `Route ${page} (${file}) exports ${method}, but it is a ${typeof handler}, not a function.`, file);
    }
    handlers[method] = handler as AppRouteHandler;
  }
  const generateStaticParams = named.generateStaticParams;
  if (generateStaticParams !== undefined && typeof generateStaticParams !== 'function') {
    throw new RouteLoadError('ERR_INVALID_CONFIG', `Route ${page} (${file}) exports generateStaticParams, but it is not a function.`, file);
  }
  if (notice) for (const message of exportNotices(file, named)) notice(message);
  return {
    page,
    file,
    handlers,
    config: readSegmentConfig(file, named, warn),
    generateStaticParams: generateStaticParams as (() => unknown) | undefined,
  };
}

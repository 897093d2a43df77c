/**
 * A route file → its handler and its validated config (docs/next-behaviour.md §2, §11).
 * Loaded on the first request to the route (or by `ready()`), then cached.
 * A file that fails to load makes its own route answer 500; others keep serving.
 */
import { readRouteConfig, type RouteConfig } from '../config';
import { describeError, RouteLoadError } from '../errors';
import type { ModuleLoader } from './module-loader';
import { isAwaitedModuleError } from './top-level-await';
import type { NextApiHandler } from '../types';

export interface LoadedRoute {
  /** Next's page name, e.g. `/api/users/[id]`. */
  page: string;
  /** Absolute path of the module. */
  file: string;
  handler: NextApiHandler;
  config: RouteConfig;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

/**
 * Next's interop is `module.default || module`. One more `.default` is
 * accepted for a default export that is itself a transpiled module
 * (`export default require('../compiled')`).
 */
function pickHandler(moduleExports: unknown): unknown {
  let handler = isObjectLike(moduleExports) && moduleExports.default ? moduleExports.default : moduleExports;
  if (typeof handler !== 'function' && isObjectLike(handler) && typeof handler.default === 'function') handler = handler.default;
  return handler;
}

/** `export const config`, or `module.exports.config` on a CommonJS function (Next's `hoist`). */
function pickConfig(moduleExports: unknown): unknown {
  if (!isObjectLike(moduleExports)) return undefined;
  if ('config' in moduleExports) return moduleExports.config;
  const inner = moduleExports.default;
  return isObjectLike(inner) && 'config' in inner ? inner.config : undefined;
}

/** Which file, and the page name Next's messages print for it (`/api/users/[id]`). */
export interface RouteFile {
  file: string;
  page: string;
}

/**
 * The route file's exports handed to `use`: now, or — when the file or a
 * local module it imports has top-level await — once that is evaluated
 * (docs/design.md "Top-level await"). A failure to load, either way, is a
 * `RouteLoadError` naming the file.
 */
export function withRouteExports<T>({ file, page }: RouteFile, loader: ModuleLoader, use: (moduleExports: unknown) => T): T | Promise<T> {
  const failed = (cause: unknown): RouteLoadError =>
    new RouteLoadError('ERR_ROUTE_LOAD', `Failed to load ${page} from ${file}:\n${describeError(cause)}`, file, cause);
  let moduleExports: unknown;
  try {
    moduleExports = loader.load(file);
  } catch (cause) {
    if (!isAwaitedModuleError(cause) || !cause.atLoad) throw failed(cause);
    return loader.loadAsync(file).then(use, (err: unknown) => {
      throw failed(err);
    });
  }
  return use(moduleExports);
}

/** Evaluates the file (once, through `loader`) and checks its exports; throws (or rejects with) a `RouteLoadError` naming the file. */
export function loadRoute(routeFile: RouteFile, loader: ModuleLoader, warn: (message: string) => void): LoadedRoute | Promise<LoadedRoute> {
  return withRouteExports(routeFile, loader, (moduleExports) => routeFromExports(moduleExports, routeFile, warn));
}

function routeFromExports(moduleExports: unknown, { file, page }: RouteFile, warn: (message: string) => void): LoadedRoute {
  const handler = pickHandler(moduleExports);
  if (typeof handler !== 'function') {
    throw new RouteLoadError('ERR_NO_DEFAULT_EXPORT', `Page ${page} does not export a default function.\n  file: ${file}`, file);
  }
  const config = readRouteConfig(file, pickConfig(moduleExports), warn);
  return { page, file, handler: handler as NextApiHandler, config };
}

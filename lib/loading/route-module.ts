/**
 * A route file → its handler and its validated config (spec §2, §11).
 * Loaded on the first request to the route (or by `ready()`), then cached.
 * A file that fails to load makes its own route answer 500; others keep serving.
 */
import { readRouteConfig, type RouteConfig } from '../config';
import { ApiError, describeError } from '../errors';
import type { ModuleLoader } from './module-loader';
import type { RouteEntry } from '../routing/precedence';
import type { NextApiHandler } from '../types';

export interface LoadedRoute {
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

export function loadRoute(entry: RouteEntry, loader: ModuleLoader, warn: (message: string) => void): LoadedRoute {
  let moduleExports: unknown;
  try {
    moduleExports = loader.load(entry.file);
  } catch (cause) {
    throw new ApiError(500, `Failed to load ${entry.page} from ${entry.file}:\n${describeError(cause)}`, 'handler.load', { file: entry.file, cause });
  }
  const handler = pickHandler(moduleExports);
  if (typeof handler !== 'function') {
    throw new ApiError(500, `Page ${entry.page} does not export a default function.\n  file: ${entry.file}`, 'handler.not-a-function', { file: entry.file });
  }
  const config = readRouteConfig(entry.file, pickConfig(moduleExports), warn);
  return { handler: handler as NextApiHandler, config };
}

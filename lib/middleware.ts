/**
 * `apiRoutes(dir, options)`: everything route-related is computed here, once —
 * options, scan, precedence, conflicts, matcher. Per request: normalise the URL,
 * match, load the handler (first request only), run it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import { ApiError, describeError } from './errors';
import { loadRoute, type LoadedRoute } from './load';
import { compileMatcher, type Matcher, type RawParams } from './match';
import { ModuleLoader } from './module-loader';
import { resolveOptions, type ResolvedOptions } from './options';
import { runApiRoute } from './resolver';
import { buildRoutes, type RouteEntry } from './routes';
import { scanRoutes } from './scan';
import type { ApiRoutesOptions } from './types';
import { collapseSlashes, hasRepeatedSlashes, resolveDotSegments } from './url';

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
}

interface RouteTable {
  entries: RouteEntry[];
  matcher: Matcher;
}

function buildTable(root: string, options: ResolvedOptions): RouteTable {
  const entries = buildRoutes(scanRoutes(root, options.pageExtensions));
  return { entries, matcher: compileMatcher(entries) };
}

/** `decodeURIComponent` per captured segment, after matching (spec §4 "Params"). */
function decodeParams(raw: RawParams): Record<string, string | string[]> | undefined {
  const params: Record<string, string | string[]> = {};
  try {
    for (const key in raw) {
      const value = raw[key];
      params[key] = typeof value === 'string' ? decodeURIComponent(value) : value.map((v) => decodeURIComponent(v));
    }
  } catch {
    return undefined;
  }
  return params;
}

/** A `#fragment` is never part of the query (clients do not send one; raw HTTP can). */
function stripFragment(search: string): string {
  const hash = search.indexOf('#');
  return hash === -1 ? search : search.slice(0, hash);
}

function stripUrlFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

function endPlain(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.statusMessage = message;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(message));
  res.end(message);
}

/** Next's router redirect (spec §5): 308, lower-case `location`, `Refresh`, the URL as body. */
function permanentRedirect(res: ServerResponse, location: string): void {
  res.statusCode = 308;
  res.setHeader('location', location);
  res.setHeader('Refresh', `0;url=${location}`);
  res.end(location);
}

/**
 * Splits the request path into the part routed elsewhere (mount point, then
 * `basePath`) and the part this folder routes. Express and Connect strip the
 * mount from `req.url` and keep the full URL in `req.originalUrl`; a mount
 * root appears as `/` in `req.url` whether the client sent `/api` or `/api/`.
 */
function splitMount(fullPath: string, reqPath: string, basePath: string): { prefix: string; tail: string } | undefined {
  let mount: string;
  if (reqPath === '/') mount = fullPath.endsWith('/') ? fullPath.slice(0, -1) : fullPath;
  else if (fullPath.endsWith(reqPath)) mount = fullPath.slice(0, fullPath.length - reqPath.length);
  else mount = '';
  let tail = fullPath.slice(mount.length);
  if (basePath) {
    if (tail === basePath) tail = '';
    else if (tail.startsWith(basePath + '/')) tail = tail.slice(basePath.length);
    else return undefined;
  }
  return { prefix: mount + basePath, tail };
}

export function apiRoutes(dir: string, options?: ApiRoutesOptions): ApiRoutesMiddleware {
  if (typeof dir !== 'string' || dir === '') {
    throw new TypeError(`express-next-api: apiRoutes(dir) needs the path of a pages/api folder (received ${dir === '' ? 'an empty string' : typeof dir})`);
  }
  const settings = resolveOptions(options);
  const root = resolvePath(dir);
  const table = buildTable(root, settings);
  const loader = new ModuleLoader();
  const loaded = new Map<RouteEntry, LoadedRoute | ApiError>();
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    settings.logger.warn(message);
  };

  function load(entry: RouteEntry): LoadedRoute | ApiError {
    let result = loaded.get(entry);
    if (result === undefined) {
      try {
        result = loadRoute(entry, loader, warnOnce);
      } catch (err) {
        result = err instanceof ApiError ? err : new ApiError(500, describeError(err), 'handler.load', { file: entry.file, cause: err });
      }
      loaded.set(entry, result);
    }
    return result;
  }

  function failLoad(error: ApiError, res: ServerResponse, next: NextFunction | undefined): void {
    settings.logger.error(error.message);
    if (settings.onError === 'next' && next) return next(error);
    res.statusCode = 500;
    res.statusMessage = 'Internal Server Error';
    res.end('Internal Server Error');
  }

  const middleware = function apiRoutesMiddleware(req: IncomingMessage, res: ServerResponse, next?: NextFunction): void {
    const pass = (): void => {
      if (next) return next();
      endPlain(res, 404, 'Not Found');
    };
    const reqUrl = req.url ?? '/';
    const query = reqUrl.indexOf('?');
    let reqPath = query === -1 ? reqUrl : reqUrl.slice(0, query);
    const search = query === -1 ? '' : stripFragment(reqUrl.slice(query + 1));
    const originalUrl = (req as { originalUrl?: string }).originalUrl ?? reqUrl;
    const originalQuery = originalUrl.indexOf('?');
    let fullPath = originalQuery === -1 ? originalUrl : originalUrl.slice(0, originalQuery);

    // Checked on the whole URL: Express 4 swallows the slash after its mount
    // path, so `/api//echo` reaches us as `/echo`.
    const repeatedSlashes = hasRepeatedSlashes(fullPath);
    if (repeatedSlashes) {
      fullPath = collapseSlashes(fullPath);
      reqPath = collapseSlashes(reqPath);
    }
    const split = splitMount(fullPath, reqPath, settings.basePath);
    if (!split) return pass();
    const { prefix } = split;
    let tail = resolveDotSegments(split.tail);
    if (tail === undefined) return pass();
    const dotsResolved = tail !== split.tail;
    let trailingSlash = false;
    if (tail.endsWith('/') && (prefix + tail).length > 1) {
      tail = tail.slice(0, -1);
      trailingSlash = true;
    }

    const match = table.matcher.match(tail || '/');
    // Only URLs that lead to a route are redirected: other middleware on the
    // same mount keeps its own URLs (Express routes accept `/x/` by default).
    if (!match) return pass();
    const querySuffix = search ? `?${search}` : '';
    // Next collapses slashes first and keeps a trailing slash for the next hop (spec §5).
    if (repeatedSlashes) return permanentRedirect(res, fullPath + querySuffix);
    if (trailingSlash && settings.trailingSlash === 'redirect') return permanentRedirect(res, prefix + tail + querySuffix);

    const params = decodeParams(match.rawParams);
    if (!params) return endPlain(res, 400, 'Bad Request');

    const route = load(match.entry);
    if (route instanceof ApiError) return failLoad(route, res, next);

    const url = dotsResolved ? `${prefix}${tail}${query === -1 ? '' : `?${search}`}` : stripUrlFragment(originalUrl);
    void runApiRoute(req, res, { page: match.entry.page, file: match.entry.file, handler: route.handler, config: route.config }, { url, search, params }, settings, next);
  } as ApiRoutesMiddleware;

  middleware.ready = async (): Promise<void> => {
    const failures = table.entries.map(load).filter((r): r is ApiError => r instanceof ApiError);
    if (failures.length) {
      const list = failures.map((f) => ` - ${f.message.split('\n')[0]} (${f.file ?? 'unknown file'})`).join('\n');
      throw new AggregateError(failures, `express-next-api: ${failures.length} route file${failures.length > 1 ? 's' : ''} failed to load:\n${list}`);
    }
  };

  return middleware;
}

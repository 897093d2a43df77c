/**
 * What to do with one request URL: pure, shared by the middleware and
 * `explain()`. Normalisation as Next's router does it (docs/next-behaviour.md §5), then the
 * compiled matcher (docs/next-behaviour.md §4).
 */
import { EMPTY_PARAMS, setParam, type Match, type Matcher } from './matcher';
import type { ResolvedOptions } from '../options';
import { collapseSlashes, hasRepeatedSlashes, resolveDotSegments } from './url-rules';

export type Decision =
  /** Not this folder's URL: `next()`, or 404 without a router. */
  | { type: 'pass'; path: string }
  /** Next's 308 (repeated slashes, trailing slash). */
  | { type: 'redirect'; location: string; match: Match }
  /** A dynamic segment that does not percent-decode (docs/next-behaviour.md §5). */
  | { type: 'bad-param'; match: Match }
  | { type: 'match'; match: Match; params: Record<string, string | string[]>; url: string; search: string };

/**
 * `decodeURIComponent` per captured segment, after matching (docs/next-behaviour.md §4 "Params").
 * A dynamic match's raw params are a fresh object of this request (matcher.ts
 * `paramsOf`); when no value has a `%` there is nothing to decode and that
 * object is the answer.
 */
function decodeParams(match: Match): Record<string, string | string[]> | undefined {
  const raw = match.rawParams;
  if (raw === EMPTY_PARAMS) return {}; // a static route: nothing to decode
  if (!needsDecoding(raw)) return raw;
  const params: Record<string, string | string[]> = {};
  try {
    for (const key in raw) {
      const value = raw[key];
      setParam(params, key, typeof value === 'string' ? decodeURIComponent(value) : value.map((v) => decodeURIComponent(v)));
    }
  } catch {
    return undefined;
  }
  return params;
}

function needsDecoding(raw: Record<string, string | string[]>): boolean {
  for (const key in raw) {
    const value = raw[key];
    if (typeof value === 'string' ? value.includes('%') : value.some((v) => v.includes('%'))) return true;
  }
  return false;
}

/** A `#fragment` is never part of the URL the handler sees (clients do not send one; raw HTTP can). */
function stripFragment(text: string): string {
  const hash = text.indexOf('#');
  return hash === -1 ? text : text.slice(0, hash);
}

/** `http://host:port` at the start of an absolute-form target (RFC 9112 §3.2.2); the scheme is RFC 3986's. */
const SCHEME_AND_AUTHORITY = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/;

/**
 * The origin-form of a request target, as routing needs it: the fragment and
 * everything after it dropped first (a `?` after `#` starts no query), and an
 * absolute-form target (`GET http://host/api/x HTTP/1.1`, which a server must
 * accept) reduced to its path and query. Express keeps the scheme and
 * authority in front of the mount-relative `req.url` too. The authority is
 * dropped, never used: it cannot become a redirect target.
 */
export function originForm(target: string): string {
  const url = stripFragment(target);
  if (url.charCodeAt(0) === 0x2f /* / */) return url;
  const authority = SCHEME_AND_AUTHORITY.exec(url);
  if (!authority) return url;
  const rest = url.slice(authority[0].length);
  return rest.charCodeAt(0) === 0x2f ? rest : `/${rest}`;
}

/**
 * The part of the request path routed elsewhere (mount point, without
 * `basePath`). Express and Connect strip the mount from `req.url` and keep
 * the full URL in `req.originalUrl`; a mount root appears as `/` in `req.url`
 * whether the client sent `/api` or `/api/`.
 */
function mountOf(fullPath: string, reqPath: string): string {
  if (fullPath === reqPath) return ''; // no router in front (node:http): the common case, without a scan
  if (reqPath === '/') return fullPath.endsWith('/') ? fullPath.slice(0, -1) : fullPath;
  if (fullPath.endsWith(reqPath)) return fullPath.slice(0, fullPath.length - reqPath.length);
  return '';
}

/** The part of the path after the mount that this folder routes, or undefined when it is outside `basePath`. */
function tailOf(fullPath: string, mount: string, basePath: string): string | undefined {
  const tail = fullPath.slice(mount.length);
  if (!basePath) return tail;
  if (tail === basePath) return '';
  if (tail.startsWith(basePath) && tail.charCodeAt(basePath.length) === 0x2f /* / */) return tail.slice(basePath.length);
  return undefined;
}

/**
 * `reqUrl` is `req.url` (mount-relative under a router); `originalUrl` is the
 * URL as the client sent it (`req.originalUrl`, or `req.url` without a router).
 */
export function decide(matcher: Matcher, settings: Pick<ResolvedOptions, 'basePath' | 'trailingSlash'>, rawReqUrl: string, rawOriginalUrl: string): Decision {
  const reqUrl = originForm(rawReqUrl);
  const originalUrl = rawOriginalUrl === rawReqUrl ? reqUrl : originForm(rawOriginalUrl);
  const query = reqUrl.indexOf('?');
  let reqPath = query === -1 ? reqUrl : reqUrl.slice(0, query);
  const search = query === -1 ? '' : reqUrl.slice(query + 1);
  // Without a router in front both URLs are one string: its path is split once.
  let fullPath = reqPath;
  if (originalUrl !== reqUrl) {
    const originalQuery = originalUrl.indexOf('?');
    fullPath = originalQuery === -1 ? originalUrl : originalUrl.slice(0, originalQuery);
  }

  // Checked on the whole URL: Express 4 swallows the slash after its mount
  // path, so `/api//echo` reaches the middleware as `/echo`.
  const repeatedSlashes = hasRepeatedSlashes(fullPath);
  if (repeatedSlashes) {
    fullPath = collapseSlashes(fullPath);
    reqPath = collapseSlashes(reqPath);
  }
  const mount = mountOf(fullPath, reqPath);
  const rawTail = tailOf(fullPath, mount, settings.basePath);
  if (rawTail === undefined) return { type: 'pass', path: fullPath };
  const prefix = mount + settings.basePath;
  let tail = resolveDotSegments(rawTail);
  if (tail === undefined) return { type: 'pass', path: fullPath };
  const dotsResolved = tail !== rawTail;
  let trailingSlash = false;
  if (tail.charCodeAt(tail.length - 1) === 0x2f /* / */ && prefix.length + tail.length > 1) {
    tail = tail.slice(0, -1);
    trailingSlash = true;
  }

  const match = matcher.match(tail || '/');
  // Only URLs that lead to a route are redirected: other middleware on the
  // same mount keeps its own URLs (Express routes accept `/x/` by default).
  if (!match) return { type: 'pass', path: prefix + (tail || '/') };
  const querySuffix = search ? `?${search}` : '';
  // Next collapses slashes first and keeps a trailing slash for the next hop (docs/next-behaviour.md §5).
  if (repeatedSlashes) return { type: 'redirect', location: fullPath + querySuffix, match };
  if (trailingSlash && settings.trailingSlash === 'redirect') return { type: 'redirect', location: prefix + tail + querySuffix, match };

  const params = decodeParams(match);
  if (!params) return { type: 'bad-param', match };
  const url = dotsResolved ? `${prefix}${tail}${query === -1 ? '' : `?${search}`}` : originalUrl;
  return { type: 'match', match, params, url, search };
}

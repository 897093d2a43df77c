/**
 * The request a handler sees when it is not simply the client's
 * (docs/next-behaviour.md §32):
 *
 * - `force-static`: an emptied view of the request — URL
 *   `http://localhost:3000<path>` without query, no headers, no cookies —
 *   whose body stays readable (a POST export of such a route reads its body);
 * - prerendering: a view on which reading the URL, headers, cookies or body
 *   ends the prerender (Next's `DynamicServerError`).
 *
 * Both are proxies of a real `NextRequest`: methods are bound to it, so the
 * Fetch brand checks of `text()`, `json()`, ... still pass.
 */
import { NextRequest } from './next-request';
import { NextURL } from './next-url';
import { RequestCookies } from './request-cookies';
import { trackDynamic, type RequestStore } from './request-store';

/** The origin Next's build renders with, kept by `force-static` at run time too. */
export const STATIC_ORIGIN = 'http://localhost:3000';

function boundGet(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === 'function' ? value.bind(target) : value;
}

export function forceStaticView(request: NextRequest, path: string): NextRequest {
  const url = `${STATIC_ORIGIN}${path}`;
  const overrides: Record<string | symbol, unknown> = {
    url,
    headers: new Headers(),
    cookies: new RequestCookies(new Headers()),
    nextUrl: new NextURL(url),
  };
  return new Proxy(request, {
    get: (target, prop) => (prop in overrides ? overrides[prop] : boundGet(target, prop)),
  });
}

/** A GET request to `path` with nothing else: what a prerender starts from. */
export function prerenderRequest(path: string): NextRequest {
  return new NextRequest(`${STATIC_ORIGIN}${path}`, { method: 'GET' });
}

const DYNAMIC_REQUEST_PROPS = new Set(['headers', 'cookies', 'url', 'body', 'blob', 'json', 'text', 'arrayBuffer', 'formData', 'bytes']);
const DYNAMIC_URL_PROPS = new Set(['search', 'searchParams', 'url', 'href', 'toJSON', 'toString', 'origin']);

function trackingUrl(nextUrl: NextURL, store: RequestStore): NextURL {
  return new Proxy(nextUrl, {
    get(target, prop) {
      if (typeof prop === 'string' && DYNAMIC_URL_PROPS.has(prop)) trackDynamic(store, `nextUrl.${prop}`);
      if (prop === 'clone') return () => trackingUrl(target.clone(), store);
      return boundGet(target, prop);
    },
  });
}

/** The request of a prerender: per-request data ends it (see the file comment). */
export function trackingView(request: Request, store: RequestStore): NextRequest {
  return new Proxy(request as NextRequest, {
    get(target, prop) {
      if (typeof prop === 'string' && DYNAMIC_REQUEST_PROPS.has(prop)) trackDynamic(store, `request.${prop}`);
      // `clone()` gives a plain Request (as in Next): it has no nextUrl.
      if (prop === 'nextUrl') return target.nextUrl === undefined ? undefined : trackingUrl(target.nextUrl, store);
      if (prop === 'clone') return () => trackingView(target.clone(), store);
      return boundGet(target, prop);
    },
  });
}

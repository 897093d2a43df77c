/**
 * The request-side properties of docs/next-behaviour.md §1 step 4, defined as own enumerable
 * properties of `req` in Next's order: `cookies, query, previewData, preview,
 * draftMode` (then `body`, set by the resolver once it is parsed).
 *
 * On plain `node:http`, `query` and `body` are assigned, as Next assigns them
 * (V8's cached property-add path; bench/README.md "Phase 5"), and the lazy
 * ones defined. On Express nothing is assigned over Express's own members:
 * Express 5 exposes `req.query` as a getter on its prototype, so assigning
 * would either throw or be lost; Express's prototypes are never touched. The
 * lazy properties use getters shared by every request (state in the request's
 * exchange, exchange.ts), so V8 reuses one object layout for every request
 * instead of building one per request from fresh closures (docs/design.md
 * "Rules that keep it fast").
 */
import type { IncomingMessage } from 'node:http';
import { parseCookies } from './cookies';
import { derivedPrototypes } from './derived-prototype';
import { exchangeOfRequest, type Exchange } from './exchange';
import { dataProperty, hasOwn } from './own-keys';
import { buildQuery } from './query';
import type { PreviewData } from '../types';

type NextRequest = IncomingMessage & { previewData?: PreviewData; preview?: true; query?: unknown; body?: unknown };

/**
 * Next's `setLazyProp` (docs/next-behaviour.md §7, §9): enumerable and configurable; the first
 * read computes the value and replaces the accessor with a writable data
 * property; an assignment before the first read replaces it without computing.
 */
function lazy(key: string, compute: (req: NextRequest) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: NextRequest): unknown {
      const value = compute(this);
      Object.defineProperty(this, key, dataProperty(value));
      return value;
    },
    set(this: NextRequest, value: unknown): void {
      Object.defineProperty(this, key, dataProperty(value));
    },
  };
}

/**
 * `req.query` / `req.body` on the derived prototype (Express): the value lives
 * in the request's exchange; reading and assigning behave as on Next's own
 * data properties, only `Object.keys(req)` does not list them
 * (docs/design.md "Host behaviour stays the host's").
 */
function held(key: 'query' | 'body'): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: NextRequest): unknown {
      const exchange = exchangeOfRequest(this);
      return exchange ? exchange[key] : undefined;
    },
    set(this: NextRequest, value: unknown): void {
      const exchange = exchangeOfRequest(this);
      if (exchange) exchange[key] = value;
      else Object.defineProperty(this, key, dataProperty(value));
    },
  };
}

const COOKIES = lazy('cookies', (req) => parseCookies(req.headers.cookie));

// previewData was evaluated eagerly (docs/next-behaviour.md §9 "When it is evaluated", Next 16);
// `preview`/`draftMode` still follow a `previewData` assigned before they are read.
const PREVIEW: PropertyDescriptorMap = {
  previewData: lazy('previewData', (req) => exchangeOfRequest(req).previewData),
  preview: lazy('preview', (req) => (req.previewData !== false ? true : undefined)),
  draftMode: lazy('draftMode', (req) => req.preview),
};

/**
 * For requests whose prototype a framework already switched (Express sets
 * `app.request` on every request): `cookies`, `query`, `previewData`,
 * `preview`, `draftMode` and `body` as accessors on one derived prototype per
 * framework prototype, made once. Measured with `npm run bench`: defining own
 * properties on such an object costs a fresh object layout (and garbage) per
 * request, a cached prototype switch does not. Reading and assigning behave
 * as on Next's own properties; only `Object.keys(req)` no longer lists them.
 * Where the request already has an own `query` (Express 4 sets one before
 * any middleware) or `body` (a body parser upstream), that own property is
 * overwritten, as before. Nobody's prototype is modified: the derived object
 * is ours.
 */
const DERIVED: PropertyDescriptorMap = { cookies: COOKIES, query: held('query'), ...PREVIEW, body: held('body') };
const derivedPrototypeOf = derivedPrototypes(DERIVED);

/**
 * Steps 4.3-4.5: own properties in Next's order on a plain node:http request;
 * on a framework's request (Express) the switch to the derived prototype, with
 * the query kept in the exchange.
 */
export function defineRequestProperties(req: IncomingMessage, exchange: Exchange, search: string, params: Record<string, string | string[]>): void {
  const query = buildQuery(search, params);
  if (exchange.plainRequest) {
    // node:http: Next's own properties, in Next's order; one defineProperty
    // per accessor is cheaper than one defineProperties for three.
    Object.defineProperty(req, 'cookies', COOKIES);
    setOwnData(req as NextRequest, 'query', query);
    Object.defineProperty(req, 'previewData', PREVIEW.previewData);
    Object.defineProperty(req, 'preview', PREVIEW.preview);
    Object.defineProperty(req, 'draftMode', PREVIEW.draftMode);
    return;
  }
  Object.setPrototypeOf(req, derivedPrototypeOf(Object.getPrototypeOf(req) as object));
  // cookie-parser upstream leaves an own `req.cookies`, which would hide Next's.
  if (hasOwn(req, 'cookies')) Object.defineProperty(req, 'cookies', COOKIES);
  exchange.query = query;
  if (hasOwn(req, 'query')) setOwnData(req as NextRequest, 'query', query);
}

/**
 * What `req.body` held before the handler's turn (a body parser upstream may
 * have set it). On a framework's request only an own `body` can be there: the
 * derived prototype's accessor is ours and still empty. `hasOwnProperty` asks
 * that without a property load, which on such a request misses V8's caches
 * (exchange.ts).
 */
export function upstreamBody(req: IncomingMessage, exchange: Exchange): unknown {
  if (exchange.plainRequest) return (req as NextRequest).body;
  return hasOwn(req, 'body') ? (req as NextRequest).body : undefined;
}

/**
 * `req.body` once known: Next's own data property on node:http; on Express
 * the exchange backs the prototype's accessor, unless an own `body` (a body
 * parser upstream) would hide it.
 */
export function setRequestBody(req: IncomingMessage, exchange: Exchange, body: unknown): void {
  if (exchange.plainRequest) {
    setOwnData(req as NextRequest, 'body', body);
    return;
  }
  exchange.body = body;
  if (hasOwn(req, 'body')) setOwnData(req as NextRequest, 'body', body);
}

/**
 * `req.query` / `req.body` as an own data property: Next's plain assignment
 * (a new property on node:http, or another middleware's writable own one
 * overwritten in place), redefined where assignment cannot take (a read-only
 * or setter-less own property).
 */
function setOwnData(req: NextRequest, key: 'query' | 'body', value: unknown): void {
  try {
    // Named stores, not `req[key] = value`: a keyed store on this hot path
    // goes megamorphic and through V8's stub cache on every request.
    if (key === 'query') req.query = value;
    else req.body = value;
  } catch {
    // a read-only or setter-less own property: redefined below
  }
  if ((key === 'query' ? req.query : req.body) !== value) Object.defineProperty(req, key, dataProperty(value));
}

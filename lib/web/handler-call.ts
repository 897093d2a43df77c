/**
 * One call of one method handler (docs/next-behaviour.md §29, §31): inside its
 * request store, with `{ params: Promise }` as context; what it throws or
 * returns becomes a `Response` or an error:
 *
 * - `redirect()` → 307/308 (303 for what Next takes for a Server Action),
 *   with the cookies set through `cookies()`; `notFound()` → an empty 404, without them;
 * - something that is not a `Response`, `NextResponse.next()` or
 *   `NextResponse.rewrite()` → an error with Next's message;
 * - a `Response` → itself, plus the cookies set through `cookies()` after its own.
 */
import type { SegmentConfig } from '../config';
import { appendChangedCookies } from './mutable-cookies';
import { httpFallbackStatusOf, redirectOf } from './navigation-errors';
import type { NextRequest } from './next-request';
import { MIDDLEWARE_NEXT_HEADER, MIDDLEWARE_REWRITE_HEADER } from './next-response';
import { requestStorage, type RequestStore } from './request-store';

export type RouteParams = Record<string, string | string[]>;

/**
 * The second argument of a route handler, as in Next 15+. `params` is
 * `undefined` for a route without dynamic segments (docs/next-behaviour.md
 * §30); the type says `Promise` because that is what a handler of a dynamic
 * route, the only one that reads it, is written against.
 */
export interface AppRouteContext<Params = RouteParams> {
  params: Promise<Params>;
}

export type AppRouteHandlerFunction = (request: NextRequest, context: AppRouteContext) => unknown;

/** What the web layer needs of a loaded `route.ts` file. */
export interface AppRouteModule {
  page: string;
  file: string;
  handlers: Partial<Record<string, AppRouteHandlerFunction>>;
  config: SegmentConfig;
  generateStaticParams: (() => unknown) | undefined;
}

/** A `[name]` folder anywhere in the page name: Next's own test of a dynamic route. */
const DYNAMIC_SEGMENT = /\/\[[^/]+?\](?=\/|$)/;

/**
 * What a handler gets as `context`: Next passes `params: undefined` when the
 * route has no dynamic segment (§30). Params given without a dynamic page
 * (testRoute's `params` option with no `route`) still reach the handler.
 */
function contextFor(route: AppRouteModule, params: RouteParams): AppRouteContext {
  if (!DYNAMIC_SEGMENT.test(route.page) && Object.keys(params).length === 0) return { params: undefined as unknown as Promise<RouteParams> };
  return { params: Promise.resolve(params) };
}

/** A `Response` from any realm (handlers may run in a test runner's sandbox). */
export function isResponse(value: unknown): value is Response {
  return value instanceof Response || Object.prototype.toString.call(value) === '[object Response]';
}

/** How Next names what a handler returned instead of a Response. */
function receivedType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name ? name : 'Object';
}

function noResponse(file: string, value: unknown, method: string, url: string): Error {
  return new Error(
    `No response is returned from route handler '${file}'. Expected a Response object but received '${receivedType(value)}' (method: ${method}, url: ${url}). ` +
      'Ensure you return a `Response` or a `NextResponse` in all branches of your handler.',
  );
}

/** The handler's answer with the cookies `cookies()` changed appended (Next's `appendMutableCookies`). */
function withChangedCookies(response: Response, store: RequestStore): Response {
  if (!store.cookies) return response;
  const headers = new Headers(response.headers);
  if (!appendChangedCookies(headers, store.cookies)) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** `redirect()`/`notFound()` thrown by the handler as the answer Next gives; undefined for other errors. */
function controlAnswer(err: unknown, store: RequestStore): Response | undefined {
  const redirect = redirectOf(err);
  if (redirect) {
    const headers = new Headers({ Location: redirect.url });
    appendChangedCookies(headers, store.cookies);
    return new Response(null, { status: store.isPossibleServerAction ? 303 : redirect.status, headers });
  }
  const status = httpFallbackStatusOf(err);
  return status === undefined ? undefined : new Response(null, { status });
}

/** Where a handler's request comes from: web/node-request.ts's `RequestSource` builds it on first use. */
export interface RequestSourceLike {
  readonly request: NextRequest;
}

/** What the handler's outcome becomes: its `Response` checked (with `cookies()` changes), or the error to answer. */
function answerOf(result: unknown, store: RequestStore, route: AppRouteModule, method: string, url: string): Response {
  if (!isResponse(result)) throw noResponse(route.file, result, method, url);
  if (result.headers.has(MIDDLEWARE_REWRITE_HEADER)) {
    throw new Error('NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.');
  }
  if (result.headers.get(MIDDLEWARE_NEXT_HEADER) === '1') {
    throw new Error('NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/messages/next-response-next-in-app-route-handler');
  }
  return withChangedCookies(result, store);
}

function thrownAnswer(err: unknown, store: RequestStore): Response {
  const answer = controlAnswer(err, store);
  if (answer) return answer;
  throw err;
}

/**
 * A plain function that declares no parameter and never names `arguments`:
 * `export function GET() {...}`, `export const GET = async () => ...`. Its
 * source says so (`(` `)` right after its name); for anything else — a
 * parameter, a rest or default parameter, a bound or native function, a
 * comment in the parameter list — the answer is no.
 */
const NO_PARAMETERS = /^(?:async\s+)?(?:function\s*\*?\s*[\w$]*\s*|[\w$]+\s*)?\(\s*\)/;

const argumentsSeen = new WeakMap<AppRouteHandlerFunction, boolean>();

/**
 * Whether a handler can see the arguments it is called with. One that cannot
 * is called without them, so its request is never built (docs/design.md
 * "Rules that keep it fast"); `next/headers` still reads the request, which
 * is then built on demand.
 */
export function seesArguments(handler: AppRouteHandlerFunction): boolean {
  let sees = argumentsSeen.get(handler);
  if (sees === undefined) {
    let source = '';
    try {
      source = Function.prototype.toString.call(handler);
    } catch {
      // A function whose source cannot be read is taken to read everything.
    }
    sees = handler.length !== 0 || source.includes('arguments') || source.includes('[native code]') || !NO_PARAMETERS.test(source);
    argumentsSeen.set(handler, sees);
  }
  return sees;
}

/**
 * Calls `handler` and returns the answer to send; throws the handler's error
 * (or Next's error for a value that is not a Response) for the caller to
 * log and answer with a 500: a promise of the answer, or the answer itself
 * for a `redirect()`/`notFound()` thrown before the handler returned. One
 * `then` instead of an `async` function and its `await`s (bench/README.md
 * "Phase 3"); a promise from the handler rejects as the handler did.
 */
export function callHandler(
  handler: AppRouteHandlerFunction,
  source: RequestSourceLike,
  params: RouteParams,
  store: RequestStore,
  route: AppRouteModule,
  url: string,
  method: string,
): Response | Promise<Response> {
  let result: unknown;
  try {
    result = seesArguments(handler) ? requestStorage.run(store, handler, source.request, contextFor(route, params)) : requestStorage.run(store, handler as () => unknown);
  } catch (err) {
    return thrownAnswer(err, store);
  }
  // Awaited even when it is a `Response` already (one microtask turn, as Next's
  // `await`): what the handler left for a microtask — a cookie set in
  // `cookies().then(...)`, a header set on the returned response — goes out.
  return Promise.resolve(result).then(
    (value) => answerOf(value, store, route, method, url),
    (err: unknown) => thrownAnswer(err, store),
  );
}

/**
 * `NextResponse` (docs/next-behaviour.md §28, §29): a `Response` subclass with
 * `cookies` and Next's static helpers. `next()` and `rewrite()` belong to
 * Next's middleware; a route handler returning one fails with Next's message
 * (web/app-route.ts), as in Next.
 */
import { validateURL } from './next-request';
import { ResponseCookies } from './response-cookies';

/** What `new Response(body)` accepts (the DOM `BodyInit`). */
export type ResponseBody = ConstructorParameters<typeof Response>[0];

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers Next's middleware reads; a route handler returning them is refused (§31). */
export const MIDDLEWARE_REWRITE_HEADER = 'x-middleware-rewrite';
export const MIDDLEWARE_NEXT_HEADER = 'x-middleware-next';

export interface MiddlewareResponseInit extends ResponseInit {
  request?: { headers?: Headers };
}

// `Body` is type-level only, as in Next: the JSON body `NextResponse.json()` was given.
export class NextResponse<Body = unknown> extends Response {
  #cookies: ResponseCookies | undefined;

  constructor(body?: ResponseBody, init?: ResponseInit) {
    super(body, init);
  }

  /** The response's Set-Cookie lines as a cookie jar; changes rewrite them. */
  get cookies(): ResponseCookies {
    return (this.#cookies ??= new ResponseCookies(this.headers));
  }

  static override json<JsonBody>(body: JsonBody, init?: ResponseInit): NextResponse<JsonBody> {
    const response = Response.json(body, init);
    return new NextResponse<JsonBody>(response.body, response);
  }

  /** 307 by default; the URL must be absolute and is normalised (`path x` → `path%20x`). */
  static override redirect(url: string | URL, init?: number | ResponseInit): NextResponse {
    const status = typeof init === 'number' ? init : (init?.status ?? 307);
    if (!REDIRECT_STATUSES.has(status)) throw new RangeError('Failed to execute "redirect" on "response": Invalid status code');
    const initObject = typeof init === 'object' ? init : {};
    const headers = new Headers(initObject.headers);
    headers.set('Location', validateURL(url));
    return new NextResponse(null, { ...initObject, headers, status });
  }

  /** Middleware only: answered with Next's error when returned from a route handler. */
  static rewrite(destination: string | URL, init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers);
    headers.set(MIDDLEWARE_REWRITE_HEADER, validateURL(destination));
    return new NextResponse(null, { ...init, headers });
  }

  /** Middleware only: answered with Next's error when returned from a route handler. */
  static next(init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers);
    headers.set(MIDDLEWARE_NEXT_HEADER, '1');
    return new NextResponse(null, { ...init, headers });
  }
}

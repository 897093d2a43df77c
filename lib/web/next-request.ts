/**
 * `NextRequest` (docs/next-behaviour.md §24): a real `Request` subclass with
 * `cookies` (§27) and `nextUrl`, built lazily on first use. The fields Next
 * removed throw Next's messages; `ip` and `geo` are gone (undefined), as in Next 15+.
 */
import { NextURL } from './next-url';
import { RequestCookies } from './request-cookies';

const REMOVED_PAGE =
  'The request.page has been deprecated in favour of `URLPattern`.\n  Read more: https://nextjs.org/docs/messages/middleware-request-page\n  ';
const REMOVED_UA =
  'The request.ua has been removed in favour of `userAgent` function.\n  Read more: https://nextjs.org/docs/messages/middleware-parse-user-agent\n  ';

/** Next's check on a URL handed to its Web classes. */
export function validateURL(url: string | URL): string {
  try {
    return String(new URL(String(url)));
  } catch (error) {
    throw new Error(`URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`, { cause: error });
  }
}

/** What `new Request(input)` accepts (the DOM `RequestInfo`, which Node's types do not name globally). */
export type RequestInput = ConstructorParameters<typeof Request>[0];

export type NextRequestInit = RequestInit & {
  /** Accepted for Next compatibility; only `basePath`-less URLs exist here. */
  nextConfig?: { basePath?: string; trailingSlash?: boolean };
};

/** Where a request this package made gets its `signal` (web/node-request.ts's ExchangeSignal, which makes it on first read). */
export interface SignalSource {
  readonly signal: AbortSignal;
}

/**
 * The request's signal source, as a symbol property of the request: a
 * `WeakMap` entry per request cost ~3 µs of an App Router request in
 * bench/profile.js (docs/design.md "Rules that keep it fast").
 */
const SIGNAL_SOURCE = Symbol('next-api-express signal source');

type WithSignalSource = Request & { [SIGNAL_SOURCE]?: SignalSource };

/** Makes `request.signal` the one `source` gives. */
export function useSignal(request: NextRequest, source: SignalSource): void {
  (request as WithSignalSource)[SIGNAL_SOURCE] = source;
}

/** True while `ownNextRequest` builds a request: its URL is this package's, valid by construction. */
let ownUrl = false;

/**
 * A `NextRequest` for a URL this package built (web/node-request.ts: a host
 * checked to be usable, then the client's path and query): Next's URL check
 * would parse it once more for nothing (docs/design.md "Rules that keep it fast").
 */
export function ownNextRequest(url: string, init: NextRequestInit): NextRequest {
  ownUrl = true;
  try {
    return new NextRequest(url, init);
  } finally {
    ownUrl = false;
  }
}

export class NextRequest extends Request {
  #cookies: RequestCookies | undefined;
  #nextUrl: NextURL | undefined;

  constructor(input: RequestInput, init: NextRequestInit = {}) {
    const url = typeof input !== 'string' && 'url' in input ? input.url : String(input);
    if (!ownUrl) validateURL(url);
    ownUrl = false;
    const { nextConfig: _nextConfig, ...requestInit } = init;
    if (input instanceof Request) super(input, requestInit);
    else super(url, requestInit);
  }

  /** The Cookie header, parsed as Next parses it (§27). */
  get cookies(): RequestCookies {
    return (this.#cookies ??= new RequestCookies(this.headers));
  }

  get nextUrl(): NextURL {
    return (this.#nextUrl ??= new NextURL(this.url));
  }


  /** Removed in Next 13 (middleware `URLPattern`); throws Next's message. */
  get page(): never {
    throw new Error(REMOVED_PAGE);
  }

  /** Removed in Next 13 (`userAgent()`); throws Next's message. */
  get ua(): never {
    throw new Error(REMOVED_UA);
  }
}

const requestSignal = Object.getOwnPropertyDescriptor(Request.prototype, 'signal')?.get as (this: Request) => AbortSignal;

// `request.signal`: for a request this package made, aborted when the client
// goes away before the answer is complete; otherwise the Fetch one. (A getter
// on the prototype: Node's types declare `signal` as a field.)
Object.defineProperty(NextRequest.prototype, 'signal', {
  configurable: true,
  enumerable: true,
  get(this: NextRequest): AbortSignal {
    const source = (this as WithSignalSource)[SIGNAL_SOURCE];
    return source ? source.signal : requestSignal.call(this);
  },
});

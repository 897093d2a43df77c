/**
 * A Node request → the `NextRequest` a handler receives (docs/next-behaviour.md
 * §24–§26).
 *
 * - URL: the client's path (dot segments resolved) and its query re-serialised
 *   the way Next does (`?flag` → `?flag=`, `%20` → `+`, internal `nxtP…`/`nxtI…`
 *   keys dropped), on the origin the client used: the `Host` header, and the
 *   socket's protocol — or, behind a proxy Express trusts (`trust proxy`),
 *   `X-Forwarded-Host` and `X-Forwarded-Proto`. (Next always says
 *   `localhost:<port>`; see docs/design.md "Deliberate differences".)
 * - Headers: as Node parsed them (repeats joined by `, `), plus the
 *   `x-forwarded-*` headers Next adds when the client sent none.
 * - Body: `null` for GET and HEAD; otherwise the Node stream, read on demand.
 * - `signal`: aborted (reason `ResponseAborted`) when the client goes away
 *   before the answer is complete.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ownNextRequest, type NextRequest, useSignal } from './next-request';
import { bodyConsumed, requestBodyStream } from './request-body';

/** The reason `request.signal` and a cancelled response stream get when the client leaves (as Next's). */
export class ResponseAborted extends Error {
  override readonly name = 'ResponseAborted';
}

/** Headers Next's router consumes and never shows a handler (§25). */
const INTERNAL_HEADERS = new Set(['x-matched-path', 'x-nextjs-data']);

/** The App Router's RSC request headers, which Next removes before a Pages Router (edge API) route sees the request. */
export const FLIGHT_HEADERS = ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch'];

type ExpressLike = IncomingMessage & {
  protocol?: unknown;
  app?: { get?: (name: string) => unknown };
};

function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0].trim() || undefined;
}

/** Express's trust proxy decision for the direct peer, when the request came through Express. */
function trustsProxy(req: ExpressLike): boolean {
  const trust = req.app?.get?.('trust proxy fn');
  return typeof trust === 'function' && Boolean(trust(req.socket.remoteAddress, 0));
}

/**
 * A `Host` (or trusted `X-Forwarded-Host`) value no URL can be built on:
 * RFC 9112 §3.2 has the server answer 400 (docs/design.md "`request.url`
 * carries the client's host"), where building `request.url` would throw.
 */
export class UnusableHostError extends Error {
  constructor(host: string) {
    super(`Host ${JSON.stringify(host)} is not a valid host[:port]`);
    this.name = 'UnusableHostError';
  }
}

/** `name` or `name:port` in the characters a URL host may hold unescaped; anything else (IPv6, IDN) is checked by the URL parser. */
const PLAIN_AUTHORITY = /^[A-Za-z0-9\-._~!$&'()*+,;=]+(?::(\d{1,5}))?$/;

/**
 * `check`, remembering the last value that passed: a server sees one host
 * (and so one origin) from nearly every client, so the check runs about once.
 */
function rememberingLastPass(check: (value: string) => boolean): (value: string) => boolean {
  let passed: string | undefined;
  return (value) => {
    if (value === passed) return true;
    if (!check(value)) return false;
    passed = value;
    return true;
  };
}

const isUsableHost = rememberingLastPass(checkHost);

function checkHost(host: string): boolean {
  const plain = PLAIN_AUTHORITY.exec(host);
  if (plain) return plain[1] === undefined || Number(plain[1]) <= 65535;
  if (host === '' || /[\s/?#@\\]/.test(host)) return false;
  return URL.canParse(`http://${host}/`);
}

/**
 * The host the client addressed (see the file comment); throws
 * `UnusableHostError`. Express's trust decision is only asked when there is
 * an `X-Forwarded-Host` to trust: it reads the app's settings and the socket,
 * each a cache miss on an Express request (bench/README.md "Phase 6").
 */
function requestHost(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-host'];
  const forwardedHost = forwarded !== undefined && trustsProxy(req as ExpressLike) ? firstValue(forwarded) : undefined;
  const host = forwardedHost ?? req.headers.host ?? `localhost:${req.socket.localPort ?? 80}`;
  if (!isUsableHost(host)) throw new UnusableHostError(host);
  return host;
}

/** The scheme the client used: Express's `req.protocol` (which honours `trust proxy`), else the socket's. */
function requestProtocol(req: IncomingMessage): string {
  const { protocol } = req as ExpressLike;
  return typeof protocol === 'string' ? protocol : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
}

/** `http://host` as the client addressed this server (see the file comment); throws `UnusableHostError`. */
export function requestOrigin(req: IncomingMessage): string {
  const host = requestHost(req);
  return `${requestProtocol(req)}://${host}`;
}

/** Next's `nxtP<param>` and `nxtI<param>` query keys are its own (§24); the bare prefixes are ordinary keys. */
function isInternalKey(key: string): boolean {
  return key.length > 4 && (key.startsWith('nxtP') || key.startsWith('nxtI'));
}

/**
 * The query the way Next rebuilds it from its parsed query object: keys in
 * first-seen order with their values grouped, written as `URLSearchParams`
 * writes them; `extra` (an edge API route's params) replaces same-named keys.
 */
export function nextQueryString(search: string, extra?: Record<string, string | string[]>): string {
  if (!search && !extra) return '';
  const query = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(search)) {
    if (isInternalKey(key)) continue;
    const values = query.get(key);
    if (values) values.push(value);
    else query.set(key, [value]);
  }
  if (extra) for (const [key, value] of Object.entries(extra)) query.set(key, Array.isArray(value) ? value : [value]);
  const out = new URLSearchParams();
  for (const [key, values] of query) for (const value of values) out.append(key, value);
  const text = out.toString();
  return text ? `?${text}` : '';
}

/** The path part of the URL the handler sees (the client's, mount prefix included). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The request headers a handler sees (§25), as a record the `Request` constructor copies once. */
export function requestHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const raw = req.headers;
  for (const name in raw) {
    if (INTERNAL_HEADERS.has(name)) continue;
    const value = raw[name];
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (headers['x-forwarded-for'] === undefined && req.socket.remoteAddress) headers['x-forwarded-for'] = req.socket.remoteAddress;
  if (headers['x-forwarded-host'] === undefined && raw.host !== undefined) headers['x-forwarded-host'] = raw.host;
  if (headers['x-forwarded-port'] === undefined && req.socket.localPort !== undefined) headers['x-forwarded-port'] = String(req.socket.localPort);
  if (headers['x-forwarded-proto'] === undefined) headers['x-forwarded-proto'] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  return headers;
}

/**
 * `request.signal` of one exchange, made only when a handler reads it (an
 * `AbortController` per request, and a `close` listener, are a measurable
 * share of a small answer's cost): aborted with `ResponseAborted` when the
 * response closes before it finished (already, if it did so before the first
 * read), or with the reason `abort()` is given (enforceMaxDuration).
 */
export class ExchangeSignal {
  readonly #res: ServerResponse;
  #controller: AbortController | undefined;
  #reason: unknown;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = (this.#controller = new AbortController());
      const res = this.#res;
      if (this.#reason === undefined && res.closed && !res.writableFinished) this.#reason = new ResponseAborted();
      if (this.#reason !== undefined) {
        controller.abort(this.#reason);
      } else {
        res.once('close', () => {
          if (!res.writableFinished) this.abort(new ResponseAborted());
        });
      }
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/**
 * The handler's `NextRequest`. Throws as the Fetch `Request` constructor
 * does for methods it refuses (`TRACE`, §22). Its `signal` is `exchange`'s.
 */
export function createNextRequest(req: IncomingMessage, url: string, exchange: ExchangeSignal, headers = requestHeaders(req)): NextRequest {
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const request = ownNextRequest(url, {
    method,
    headers,
    body: hasBody ? requestBodyStream(req) : null,
    // Required by the Fetch spec for a stream body; the body is read as it arrives.
    duplex: 'half',
  } as RequestInit);
  useSignal(request, exchange);
  return request;
}

/** The methods whose `Request` cannot fail to build: Next dispatches exactly these, spelled as Fetch spells them. */
const PLAIN_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);

/**
 * Whether an origin on `host` + any path and query is a URL: a path or query
 * never fails to parse, a host may (`999.999.999.999`). `http` and `https`
 * parse a host alike, so the scheme is left out of the question.
 */
const hostParses = rememberingLastPass((host) => URL.canParse(`http://${host}/`));

/**
 * The handler's `NextRequest`, built on first use: a handler that declares
 * no parameter (`export function GET()`) and nothing that reads the request
 * (`headers()`, `cookies()`, draft mode) never pays for one — the `Request`,
 * its `Headers` and `AbortSignal` were the largest share of a small answer
 * (bench/README.md "Phase 3"). What could make building it fail (a method
 * the Fetch `Request` refuses, a host no URL takes) is found before anything
 * runs: such a request is built at once (`ready()`), so it fails as before.
 */
export class RequestSource {
  readonly #req: IncomingMessage;
  readonly #host: string;
  readonly #url: string;
  readonly #search: string;
  readonly #exchange: ExchangeSignal;
  #request: NextRequest | undefined;

  /** `url`: the client's URL (path and query); `search`: its raw query. Throws `UnusableHostError`. */
  constructor(req: IncomingMessage, url: string, search: string, exchange: ExchangeSignal) {
    this.#req = req;
    // The host now, so that an unusable one fails before anything runs; the
    // scheme (Express's `req.protocol` getter) only when the request is built.
    this.#host = requestHost(req);
    this.#url = url;
    this.#search = search;
    this.#exchange = exchange;
  }

  /** The request's method as the `Request` has it, building it now unless that cannot fail; throws what the Fetch `Request` throws. */
  ready(): string {
    const req = this.#req;
    const method = req.method;
    // A body a parser upstream consumed is re-encoded (which may fail) when the request is built.
    const lazy = method !== undefined && PLAIN_METHODS.has(method) && hostParses(this.#host) && (method === 'GET' || method === 'HEAD' || !bodyConsumed(req));
    return lazy ? method : this.request.method;
  }

  get request(): NextRequest {
    if (this.#request) return this.#request;
    const origin = `${requestProtocol(this.#req)}://${this.#host}`;
    return (this.#request = createNextRequest(this.#req, origin + pathOf(this.#url) + nextQueryString(this.#search), this.#exchange));
  }
}

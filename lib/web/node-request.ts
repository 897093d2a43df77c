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
import { NextRequest } from './next-request';
import { requestBodyStream } from './request-body';

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

/** `http://host` as the client addressed this server (see the file comment). */
export function requestOrigin(req: IncomingMessage): string {
  const express = req as ExpressLike;
  const protocol = typeof express.protocol === 'string' ? express.protocol : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const forwardedHost = trustsProxy(express) ? firstValue(req.headers['x-forwarded-host']) : undefined;
  const host = forwardedHost ?? req.headers.host ?? `localhost:${req.socket.localPort ?? 80}`;
  return `${protocol}://${host}`;
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

/** The request headers a handler sees (§25). */
export function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.headers;
  for (const name in raw) {
    if (INTERNAL_HEADERS.has(name)) continue;
    const value = raw[name];
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  if (!headers.has('x-forwarded-for') && req.socket.remoteAddress) headers.set('x-forwarded-for', req.socket.remoteAddress);
  if (!headers.has('x-forwarded-host') && raw.host !== undefined) headers.set('x-forwarded-host', raw.host);
  if (!headers.has('x-forwarded-port') && req.socket.localPort !== undefined) headers.set('x-forwarded-port', String(req.socket.localPort));
  if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', (req.socket as TLSSocket).encrypted ? 'https' : 'http');
  return headers;
}

/** `request.signal` for this exchange: aborted when the response closes before it finished. */
export function responseSignal(res: ServerResponse, controller = new AbortController()): AbortSignal {
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new ResponseAborted());
  });
  return controller.signal;
}

/**
 * The handler's `NextRequest`. Throws as the Fetch `Request` constructor
 * does for methods it refuses (`TRACE`, §22). `controller` aborts its
 * `signal` (also aborted when the client goes away).
 */
export function createNextRequest(req: IncomingMessage, res: ServerResponse, url: string, headers = requestHeaders(req), controller?: AbortController): NextRequest {
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new NextRequest(url, {
    method,
    headers,
    body: hasBody ? requestBodyStream(req) : null,
    signal: responseSignal(res, controller),
    // Required by the Fetch spec for a stream body; the body is read as it arrives.
    duplex: 'half',
  } as RequestInit);
}

/**
 * The answers Next's App Router gives without a handler's `Response`
 * (docs/next-behaviour.md §22, §23, §31, §32, §33), byte for byte.
 */
import type { ServerResponse } from 'node:http';

/** A status with an empty, chunked body (405, 400, 500 of a failed handler, a redirect). */
export function endEmpty(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.write('');
  res.end();
}

/** Automatic OPTIONS: 204 with `Allow` (§22). */
export function answerOptions(res: ServerResponse, allow: string): void {
  res.statusCode = 204;
  res.setHeader('allow', allow);
  res.end();
}

/**
 * Next's `generateETag('Internal Server Error')`: the ETag of its plain 500
 * body (pages/etag.ts computes the same; __tests__ checks they agree).
 */
export const INTERNAL_SERVER_ERROR_ETAG = '"66fci67lppl"';
const INTERNAL_SERVER_ERROR = 'Internal Server Error';

/**
 * Next's plain-text 500, for a request its router fails on before any handler
 * runs: a method the Fetch `Request` refuses (`TRACE`, with the route's
 * `Vary`), a dynamic segment that does not decode (with `cacheControl`).
 */
export function internalServerErrorText(res: ServerResponse, cacheControl: boolean): void {
  res.statusCode = 500;
  if (cacheControl) res.setHeader('Cache-Control', 'private, no-cache, no-store, max-age=0, must-revalidate');
  res.setHeader('ETag', INTERNAL_SERVER_ERROR_ETAG);
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('Content-Length', String(INTERNAL_SERVER_ERROR.length));
  res.end(INTERNAL_SERVER_ERROR);
}

/** A request whose `Host` no URL can be built on (RFC 9112 §3.2): a plain 400, the route not run. */
export function badHostText(res: ServerResponse): void {
  const body = 'Bad Request: invalid Host header';
  res.statusCode = 400;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', String(body.length));
  res.setHeader('Connection', 'close');
  res.end(body);
}

/** A prerendered route asked with another method than GET or HEAD (§32): two `Allow` lines. */
export function staticMethodNotAllowed(res: ServerResponse): void {
  res.statusCode = 405;
  res.appendHeader('Allow', 'GET');
  res.appendHeader('Allow', 'HEAD');
  res.write('Method Not Allowed');
  res.end();
}

/**
 * `RSC: 1` on a route handler (§33): Next sends the client to the same URL
 * with its cache-busting `_rsc` parameter; `location` keeps the rest of the query as sent.
 */
export function rscRedirect(res: ServerResponse, path: string, search: string, hash: string | null): void {
  const pairs = search.split('&').filter((pair) => pair && pair !== '_rsc' && !pair.startsWith('_rsc='));
  pairs.push(hash === null ? '_rsc' : `_rsc=${hash}`);
  res.statusCode = 307;
  res.setHeader('location', `${path}?${pairs.join('&')}`);
  res.write('');
  res.end();
}
